"""``mode=watch`` on the mirror: live changes within two intervals, one request a quiet
cycle, flat memory over thousands of cycles, and SIGTERM mid-cycle losing nothing."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support.crawl import crash_tracebacks, crawl_command
from tests.support.mirror import PROJECT, mirror_args, read_truth, start_mirror
from tests.support.processes import stop_process

pytestmark = pytest.mark.crawl

ARTICLES = 120
EPOCH_SECONDS = 10.0
INTERVAL = 10.0
LIVE = ("--api", "--new-per-epoch", "1", "--edits-per-epoch", "1")


def _lines(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def _wait(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise TimeoutError(f"{what}: not within {timeout} s")


def _watch(workdir: Path, base_url: str, interval: float) -> subprocess.Popen[str]:
    command, env = crawl_command(
        workdir,
        base_url,
        args={"mode": "watch", "interval": str(interval), "discover": "api,sections"},
        settings={"LOG_LEVEL": "INFO", "LEVANT_WATCH_LOG_EVERY": "100"},
    )
    with (workdir / "watch.log").open("w") as log:  # the child keeps its own descriptor
        return subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log, stderr=log, text=True)


def test_live_changes_reach_the_stream_within_two_intervals(tmp_path: Path) -> None:
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=2)
    flags = (*LIVE, "--epoch-seconds", str(EPOCH_SECONDS), "--live-start", start.isoformat())
    mirror = start_mirror(tmp_path, mirror_args(ARTICLES, 1, 0, *flags))
    stream = tmp_path / "stream.jsonl"
    process = _watch(tmp_path, mirror.base_url, INTERVAL)
    checked = 3  # epochs whose changes must all be in the stream before SIGTERM
    try:
        stop = start + timedelta(seconds=EPOCH_SECONDS * checked + 2 * INTERVAL + 2)
        time.sleep(max(0.0, (stop - datetime.now(UTC)).total_seconds()))
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        stop_process(process)
    truth = read_truth(mirror_args(ARTICLES, 1, checked, *flags), mirror.base_url)
    mirror.stop()
    records = _lines(stream)
    keys = [(r["url"], r["version"]) for r in records]
    assert len(keys) == len(set(keys)), "a record twice in the stream"
    changes = 0
    for article in truth:
        appeared = _appeared(article, start)
        streamed = [
            datetime.fromisoformat(r["crawled_at"]) for r in records if r["url"] == article["url"]
        ]
        assert streamed, f"never streamed: {article['url']}"
        if appeared is None:  # there from the start: the first cycle's crawl
            continue
        changes += 1
        lags = [when - appeared for when in streamed if when >= appeared - timedelta(seconds=1)]
        assert lags and min(lags) <= timedelta(seconds=2 * INTERVAL + 1), (article["url"], lags)
    assert changes >= 2 * checked - 1  # a new and an edited article each epoch
    assert crash_tracebacks((tmp_path / "watch.log").read_text()) == []
    stats = json.loads((tmp_path / "run.stats.json").read_text())
    assert stats["levant/discovery/api"] == "used" and stats["finish_reason"] == "shutdown"


def _appeared(article: dict[str, Any], start: datetime) -> datetime | None:
    """When the live mirror made this version of the article (None: before it started)."""
    for key in ("modified_at", "published_at"):
        value = article.get(key)
        if value and datetime.fromisoformat(value) >= start:
            return datetime.fromisoformat(value)
    return None


def test_quiet_cycles_cost_one_request_and_memory_stays_flat(tmp_path: Path) -> None:
    mirror = start_mirror(tmp_path, mirror_args(ARTICLES, 1, 0, "--api"))
    log_path, stream = tmp_path / "watch.log", tmp_path / "stream.jsonl"
    process = _watch(tmp_path, mirror.base_url, 0.005)
    try:
        rss = {}
        for cycles in (100, 2000):
            _wait(
                lambda n=cycles: f"Watch: {n} cycles" in log_path.read_text(),
                240,
                f"{cycles} cycles",
            )
            rss[cycles] = _rss_kb(process.pid)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        stop_process(process)
        mirror.stop()
    assert abs(rss[2000] - rss[100]) <= 0.10 * rss[100], rss
    stats = json.loads((tmp_path / "run.stats.json").read_text())
    assert stats["levant/watch/quiet_cycles"] >= 1900
    assert stats["levant/watch/quiet_cycle_requests"] <= 1
    # SIGTERM landed mid-cycle (a cycle every 5 ms): every article once, nothing twice.
    assert len({r["url"] for r in _lines(stream)}) == len(_lines(stream)) == ARTICLES


def _rss_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"VmRSS:\s+(\d+) kB", status)
    assert found, status
    return int(found[1])
