"""Date stats and policy: extraction reads and normalises the dates, this counts them.

The article's page object (:mod:`levant.extraction.page`) fills ``published_at``
and ``modified_at`` in the site's time zone (``LEVANT_SITE_TIMEZONE``). This
pipeline only counts what came out and applies one policy: a publication date more
than a day ahead of the fetch time is not trusted (kept in ``published_raw``,
``published_at`` emptied).

Stats: ``levant/dates/parsed``, ``levant/dates/unparsed`` (candidates, none
readable; the raw string is logged), ``levant/dates/missing`` (no candidate),
``levant/dates/future``, ``levant/dates/source/<source>``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from levant.items import Article

logger = logging.getLogger(__name__)

FUTURE_TOLERANCE = timedelta(days=1)


class DatesPipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatesPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        if item.published_at is not None:
            if _in_future(item.published_at, item.crawled_at):
                self._count("future")
                logger.info(
                    "Published date in the future, not trusted: %r at %s",
                    item.published_raw,
                    item.url,
                )
                item.published_at = item.published_precision = None
            else:
                self._count("parsed")
                self._count(f"source/{item.published_source}")
        elif item.published_raw:
            self._count("unparsed")
            logger.info("Unreadable date %r at %s", item.published_raw, item.url)
        else:
            self._count("missing")
        return item

    def _count(self, key: str) -> None:
        self.stats.inc_value(f"levant/dates/{key}")


def _in_future(published_at: str, crawled_at: str | None) -> bool:
    now = (_moment(crawled_at) if crawled_at else None) or datetime.now(UTC)
    value = _moment(published_at)
    if value is None:  # a day: compare days
        return datetime.fromisoformat(published_at).date() - now.date() > FUTURE_TOLERANCE
    return value - now > FUTURE_TOLERANCE


def _moment(value: str) -> datetime | None:
    """An aware datetime from ISO 8601; None for a plain date or junk."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if len(value) <= 10:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
