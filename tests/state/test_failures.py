"""A state store that fails once, at each of its commit points, loses no article and
exports none twice; broken bookkeeping is repaired or refused, never a traceback.

The store is the real SQLite store; its writes are made to fail inside SQLite
(``PRAGMA max_page_count``: ``database or disk is full``; an authorizer that refuses
one ``COMMIT``). The pipelines are the crawl's own (dedup, then the stream).
"""

from __future__ import annotations

import json
import logging
import os
from collections import Counter
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from levant.items import Article
from levant.pipelines.dedup import seen_state
from levant.pipelines.record import RecordPipeline
from levant.state import StateStoreError, open_store
from levant.state.crawl import CrawlState
from levant.state.sqlite import SQLiteSeenStore
from tests.state.faults import refuse_commit_once

ARTICLES = 40  # a few pages of the articles table: the disk-full case must need one


def _article(n: int) -> Article:
    url = f"https://thelevantnews.com/article/{n}/"
    return Article(url=url, fetched_url=url, post_id=n, title=f"t{n}", body="b" * 300,
                   content_hash=f"{n:064d}", crawled_at="2026-11-20T09:00:00+00:00")  # fmt: skip


class Run:
    """One crawl's state and pipelines, without an engine."""

    def __init__(self, uri: str, stream: Path, commit_every: int) -> None:
        self.state = CrawlState(uri, commit_every=commit_every).open("incremental")
        self.stats = get_crawler(Spider).stats
        self.pipeline = RecordPipeline(self.stats, self.state, str(stream))
        self.pipeline.open_spider()

    def export(self, article: Article) -> bool:
        """True when the article went to the stream."""
        try:
            self.pipeline.process_item(article)
        except DropItem:
            return False
        return True

    def close(self, reason: str = "finished") -> None:
        self.pipeline.close_spider()
        self.state.close(reason, self.stats.get_stats())


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.mark.parametrize("point", ["record", "group", "periodic", "close"])
def test_a_store_failing_once_at_each_commit_point_loses_and_repeats_nothing(
    point: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    uri, path = f"sqlite:///{tmp_path / 'state.db'}", tmp_path / "stream.jsonl"
    run = Run(uri, path, commit_every=4 if point == "group" else 1000)
    db = run.state.store._db  # type: ignore[attr-defined]
    for n in range(3):
        assert run.export(_article(n))
    run.state._commit()  # what the periodic committer does every second
    if point == "record":  # the disk is full: no page may be added
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")
    else:
        refuse_commit_once(db)
    caplog.set_level(logging.ERROR)
    if point == "periodic":
        assert run.export(_article(3))
        run.state._commit()
    exported = [n for n in range(3, ARTICLES) if n != 3 or point != "periodic"]
    written = [n for n in exported if run.export(_article(n))]
    if point == "record":
        db.execute("PRAGMA max_page_count = 1073741823")  # the disk frees
    if point == "close":
        assert written == exported  # nothing failed before the close
        run.close()
        with open_store(uri) as store:  # the run's row is written, with the failure
            assert store.runs(1)[0].finish_reason == "state_write_failed"
    else:
        assert run.state.failed == "state_write_failed"
        assert len(written) < len(exported), "the crawl went on after the failure"
        dropped = ("dedup/items_dropped/state_failed", "stream/dropped_after_failure")
        counted = sum(run.stats.get_value(f"levant/{key}", 0) for key in dropped)
        assert counted + 1 >= len(exported) - len(written)  # + the record that failed
        run.close("state_write_failed")
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "state_write_failed" in errors[0].getMessage()
    assert all(r.exc_info is None for r in caplog.records)
    before = len(_lines(path))

    again = Run(uri, path, commit_every=1000)  # the next start, on a disk with room
    assert again.state.previous_incomplete
    for n in range(ARTICLES):
        again.export(_article(n))
    again.close()
    lines = _lines(path)
    assert len(lines) == ARTICLES, f"{before} lines before the next start"
    urls = Counter(line["url"] for line in lines)
    assert urls == Counter(_article(n).url for n in range(ARTICLES))
    assert [line["event"] for line in lines] == ["new"] * ARTICLES
    final = CrawlState(uri).open("incremental")
    try:
        assert {s.url for s in final.store} == {line["url"] for line in lines}
    finally:
        final.close("finished")


def test_after_a_lost_group_the_store_refuses_a_newer_offset(tmp_path: Path) -> None:
    store = SQLiteSeenStore(tmp_path / "state.db")
    store.group_commits(100)
    a, b = _article(1), _article(2)

    store.record_export(seen_state(a, None), {"stream_offset:x": "100"})
    refuse_commit_once(store._db)
    with pytest.raises(StateStoreError, match="not authorized"):
        store.commit()
    with pytest.raises(StateStoreError, match="would pass their lines"):
        store.record_export(seen_state(b, None), {"stream_offset:x": "200"})
    assert store.get_meta("stream_offset:x") is None and len(store) == 0
    store.close()


@pytest.mark.parametrize("offset", ["junk", "-5", "1e3", ""])
def test_a_junk_or_negative_offset_is_repaired_by_replaying_the_stream(
    offset: str, tmp_path: Path
) -> None:
    uri, path = f"sqlite:///{tmp_path / 'state.db'}", tmp_path / "stream.jsonl"
    run = Run(uri, path, commit_every=1)
    for n in range(3):
        assert run.export(_article(n))
    run.state.store.set_meta(run.pipeline.stream._offset_key, offset)
    run.close()
    again = Run(uri, path, commit_every=1)
    assert again.stats.get_value("levant/stream/offset_repaired") == 1
    assert not again.export(_article(1))  # known: not exported twice
    assert again.export(_article(3))
    assert again.state.store.get_meta(again.pipeline.stream._offset_key) == str(path.stat().st_size)
    again.close()
    assert [line["url"] for line in _lines(path)] == [_article(n).url for n in range(4)]


def test_lines_that_are_not_records_are_counted_and_skipped(tmp_path: Path) -> None:
    uri, path = f"sqlite:///{tmp_path / 'state.db'}", tmp_path / "stream.jsonl"
    good = {"url": _article(1).url, "content_hash": "1" * 64}
    good["crawled_at"] = "2026-11-20T09:00:00+00:00"
    junk = [[1, 2], "text", 7, None, {"a": 1}, {**good, "url": 5}, {**good, "related_urls": [3]}]
    path.write_text("".join(json.dumps(line) + "\n" for line in [*junk, good]), "utf-8")
    run = Run(uri, path, commit_every=1)
    assert run.stats.get_value("levant/stream/unreadable_lines") == len(junk)
    assert run.stats.get_value("levant/stream/replayed") == 1
    assert _article(1).url in run.state.store
    run.close()


def test_a_stream_path_that_is_a_directory_stops_the_crawl_before_it_starts(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "stream").mkdir()
    run = Run(f"sqlite:///{tmp_path / 'state.db'}", tmp_path / "stream", commit_every=1)
    assert run.state.unavailable and "Is a directory" in run.state.unavailable
    assert run.state._refusal == "stream_unavailable"
    assert not run.export(_article(1))
    run.close("stream_unavailable")
    assert all(r.exc_info is None for r in caplog.records)


def test_a_second_crawl_on_the_same_file_through_a_hard_link_is_refused(tmp_path: Path) -> None:
    first = CrawlState(f"sqlite:///{tmp_path / 'state.db'}").open("full")
    os.link(tmp_path / "state.db", tmp_path / "other.db")
    try:
        with pytest.raises(StateStoreError, match="in use by another crawl"):
            CrawlState(f"sqlite:///{tmp_path / 'other.db'}").open("full")
        os.symlink(tmp_path / "state.db", tmp_path / "link.db")
        with pytest.raises(StateStoreError, match="in use by another crawl"):
            CrawlState(f"sqlite:///{tmp_path / 'link.db'}").open("full")
    finally:
        first.close("finished")
    CrawlState(f"sqlite:///{tmp_path / 'other.db'}").open("full").close("finished")  # free


def test_two_stores_sharing_one_stream_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "stream.jsonl"
    a = Run(f"sqlite:///{tmp_path / 'a.db'}", path, commit_every=1)
    assert a.export(_article(1))
    # At the same time, through another name: the stream's lock is on the file.
    os.link(path, tmp_path / "same.jsonl")
    b = Run(f"sqlite:///{tmp_path / 'b.db'}", tmp_path / "same.jsonl", commit_every=1)
    assert b.state._refusal == "locked" and not b.export(_article(2))
    b.close("locked")
    a.close()
    # One after the other: a store with records of its own is not the stream's owner.
    c = Run(f"sqlite:///{tmp_path / 'c.db'}", tmp_path / "c.jsonl", commit_every=1)
    assert c.export(_article(3))
    c.close()
    c2 = Run(f"sqlite:///{tmp_path / 'c.db'}", path, commit_every=1)
    assert c2.state._refusal == "stream_owned" and "a.db" in (c2.state.unavailable or "")
    c2.close("stream_owned")
    # An empty store takes the stream over, and replays it: nothing twice.
    d = Run(f"sqlite:///{tmp_path / 'd.db'}", path, commit_every=1)
    assert d.state.unavailable is None and d.stats.get_value("levant/stream/replayed") == 1
    assert not d.export(_article(1))
    d.close()
    assert [line["url"] for line in _lines(path)] == [_article(1).url]
