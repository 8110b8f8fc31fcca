"""Drop records a user cannot use: no title or no body.

Each drop increments ``levant/dropped/<reason>`` and logs one INFO line with the
URL (through :mod:`levant.logformatter`). Always on; no settings.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from levant.items import Article


class ValidationPipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidationPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        reason = "no_title" if not item.title else "no_body" if not item.body else None
        if reason:
            self.stats.inc_value(f"levant/dropped/{reason}")
            raise DropItem(f"{reason.replace('_', ' ')} (levant/dropped/{reason})")
        return item
