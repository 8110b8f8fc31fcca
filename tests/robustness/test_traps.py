"""Crawler traps (``python -m levant_dev.mirror --trap NAME``): each crawl ends by itself,
its peak memory stays under 400 MB, its stats name the bound that stopped it, and the
pending frontier in the state store stays under its bound.

Each case is a real ``scrapy crawl levant`` process against a small healthy site plus
one trap, with the demo profile; bounds are set lower than their defaults where the
defaults would take minutes (``benchmarks/bench_traps.py`` crawls every trap with the
defaults). The subprocess timeout is the failure, never the pass.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from levant_dev.mirror.traps import FANOUT_LINKS, TRAPS
from tests.support.crawl import crash_tracebacks, crawl_command
from tests.support.mirror import PROJECT, Mirror, mirror_args, start_mirror

pytestmark = pytest.mark.crawl

PEAK_RSS_LIMIT_MB = 400
TIMEOUT = 120  # seconds: a crawl still running then is a trap that was not stopped
ARTICLES = 20
MAX_PENDING = 500
COMMON = {"LEVANT_STATE_COMMIT_SECONDS": "1", "LOG_LEVEL": "INFO"}


@dataclass
class TrapCrawl:
    returncode: int
    stats: dict[str, Any]
    log: str
    peak_rss_mb: float
    seconds: float
    requests: list[dict[str, Any]]
    pending: int

    def stat(self, key: str) -> Any:
        return self.stats.get(key, 0)


def crawl_trap(work: Path, trap: str, settings: dict[str, str]) -> TrapCrawl:
    """Serve the trap, crawl it to its end and measure the crawl process's peak RSS
    (``wait4``'s ``ru_maxrss`` of that one child, KiB on Linux)."""
    mirror: Mirror = start_mirror(work, mirror_args(ARTICLES, 1, 0, "--trap", trap))
    try:
        command, env = crawl_command(
            work,
            mirror.base_url,
            args={"discover": "sections", "render": "never"},
            settings={**COMMON, **settings},
        )
        log_path = work / "crawl.log"
        started = time.monotonic()
        with log_path.open("w") as log:
            process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log, stderr=log)
            status, usage = _wait(process, TIMEOUT)
        seconds = time.monotonic() - started
        requests = mirror.requests()
    finally:
        mirror.stop()
    stats_file = work / "run.stats.json"
    stats = json.loads(stats_file.read_text("utf-8")) if stats_file.exists() else {}
    with sqlite3.connect(work / "state.db") as db:
        pending = db.execute("SELECT COUNT(*) FROM pending").fetchone()[0]
    return TrapCrawl(
        returncode=os.waitstatus_to_exitcode(status),
        stats=stats,
        log=log_path.read_text("utf-8", "replace"),
        peak_rss_mb=usage.ru_maxrss / 1024,
        seconds=seconds,
        requests=requests,
        pending=pending,
    )


def _wait(process: subprocess.Popen[bytes], timeout: float) -> tuple[int, Any]:
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return status, usage
        if time.monotonic() > deadline:
            process.kill()
            process.wait()
            pytest.fail(f"the crawl did not end by itself within {timeout} s")
        time.sleep(0.1)


def _paths(crawl: TrapCrawl, prefix: str) -> list[str]:
    return [r["path"] for r in crawl.requests if r["path"].startswith(prefix)]


def _ended_cleanly(crawl: TrapCrawl, reason: str = "finished") -> None:
    assert crawl.returncode == 0 or crawl.stat("finish_reason") == reason, crawl.log[-3000:]
    assert crawl.stat("finish_reason") == reason, crawl.log[-3000:]
    assert crash_tracebacks(crawl.log) == []
    assert crawl.peak_rss_mb < PEAK_RSS_LIMIT_MB, f"peak RSS {crawl.peak_rss_mb:.0f} MB"


@pytest.mark.parametrize("trap", ["pagination", "calendar"])
def test_endless_pagination_stops_at_the_listing_pages_bound(tmp_path: Path, trap: str) -> None:
    crawl = crawl_trap(tmp_path, trap, {"LEVANT_MAX_LISTING_PAGES": "60"})
    _ended_cleanly(crawl)
    assert crawl.stat("levant/bounds/listing_pages") == 1  # the trap's section only
    assert len(set(_paths(crawl, "/category/trap/"))) == 60
    assert len(_paths(crawl, "/article/")) < 2 * ARTICLES + 10
    assert crawl.stat("item_scraped_count") >= ARTICLES // 2


def test_a_percent_loop_stops_at_the_url_length_bound(tmp_path: Path) -> None:
    crawl = crawl_trap(tmp_path, "percent", {})  # the default bounds stop it in a few turns
    _ended_cleanly(crawl)
    assert crawl.stat("levant/bounds/url_length") == 1  # levant's bound, every request
    trap_pages = _paths(crawl, "/category/trap/")
    assert 5 <= len(trap_pages) <= 30  # each turn adds about 2 characters a "%"
    assert max(map(len, trap_pages)) <= 2083
    assert crawl.stat("levant/bounds/listing_pages") == 0


def test_a_read_also_fan_out_ends_at_the_pending_frontier_bound(tmp_path: Path) -> None:
    crawl = crawl_trap(tmp_path, "fanout", {"LEVANT_MAX_PENDING": str(MAX_PENDING)})
    # Every fan-out article names 5,000 new links: the crawl follows 50 of each, and at
    # most LEVANT_MAX_PENDING read-also links in all, then ends by itself.
    _ended_cleanly(crawl)
    assert crawl.stat("levant/bounds/read_also") >= 10
    assert crawl.stat("levant/bounds/pending") > 0
    fetched = set(_paths(crawl, "/article/trap-fanout-"))
    assert len(fetched) <= MAX_PENDING + FANOUT_LINKS // 100
    assert crawl.pending <= MAX_PENDING  # the frontier kept for later runs is bounded too


@pytest.fixture(scope="module")
def huge_listing(tmp_path_factory: pytest.TempPathFactory) -> TrapCrawl:
    work = tmp_path_factory.mktemp("huge-listing")
    return crawl_trap(work, "huge-listing", {"LEVANT_MAX_LINKS_PER_PAGE": "100"})


def test_a_huge_listing_is_cut_at_the_links_per_page_bound(huge_listing: TrapCrawl) -> None:
    crawl = huge_listing
    assert crawl.stat("finish_reason") == "finished", crawl.log[-3000:]
    assert crash_tracebacks(crawl.log) == []
    assert crawl.stat("levant/bounds/links_per_page") == 1
    assert crawl.stat("levant/bounds/listing_bytes") == 1  # read as far as 4 MiB only
    assert len(set(_paths(crawl, "/article/h-"))) == 100


def test_a_huge_listing_stays_under_the_memory_limit(huge_listing: TrapCrawl) -> None:
    peak = huge_listing.peak_rss_mb
    assert peak < PEAK_RSS_LIMIT_MB, f"peak RSS {peak:.0f} MB"


def test_huge_headers_are_abandoned_at_the_header_bound(tmp_path: Path) -> None:
    crawl = crawl_trap(tmp_path, "huge-headers", {})
    _ended_cleanly(crawl)
    assert crawl.stat("levant/bounds/headers") >= 1
    assert crawl.stat("item_scraped_count") >= ARTICLES // 2 + 2  # the other trap articles
    assert crawl.seconds < 60


def test_every_trap_is_covered() -> None:
    covered = {"pagination", "calendar", "percent", "fanout", "huge-listing", "huge-headers"}
    assert set(TRAPS) == covered
