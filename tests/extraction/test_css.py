"""Compiled CSS queries match what parsel's Selector.css matches, in the same order."""

from __future__ import annotations

from dataclasses import astuple
from pathlib import Path

import pytest
from lxml import etree
from parsel import Selector

from levant.extraction import css
from levant.extraction.article import _GENERIC_AUTHORS, _GENERIC_POST_META, _GENERIC_TIME
from levant.extraction.body import GENERIC_BODY
from levant.extraction.listing import _GENERIC_ENTRIES, _GENERIC_ENTRY_LINK, _GENERIC_NEXT
from levant.site import Selectors

FIXTURES = Path(__file__).parent / "fixtures"
QUERIES = sorted(
    {
        *astuple(Selectors()),
        *GENERIC_BODY,
        *_GENERIC_POST_META,
        _GENERIC_TIME,
        _GENERIC_AUTHORS,
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
