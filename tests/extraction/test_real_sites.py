"""Real sites' markup (``real_sites/``): the page object's output, field by field.

Each fixture reproduces one real news site's article markup with our own text
(see ``real_sites/README.md``). Pages of other sites are read the way levant reads
a site on its first day: the generic layout alone, the site's host and time zone
from ``meta.json``. Each field is its own test, compared with ``expected.json``.

A field levant still gets wrong is listed in ``real_sites/known_gaps.json`` with
the reason; it runs as a strict expected failure, so fixing it turns the run red
until the entry is removed. No other failure is allowed, and no body may hold any
of the page's chrome.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from levant.extraction import extract_article
from levant.site import SiteProfile, generic_profile

FIXTURES = Path(__file__).parent / "real_sites"
GAPS: dict[str, str] = json.loads((FIXTURES / "known_gaps.json").read_text("utf-8"))
FOLDERS = sorted(p for p in FIXTURES.iterdir() if (p / "expected.json").is_file())


def site_profile(meta: dict[str, Any]) -> SiteProfile:
    """The fixture's site as levant would be pointed at it: its host, its time zone."""
    return generic_profile(meta["url"], meta["timezone"], meta["site"])


@cache
def extracted(name: str) -> dict[str, Any]:
    folder = FIXTURES / name
    meta = json.loads((folder / "meta.json").read_text("utf-8"))
    extraction = extract_article(
        meta["url"],
        (folder / "page.html").read_bytes(),
        site_profile(meta),
        fetched_at=datetime.fromisoformat(meta["fetched_at"]),
        layouts=(),
    )
    return vars(extraction.article)


def _gap(case: str) -> list[Any]:
    return [pytest.mark.xfail(reason=GAPS[case], strict=True)] if case in GAPS else []


def _cases() -> list[Any]:
    cases = []
    for folder in FOLDERS:
        expected = json.loads((folder / "expected.json").read_text("utf-8"))
        for field in expected:
            case = f"{folder.name}/{field}"
            cases.append(
                pytest.param(folder.name, field, expected[field], id=case, marks=_gap(case))
            )
    return cases


@pytest.mark.parametrize(("name", "field", "want"), _cases())
def test_field_matches_expected(name: str, field: str, want: Any) -> None:
    got = extracted(name)[field]
    if field == "published_at" and isinstance(got, str):
        got, want = to_minute(got, len(want) == 10), to_minute(want, len(want) == 10)
    assert got == want


def to_minute(value: str, day: bool) -> str:
    """Dates are compared to the minute (fixtures state minutes), or to the day where
    the page states only the day."""
    return value[:10] if day else value[:16] + value[19:]


@pytest.mark.parametrize(
    "name", [pytest.param(f.name, marks=_gap(f"{f.name}/chrome"), id=f.name) for f in FOLDERS]
)
def test_no_chrome_in_the_body(name: str) -> None:
    meta = json.loads((FIXTURES / name / "meta.json").read_text("utf-8"))
    body = extracted(name)["body"]
    assert [c for c in meta["chrome"] if c in body] == []


def test_every_known_gap_names_a_fixture_field() -> None:
    fields = {
        f"{folder.name}/{field}"
        for folder in FOLDERS
        for field in [*json.loads((folder / "expected.json").read_text("utf-8")), "chrome"]
    }
    assert sorted(set(GAPS) - fields) == []
