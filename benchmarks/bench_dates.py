"""Benchmark ``levant.dates.normalise_date`` against plain ``dateparser.parse``.

Run ``python benchmarks/bench_dates.py``: prints markdown tables with, on the date
corpora (``tests/dates/corpus.tsv``, written by the project, and
``tests/dates/real_corpus.tsv``, date lines read on real pages with their source),
the accuracy of both, per corpus section too, and the dates read from non-dates;
the throughput ratio normaliser/dateparser (goal: at least 20x); and the cost of the
first call in a fresh process (import plus one call, measured in a subprocess).
``main()`` returns the lines, for a runner that collects them.

dateparser is called as a new user would, ``dateparser.parse(s, languages=["ar",
"en"])``, plus ``RELATIVE_BASE`` set to the corpus fetch time so relative rows can be
judged at all. It is judged leniently: a date is right if the day is right (a day
row) or the wall-clock minute is (a time row, the offset only checked when it
returns one); a non-date is right if it returns ``None``.
"""

from __future__ import annotations

import datetime
import json
import re
import statistics
import subprocess
import sys
import time
import zoneinfo
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = (ROOT / "tests" / "dates" / "corpus.tsv", ROOT / "tests" / "dates" / "real_corpus.tsv")
TZ = "Asia/Damascus"
# the corpus fetch time: the same as NOW in tests/dates/test_corpus.py
NOW = datetime.datetime(2024, 12, 19, 10, 45, 37, tzinfo=zoneinfo.ZoneInfo(TZ))
FIRST_CALL = "آخر تحديث: 14 سبتمبر 2021 - 09:15 ص"
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")

_FIRST_CALL_CODE = {
    "levant.dates": (
        "import time; t0 = time.perf_counter()\n"
        "import levant.dates; t1 = time.perf_counter()\n"
        "levant.dates.normalise_date({raw!r}); t2 = time.perf_counter()\n"
    ),
    "dateparser": (
        "import time; t0 = time.perf_counter()\n"
        "import dateparser; t1 = time.perf_counter()\n"
        "dateparser.parse({raw!r}, languages=['ar', 'en']); t2 = time.perf_counter()\n"
    ),
}
_PRINT = "import json; print(json.dumps([t1 - t0, t2 - t1]))\n"


def load_corpus() -> list[tuple[str, str, str]]:
    """``(section, raw, expected)`` rows of both corpora (a real row's source dropped)."""
    rows = []
    for corpus in CORPORA:
        section = ""
        for line in corpus.read_text(encoding="utf-8").splitlines():
            if line.startswith("# --- "):
                section = line[6:]
            if line.startswith("#") or not line:
                continue
            raw, expected = line.split("\t")[:2]
            rows.append((section, _ESCAPE.sub(lambda m: chr(int(m[1], 16)), raw), expected))
    return rows


def _dateparser_right(value: datetime.datetime | None, expected: str) -> bool:
    if not expected:
        return value is None
    if value is None:
        return False
    if "T" not in expected:
        return value.date().isoformat() == expected
    wanted = datetime.datetime.fromisoformat(expected)
    if value.tzinfo is not None and value.utcoffset() != wanted.utcoffset():
        return False
    return value.replace(tzinfo=None, second=0, microsecond=0) == wanted.replace(
        tzinfo=None, second=0, microsecond=0
    )


def _per_call(function: Callable[[str], object], raws: list[str], budget: float) -> float:
    """Mean seconds per call over whole passes of ``raws`` (at least one, ~``budget`` s)."""
    for raw in raws:  # warm up: lazy imports, compiled patterns, caches
        function(raw)
    passes, start = 0, time.perf_counter()
    while True:
        for raw in raws:
            function(raw)
        passes += 1
        elapsed = time.perf_counter() - start
        if elapsed >= budget:
            return elapsed / (passes * len(raws))


def _first_call(name: str, runs: int = 3) -> tuple[float, float]:
    """Median (import, first call) seconds in a fresh interpreter."""
    code = _FIRST_CALL_CODE[name].format(raw=FIRST_CALL) + _PRINT
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        )
        samples.append(json.loads(out.stdout))
    return (
        statistics.median(s[0] for s in samples),
        statistics.median(s[1] for s in samples),
    )


def main() -> list[str]:
    """Run the benchmark; return the report as markdown lines."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import dateparser

    from levant.dates import normalise_date

    rows = load_corpus()
    base = NOW.replace(tzinfo=None)

    def ours(raw: str):
        return normalise_date(raw, now=NOW, tz=TZ)

    def theirs(raw: str):
        return dateparser.parse(raw, languages=["ar", "en"], settings={"RELATIVE_BASE": base})

    sections: dict[str, list[int]] = {}
    false_dates = [0, 0]  # dates read from non-dates: levant.dates, dateparser
    for section, raw, expected in rows:
        found = ours(raw)
        if not expected:
            false_dates[0] += found is not None
            false_dates[1] += theirs(raw) is not None
        counts = sections.setdefault(section, [0, 0, 0])
        counts[0] += 1
        counts[1] += (found.isoformat() if found else "") == expected
        counts[2] += _dateparser_right(theirs(raw), expected)
    total = [sum(c[i] for c in sections.values()) for i in range(3)]
    dates = sum(1 for _, _, expected in rows if expected)
    real = sum(1 for section, _, _ in rows if section.startswith("real: "))

    raws = [raw for _, raw, _ in rows]
    our_time = _per_call(ours, raws, budget=1.0)
    their_time = _per_call(theirs, raws, budget=1.0)
    our_first, their_first = _first_call("levant.dates"), _first_call("dateparser")

    def pct(right: int, n: int) -> str:
        return f"{right}/{n} ({100 * right / n:.1f}%)"

    lines = [
        f"## levant.dates vs dateparser {dateparser.__version__} "
        f"({len(rows)} strings: {dates} dates, {len(rows) - dates} non-dates; "
        f"{real} read on real pages)",
        "",
        "| figure | levant.dates | dateparser |",
        "|---|---|---|",
        f"| accuracy | {pct(total[1], total[0])} | {pct(total[2], total[0])} |",
        f"| dates read from non-dates | {false_dates[0]} | {false_dates[1]} |",
        f"| time per call | {our_time * 1e6:.1f} µs | {their_time * 1e6:.1f} µs |",
        f"| throughput ratio (goal >= 20x) | {their_time / our_time:.1f}x | 1x |",
        f"| fresh process: import | {our_first[0] * 1e3:.1f} ms | {their_first[0] * 1e3:.1f} ms |",
        f"| fresh process: first call | {our_first[1] * 1e3:.1f} ms "
        f"| {their_first[1] * 1e3:.1f} ms |",
        f"| fresh process: import + first call | {sum(our_first) * 1e3:.1f} ms "
        f"| {sum(their_first) * 1e3:.1f} ms |",
        "",
        "| corpus section | rows | levant.dates | dateparser |",
        "|---|---|---|---|",
        *(
            f"| {section} | {n} | {pct(a, n)} | {pct(b, n)} |"
            for section, (n, a, b) in sections.items()
        ),
    ]
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
