"""The stream: one whole line per record, seen only once written, torn lines cut on start."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem

from levant.pipelines.record import RecordPipeline
from levant.state.crawl import CrawlState
from tests.support.mirror import PROJECT


@pytest.fixture
def state(tmp_path):
    crawl = CrawlState(f"sqlite:///{tmp_path / 'state.db'}").open("incremental")
    yield crawl
    crawl.close("finished")


def open_stream(make_crawler, state: CrawlState, path: Path) -> RecordPipeline:
    crawler = make_crawler()
    pipeline = RecordPipeline(crawler.stats, state, str(path))
    pipeline.open_spider()
    return pipeline


def test_each_record_is_one_utf8_line_and_then_seen(make_crawler, article, state, tmp_path) -> None:
    path = tmp_path / "stream.jsonl"
    pipeline = open_stream(make_crawler, state, path)
    pipeline.process_item(article())
    pipeline.process_item(article(url="https://thelevantnews.com/article/b/", post_id=7))
    pipeline.close_spider()
    lines = path.read_text("utf-8").splitlines()
    assert [json.loads(line)["url"] for line in lines][1] == "https://thelevantnews.com/article/b/"
    assert "عنوان" in lines[0]
    assert state.store.known([article().url, "https://thelevantnews.com/article/b/"]) == {
        article().url,
        "https://thelevantnews.com/article/b/",
    }


def test_torn_last_line_is_cut_on_start(make_crawler, article, state, tmp_path) -> None:
    path = tmp_path / "stream.jsonl"
    whole = json.dumps(
        {"url": "https://x/", "content_hash": "c" * 64, "crawled_at": "2026-01-01T00:00:00+00:00"}
    )
    path.write_text(whole + "\n" + '{"url": "https://thelevantnews.com/artic', "utf-8")
    pipeline = open_stream(make_crawler, state, path)
    pipeline.process_item(article())
    pipeline.close_spider()
    lines = path.read_text("utf-8").splitlines()
    assert len(lines) == 2 and all(json.loads(line) for line in lines)
    assert pipeline.stats.get_value("levant/stream/torn_lines_cut") == 1


def test_lines_written_but_not_recorded_are_replayed(
    make_crawler, article, state, tmp_path
) -> None:
    """A crash between the write and the store update must not export the article twice."""
    path = tmp_path / "stream.jsonl"
    record = {"url": article().url, "post_id": 4103, "content_hash": "a" * 64,
              "crawled_at": "2026-01-01T00:00:00+00:00", "version": 1}  # fmt: skip
    path.write_text(json.dumps(record) + "\n", "utf-8")
    pipeline = open_stream(make_crawler, state, path)
    assert state.store.get(article().url).content_hash == "a" * 64
    assert pipeline.stats.get_value("levant/stream/replayed") == 1
    pipeline.close_spider()


@pytest.mark.skipif(
    not os.path.exists("/dev/full"), reason="needs /dev/full to simulate a full disk"
)
def test_full_disk_stops_the_crawl_and_marks_nothing_seen(make_crawler, article, state) -> None:
    pipeline = open_stream(make_crawler, state, Path("/dev/full"))
    with pytest.raises(DropItem, match="stream write failed"):
        pipeline.process_item(article())
    assert article().url not in state.store
    assert pipeline.stats.get_value("levant/stream/write_failed") == 1
    pipeline.close_spider()


_CRASH_INSIDE_A_GROUP = """
import os, sys
from scrapy import Spider
from scrapy.utils.test import get_crawler
from levant.items import Article
from levant.pipelines.record import RecordPipeline
from levant.state.crawl import CrawlState

state = CrawlState(sys.argv[1], commit_every=50).open("incremental")
pipeline = RecordPipeline(get_crawler(Spider).stats, state, sys.argv[2])
pipeline.open_spider()
for n in range(3):
    url = f"https://thelevantnews.com/article/{n}/"
    pipeline.process_item(Article(url=url, fetched_url=url, title="t", body="b",
                                  content_hash=str(n) * 64, crawled_at="2026-11-20T09:00:00+00:00"))
os._exit(0)  # killed before the group is committed
"""


def test_records_of_a_group_lost_in_a_crash_are_replayed(make_crawler, tmp_path) -> None:
    uri, path = f"sqlite:///{tmp_path / 'state.db'}", tmp_path / "stream.jsonl"
    done = subprocess.run(
        [sys.executable, "-c", _CRASH_INSIDE_A_GROUP, uri, str(path)],
        capture_output=True, text=True, check=False, cwd=PROJECT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(path.read_text("utf-8").splitlines()) == 3
    state = CrawlState(uri).open("incremental")
    try:
        assert len(state.store) == 0  # the group died with the process
        pipeline = open_stream(make_crawler, state, path)
        assert pipeline.stats.get_value("levant/stream/replayed") == 3
        assert len(state.store) == 3
        pipeline.close_spider()
    finally:
        state.close("finished")


def test_a_store_that_cannot_record_stops_the_crawl_and_the_next_start_replays(
    make_crawler, article, tmp_path
) -> None:
    db, path = tmp_path / "state.db", tmp_path / "stream.jsonl"
    state = CrawlState(f"sqlite:///{db}").open("incremental")
    # Wait 0.1 s for a lock instead of the store's 5 s, so the test fails fast.
    state.store._db.execute("PRAGMA busy_timeout = 100")  # type: ignore[attr-defined]
    pipeline = open_stream(make_crawler, state, path)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
    try:
        with pytest.raises(DropItem, match="state write failed"):
            pipeline.process_item(article())
        holder.execute("ROLLBACK")  # the lock is gone, but the stream stays stopped
        other = article(url="https://thelevantnews.com/article/b/", post_id=7)
        with pytest.raises(DropItem, match="stopped"):
            pipeline.process_item(other)
    finally:
        holder.close()
    assert pipeline.stats.get_value("levant/stream/record_failed") == 1
    assert len(path.read_text("utf-8").splitlines()) == 1  # nothing written past the failure
    assert article().url not in state.store
    pipeline.close_spider()
    state.close("state_write_failed")
    state = CrawlState(f"sqlite:///{db}").open("incremental")  # the next start
    reopened = open_stream(make_crawler, state, path)
    assert reopened.stats.get_value("levant/stream/replayed") == 1
    assert article().url in state.store
    reopened.close_spider()
    state.close("finished")
