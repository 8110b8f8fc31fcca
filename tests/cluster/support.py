"""Cluster workers as a user starts them: ``scrapy crawl levant`` with ``settings.cluster``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.mirror import PROJECT

# The mirror's pace, and a short heartbeat so a killed worker is noticed within seconds.
FAST = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "LEVANT_CLUSTER_HEARTBEAT_TTL": "2",
    "LEVANT_CLUSTER_POLL": "0.5",
    "LOG_LEVEL": "INFO",
    "LEVANT_ALLOW_PRIVATE_BASE_URL": "True",  # the mirror is on 127.0.0.1
}


@dataclass
class Worker:
    name: str
    process: subprocess.Popen[bytes]
    workdir: Path

    def stats(self) -> dict[str, Any]:
        path = self.workdir / f"{self.name}.stats.json"
        return json.loads(path.read_text("utf-8")) if path.exists() else {}

    def log(self) -> str:
        return (self.workdir / f"{self.name}.log").read_text("utf-8", errors="replace")


def start_worker(
    workdir: Path,
    name: str,
    base_url: str,
    redis_url: str,
    extra: dict[str, str] | None = None,
) -> Worker:
    """Start one worker; its stream part lands in ``workdir/stream/<host>-<pid>.jsonl``.

    *extra* settings go on top of :data:`FAST` and the worker's own paths."""
    command = [sys.executable, "-m", "scrapy", "crawl", "levant", "-a", f"base_url={base_url}"]
    settings = {
        **FAST,
        "LEVANT_STREAM_PATH": str(workdir / "stream" / "{host}-{pid}.jsonl"),
        "LEVANT_STATS_FILE": str(workdir / f"{name}.stats.json"),
        "LEVANT_REPORT_DIR": str(workdir / "reports"),
        **(extra or {}),
    }
    for key, value in settings.items():
        command += ["-s", f"{key}={value}"]
    env = {
        **os.environ,
        "SCRAPY_SETTINGS_MODULE": "settings.cluster",
        "REDIS_URL": redis_url,
        "PYTHONPATH": str(PROJECT),
    }
    env.pop("LEVANT_STATE_URI", None)
    env.pop("LEVANT_STREAM_PATH", None)
    with (workdir / f"{name}.log").open("wb") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=log
        )
    return Worker(name, process, workdir)


def stop_all(workers: list[Worker]) -> None:
    for worker in workers:
        if worker.process.poll() is None:
            worker.process.kill()
            worker.process.wait()


def stream_lines(workdir: Path) -> int:
    """Lines written so far by every worker."""
    return sum(part.read_bytes().count(b"\n") for part in (workdir / "stream").glob("*.jsonl"))


def merge(workdir: Path) -> tuple[list[dict[str, Any]], str]:
    """``python -m levant merge`` of the parts: the merged records and its summary line."""
    out = workdir / "merged.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "levant", "merge", str(workdir / "stream"), "-o", str(out)],
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        capture_output=True,
        text=True,
        check=True,
    )
    raw = out.read_bytes()
    assert raw.endswith(b"\n"), "the merged stream ends in a torn line"
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()], done.stderr
