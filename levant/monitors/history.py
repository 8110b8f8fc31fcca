"""The run history as the monitors and the report see it: this run first, then the stored ones.

This run is still open when the monitors run (``CrawlState`` records its end
after them), so its row is built from the live stats; stored runs are read through
a connection of their own to ``LEVANT_STATE_URI`` (WAL readers never block the crawl).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from scrapy.crawler import Crawler

from levant.extensions.summary import summarise
from levant.state import StateStoreError, open_store

logger = logging.getLogger(__name__)

HISTORY_RUNS = 500  # stored runs read at most (newest first)


def current_run(crawler: Crawler, stats: dict[str, Any], now: datetime) -> dict[str, Any]:
    """This run as a run-history row (``run_id``, ``started_at``, ``mode``, ...)."""
    run = None
    try:
        from levant.state.crawl import crawl_state

        run = crawl_state(crawler).run
    except Exception:  # no CrawlState in EXTENSIONS: a run without history
        run = None
    started = stats.get("start_time")
    return {
        "run_id": run.run_id if run else "current",
        "started_at": run.started_at if run else _iso(started),
        "mode": run.mode if run else str(stats.get("levant/mode", "full")),
        "finished_at": now.isoformat(timespec="seconds"),
        "finish_reason": stats.get("finish_reason"),
        "summary": summarise(stats),
    }


def run_history(
    crawler: Crawler, stats: dict[str, Any], now: datetime, limit: int = HISTORY_RUNS
) -> list[dict[str, Any]]:
    """This run, then the stored runs, newest first (without this run's stored row)."""
    this = current_run(crawler, stats, now)
    stored = stored_runs(crawler.settings.get("LEVANT_STATE_URI"), limit)
    return [this, *(run for run in stored if run["run_id"] != this["run_id"])]


def stored_runs(uri: str | None, limit: int = HISTORY_RUNS) -> list[dict[str, Any]]:
    """The stored run history as dicts, newest first; empty if the store cannot be read."""
    if not uri:
        return []
    try:
        with open_store(uri) as store:
            return [vars(run).copy() for run in store.runs(limit)]
    except StateStoreError as error:
        logger.warning("Cannot read the run history: %s", error)
        return []


def _iso(value: Any) -> str:
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else str(value)
