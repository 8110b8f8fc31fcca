"""Cluster throughput: 1, 2 and 3 workers sharing one crawl of the mirror through Redis.

Run ``python benchmarks/bench_cluster.py``. Starts a ``redis-server`` (no
persistence) on a free 127.0.0.1 port and serves the 2,000-article mirror once,
then crawls the whole mirror with 1, 2 and 3 workers (``scrapy crawl levant``
with ``settings.cluster``, the demo profile's pace: 16 requests, no delay, no
AutoThrottle), twice each, in the order 1, 2, 3, 3, 2, 1, after one warm-up crawl
that fills the mirror's page cache. Redis is emptied before each crawl, so each
is a full crawl of the site.

Articles per second is the number of distinct articles in the merged stream
(``python -m levant merge``) over the time from the first worker's start to the
last worker's finish (their own ``start_time`` and ``finish_time`` stats); the
figure is the mean of the two crawls. Each crawl's merged stream is checked:
every article of the mirror exactly once. The CPU each party used (workers,
mirror, Redis; from ``getrusage`` and ``/proc/<pid>/stat``) is reported as a
share of one core over the crawl's wall time (start-up included), and the share
of the whole machine that was busy (``/proc/stat``, other processes included), to
say what bounds the rate on this machine.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import ARTICLES, ROOT, Mirror, child_env, start_mirror

ORDER = (1, 2, 3, 3, 2, 1)
PACE = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "LEVANT_ALLOW_PRIVATE_BASE_URL": "True",  # the mirror is on 127.0.0.1
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "LOG_LEVEL": "INFO",
}


class Redis:
    """``redis-server`` on a free port of 127.0.0.1, without persistence."""

    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise SystemExit(
                "bench_cluster: redis-server is missing (apt-get install redis-server)"
            )
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [binary, "--save", "", "--appendonly", "no", "--bind", "127.0.0.1",
             "--port", str(self.port), "--dir", str(workdir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.url = f"redis://127.0.0.1:{self.port}/0"
        deadline = time.monotonic() + 10
        while not self._answers():
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise SystemExit("bench_cluster: redis-server did not start")
            time.sleep(0.05)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def flush(self) -> None:
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
            sock.sendall(b"FLUSHALL\r\n")
            if not sock.recv(16).startswith(b"+OK"):
                raise SystemExit("bench_cluster: FLUSHALL failed")

    def cpu_seconds(self) -> float:
        return _cpu_seconds(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of every core so far, from ``/proc/stat``."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return sum(values) - idle, sum(values)


def _crawl(workers: int, mirror: Mirror, redis: Redis, tmp: Path, run: str) -> dict[str, Any]:
    redis.flush()
    work = tmp / run
    work.mkdir()
    env = child_env(SCRAPY_SETTINGS_MODULE="settings.cluster", REDIS_URL=redis.url)
    env.pop("LEVANT_STATE_URI", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    mirror_before, redis_before = mirror.cpu_seconds(), redis.cpu_seconds()
    machine_before = _machine_ticks()
    started = time.perf_counter()
    processes = []
    for number in range(workers):
        settings = {
            **PACE,
            "LEVANT_STREAM_PATH": str(work / "stream" / "{host}-{pid}.jsonl"),
            "LEVANT_STATS_FILE": str(work / f"w{number}.stats.json"),
        }
        command = [sys.executable, "-m", "scrapy", "crawl", "levant",
                   "-a", f"base_url={mirror.base_url}"]  # fmt: skip
        command += [arg for key, value in settings.items() for arg in ("-s", f"{key}={value}")]
        log = (work / f"w{number}.log").open("wb")
        processes.append(
            subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
        )
        log.close()
    codes = [process.wait() for process in processes]
    wall = time.perf_counter() - started
    machine_after = _machine_ticks()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if any(codes):
        tail = (work / f"w{codes.index(next(c for c in codes if c))}.log").read_text()[-2000:]
        raise SystemExit(f"bench_cluster: a worker failed ({codes}):\n{tail}")
    stats = [json.loads((work / f"w{n}.stats.json").read_text()) for n in range(workers)]
    first = min(_time(s["start_time"]) for s in stats)
    last = max(_time(s["finish_time"]) for s in stats)
    elapsed = (last - first).total_seconds()
    articles = _merged_articles(work)
    return {
        "workers": workers,
        "articles": articles,
        "elapsed": elapsed,
        "wall": wall,
        "rate": articles / elapsed,
        "pages": sum(int(s.get("response_received_count", 0)) for s in stats),
        "shares": [int(s.get("levant/stream/written", 0)) for s in stats],
        "crawler_cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "mirror_cpu": mirror.cpu_seconds() - mirror_before,
        "redis_cpu": redis.cpu_seconds() - redis_before,
        # share of the whole machine busy during the crawl (every process, ours or not)
        "machine_busy": (machine_after[0] - machine_before[0])
        / max(1, machine_after[1] - machine_before[1]),
    }


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _merged_articles(work: Path) -> int:
    out = work / "merged.jsonl"
    subprocess.run(
        [sys.executable, "-m", "levant", "merge", str(work / "stream"), "-o", str(out)],
        cwd=ROOT, env=child_env(), check=True, capture_output=True,
    )  # fmt: skip
    urls = [json.loads(line)["url"] for line in out.read_text("utf-8").splitlines()]
    if len(urls) != len(set(urls)) or len(urls) != ARTICLES:
        raise SystemExit(
            f"bench_cluster: the merged stream holds {len(urls)} records of"
            f" {len(set(urls))} articles; the mirror has {ARTICLES}"
        )
    return len(urls)


def main() -> list[str]:
    """Run the benchmark; return the report as markdown lines."""
    cores = len(os.sched_getaffinity(0))
    load = os.getloadavg()
    runs: dict[int, list[dict[str, Any]]] = {1: [], 2: [], 3: []}
    with tempfile.TemporaryDirectory(prefix="levant-bench-cluster-") as name:
        tmp = Path(name)
        redis = Redis(tmp)
        mirror = start_mirror(ARTICLES)
        try:
            _crawl(3, mirror, redis, tmp, "warmup")
            for n, workers in enumerate(ORDER):
                runs[workers].append(_crawl(workers, mirror, redis, tmp, f"run{n}-{workers}"))
        finally:
            mirror.stop()
            redis.stop()

    def mean(workers: int, key: str) -> float:
        return sum(r[key] for r in runs[workers]) / len(runs[workers])

    base = mean(1, "rate")
    rows = []
    for workers in runs:
        elapsed, wall = mean(workers, "elapsed"), mean(workers, "wall")
        rows.append(
            f"| {workers} | {mean(workers, 'rate'):.1f} | {mean(workers, 'rate') / base:.2f}x"
            f" | {elapsed:.1f} | {wall:.1f}"
            f" | {mean(workers, 'crawler_cpu') / wall:.0%}"
            f" | {mean(workers, 'mirror_cpu') / wall:.0%}"
            f" | {mean(workers, 'redis_cpu') / wall:.0%}"
            f" | {mean(workers, 'machine_busy'):.0%}"
            f" | {' / '.join(str(s) for s in runs[workers][0]['shares'])} |"
        )
    best = max(runs, key=lambda w: mean(w, "rate"))
    one_cpu = mean(1, "crawler_cpu") / mean(1, "wall")
    wall3 = mean(3, "wall")
    ours3 = (mean(3, "crawler_cpu") + mean(3, "mirror_cpu") + mean(3, "redis_cpu")) / wall3
    busy3 = mean(3, "machine_busy")
    others3 = max(0.0, busy3 - ours3 / cores)
    mirror3, redis3 = mean(3, "mirror_cpu") / wall3, mean(3, "redis_cpu") / wall3
    redis_ms = mean(3, "redis_cpu") / ARTICLES * 1e3
    return [
        f"## Cluster: 1, 2 and 3 workers on one Redis ({ARTICLES:,}-article mirror)",
        "",
        "| workers | articles/s | vs 1 worker | first start to last finish (s) | wall, with"
        " start-up (s) | workers' CPU (cores) | mirror CPU (cores) | Redis CPU (cores)"
        " | machine busy | articles per worker (first run) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        *rows,
        "",
        f"- Each figure is the mean of {len(runs[1])} crawls; every merged stream held each of"
        f" the {ARTICLES:,} articles exactly once. Best: {best} worker(s),"
        f" {mean(best, 'rate'):.1f} articles/s, {mean(best, 'rate') / base:.2f}x one worker.",
        f"- What limits it on this machine: CPU. One worker used {one_cpu:.0%} of a core (a"
        " Scrapy process runs on one core), and the machine has"
        f" {cores} cores: during the 3-worker crawls it was {busy3:.0%} busy, of which"
        f" {others3:.0%} were other processes (the load average at the start:"
        f" {load[0]:.2f}). The mirror, one single-threaded Python process, used"
        f" {mirror3:.0%} of a core and Redis {redis3:.0%} ({redis_ms:.2f} ms of CPU per"
        " article, a handful of round trips each): neither sets the pace. On more cores or"
        " machines each worker adds about one worker's rate, until the site (or one Redis)"
        " answers no faster.",
    ]


if __name__ == "__main__":
    print("\n".join(main()))
