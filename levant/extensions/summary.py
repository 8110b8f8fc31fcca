"""A short summary of each crawl, from its stats: logged at the end, optionally saved.

The same summary is kept in the run history (:mod:`levant.state.crawl`) and shown
by the run report (:mod:`levant.report`): new and updated articles, requests,
drops with their reasons, field coverage and the alerts the monitors raised.

Logs one INFO line when the spider closes. With ``LEVANT_SUMMARY_FILE`` set, also
writes the summary there as JSON (``make demo`` prints it); with
``LEVANT_STATS_FILE`` set, writes every stat of the run there as JSON.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from levant.config import setting

logger = logging.getLogger(__name__)


def summarise(stats: dict[str, Any]) -> dict[str, Any]:
    """The figures a user looks at first, from a crawl's stats."""
    return {
        "articles": stats.get("item_scraped_count", 0),
        "sections": stats.get("levant/sections", 0),
        "read_also_followed": stats.get("levant/articles/via/read_also", 0),
        "duplicates_collapsed": stats.get("levant/dedup/requests_collapsed", 0)
        + stats.get("levant/dedup/items_dropped", 0),
        "dates_parsed": stats.get("levant/dates/parsed", 0),
        "dates_unparsed": stats.get("levant/dates/unparsed", 0),
        "dropped": {
            k.removeprefix("levant/dropped/"): v
            for k, v in stats.items()
            if k.startswith("levant/dropped/")
        },
        "requests": stats.get("downloader/request_count", 0),
        "seconds": round(float(stats.get("elapsed_time_seconds", 0.0)), 2),
        "finish_reason": stats.get("finish_reason"),
        "new": stats.get("levant/changes/new", 0),
        "updated": stats.get("levant/changes/updated", 0),
        "dropped_reasons": _dropped_reasons(stats),
        "refused": {
            k.removeprefix("levant/"): v
            for k, v in stats.items()
            if k.startswith(_REFUSALS) and "/type/" not in k
        },
        "discovery": {"api": stats["levant/discovery/api"]}
        if "levant/discovery/api" in stats
        else {},
        "coverage": _coverage(stats),
        "extraction": _extraction(stats),
        "http_errors": {
            kind: sum(
                v
                for k, v in stats.items()
                if k.startswith(f"downloader/response_status_count/{kind[0]}")
            )
            for kind in ("4xx", "5xx")
        },
        "newest_published": stats.get("levant/changes/newest_published"),
        "alerts": sorted(
            k.removeprefix(_ALERT_PREFIX) for k in stats if k.startswith(_ALERT_PREFIX)
        ),
    }


#: Fields whose coverage (share of exported records having them) the summary keeps.
COVERAGE_FIELDS = ("title", "body", "published_at", "sections", "authors")
_COVERAGE_COUNT = "spidermon_item_scraped_count/Article"
_ALERT_PREFIX = "levant/monitors/failed/"


# What the guards refused or bounded: the browser's and the downloader's refusals,
# the work bounds, pages the browser could not render.
_REFUSALS = (
    "levant/render/refused/",
    "levant/offsite/refused/",
    "levant/bounds/",
    "levant/render/failed/",
)


def _dropped_reasons(stats: dict[str, Any]) -> dict[str, int]:
    """Every drop by reason: validation drops, then duplicates as ``duplicate/<why>``."""
    reasons = {
        k.removeprefix("levant/dropped/"): v
        for k, v in stats.items()
        if k.startswith("levant/dropped/")
    }
    for key, value in stats.items():
        if key.startswith("levant/dedup/items_dropped/"):
            reasons["duplicate/" + key.removeprefix("levant/dedup/items_dropped/")] = value
    return dict(sorted(reasons.items()))


def _coverage(stats: dict[str, Any]) -> dict[str, float]:
    """Share of exported records with each field, from spidermon's field-coverage
    counts (``SPIDERMON_ADD_FIELD_COVERAGE``); empty when they were not counted."""
    total = stats.get(_COVERAGE_COUNT)
    if not total:
        return {}
    return {
        name: round(stats.get(f"{_COVERAGE_COUNT}/{name}", 0) / total, 4)
        for name in COVERAGE_FIELDS
    }


def _extraction(stats: dict[str, Any]) -> dict[str, int]:
    """Article pages whose body the site layout read, and those the generic fallback read
    because the site layout's body selector missed (``levant/extraction/selector_missed/body``)."""
    pages = sum(v for k, v in stats.items() if k.startswith("levant/articles/via/"))
    generic = stats.get("levant/extraction/selector_missed/body", 0)
    return {"site": pages - generic, "generic": generic}


class CrawlSummary:
    def __init__(
        self, stats: StatsCollector, path: str | None, stats_path: str | None = None
    ) -> None:
        self.stats = stats
        self.path = Path(path) if path else None
        self.stats_path = Path(stats_path) if stats_path else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlSummary:
        assert crawler.stats is not None
        settings = crawler.settings
        extension = cls(
            crawler.stats,
            setting(settings, "LEVANT_SUMMARY_FILE"),
            setting(settings, "LEVANT_STATS_FILE"),
        )
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        summary = summarise(self.stats.get_stats())
        logger.info(
            "Summary: %(articles)d articles, %(sections)d sections, %(read_also_followed)d "
            "read-also articles, %(duplicates_collapsed)d duplicates collapsed, "
            "%(dates_parsed)d dates parsed, %(seconds).1f s",
            summary,
        )
        if self.path is not None:
            _write_json(self.path, summary)
        if self.stats_path is not None:
            _write_json(self.stats_path, self.stats.get_stats())


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str)
    path.write_text(text, "utf-8")
