"""Saved article pages, their metadata and the expected output, side by side, per field.

Each folder in ``fixtures/`` holds ``page.html`` (the page as served), ``meta.json``
(the URL it was fetched from and when) and ``expected.json`` (what a user must get).
Dates go through the same resolution as the date pipeline.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from levant.extraction import extract_article
from levant.site import LEVANT

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(
    (folder.name, field)
    for folder in FIXTURES.iterdir()
    for field in json.loads((folder / "expected.json").read_text("utf-8"))
)


def _extract(name: str) -> tuple[dict[str, object], dict[str, object]]:
    folder = FIXTURES / name
    meta = json.loads((folder / "meta.json").read_text("utf-8"))
    expected = json.loads((folder / "expected.json").read_text("utf-8"))
    fetched_at = datetime.fromisoformat(meta["fetched_at"])
    page = (folder / "page.html").read_bytes()
    extraction = extract_article(meta["url"], page, LEVANT, fetched_at=fetched_at)
    return dict(vars(extraction.article)), expected


@pytest.mark.parametrize(("fixture", "field"), CASES)
def test_field_matches_expected(fixture: str, field: str) -> None:
    got, expected = _extract(fixture)
    assert expected[field] not in (None, "", []), "expected values must not be empty"
    assert got[field] == expected[field]


@pytest.mark.parametrize("fixture", sorted(f.name for f in FIXTURES.iterdir()))
def test_teaser_and_sidebar_dates_are_never_candidates(fixture: str) -> None:
    got, _ = _extract(fixture)
    raws = " ".join(c["raw"] for c in got["date_candidates"])  # type: ignore[attr-defined]
    assert "2024-12-19" not in raws or fixture == "caricature"
    assert "December 19, 2024" not in raws or fixture == "caricature"
