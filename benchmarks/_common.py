"""Helpers shared by the benchmark scripts: the mirror, its pages, small maths.

Benchmarks do not import ``tests``: what they need of the mirror is here, on top
of :mod:`levant_dev.mirror` itself. Nothing runs at import time.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: A fixed "present" of the mirror, so runs days apart serve the same site.
ANCHOR = "2026-11-20T12:00:00+03:00"
SEED = 1
ARTICLES = 2000


def project_path() -> None:
    """Make ``levant`` importable when a script runs as ``python benchmarks/bench_x.py``."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child process that imports ``levant``."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, **extra}


def require(script: str, *modules: str) -> None:
    """Exit with a clear message when a package the benchmark compares against is missing."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise SystemExit(
            f"{script}: missing package(s) {', '.join(missing)}; "
            "install them with `pip install -r requirements-bench.txt` (make bench does)"
        )


@dataclass
class Mirror:
    """The offline mirror as a real HTTP server in a process of its own."""

    process: subprocess.Popen[str]
    base_url: str

    def cpu_seconds(self) -> float:
        """User + system CPU time the mirror process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


def start_mirror(articles: int = ARTICLES, *extra: str) -> Mirror:
    """Serve the mirror on a free 127.0.0.1 port; returns once it answers."""
    command = [
        sys.executable, "-m", "levant_dev.mirror", "--port", "0", "--articles", str(articles),
        "--seed", str(SEED), "--anchor", ANCHOR, *extra,
    ]  # fmt: skip
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("Serving "):
        process.kill()
        raise RuntimeError(f"the mirror did not start: {line}{process.stdout.read()}")
    return Mirror(process=process, base_url=line.split()[1])


def article_pages(
    articles: int = ARTICLES, base: str = "http://127.0.0.1:8090/"
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(url, html, truth)`` of every article of the mirror, built in-process.

    The same HTML the server sends (``pages.article_page``) and the same truth as
    ``python -m levant_dev.mirror --truth``; no server, no network. Articles missing
    from the listings (``reachable`` false) are included: their pages are served.
    """
    project_path()
    from levant_dev.mirror import pages
    from levant_dev.mirror.content import MirrorConfig, build_site
    from levant_dev.mirror.truth import truth_record

    site = build_site(MirrorConfig(articles=articles, seed=SEED, anchor=anchor()))
    for article in site.articles:
        url = base.rstrip("/") + article.path
        yield url, pages.article_page(site, base, article), truth_record(site, base, article)


def anchor() -> datetime:
    return datetime.fromisoformat(ANCHOR)


def timed(function: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    """``(result, seconds)`` of one call."""
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def median(values: list[float]) -> float:
    return statistics.median(values)


def verdict(met: bool) -> str:
    """The words the runner looks for: a figure either meets or misses its goal."""
    return "meets the goal" if met else "misses the goal"
