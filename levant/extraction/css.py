"""CSS queries compiled once, for the queries extraction runs on every page.

parsel translates a CSS query to XPath (cached) and lxml compiles that XPath again
on every call; here the compiled XPath is kept. The translation is parsel's own
(its ``HTMLTranslator``, ``::text`` and ``::attr(name)`` included), so :func:`select`
returns what ``Selector.css(query)`` matches, in document order, as lxml elements
and strings instead of selectors.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from lxml import etree
from parsel import Selector
from parsel.csstranslator import HTMLTranslator

_TRANSLATOR = HTMLTranslator()
_TEXT = etree.XPath("descendant-or-self::text()")


def selector_of(html: str | bytes | Selector) -> Selector:
    """A parsed page: *html* itself when it is one, else *html* parsed (bytes as UTF-8)."""
    if isinstance(html, Selector):
        return html
    return Selector(text=html.decode("utf-8", "replace") if isinstance(html, bytes) else html)


def select(element: Any, css: str) -> list[Any]:
    """Elements (or, with ``::text`` / ``::attr()``, strings) under *element* matching
    *css*; nothing under what is not an element (a page parsel did not read as HTML)."""
    if not isinstance(element, etree._Element):
        return []
    found: list[Any] = _compiled(css)(element)  # a node-set query: always a list
    return found


def select_at_most(element: Any, css: str, limit: int) -> list[Any]:
    """The first *limit* matches of :func:`select` (all with ``limit`` 0): a page with
    hundreds of thousands of matches costs lxml's search, not a Python object each."""
    if limit <= 0:
        return select(element, css)
    if not isinstance(element, etree._Element):
        return []
    found: list[Any] = _compiled_at_most(css, limit)(element)
    return found


def first(element: Any, css: str) -> Any | None:
    """The first match of *css* under *element*, or None."""
    found = select(element, css)
    return found[0] if found else None


def text(element: Any) -> str:
    """Every text node under *element*, joined by spaces (``" ".join(sel.css("::text"))``)."""
    return " ".join(_TEXT(element))


@lru_cache(maxsize=256)
def _compiled(css: str) -> etree.XPath:
    return etree.XPath(_TRANSLATOR.css_to_xpath(css))


@lru_cache(maxsize=64)
def _compiled_at_most(css: str, limit: int) -> etree.XPath:
    return etree.XPath(f"({_TRANSLATOR.css_to_xpath(css)})[position() <= {int(limit)}]")
