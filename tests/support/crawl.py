"""Run ``scrapy crawl levant`` as a user does: a real process, the real engine."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from tests.support.mirror import PROJECT


@dataclass
class CrawlResult:
    returncode: int
    records: list[dict[str, Any]]
    stats: dict[str, Any]
    log: str
    output: Path

    def stat(self, key: str) -> Any:
        return self.stats.get(key, 0)


def crawl_command(
    workdir: Path,
    base_url: str,
    *,
    args: dict[str, str] | None = None,
    settings: dict[str, str] | None = None,
    state: Path | None = None,
    stream: Path | None = None,
    name: str = "run",
) -> tuple[list[str], dict[str, str]]:
    """The ``scrapy crawl levant`` command line and environment of :func:`run_crawl`."""
    state = state or workdir / "state.db"
    command = [
        sys.executable, "-m", "scrapy", "crawl", "levant", "-O", str(workdir / f"{name}.jsonl"),
        "-a", f"base_url={base_url}",
        "-s", f"LEVANT_STATE_URI=sqlite:///{state}",
        "-s", f"LEVANT_STATS_FILE={workdir / f'{name}.stats.json'}",
        "-s", f"LEVANT_STREAM_PATH={stream or workdir / 'stream.jsonl'}",
        "-s", f"LEVANT_REPORT_DIR={workdir / 'reports'}",
    ]  # fmt: skip
    for key, value in (args or {}).items():
        command += ["-a", f"{key}={value}"]
    for key, value in (settings or {}).items():
        command += ["-s", f"{key}={value}"]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "settings.demo", "PYTHONPATH": str(PROJECT)}
    return command, env


def run_crawl(
    workdir: Path, base_url: str, *, name: str = "run", timeout: int = 300, **options: Any
) -> CrawlResult:
    """Crawl ``base_url`` with the demo profile; the feed and stats land in ``workdir``."""
    command, env = crawl_command(workdir, base_url, name=name, **options)
    done = subprocess.run(
        command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=timeout
    )
    output = workdir / f"{name}.jsonl"
    stats_file = workdir / f"{name}.stats.json"
    records = []
    if output.exists():
        records = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    stats = json.loads(stats_file.read_text("utf-8")) if stats_file.exists() else {}
    return CrawlResult(done.returncode, records, stats, done.stderr, output)


def wait_for_lines(path: Path, count: int, timeout: float = 60.0) -> None:
    """Wait until the stream at *path* holds *count* lines: a crawl is well under way."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.05)
    raise TimeoutError(f"{path} did not reach {count} lines in {timeout} s")


_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[", re.MULTILINE)


def crash_tracebacks(log: str) -> list[str]:
    """Log records holding a Python traceback, except spidermon's reports of failed
    checks (a failed check is an alert, not a crash)."""
    starts = [m.start() for m in _RECORD.finditer(log)] + [len(log)]
    records = [log[a:b] for a, b in pairwise(starts)]
    return [r for r in records if "Traceback" in r and "[Spidermon]" not in r.split("\n", 1)[0]]
