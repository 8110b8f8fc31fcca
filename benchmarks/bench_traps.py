"""Trap sites: every trap of the mirror (``--trap NAME``) crawled with the default bounds.

Run ``python benchmarks/bench_traps.py``. For each trap of
:mod:`levant_dev.mirror.traps`, a real ``scrapy crawl levant`` (the demo profile,
``settings.demo``: no page, depth or time limit of its own beyond the defaults of
``settings.base``) crawls a 300-article mirror plus that trap; the baseline is the
same crawl of the plain mirror. Reported per crawl: how it ended, the bound that
stopped it (its stat), requests, wall time and the crawl process's peak RSS
(``wait4``'s ``ru_maxrss``). Goal: every crawl ends by itself with peak RSS under
400 MB. The fan-out trap (each article leads to more) ends at ``LEVANT_MAX_PENDING``
read-also links a crawl; with the default (100,000) that takes about ten minutes of
404s, so the bench lowers it to 5,000; its pending frontier (``SELECT COUNT(*) FROM
pending``) is reported.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import ANCHOR, ROOT, SEED, child_env, verdict

ARTICLES = 300
LIMIT_MB = 400
TIMEOUT = 900  # a crawl still running then did not end by itself
FANOUT_PENDING = 5000
#: (label, trap or None for the baseline, settings beyond the demo profile's)
CASES: tuple[tuple[str, str | None, dict[str, str]], ...] = (
    ("plain mirror (baseline)", None, {}),
    ("endless pagination", "pagination", {}),
    ("calendar / query", "calendar", {}),
    ("percent loop", "percent", {}),
    ("read-also fan-out", "fanout", {"LEVANT_MAX_PENDING": str(FANOUT_PENDING)}),
    ("huge listing (16 MiB)", "huge-listing", {}),
    ("huge headers (2,000,000 lines)", "huge-headers", {}),
)
BOUND_STATS = (
    "levant/bounds/listing_pages",
    "levant/bounds/links_per_page",
    "levant/bounds/listing_bytes",
    "levant/bounds/read_also",
    "levant/bounds/pending",
    "levant/bounds/headers",
    "levant/bounds/url_length",
    "urllength/request_ignored_count",
)


@dataclass
class Crawl:
    label: str
    reason: str
    bounds: str
    requests: int
    items: int
    seconds: float
    peak_mb: float
    pending: int | None


def _crawl(folder: Path, label: str, trap: str | None, settings: dict[str, str]) -> Crawl:
    from levant_dev.launch import serve_mirror

    folder.mkdir()
    extra = ("--trap", trap) if trap else ()
    args = ("--articles", str(ARTICLES), "--seed", str(SEED), "--anchor", ANCHOR, *extra)
    with serve_mirror(*args) as mirror:
        command = [
            sys.executable, "-m", "scrapy", "crawl", "levant", "-O", str(folder / "out.jsonl"),
            "-a", f"base_url={mirror.base_url}", "-a", "discover=sections", "-a", "render=never",
            "-s", f"LEVANT_STATE_URI=sqlite:///{folder / 'state.db'}",
            "-s", f"LEVANT_STATS_FILE={folder / 'stats.json'}",
            "-s", f"LEVANT_STREAM_PATH={folder / 'stream.jsonl'}",
            "-s", f"LEVANT_REPORT_DIR={folder / 'reports'}",
            "-s", "LOG_LEVEL=WARNING",
            *(part for key, value in settings.items() for part in ("-s", f"{key}={value}")),
        ]  # fmt: skip
        env = child_env(SCRAPY_SETTINGS_MODULE="settings.demo")
        started = time.perf_counter()
        with (folder / "crawl.log").open("w") as log:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
            status, usage = _wait(process)
        seconds = time.perf_counter() - started
    stats: dict[str, Any] = {}
    if (folder / "stats.json").exists():
        stats = json.loads((folder / "stats.json").read_text("utf-8"))
    pending = None
    if (folder / "state.db").exists():
        with sqlite3.connect(folder / "state.db") as db:
            pending = db.execute("SELECT COUNT(*) FROM pending").fetchone()[0]
    reason = str(stats.get("finish_reason", f"exit {os.waitstatus_to_exitcode(status)}"))
    bounds = ", ".join(f"`{k}` {stats[k]}" for k in BOUND_STATS if stats.get(k))
    return Crawl(
        label=label,
        reason=reason,
        bounds=bounds or "none",
        requests=int(stats.get("downloader/request_count", 0)),
        items=int(stats.get("item_scraped_count", 0)),
        seconds=seconds,
        peak_mb=usage.ru_maxrss / 1024,
        pending=pending,
    )


def _wait(process: subprocess.Popen[bytes]) -> tuple[int, Any]:
    deadline = time.monotonic() + TIMEOUT
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            return status, usage
        if time.monotonic() > deadline:
            process.kill()  # reported as "exit -9": the trap was not stopped
        time.sleep(0.2)


def main() -> list[str]:
    crawls = []
    with tempfile.TemporaryDirectory(prefix="bench-traps-") as tmp:
        for number, (label, trap, settings) in enumerate(CASES):
            crawls.append(_crawl(Path(tmp) / str(number), label, trap, settings))
    lines = [
        "## Trap sites",
        "",
        f"A {ARTICLES}-article mirror plus one trap (`python -m levant_dev.mirror --trap NAME`),"
        " crawled by `scrapy crawl levant` with the demo profile and the default bounds"
        f" (`discover=sections`, `render=never`); the fan-out with `LEVANT_MAX_PENDING` ="
        f" {FANOUT_PENDING:,}. Peak RSS of the crawl process (goal < {LIMIT_MB} MB).",
        "",
        "| crawl | finish reason | bound stats | requests | items | time | peak RSS | pending |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for c in crawls:
        pending = "-" if c.pending is None else f"{c.pending:,}"
        lines.append(
            f"| {c.label} | {c.reason} | {c.bounds} | {c.requests:,} | {c.items:,} |"
            f" {c.seconds:.1f} s | {c.peak_mb:.0f} MB | {pending} |"
        )
    ended = all(c.reason == "finished" for c in crawls)
    small = all(c.peak_mb < LIMIT_MB for c in crawls)
    lines += [
        "",
        f"Every crawl ended by itself and stayed under {LIMIT_MB} MB: {verdict(ended and small)}.",
    ]
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
