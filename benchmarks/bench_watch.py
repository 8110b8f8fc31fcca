"""Watch mode: how long a new or edited article takes to reach the stream.

Run ``python benchmarks/bench_watch.py``. The mirror runs live (``--api
--epoch-seconds 10``: every 10 s one article is published and one edited, as
wall-clock time passes) and levant watches it (``mode=watch interval=10``) for
``EPOCHS`` epochs. For every change the mirror made, the delay is the time from the
change (its ``published_at`` / ``modified_at``) to the ``crawled_at`` of its line in
the stream. Also reported: the requests a quiet cycle took. Goal (issue 18): every
change in the stream within two intervals.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import median

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import ROOT, child_env, start_mirror, verdict

ARTICLES = 300
EPOCH_SECONDS = 10
INTERVAL = 10
EPOCHS = 6


def main() -> list[str]:
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=3)
    live = ("--api", "--new-per-epoch", "1", "--edits-per-epoch", "1",
            "--epoch-seconds", str(EPOCH_SECONDS), "--live-start", start.isoformat())  # fmt: skip
    mirror = start_mirror(ARTICLES, *live)
    with tempfile.TemporaryDirectory(prefix="bench-watch-") as tmp:
        work = Path(tmp)
        try:
            process = _watch(work, mirror.base_url)
            stop = start + timedelta(seconds=EPOCH_SECONDS * EPOCHS + 2 * INTERVAL + 2)
            time.sleep(max(0.0, (stop - datetime.now(UTC)).total_seconds()))
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
        finally:
            mirror.stop()
        records = [json.loads(line) for line in (work / "stream.jsonl").read_text().splitlines()]
        stats = json.loads((work / "run.stats.json").read_text())
    delays = _delays(records, start, start + timedelta(seconds=EPOCH_SECONDS * EPOCHS))
    worst = max(delays) if delays else float("inf")
    met = bool(delays) and worst <= 2 * INTERVAL
    return [
        f"## Watch mode: delay from a change to its stream line (interval {INTERVAL} s)",
        "",
        f"Live mirror ({ARTICLES} articles, one new and one edited every {EPOCH_SECONDS} s,"
        f" {EPOCHS} epochs), levant `mode=watch interval={INTERVAL}` through the REST API.",
        "",
        "| changes | median delay (s) | worst delay (s) | quiet cycles"
        " | requests per quiet cycle |",
        "|---|---|---|---|---|",
        f"| {len(delays)} | {median(delays) if delays else 0:.1f} | {worst:.1f}"
        f" | {stats.get('levant/watch/quiet_cycles', 0)}"
        f" | {stats.get('levant/watch/quiet_cycle_requests', 0)} |",
        "",
        f"Every change in the stream within two intervals ({2 * INTERVAL} s): {verdict(met)}.",
        "",
    ]


def _watch(work: Path, base_url: str) -> subprocess.Popen[str]:
    command = [
        sys.executable, "-m", "scrapy", "crawl", "levant", "-a", f"base_url={base_url}",
        "-a", "mode=watch", "-a", f"interval={INTERVAL}",
        "-s", f"LEVANT_STATE_URI=sqlite:///{work / 'state.db'}",
        "-s", f"LEVANT_STREAM_PATH={work / 'stream.jsonl'}",
        "-s", f"LEVANT_STATS_FILE={work / 'run.stats.json'}",
        "-s", f"LEVANT_REPORT_DIR={work / 'reports'}", "-s", "LOG_LEVEL=WARNING",
    ]  # fmt: skip
    env = child_env(SCRAPY_SETTINGS_MODULE="settings.demo")
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _delays(records: list[dict[str, object]], start: datetime, end: datetime) -> list[float]:
    """Seconds from each change the mirror made between *start* and *end* to the first
    stream line showing it."""
    delays = []
    for record in records:
        changed = None
        if record["event"] == "new" and record.get("published_at"):
            changed = datetime.fromisoformat(str(record["published_at"]))
        elif record["event"] == "updated" and record.get("modified_at"):
            changed = datetime.fromisoformat(str(record["modified_at"]))
        if changed is not None and start <= changed <= end:
            seen = datetime.fromisoformat(str(record["crawled_at"]))
            delays.append((seen - changed).total_seconds())
    return delays


if __name__ == "__main__":
    print("\n".join(main()))
