"""``python -m benchmarks`` (``make bench``): every benchmark, then ``docs/benchmarks.md``.

    python -m benchmarks                    # all, in ORDER; writes docs/benchmarks.md
    python -m benchmarks --only crawl       # one (``crawl`` or ``bench_crawl``); prints only
    python -m benchmarks --only crawl --output /tmp/bench.md

Each ``benchmarks/bench_<name>.py`` is a standalone script (``python
benchmarks/bench_<name>.py`` prints its markdown) and runs here in a process of
its own, so that one's imports and memory do not skew another's. Order: the names
in ``ORDER`` first, as listed, then any other ``bench_*.py`` alphabetically; a new
benchmark adds its name to ``ORDER``.

A script states its verdict in its markdown: "meets the goal" / "misses the
goal", or a table row ``| ... (goal >= 20x) | 27.3x |``. A script that fails
(non-zero exit, a missing package included) gets a section saying so and why;
the others still run, and the runner exits non-zero at the end.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOC = ROOT / "docs" / "benchmarks.md"
#: The order of the figures in the document (the issue's order).
ORDER = (
    "crawl",
    "extraction",
    "real_sites",
    "wordpress",
    "dates",
    "seen_store",
    "incremental",
    "watch",
    "render",
    "cluster",
    "coldstart",
    "traps",
)
TIMEOUT = 900
_VERDICT = re.compile(r"\b(meets|misses) the goal")
_GOAL_ROW = re.compile(r"\(goal (>=|<=) ([\d.]+)x?\)\s*\|\s*([\d.]+)x?\s*\|")


@dataclass
class Outcome:
    name: str
    seconds: float
    lines: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def verdict(self) -> str:
        if self.error:
            return "failed"
        found = [m[1] == "meets" for line in self.lines for m in _VERDICT.finditer(line)]
        for line in self.lines:
            if row := _GOAL_ROW.search(line):
                value, goal = float(row[3]), float(row[2])
                found.append(value >= goal if row[1] == ">=" else value <= goal)
        if not found:
            return "no verdict stated"
        return "goal met" if all(found) else "goal missed"


def discover(only: str | None = None) -> list[str]:
    """Benchmark names (``bench_<name>.py`` without the affixes), in document order."""
    names = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    ordered = [n for n in ORDER if n in names] + [n for n in names if n not in ORDER]
    if only is None:
        return ordered
    wanted = only.removeprefix("bench_").removesuffix(".py")
    if wanted not in names:
        raise SystemExit(f"no benchmark {only!r}; there are: {', '.join(ordered)}")
    return [wanted]


def run(name: str, timeout: int = TIMEOUT) -> Outcome:
    """Run ``bench_<name>.py`` in a fresh interpreter; its stdout is its markdown."""
    script = HERE / f"bench_{name}.py"
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path}
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, str(script)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return Outcome(name, time.perf_counter() - start, error=f"timed out after {timeout} s")
    seconds = time.perf_counter() - start
    if done.returncode:
        why = "\n".join(done.stderr.strip().splitlines()[-12:]) or "(no output on stderr)"
        return Outcome(name, seconds, error=f"exit code {done.returncode}:\n{why}")
    return Outcome(name, seconds, lines=done.stdout.rstrip("\n").splitlines())


def section(outcome: Outcome) -> list[str]:
    if not outcome.error:
        return outcome.lines
    return [
        f"## bench_{outcome.name}: failed",
        "",
        f"`python benchmarks/bench_{outcome.name}.py` failed after {outcome.seconds:.0f} s,"
        f" so this figure is missing from this run. Why:",
        "",
        "```",
        outcome.error,
        "```",
    ]


def machine(load: tuple[float, float, float]) -> list[str]:
    models = [
        line.split(":", 1)[1].strip()
        for line in _read("/proc/cpuinfo").splitlines()
        if line.startswith("model name")
    ]
    cpu = models[0] if models else platform.processor() or "unknown"
    mem = re.search(r"MemTotal:\s+(\d+) kB", _read("/proc/meminfo"))
    ram = f"{int(mem[1]) / 2**20:.1f} GiB" if mem else "unknown"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"- CPU: {cpu}, {cores} cores usable (nproc)",
        f"- RAM: {ram}",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()}, Scrapy {version('Scrapy')}",
        f"- Code: {_commit()}",
        f"- Load average at start: {', '.join(f'{x:.2f}' for x in load)} ("
        + (
            "other processes shared the machine: absolute times are noisier than usual"
            if load[0] >= 1
            else "the machine was otherwise idle"
        )
        + ")",
    ]


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _commit() -> str:
    try:
        head = _git("rev-parse", "--short", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"commit {head}" + (" with uncommitted changes" if dirty else "")


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def document(
    outcomes: list[Outcome],
    command: str,
    started: datetime.datetime,
    load: tuple[float, float, float],
) -> str:
    total = sum(o.seconds for o in outcomes)
    lines = [
        "# Benchmarks",
        "",
        "levant beside the generic tools a user would otherwise pick, each pair run on the"
        " same input in the same run. Absolute times depend on the machine; the ratios are"
        " the figures to compare. Reproduce with the command below on a fresh clone.",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M} UTC",
        f"- Command: `{command}` ({total / 60:.1f} min in all)",
        *machine(load),
        "",
        "| benchmark | result | run time |",
        "|---|---|---:|",
        *(f"| [{o.name}](#{_anchor(o)}) | {o.verdict} | {o.seconds:.0f} s |" for o in outcomes),
        "",
    ]
    for outcome in outcomes:
        lines += [*section(outcome), ""]
    return "\n".join(lines)


def _anchor(outcome: Outcome) -> str:
    heading = next((line for line in section(outcome) if line.startswith("## ")), outcome.name)
    slug = re.sub(r"[^\w\- ]", "", heading[3:].strip().lower())
    return slug.replace(" ", "-")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--only", metavar="NAME", help="run one benchmark (e.g. crawl)")
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="write the document here (default: docs/benchmarks.md; none with --only)",
    )
    parser.add_argument("--timeout", type=int, default=TIMEOUT, help="seconds per benchmark")
    args = parser.parse_args(argv)
    names = discover(args.only)
    output = args.output or (None if args.only else DOC)
    started, load = datetime.datetime.now(datetime.UTC), os.getloadavg()
    outcomes = []
    for number, name in enumerate(names, 1):
        print(f"[{number}/{len(names)}] bench_{name} ...", file=sys.stderr, flush=True)
        outcome = run(name, args.timeout)
        outcomes.append(outcome)
        print("\n".join(section(outcome)) + "\n", flush=True)
        done = f"[{number}/{len(names)}] bench_{name}: {outcome.verdict}, {outcome.seconds:.0f} s"
        print(done, file=sys.stderr, flush=True)
    command = "make bench" if not args.only else f"python -m benchmarks --only {args.only}"
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(document(outcomes, command, started, load), "utf-8")
        print(f"wrote {output}", file=sys.stderr)
    failed = [o.name for o in outcomes if o.error]
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
