"""Benchmark the SQLite seen-store against an in-memory set of Scrapy fingerprints.

Run ``python benchmarks/bench_seen_store.py``: builds a
:class:`~levant.state.sqlite.SQLiteSeenStore` of 1,000,000 synthetic canonical
article URLs (Arabic slugs, percent-encoded as levant stores them) in a temporary
directory, then measures, each party in a process of its own so that it is
measured alone:

- the store: resident memory (``VmRSS``) of a process that holds it open and
  looks up URLs, and lookups per second for hits and misses (``url in store``,
  one query each, and ``known()`` in batches of 500);
- the baseline: a Python ``set`` of Scrapy's default request fingerprints
  (``scrapy.utils.request.fingerprint``) of the same 1,000,000 URLs, its
  resident memory and its membership tests per second.

The goal is at most 64 MB of resident memory for the process holding the store.
Lookup rates exclude building the key (URL or fingerprint). ``main()`` returns
the report as markdown lines.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
N_URLS = 1_000_000
N_QUERIES = 50_000  # hits, and as many misses
BATCH = 50_000  # upsert_many batch while building
GOAL_MB = 64
SEED = 20210914
# Words of Levant headlines; four of them make a slug, as WordPress writes it.
_HEADLINE = (
    "بشار الأسد روسيا بوتين سوريا لبنان العراق تركيا إيران الكرملين زيارة غير معلنة "
    "الانتخابات الرئاسية المعارضة النظام القوات الأجنبية مجلس الأمن الأمم المتحدة "
    "اللاجئين الاقتصاد الليرة الدولار الأسعار الكهرباء الوقود الحدود إدلب حلب دمشق "
    "درعا الرقة دير الزور القامشلي عفرين منبج حماة حمص اللاذقية طرطوس الجولان "
    "إسرائيل واشنطن موسكو أنقرة طهران بغداد بيروت عمان القاهرة الرياض الدوحة"
)
WORDS = tuple(_HEADLINE.split())
_ENCODED = [quote(word) for word in WORDS]
_SPACE = len(WORDS) ** 4
_STEP = 7_919  # prime, coprime with len(WORDS) ** 4: i -> slug is one-to-one
_OFFSET = 4_242_424


def url_for(i: int) -> str:
    """The i-th synthetic canonical article URL (distinct for distinct i < 60**4)."""
    n, w = (i * _STEP + _OFFSET) % _SPACE, len(WORDS)
    slug = "-".join(_ENCODED[(n // w**k) % w] for k in range(4))
    return f"https://thelevantnews.com/article/{slug}/"


def _rss_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process, in MB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def _query_indices() -> tuple[list[int], list[int]]:
    rng = random.Random(SEED)
    hits = rng.sample(range(N_URLS), N_QUERIES)
    misses = [N_URLS + i for i in rng.sample(range(N_URLS), N_QUERIES)]
    return hits, misses


def _rate(keys: list[int], make: Callable[[int], str], check: Callable[[str], bool]) -> float:
    """Checks per second, the time of making the keys subtracted."""
    start = time.perf_counter()
    for i in keys:
        make(i)
    making = time.perf_counter() - start
    start = time.perf_counter()
    for i in keys:
        check(make(i))
    return len(keys) / max(time.perf_counter() - start - making, 1e-9)


def _child_store(path: str) -> dict[str, float]:
    from levant.state.sqlite import SQLiteSeenStore

    base, _ = _rss_mb()
    hits, misses = _query_indices()
    with SQLiteSeenStore(path) as store:
        hit_rate = _rate(hits, url_for, store.__contains__)
        miss_rate = _rate(misses, url_for, store.__contains__)
        assert all(url_for(i) in store for i in hits[:100])
        assert not any(url_for(i) in store for i in misses[:100])
        start = time.perf_counter()
        found = sum(
            len(store.known(url_for(i) for i in hits[k : k + 500]))
            for k in range(0, N_QUERIES, 500)
        )
        batch_rate = N_QUERIES / (time.perf_counter() - start)
        assert found == N_QUERIES
        rss, peak = _rss_mb()
        entries = len(store)
    return {
        "entries": entries,
        "base": base,
        "rss": rss,
        "peak": peak,
        "hits": hit_rate,
        "misses": miss_rate,
        "batch": batch_rate,
    }


def _child_set() -> dict[str, float]:
    import gc

    from scrapy import Request
    from scrapy.utils.request import fingerprint

    def key(i: int) -> bytes:
        return fingerprint(Request(url_for(i)))

    base, _ = _rss_mb()
    start = time.perf_counter()
    seen = {key(i) for i in range(N_URLS)}
    build = time.perf_counter() - start
    gc.collect()
    rss, peak = _rss_mb()
    hits, misses = _query_indices()
    hit_keys, miss_keys = [key(i) for i in hits], [key(i) for i in misses]
    rates = []
    for keys in (hit_keys, miss_keys):
        start = time.perf_counter()
        found = sum(1 for k in keys if k in seen)
        rates.append(len(keys) / (time.perf_counter() - start))
        assert found == (len(keys) if keys is hit_keys else 0)
    return {
        "entries": len(seen),
        "base": base,
        "rss": rss,
        "peak": peak,
        "hits": rates[0],
        "misses": rates[1],
        "build": build,
    }


def _spawn(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, __file__, "--child", *args], stdout=subprocess.PIPE, text=True, env=env
    )


def _result(process: subprocess.Popen[str]) -> dict[str, float]:
    out, _ = process.communicate()
    if process.returncode:
        raise SystemExit(f"benchmark child {process.args} failed ({process.returncode})")
    return json.loads(out)


def _build(path: Path) -> float:
    from levant.state import ArticleState
    from levant.state.sqlite import SQLiteSeenStore

    start = time.perf_counter()
    with SQLiteSeenStore(path) as store:
        for first in range(0, N_URLS, BATCH):
            store.upsert_many(
                ArticleState(
                    url=url_for(i),
                    post_id=100_000 + i,
                    content_hash=hashlib.sha256(i.to_bytes(4, "big")).hexdigest(),
                    published_at="2021-09-14T10:32:00+03:00",
                    first_seen="2021-09-14T07:40:12Z",
                    last_seen="2021-09-14T07:40:12Z",
                )
                for i in range(first, min(first + BATCH, N_URLS))
            )
    return time.perf_counter() - start


def main() -> list[str]:
    """Run the benchmark; return the report as markdown lines."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="levant-bench-") as tmp:
        path = Path(tmp) / "state.db"
        set_child = _spawn("set")  # runs beside the build: one core each
        build = _build(path)
        size = path.stat().st_size / 2**20
        wal = sum(p.stat().st_size for p in Path(tmp).iterdir() if p != path) / 2**20
        store = _result(_spawn("store", str(path)))
        baseline = _result(set_child)

    def row(name: str, r: dict[str, float]) -> str:
        return (
            f"| {name} | {int(r['entries']):,} | {r['rss']:.1f} | {r['rss'] - r['base']:.1f}"
            f" | {r['hits']:,.0f} | {r['misses']:,.0f} |"
        )

    verdict = "meets" if store["rss"] <= GOAL_MB else "misses"
    return [
        f"## Seen-store: {N_URLS:,} canonical URLs",
        "",
        "| party | entries | RSS (MB) | RSS over imports (MB) | hits/s | misses/s |",
        "|---|---:|---:|---:|---:|---:|",
        row("SQLiteSeenStore (`url in store`)", store),
        row("`set` of Scrapy fingerprints", baseline),
        "",
        f"- Store RSS {store['rss']:.1f} MB (peak {store['peak']:.1f} MB): {verdict} the"
        f" goal of at most {GOAL_MB} MB; the set takes {baseline['rss'] / store['rss']:.1f}x"
        " the memory of the store.",
        f"- Lookups: the set answers {baseline['hits'] / store['hits']:,.0f}x faster on hits;"
        f" `known()` in batches of 500 does {store['batch']:,.0f} URLs/s.",
        f"- Building: the store took {build:.1f} s ({size:.0f} MB file, {wal:.0f} MB WAL);"
        f" fingerprinting {N_URLS:,} URLs for the set took {baseline['build']:.1f} s.",
    ]


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        kind = sys.argv[2]
        result = _child_store(sys.argv[3]) if kind == "store" else _child_set()
        print(json.dumps(result))
    else:
        print("\n".join(main()))
