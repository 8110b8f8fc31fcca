"""The frontier of pending read-also links is bounded in the store (LEVANT_MAX_PENDING):
links past the bound are refused, counted and logged once; known links never join it."""

from __future__ import annotations

import logging

import pytest

from levant.pipelines.record import RecordPipeline
from levant.state.crawl import CrawlState

BASE = "https://thelevantnews.com/article/"


@pytest.fixture
def state(tmp_path):
    crawl = CrawlState(f"sqlite:///{tmp_path / 'state.db'}", max_pending=10).open("full")
    yield crawl
    crawl.close("finished")


def test_the_frontier_stops_growing_at_its_bound(make_crawler, article, state, tmp_path, caplog):
    crawler = make_crawler()
    pipeline = RecordPipeline(crawler.stats, state, str(tmp_path / "stream.jsonl"))
    pipeline.open_spider()
    with caplog.at_level(logging.WARNING):
        for n in range(3):  # 3 articles of 8 links each: 24 links for a bound of 10
            related = [f"{BASE}{n}-{k}/" for k in range(8)]
            pipeline.process_item(article(url=f"{BASE}{n}/", post_id=n, related_urls=related))
    pipeline.close_spider()
    assert len(state.store.pending()) == 10
    assert state.store.pending()[:8] == [f"{BASE}0-{k}/" for k in range(8)]  # the first kept
    assert crawler.stats.get_value("levant/bounds/pending") == 14
    assert caplog.text.count("LEVANT_MAX_PENDING reached") == 1


def test_known_and_already_pending_links_do_not_count_against_the_bound(
    make_crawler, article, state, tmp_path
) -> None:
    crawler = make_crawler()
    pipeline = RecordPipeline(crawler.stats, state, str(tmp_path / "stream.jsonl"))
    pipeline.open_spider()
    pipeline.process_item(article(url=f"{BASE}a/", post_id=1, related_urls=[f"{BASE}x/"] * 3))
    pipeline.process_item(article(url=f"{BASE}x/", post_id=2, related_urls=[f"{BASE}a/"]))
    pipeline.close_spider()
    assert state.store.pending() == []  # x was fetched; a is known
    assert crawler.stats.get_value("levant/bounds/pending") is None


def test_a_negative_bound_is_refused_by_name(make_crawler) -> None:
    crawler = make_crawler({"LEVANT_MAX_PENDING": -1})
    with pytest.raises(ValueError, match="LEVANT_MAX_PENDING"):
        CrawlState.from_crawler(crawler)
