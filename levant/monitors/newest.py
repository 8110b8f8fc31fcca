"""The publication time of the newest article a run exported as new.

Sets ``levant/changes/newest_published`` (ISO 8601, UTC) as records reach the
feeds; the run history keeps it (``newest_published`` in the run's summary) and
the stale-site check (:func:`levant.monitors.drift.check_stale`) reads it across
runs. An extension in ``EXTENSIONS``; no settings.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from levant.items import Article

STAT = "levant/changes/newest_published"


class NewestArticle:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NewestArticle:
        assert crawler.stats is not None
        extension = cls(crawler.stats)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        return extension

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, Article) and item.event == "new" and item.published_at:
            when = utc_iso(item.published_at)
            if when is not None:
                self.stats.max_value(STAT, when)


def utc_iso(value: str) -> str | None:
    """``published_at`` in UTC, so strings compare as times (a date: 00:00 UTC)."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if isinstance(parsed, datetime) and parsed.tzinfo is None:
        day = date.fromisoformat(value[:10])
        parsed = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat(timespec="seconds")
