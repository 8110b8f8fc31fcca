"""One record per article and version: dedup by canonical URL, change detection by hash.

The key is the page's own canonical URL (``rel=canonical``, then ``og:url``, then
the fetched URL, canonicalised by :mod:`levant.urls`); the WordPress post ID is a
second key, so a page whose canonical link is missing still meets its twin.
Against the seen-store (:mod:`levant.state`, ``LEVANT_STATE_URI``):

- unknown article: exported with ``event: "new"``, ``version: 1``;
- known article whose ``content_hash`` changed: ``event: "updated"``, version + 1;
- known article, same content: dropped (``unchanged``), its ``last_seen`` touched.

Within a run, a second record of one article with the same content is dropped
(``in_run``/``post_id``); one whose content changed since it was exported in this run
(a watch, which runs for days) is compared with the store like any other.
Before reading the store, the article is claimed (:meth:`SeenStore.claim`): with
a store shared by the workers of a cluster (Redis), an article another worker is
exporting at that moment is dropped (``claimed_elsewhere``); the claim ends when
the record is stored. The SQLite store, used by one process, always grants it.
Once the store has failed (:mod:`levant.state.crawl`), every article is dropped
(``state_failed``): the crawl is stopping and nothing is exported past the failure.
The store is written by :mod:`levant.pipelines.stream` once the record's line is
in the stream; with the stream disabled (``LEVANT_STREAM_PATH = ""``), when the
record reaches the feeds (``item_scraped``).

Stats: ``levant/dedup/items_dropped`` and ``levant/dedup/items_dropped/<why>``,
``levant/changes/new``, ``levant/changes/updated``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from levant.items import Article
from levant.state import ArticleState
from levant.state.crawl import CrawlState, crawl_state


class DedupPipeline:
    def __init__(self, stats: StatsCollector, state: CrawlState, record_on_scraped: bool) -> None:
        self.stats = stats
        self.state = state
        self.record_on_scraped = record_on_scraped
        self._urls: dict[str, str] = {}  # exported this run: URL -> content hash
        self._post_ids: dict[int, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        assert crawler.stats is not None
        stream_enabled = bool(crawler.settings.get("LEVANT_STREAM_PATH"))
        pipeline = cls(crawler.stats, crawl_state(crawler), record_on_scraped=not stream_enabled)
        crawler.signals.connect(pipeline.item_scraped, signal=signals.item_scraped)
        return pipeline

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        reason = self._in_run_duplicate(item)
        previous = None
        store = self.state.store
        if reason is None and self.state.failed:
            reason = "state_failed"  # the crawl is stopping: nothing more is exported
        if reason is None and not store.claim(item.url, item.post_id):
            # another worker of a cluster is exporting it, or the store just failed
            reason = "state_failed" if self.state.failed else "claimed_elsewhere"
        if reason is None:  # claimed: read after the claim, so no other export is missed
            previous = store.get(item.url)
            if previous is None and item.post_id is not None:
                previous = store.get_by_post_id(item.post_id)
            if self.state.failed:
                reason = "state_failed"
            elif previous is not None and previous.content_hash == item.content_hash:
                reason = "unchanged"
                store.touch(previous.url, _now())
                store.release(item.url, item.post_id)
        if reason:
            self.stats.inc_value("levant/dedup/items_dropped")
            self.stats.inc_value(f"levant/dedup/items_dropped/{reason}")
            raise DropItem(f"duplicate ({reason}) (levant/dedup/items_dropped)")
        self._urls[item.url] = item.content_hash
        if item.post_id is not None:
            self._post_ids[item.post_id] = item.content_hash
        item.event = "updated" if previous else "new"
        item.version = previous.version + 1 if previous else 1
        self.stats.inc_value(f"levant/changes/{item.event}")
        return item

    def item_scraped(self, item: Any) -> None:
        """With the stream disabled: remember the record once it reached the feeds."""
        if self.record_on_scraped and isinstance(item, Article):
            self.state.store.upsert(seen_state(item, self.state.store.get(item.url)))

    def _in_run_duplicate(self, item: Article) -> str | None:
        if self._urls.get(item.url) == item.content_hash:
            return "in_run"
        if item.post_id is not None and self._post_ids.get(item.post_id) == item.content_hash:
            return "post_id"
        return None


def seen_state(
    item: Article, previous: ArticleState | None, now: str | None = None
) -> ArticleState:
    """What the seen-store keeps of an exported record."""
    now = now or _now()
    return ArticleState(
        url=item.url,
        post_id=item.post_id,
        content_hash=item.content_hash,
        published_at=item.published_at,
        first_seen=previous.first_seen if previous else now,
        last_seen=now,
        version=item.version,
        etag=item.etag,
        last_modified=item.last_modified_header,
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
