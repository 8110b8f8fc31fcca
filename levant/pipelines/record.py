"""The one writer of an article's state: decide new / updated / unchanged, write the
stream line, record the article in the seen-store.

For each article it reads the store once (:meth:`~levant.state.SeenStore.lookup`, by
URL and post ID together), applies the rules of :mod:`levant.pipelines.dedup`, writes
the record's line to the stream (:class:`levant.pipelines.stream.Stream`,
``LEVANT_STREAM_PATH``) and records the article with the stream's new length in one
atomic step (:meth:`~levant.state.SeenStore.record_export`), its read-also links the
store does not know joining the frontier. With the stream disabled
(``LEVANT_STREAM_PATH = ""``) the article is recorded when it reaches the feeds
(``item_scraped``). It is the only component that writes articles' state during a
crawl: the spider only reads, and hands 304s and 404/410s over by signal
(:mod:`levant.signals`).

Before reading the store, the article is claimed (:meth:`~levant.state.SeenStore.claim`):
with a store shared by the workers of a cluster (Redis), an article another worker is
exporting at that moment is dropped (``claimed_elsewhere``); the claim ends when the
record is stored. Once the store has failed (:mod:`levant.state.crawl`), every article
is dropped (``state_failed``): the crawl is stopping and nothing is exported past the
failure. List it last in ``ITEM_PIPELINES``, after validation: what it writes is what
the stream holds.

The frontier is bounded (``LEVANT_MAX_PENDING``, read by the crawl state): links the
full frontier refuses are counted in ``levant/bounds/pending`` and logged once.

Stats: ``levant/dedup/items_dropped`` and ``levant/dedup/items_dropped/<why>``,
``levant/changes/new``, ``levant/changes/updated``, ``levant/changes/moved``,
``levant/incremental/touched``, ``levant/bounds/pending``.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from levant import signals as levant_signals
from levant.config import setting
from levant.items import Article
from levant.pipelines.dedup import RunMemory, is_unchanged, seen_state, set_event, utc_now
from levant.pipelines.stream import Stream, stream_path
from levant.state import ArticleState, StateStoreError
from levant.state.crawl import CrawlState, crawl_state

logger = logging.getLogger(__name__)


class RecordPipeline:
    def __init__(self, stats: StatsCollector, state: CrawlState, stream: str | None = None) -> None:
        self.stats = stats
        self.state = state
        self.stream = Stream(stream, stats, state) if stream else None
        self.memory = RunMemory()
        self._unscraped: dict[int, ArticleState | None] = {}  # without a stream
        self._gone: set[str] = set()
        self._pending_bound_logged = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecordPipeline:
        assert crawler.stats is not None
        path = setting(crawler.settings, "LEVANT_STREAM_PATH")
        pipeline = cls(crawler.stats, crawl_state(crawler), stream_path(path) if path else None)
        connect = crawler.signals.connect
        connect(pipeline.item_scraped, signal=signals.item_scraped)
        connect(pipeline.article_not_modified, signal=levant_signals.article_not_modified)
        connect(pipeline.article_gone, signal=levant_signals.article_gone)
        return pipeline

    def open_spider(self) -> None:
        self.state.ensure_open()
        if self.stream is not None:
            self.stream.open()

    def close_spider(self) -> None:
        if self._gone and not self.state.failed:  # gone, then linked again by a later article
            self.state.store.drop_pending(self._gone)
        if self.stream is not None:
            self.stream.close()

    # -- items ------------------------------------------------------------------

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        previous = self._previous(item)
        set_event(item, previous)
        if previous is not None and previous.url != item.url:
            self.stats.inc_value("levant/changes/moved")
        self.stats.inc_value(f"levant/changes/{item.event}")
        self.memory.remember(item)
        if self.stream is None:
            self._unscraped[id(item)] = previous
            return item
        meta = self.stream.write(item)
        try:
            self._record(item, previous, meta)
        except StateStoreError as error:
            self.stream.record_failed(error)
        return item

    def item_scraped(self, item: Any) -> None:
        """Without a stream: record the article once it reached the feeds."""
        if isinstance(item, Article) and id(item) in self._unscraped:
            previous = self._unscraped.pop(id(item))
            try:
                self._record(item, previous, {})
            except StateStoreError as error:
                self.state.fail("state_write_failed", f"Cannot record an article ({error})")

    def _previous(self, item: Article) -> ArticleState | None:
        """The stored article (one read), or DropItem with the reason it is not exported."""
        reason = self.memory.duplicate(item)
        previous = None
        store = self.state.store
        if reason is None and self.state.failed:
            reason = "state_failed"  # the crawl is stopping: nothing more is exported
        if reason is None and not store.claim(item.url, item.post_id):
            # another worker of a cluster is exporting it, or the store just failed
            reason = "state_failed" if self.state.failed else "claimed_elsewhere"
        if reason is None:  # claimed: read after the claim, so no other export is missed
            previous = store.lookup(item.url, item.post_id)
            if self.state.failed:
                reason = "state_failed"
            elif is_unchanged(item, previous):
                assert previous is not None
                reason = "unchanged"
                store.touch(previous.url, utc_now())
                store.release(item.url, item.post_id)
        if reason:
            self.stats.inc_value("levant/dedup/items_dropped")
            self.stats.inc_value(f"levant/dedup/items_dropped/{reason}")
            if reason == "state_failed":
                raise DropItem(f"not exported: the crawl is stopped ({self.state.failed})")
            raise DropItem(f"duplicate ({reason}) (levant/dedup/items_dropped)")
        return previous

    def _record(self, item: Article, previous: ArticleState | None, meta: dict[str, str]) -> None:
        moved = previous.url if previous is not None and previous.url != item.url else None
        store = self.state.store
        refused = store.record_export(seen_state(item, previous), meta, item.related_urls, moved)
        if refused:
            self.stats.inc_value("levant/bounds/pending", refused)
            if not self._pending_bound_logged:
                self._pending_bound_logged = True
                logger.warning(
                    "LEVANT_MAX_PENDING reached at %s (%d links the frontier keeps); %d read-also"
                    " links not kept for later runs (further ones are counted in"
                    " levant/bounds/pending)",
                    item.url,
                    store.max_pending,
                    refused,
                )

    # -- what the spider hands over ----------------------------------------------

    def article_not_modified(self, url: str) -> None:
        """A 304: the article is still there as stored."""
        if self.state.failed:
            return
        try:
            self.state.store.touch(url, utc_now())
        except KeyError:  # no longer stored (moved meanwhile): nothing to touch
            return
        self.stats.inc_value("levant/incremental/touched")

    def article_gone(self, url: str) -> None:
        """A 404 or 410: the link leaves the frontier."""
        self._gone.add(url)
        if not self.state.failed:
            self.state.store.drop_pending([url])
