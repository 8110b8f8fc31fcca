"""One record per article: dedup by canonical URL (then post ID), within and across runs.

The key is the page's own canonical URL (``rel=canonical``, then ``og:url``, then
the fetched URL, canonicalised by :mod:`levant.urls`); the WordPress post ID is
a second key, so a page whose canonical link is missing still meets its twin.
Articles already in the seen-store (``LEVANT_STATE_URI``, default
``sqlite:///.levant/state.db``) with the same content are dropped, so a second
crawl of an unchanged site exports nothing. An article is recorded in the store
only once it has been handed to the feeds (``item_scraped``), never before.

Stats: ``levant/dedup/items_dropped`` and ``levant/dedup/items_dropped/<why>``
(``in_run``, ``post_id``, ``known``), ``levant/dedup/items_new``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from levant.items import Article
from levant.state import DEFAULT_STATE_URI, ArticleState, SeenStore, open_store


class DedupPipeline:
    def __init__(self, stats: StatsCollector, state_uri: str = DEFAULT_STATE_URI) -> None:
        self.stats = stats
        self.state_uri = state_uri
        self.store: SeenStore | None = None
        self._urls: set[str] = set()
        self._post_ids: set[int] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        assert crawler.stats is not None
        pipeline = cls(crawler.stats, crawler.settings.get("LEVANT_STATE_URI", DEFAULT_STATE_URI))
        crawler.signals.connect(pipeline.item_scraped, signal=signals.item_scraped)
        return pipeline

    def open_spider(self) -> None:
        self.store = open_store(self.state_uri)

    def close_spider(self) -> None:
        if self.store is not None:
            self.store.close()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        reason = self._duplicate_reason(item)
        if reason:
            self.stats.inc_value("levant/dedup/items_dropped")
            self.stats.inc_value(f"levant/dedup/items_dropped/{reason}")
            raise DropItem(f"duplicate ({reason}) (levant/dedup/items_dropped)")
        self._urls.add(item.url)
        if item.post_id is not None:
            self._post_ids.add(item.post_id)
        return item

    def item_scraped(self, item: Any) -> None:
        """The item reached the feeds: remember it."""
        if not isinstance(item, Article) or self.store is None:
            return
        now = datetime.now(UTC).isoformat(timespec="seconds")
        previous = self.store.get(item.url)
        self.store.upsert(
            ArticleState(
                url=item.url,
                post_id=item.post_id,
                content_hash=item.content_hash,
                published_at=item.published_at,
                first_seen=previous.first_seen if previous else now,
                last_seen=now,
                version=previous.version + 1 if previous else 1,
            )
        )
        self.stats.inc_value("levant/dedup/items_new")

    def _duplicate_reason(self, item: Article) -> str | None:
        if item.url in self._urls:
            return "in_run"
        if item.post_id is not None and item.post_id in self._post_ids:
            return "post_id"
        assert self.store is not None
        known = self.store.get(item.url)
        if known is None and item.post_id is not None:
            known = self.store.get_by_post_id(item.post_id)
        if known is not None and known.content_hash == item.content_hash:
            return "known"
        return None
