"""Fill ``published_at`` / ``modified_at`` from the dates the article states about itself.

Candidates come from extraction, best source first (JSON-LD, ``article:`` meta,
``<time datetime>`` in the article header, the visible post-meta line); the first
one :func:`levant.dates.normalise_date` can read wins. Relative dates ("منذ 3
ساعات") are read against the fetch time (``crawled_at``); a date without an
offset is placed in ``LEVANT_SITE_TIMEZONE``.

Stats: ``levant/dates/parsed``, ``levant/dates/unparsed`` (candidates, none
readable; the raw string is logged), ``levant/dates/missing`` (no candidate),
``levant/dates/future`` (more than a day ahead of the fetch: kept raw, not trusted),
``levant/dates/source/<source>``.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from levant.dates import NormalisedDate, normalise_date
from levant.items import Article

logger = logging.getLogger(__name__)

FUTURE_TOLERANCE = timedelta(days=1)


class DatesPipeline:
    def __init__(self, stats: StatsCollector, timezone: str) -> None:
        self.stats = stats
        self.timezone = timezone

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatesPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.settings.get("LEVANT_SITE_TIMEZONE", "Asia/Damascus"))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        now = _fetch_time(item.crawled_at)
        published = self._resolve(item, "published", now)
        if published is not None:
            source, raw, value = published
            item.published_raw, item.published_source = raw, source
            if _in_future(value, now):
                self._count("future")
                logger.info("Published date in the future, not trusted: %r at %s", raw, item.url)
            else:
                item.published_at, item.published_precision = value.isoformat(), value.precision
        modified = self._resolve(item, "modified", now)
        if modified is not None:
            _, item.modified_raw, value = modified
            item.modified_at = value.isoformat()
        return item

    def _resolve(
        self, item: Article, field_name: str, now: datetime
    ) -> tuple[str, str, NormalisedDate] | None:
        found = pick_date(item.date_candidates, field_name, now, self.timezone)
        if field_name != "published":
            return found
        if found is not None:
            self._count("parsed")
            self._count(f"source/{found[0]}")
        elif candidates := [c for c in item.date_candidates if c["field"] == field_name]:
            self._count("unparsed")
            item.published_raw = candidates[0]["raw"]
            logger.info("Unreadable date %r at %s", candidates[0]["raw"], item.url)
        else:
            self._count("missing")
        return found

    def _count(self, key: str) -> None:
        self.stats.inc_value(f"levant/dates/{key}")


def pick_date(
    candidates: list[dict[str, str]], field_name: str, now: datetime, timezone: str
) -> tuple[str, str, NormalisedDate] | None:
    """The first candidate for *field_name* that reads as a date: (source, raw, value)."""
    for candidate in candidates:
        if candidate["field"] != field_name:
            continue
        value = normalise_date(candidate["raw"], now=now, tz=timezone)
        if value is not None:
            return candidate["source"], candidate["raw"], value
    return None


def _fetch_time(crawled_at: str) -> datetime:
    try:
        value = datetime.fromisoformat(crawled_at)
    except ValueError:
        return datetime.now(UTC)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _in_future(value: NormalisedDate, now: datetime) -> bool:
    moment = value.value
    if isinstance(moment, datetime):
        return moment - now > FUTURE_TOLERANCE
    assert isinstance(moment, date)
    return moment - now.date() > FUTURE_TOLERANCE
