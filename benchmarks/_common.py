"""Helpers shared by the benchmark scripts: the mirror, its pages, small maths.

Benchmarks do not import ``tests``: what they need of the mirror is here, on top
of :mod:`levant_dev.mirror` itself. Nothing runs at import time.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from levant_dev.launch import MirrorProcess
from levant_dev.launch import start_mirror as _launch

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


#: The offline mirror in a process of its own (``.base_url``, ``.cpu_seconds()``, ``.stop()``).
Mirror = MirrorProcess


def start_mirror(articles: int = ARTICLES, *extra: str) -> Mirror:
    """Serve the mirror on a free 127.0.0.1 port (:mod:`levant_dev.launch`); returns once
    it answers."""
    return _launch("--articles", str(articles), "--seed", str(SEED), "--anchor", ANCHOR, *extra)


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
