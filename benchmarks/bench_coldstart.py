"""Cold start: ``scrapy list`` in this project beside an empty Scrapy project.

Run ``python benchmarks/bench_coldstart.py``. Creates an empty project in a
temporary directory (``scrapy startproject`` and one trivial spider from
``scrapy genspider``), then times ``python -m scrapy list`` in each, interleaved,
7 runs each, and reports the medians and their ratio (goal: this project at most
1.5x the empty one). Each run is a fresh interpreter with the project's default
settings (``scrapy.cfg``: ``settings.base``); the wall time includes Python's
own start-up, as a user's does.

It then runs ``python -X importtime -m scrapy list`` once in this project and
reports which heavy packages a plain ``scrapy list`` imports: dateparser,
Playwright, spidermon, trafilatura and htmldate must be absent (they are imported
where first needed, not at start), and the project's own imports that cost most.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import ROOT, median, verdict

GOAL = 1.5
RUNS = 7
HEAVY = ("dateparser", "playwright", "scrapy_playwright", "spidermon", "trafilatura", "htmldate")
OWN = ("levant", "settings")
_IMPORT = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| *(\S+)$")


def _env() -> dict[str, str]:
    """No settings module or path from outside; bytecode caches on, as a user's shell has them
    (the warm-up run writes them, so no timed run compiles)."""
    drop = ("SCRAPY_SETTINGS_MODULE", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE")
    return {k: v for k, v in os.environ.items() if k not in drop}


def _scrapy(cwd: Path, *args: str, extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    command = [sys.executable, *extra, "-m", "scrapy", *args]
    done = subprocess.run(command, cwd=cwd, env=_env(), capture_output=True, text=True)
    if done.returncode:
        what = f"`scrapy {' '.join(args)}` in {cwd}"
        raise SystemExit(f"bench_coldstart: {what} failed:\n{done.stderr[-2000:]}")
    return done


def _empty_project(tmp: Path) -> Path:
    _scrapy(tmp, "startproject", "empty")
    project = tmp / "empty"
    _scrapy(project, "genspider", "trivial", "example.com")
    return project


def _time_list(cwd: Path) -> float:
    start = time.perf_counter()
    done = _scrapy(cwd, "list")
    elapsed = time.perf_counter() - start
    if not done.stdout.split():
        raise SystemExit(f"bench_coldstart: `scrapy list` in {cwd} listed no spider")
    return elapsed


def _imports(cwd: Path) -> dict[str, int]:
    """Modules a ``scrapy list`` imports: name -> cumulative import time (µs)."""
    done = _scrapy(cwd, "list", extra=("-X", "importtime"))
    found = {}
    for line in done.stderr.splitlines():
        if match := _IMPORT.match(line):
            found[match[3]] = int(match[2])
    return found


def main() -> list[str]:
    """Run the benchmark; return the report as markdown lines."""
    with tempfile.TemporaryDirectory(prefix="levant-bench-") as name:
        empty = _empty_project(Path(name))
        for cwd in (ROOT, empty):  # warm the file cache; not counted
            _time_list(cwd)
        ours, theirs = [], []
        for _ in range(RUNS):
            ours.append(_time_list(ROOT))
            theirs.append(_time_list(empty))
        our_imports, their_imports = _imports(ROOT), _imports(empty)
    ratio = median(ours) / median(theirs)
    heavy = sorted({m.split(".")[0] for m in our_imports} & set(HEAVY))
    own = sorted(
        ((us, m) for m, us in our_imports.items() if m.split(".")[0] in OWN),
        reverse=True,
    )
    extra = sorted(
        (
            (us, m)
            for m, us in our_imports.items()
            if m not in their_imports and m.split(".")[0] not in OWN
        ),
        reverse=True,
    )
    heavy_line = (
        f"- Heavy packages imported by `scrapy list`: **{', '.join(heavy)}** (should be none)."
        if heavy
        else f"- Heavy packages imported by `scrapy list`: none of {', '.join(HEAVY)}."
    )
    return [
        "## Cold start: `scrapy list` in levant vs an empty Scrapy project",
        "",
        f"| figure (median of {RUNS}, interleaved) | levant | empty project |",
        "|---|---:|---:|",
        f"| `scrapy list` wall time (ms) | {median(ours) * 1e3:.0f} | {median(theirs) * 1e3:.0f} |",
        f"| fastest run (ms) | {min(ours) * 1e3:.0f} | {min(theirs) * 1e3:.0f} |",
        f"| modules imported | {len(our_imports)} | {len(their_imports)} |",
        "",
        f"- Ratio levant/empty: {ratio:.2f}x; {verdict(ratio <= GOAL)} of at most {GOAL}x.",
        heavy_line,
        "- The project's own imports, cumulative: "
        + ", ".join(f"`{m}` {us / 1e3:.1f} ms" for us, m in own[:5])
        + ".",
        "- Other imports the empty project does not make, cumulative: "
        + (", ".join(f"`{m}` {us / 1e3:.1f} ms" for us, m in extra[:6]) or "none")
        + ".",
    ]


if __name__ == "__main__":
    print("\n".join(main()))
