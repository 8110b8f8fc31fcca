"""The spider's watch cycle (``mode=watch``): the poll and what a quiet cycle cost.

:class:`Watching` is a mixin of :class:`levant.spiders.levant.LevantSpider`; the
timing is :class:`levant.spiders.watch.WatchClock`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import scrapy
from twisted.python.failure import Failure

from levant.spiders import wpapi
from levant.spiders.parts import failed_request

if TYPE_CHECKING:
    from levant.spiders.parts import SpiderParts as _Base
else:
    _Base = object

logger = logging.getLogger("levant.spiders.levant")


class Watching(_Base):
    """One watch cycle at a time (see the module)."""

    def _poll(self) -> None:
        """One watch cycle: the cheapest question the site answers (see levant.spiders.watch)."""
        self._watch_timer = None
        self._cycle_failed = False
        self._count("watch/cycles")
        self._measure_quiet_cycle()
        cycles = self.crawler.stats.get_value("levant/watch/cycles", 0)
        if self._watch_log_every and cycles % self._watch_log_every == 0:
            stats = self.crawler.stats
            logger.info(
                "Watch: %d cycles, %d quiet; %d new and %d updated articles so far",
                cycles,
                stats.get_value("levant/watch/quiet_cycles", 0),
                stats.get_value("levant/changes/new", 0),
                stats.get_value("levant/changes/updated", 0),
            )
        if self.crawler.stats.get_value("levant/discovery/api") == "used":
            since = wpapi.utc_iso(self._api.newest) if self._api.newest else None
            self._api = wpapi.ApiRun(since=since, newest=self._api.newest)
            request = self._api_request(1, self._api_style)
        else:
            request = scrapy.Request(
                self.profile.base_url + "feed/",
                callback=self.parse_feed,
                errback=self.poll_failed,
                dont_filter=True,
                headers=self._feed_validators.headers() or None,
                meta={"levant_kind": "feed", "handle_httpstatus_list": [304]},
            )
        self.crawler.engine.crawl(request)

    def _measure_quiet_cycle(self) -> None:
        """What a cycle that exported nothing cost, in requests (the most of any:
        ``levant/watch/quiet_cycle_requests``)."""
        stats = self.crawler.stats
        now = (
            stats.get_value("downloader/request_count", 0),
            stats.get_value("item_scraped_count", 0),
        )
        if self._last_cycle is not None and now[1] == self._last_cycle[1]:
            self._count("watch/quiet_cycles")
            stats.max_value("levant/watch/quiet_cycle_requests", now[0] - self._last_cycle[0])
        self._last_cycle = now

    def poll_failed(self, failure: Failure) -> None:
        self._cycle_failed = True
        self._count("watch/failed_polls")
        logger.info(
            "Watch poll failed: %s (%s)", failed_request(failure).url, failure.getErrorMessage()
        )
