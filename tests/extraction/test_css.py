"""Compiled CSS queries match what parsel's Selector.css matches, in the same order."""

from __future__ import annotations

from dataclasses import astuple
from pathlib import Path

import pytest
from lxml import etree
from parsel import Selector

from levant.extraction import css, dates
from levant.extraction.layouts import GENERIC, SITE_LAYOUTS
from levant.extraction.listing import _GENERIC_ENTRIES, _GENERIC_ENTRY_LINK, _GENERIC_NEXT
from levant.site import Selectors

FIXTURES = Path(__file__).parent / "fixtures"
QUERIES = sorted(
    {
        *astuple(Selectors()),
        *(
            query
            for layout in (*SITE_LAYOUTS, GENERIC)
            for queries in astuple(layout)[3:]
            for query in queries
        ),
        dates._PUBLISHED_MICRODATA,
        dates._PUBLISHED_TIME,
        dates._ENTRY_TIME,
        dates._HATOM_PUBLISHED,
        dates._MODIFIED_TIME,
        *dates._VISIBLE,
        _GENERIC_ENTRIES,
        _GENERIC_ENTRY_LINK,
        _GENERIC_NEXT,
        "::text",
        "time.published::attr(datetime), time[datetime]::attr(datetime)",
        "body::attr(class)",
    }
)


def _as_text(found: object) -> str:
    return (
        etree.tostring(found, encoding="unicode", method="html", with_tail=False)
        if isinstance(found, etree._Element)
        else str(found)
    )


@pytest.mark.parametrize("fixture", ["seed-article", "foreign-theme", "no-jsonld"])
@pytest.mark.parametrize("query", QUERIES)
def test_matches_equal_parsel(fixture: str, query: str) -> None:
    sel = Selector(text=(FIXTURES / fixture / "page.html").read_text("utf-8"))
    assert [_as_text(f) for f in css.select(sel.root, query)] == sel.css(query).getall()


def test_nothing_matches_in_what_is_not_an_html_element() -> None:
    assert css.select({"@type": "NewsArticle"}, "article") == []
    assert css.first(None, "h1") is None
