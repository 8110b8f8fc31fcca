"""The dedup pipeline over a shared store: two workers never both export one article."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from levant.items import Article
from levant.pipelines.record import RecordPipeline
from levant.state.crawl import CrawlState

URL = "https://thelevantnews.com/article/%D8%A3/"


def _article(**fields: Any) -> Article:
    values: dict[str, Any] = {
        "url": URL,
        "fetched_url": URL,
        "post_id": 4103,
        "title": "عنوان",
        "body": "نص الخبر.",
        "content_hash": "a" * 64,
        "crawled_at": "2026-11-20T09:00:00+00:00",
    }
    return Article(**{**values, **fields})


@pytest.fixture
def worker(redis_url: str) -> Iterator[Callable[[str], RecordPipeline]]:
    """A dedup pipeline of one worker (its own name, its heartbeat fresh)."""
    opened: list[CrawlState] = []

    def start(name: str) -> RecordPipeline:
        state = CrawlState(f"{redis_url}?prefix=levant&worker={name}").open("full")
        state.store.heartbeat()  # type: ignore[attr-defined]
        opened.append(state)
        crawler = get_crawler(Spider, {})
        return RecordPipeline(crawler.stats, state)

    yield start
    for state in opened:
        state.close("finished")


def test_an_article_another_worker_is_exporting_is_dropped(worker) -> None:
    first, second = worker("node1-100"), worker("node2-200")
    exported = first.process_item(_article())
    assert exported.event == "new"
    with pytest.raises(DropItem, match="claimed_elsewhere"):
        second.process_item(_article(fetched_url="https://thelevantnews.com/?p=4103"))
    assert second.stats.get_value("levant/dedup/items_dropped/claimed_elsewhere") == 1


def test_once_stored_the_other_worker_finds_it_unchanged(worker) -> None:
    first, second = worker("node1-100"), worker("node2-200")
    item = first.process_item(_article())
    first.item_scraped(item)  # recorded once it reached the feed
    with pytest.raises(DropItem, match="unchanged"):
        second.process_item(_article())
    edited = second.process_item(_article(content_hash="b" * 64))  # unchanged released it
    assert (edited.event, edited.version) == ("updated", 2)
