"""Extraction quality and speed: levant beside trafilatura and htmldate, same pages.

Run ``python benchmarks/bench_extraction.py``. Builds the mirror's 2,000 article
pages in memory (``levant_dev.mirror``: the HTML its server sends, fixed seed and
anchor) with their ground truth, then runs each party once over all of them:

- levant: ``extract_article(url, html, profile, fetched_at=now)`` with a fixed
  ``now``: the article's ``published_at`` as the crawl exports it;
- ``trafilatura.bare_extraction(html, url=url, with_metadata=True)``: text, title,
  date (trafilatura asks htmldate), categories and tags;
- ``htmldate.find_date(html, extensive_search=True, original_date=True,
  outputformat="%Y-%m-%d")``: the publication date only.

Fields are scored against the truth: title exact; body token F1 (whitespace
tokens, as multisets, mean over pages) and body exact; published date exact,
as full ISO 8601 (minute and offset, levant only: the peers give days) and at day
precision (all three); sections and tags equal as sets. Pages per second is
extraction alone, the HTML already in memory. Goals: levant body F1 >= 0.99 and
every published date right, and at least 5x trafilatura's pages per second.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import ARTICLES, anchor, article_pages, project_path, require, verdict

BASE = "http://127.0.0.1:8090/"
GOAL_F1, GOAL_SPEED = 0.99, 5.0
PARTIES = ("levant", "trafilatura", "htmldate")
Extractor = Callable[[str, str], dict[str, Any]]


def _levant() -> Extractor:
    project_path()
    from levant.extraction import extract_article
    from levant.site import LEVANT

    profile, now = LEVANT.with_base_url(BASE), anchor()

    def run(url: str, html: str) -> dict[str, Any]:
        article = extract_article(url, html, profile, fetched_at=now).article
        return {
            "title": article.title,
            "body": article.body,
            "published": article.published_at,
            "sections": article.sections,
            "tags": article.tags,
        }

    return run


def _trafilatura() -> Extractor:
    import trafilatura

    def run(url: str, html: str) -> dict[str, Any]:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
        if doc is None:
            return {}
        return {
            "title": doc.title,
            "body": doc.text,
            "published": doc.date,
            "sections": doc.categories,
            "tags": doc.tags,
        }

    return run


def _htmldate() -> Extractor:
    from htmldate import find_date

    def run(url: str, html: str) -> dict[str, Any]:
        date = find_date(html, extensive_search=True, original_date=True, outputformat="%Y-%m-%d")
        return {"published": date}

    return run


def _pass(run: Extractor, pages: list[tuple[str, str, dict[str, Any]]]) -> tuple[list, float]:
    """Every page through ``run`` once (after a short warm-up): outputs and pages/s."""
    for url, html, _ in pages[:10]:
        run(url, html)
    start = time.perf_counter()
    outputs = [run(url, html) for url, html, _ in pages]
    return outputs, len(pages) / (time.perf_counter() - start)


def token_f1(found: str | None, expected: str) -> float:
    """F1 of whitespace tokens, counted as multisets."""
    got, want = Counter((found or "").split()), Counter(expected.split())
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def _scores(outputs: list[dict[str, Any]], truths: list[dict[str, Any]]) -> dict[str, float]:
    n, sums = len(truths), Counter[str]()
    for out, truth in zip(outputs, truths, strict=True):
        sums["title"] += out.get("title") == truth["title"]
        sums["f1"] += token_f1(out.get("body"), truth["body"])
        sums["exact"] += out.get("body") == truth["body"]
        sums["iso"] += out.get("published") == truth["published_at"]
        sums["day"] += (out.get("published") or "")[:10] == truth["published_at"][:10]
        sums["sections"] += set(out.get("sections") or ()) == set(truth["sections"])
        sums["tags"] += set(out.get("tags") or ()) == set(truth["tags"])
    return {key: value / n for key, value in sums.items()}


def _by_profile(outputs: dict[str, list], truths: list[dict[str, Any]]) -> list[str]:
    """Published-day accuracy per kind of page metadata the mirror serves."""
    rows = []
    for profile in ("full", "no_jsonld", "time_only", "text_only"):
        picked = [i for i, t in enumerate(truths) if t["meta_profile"] == profile]
        cells = [
            f"{sum((outputs[p][i].get('published') or '')[:10] == truths[i]['published_at'][:10] for i in picked) / len(picked):.1%}"  # noqa: E501
            for p in PARTIES
        ]
        rows.append(f"| {profile} | {len(picked)} | " + " | ".join(cells) + " |")
    return rows


def main() -> list[str]:
    """Run the benchmark; return the report as markdown lines."""
    require("bench_extraction", "trafilatura", "htmldate")
    pages = list(article_pages(ARTICLES, BASE))
    truths = [truth for _, _, truth in pages]
    outputs, rates = {}, {}
    for name, make in zip(PARTIES, (_levant, _trafilatura, _htmldate), strict=True):
        outputs[name], rates[name] = _pass(make(), pages)
    scores = {name: _scores(outputs[name], truths) for name in PARTIES}
    ours, theirs = scores["levant"], scores["trafilatura"]
    speed = rates["levant"] / rates["trafilatura"]
    worst = min(
        token_f1(o.get("body"), t["body"]) for o, t in zip(outputs["levant"], truths, strict=True)
    )
    none = "—"

    def pct(party: str, key: str) -> str:
        return f"{scores[party][key]:.1%}"

    quality_met = ours["f1"] >= GOAL_F1 and ours["iso"] == 1.0
    return [
        f"## Extraction: levant vs trafilatura {version('trafilatura')} and htmldate"
        f" {version('htmldate')} ({len(pages):,} article pages of the mirror)",
        "",
        "| field | levant | trafilatura | htmldate |",
        "|---|---:|---:|---:|",
        f"| title exact | {pct('levant', 'title')} | {pct('trafilatura', 'title')} | {none} |",
        f"| body token F1 (mean) | {ours['f1']:.4f} | {theirs['f1']:.4f} | {none} |",
        f"| body exact | {pct('levant', 'exact')} | {pct('trafilatura', 'exact')} | {none} |",
        f"| published, full ISO 8601 exact | {pct('levant', 'iso')} | {none} (day only)"
        f" | {none} (day only) |",
        f"| published, day exact | {pct('levant', 'day')} | {pct('trafilatura', 'day')}"
        f" | {pct('htmldate', 'day')} |",
        f"| sections (as a set) | {pct('levant', 'sections')} | {pct('trafilatura', 'sections')}"
        f" | {none} |",
        f"| tags (as a set) | {pct('levant', 'tags')} | {pct('trafilatura', 'tags')} | {none} |",
        "| pages/s (extraction only) | " + " | ".join(f"{rates[p]:,.0f}" for p in PARTIES) + " |",
        "| pages/s relative to trafilatura | "
        + " | ".join(f"{rates[p] / rates['trafilatura']:.1f}x" for p in PARTIES)
        + " |",
        "",
        "| published day right, by page metadata | pages | levant | trafilatura | htmldate |",
        "|---|---:|---:|---:|---:|",
        *_by_profile(outputs, truths),
        "",
        f"- Quality: levant body F1 {ours['f1']:.4f} (worst page {worst:.4f}), published dates"
        f" {ours['iso']:.1%} exact to the minute and offset; {verdict(quality_met)} of body"
        f" F1 >= {GOAL_F1} and every date right.",
        f"- Speed: levant extracts {speed:.1f}x trafilatura's pages per second (levant's"
        f" figure includes reading the date); {verdict(speed >= GOAL_SPEED)} of at least"
        f" {GOAL_SPEED:.0f}x.",
        "- Peers' dates are compared as days, the most they return here (trafilatura's"
        " `date` and htmldate's `find_date` both give `YYYY-MM-DD`).",
    ]


if __name__ == "__main__":
    print("\n".join(main()))
