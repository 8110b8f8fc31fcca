"""The run history as the monitors and the report see it: this run first, then the stored ones.

This run is still open when the monitors run (``CrawlState`` records its end
after them), so its row is built from the live stats; the stored runs are those the
crawl state read when it opened the store (:attr:`levant.state.crawl.CrawlState.history`):
no second connection.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from scrapy.crawler import Crawler

from levant.extensions.summary import summarise
from levant.state.crawl import HISTORY_RUNS, CrawlState

logger = logging.getLogger(__name__)


def current_run(crawler: Crawler, stats: dict[str, Any], now: datetime) -> dict[str, Any]:
    """This run as a run-history row (``run_id``, ``started_at``, ``mode``, ...)."""
    state = _crawl_state(crawler)
    run = state.run if state is not None else None
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
    stored = [vars(run).copy() for run in stored_runs(crawler)[:limit]]
    return [this, *(run for run in stored if run["run_id"] != this["run_id"])]


def stored_runs(crawler: Crawler) -> list[Any]:
    """The runs the crawl state found in the store when it opened, newest first."""
    state = _crawl_state(crawler)
    return list(state.history) if state is not None else []


def _crawl_state(crawler: Crawler) -> CrawlState | None:
    """The crawl's state; None without one (no CrawlState in EXTENSIONS, or a crawler
    whose extensions were never built)."""
    try:
        return crawler.get_extension(CrawlState)
    except RuntimeError:
        return None


def _iso(value: Any) -> str:
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else str(value)
