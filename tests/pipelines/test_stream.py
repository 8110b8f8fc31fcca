"""The stream: one whole line per record, seen only once written, torn lines cut on start."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem

from levant.pipelines.stream import StreamPipeline
from levant.state.crawl import CrawlState


@pytest.fixture
def state(tmp_path):
    crawl = CrawlState(f"sqlite:///{tmp_path / 'state.db'}").open("incremental")
    yield crawl
    crawl.close("finished")


def open_stream(make_crawler, state: CrawlState, path: Path) -> StreamPipeline:
    crawler = make_crawler()
    pipeline = StreamPipeline(str(path), crawler.stats, state)
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
