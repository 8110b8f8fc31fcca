"""Page metadata every WordPress news site emits: JSON-LD, OpenGraph/article meta, links.

Read before the DOM: when a theme changes, these usually do not. Real sites spell
the same fact many ways: ``article:published_time`` as ``property=`` or ``name=``,
``name="pubdate"``; JSON-LD inside
``<![CDATA[…]]>``, with trailing commas or with HTML entities in its strings. Each
fact is read from every spelling, in the order below.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

from parsel import Selector

from levant.extraction.text import clean_text

_ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
}


# Each fact and its spellings, best first: (attribute, name) of <meta content=…>.
_PUBLISHED = (
    ("property", "article:published_time"),
    ("name", "article:published_time"),
    ("property", "og:published_time"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "publish-date"),
    ("name", "parsely-pub-date"),
    ("name", "sailthru.date"),
    ("name", "dc.date.issued"),
    ("name", "dcterms.created"),
    ("name", "date"),
)
_MODIFIED = (
    ("property", "article:modified_time"),
    ("name", "article:modified_time"),
    ("property", "og:updated_time"),
    ("name", "lastmod"),
    ("name", "dcterms.modified"),
)
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class PageMetadata:
    canonical: str | None = None
    og_url: str | None = None
    shortlink: str | None = None
    title: str | None = None  # og:title, else twitter:title
    page_title: str | None = None  # <title>
    site_names: list[str] = field(default_factory=list)  # og:site_name, JSON-LD publisher
    author: str | None = None  # <meta name="author">
    description: str | None = None
    image: str | None = None
    language: str | None = None
    published: str | None = None  # article:published_time
    modified: str | None = None  # article:modified_time
    sections: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    jsonld: dict[str, Any] = field(default_factory=dict)  # the NewsArticle node, if any
    jsonld_errors: int = 0


def read_metadata(sel: Selector) -> PageMetadata:
    tags, scripts = _meta_links_and_jsonld(sel)

    def first(key: tuple[str, str]) -> str | None:
        values = tags.get(key)
        return clean_text(values[0]) or None if values else None

    def every(key: tuple[str, str]) -> list[str]:
        return [v for v in (clean_text(x) for x in tags.get(key, [])) if v]

    def first_of(keys: tuple[tuple[str, str], ...]) -> str | None:
        return next((value for key in keys if (value := first(key))), None)

    root = next(iter(sel.root.iter("html")), None) if hasattr(sel.root, "iter") else None
    meta = PageMetadata(
        canonical=first(("link", "canonical")),
        og_url=first(("property", "og:url")),
        shortlink=first(("link", "shortlink")),
        title=first(("property", "og:title")) or first(("name", "twitter:title")),
        page_title=_page_title(sel),
        author=first(("name", "author")),
        description=first(("property", "og:description")) or first(("name", "description")),
        image=first(("property", "og:image")),
        language=clean_text(root.get("lang")) or None if root is not None else None,
        published=first_of(_PUBLISHED),
        modified=first_of(_MODIFIED),
        sections=every(("property", "article:section")) or every(("name", "article:section")),
        tags=every(("property", "article:tag")) or every(("name", "article:tag")),
    )
    site_names = every(("property", "og:site_name"))
    for raw in scripts:
        data = _load_jsonld(raw)
        if data is None:
            meta.jsonld_errors += 1
            continue
        node = _article_node(data)
        if node is not None and not meta.jsonld:
            meta.jsonld = node
        site_names += _jsonld_site_names(data)
    meta.site_names = list(dict.fromkeys(site_names))
    return meta


def _load_jsonld(raw: str) -> Any:
    """A JSON-LD script's data, also when wrapped in CDATA, with trailing commas or raw
    control characters; None when it is not JSON."""
    text = _CDATA.sub("", raw.strip()) if "CDATA" in raw else raw
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", text))):
        try:
            return json.loads(attempt)
        except (ValueError, RecursionError):
            continue
    return None


def _jsonld_site_names(data: Any) -> list[str]:
    """Names of the publisher and of the WebSite / Organization nodes."""
    names = []
    for node in _walk(data):
        if any(t in ("WebSite", "Organization", "NewsMediaOrganization") for t in _types(node)):
            names.append(node.get("name"))
        publisher = node.get("publisher")
        if isinstance(publisher, dict):
            names.append(publisher.get("name"))
    return [clean_text(html.unescape(n)) for n in names if isinstance(n, str) and n.strip()]


def _page_title(sel: Selector) -> str | None:
    root = sel.root
    if not hasattr(root, "iter"):
        return None
    element = next(root.iter("title"), None)
    return clean_text(element.text_content()) or None if element is not None else None


def jsonld_text(node: dict[str, Any], key: str) -> str | None:
    """A string property of a JSON-LD node (first of a list, ``name`` of an object)."""
    value = node.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@id") or value.get("url")
    return clean_text(_unescape(value)) or None if isinstance(value, str) else None


def jsonld_names(node: dict[str, Any], key: str) -> list[str]:
    """A list property of a JSON-LD node as names (strings, objects with name), a
    comma-joined string split (SEO plugins join ``articleSection`` and ``keywords``)."""
    value = node.get(key)
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name")
        if isinstance(item, str):
            item = _unescape(item)
            parts = _COMMAS.split(item) if key in _JOINED else [item]
            names += [clean_text(part) for part in parts]
    return list(dict.fromkeys(n for n in names if n))


_COMMAS = re.compile("[,\u060c]")
_JOINED = ("keywords", "articleSection")  # properties plugins print as one joined string


def _unescape(value: str) -> str:
    """JSON-LD strings some plugins escape twice (``&quot;``, ``&amp;#8211;``)."""
    while "&" in value and (unescaped := html.unescape(value)) != value:
        value = unescaped
    return value


def _article_node(data: Any) -> dict[str, Any] | None:
    for node in _walk(data):
        if any(t in _ARTICLE_TYPES for t in _types(node) if isinstance(t, str)):
            return node
    return None


def _types(node: dict[str, Any]) -> list[Any]:
    """A JSON-LD node's ``@type``, as a list (it may be one type or several)."""
    types = node.get("@type")
    return types if isinstance(types, list) else [types]


def _walk(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    if depth > 4:
        return []
    if isinstance(data, list):
        return [n for item in data for n in _walk(item, depth + 1)]
    if isinstance(data, dict):
        return [data, *_walk(data.get("@graph", []), depth + 1)]
    return []


def _meta_links_and_jsonld(sel: Selector) -> tuple[dict[tuple[str, str], list[str]], list[str]]:
    """Every ``<meta property|name=… content=…>`` and ``<link rel=… href=…>`` of the page,
    and the text of every JSON-LD script, in order, read in one pass (a CSS query for
    each would walk the page each time)."""
    found: dict[tuple[str, str], list[str]] = {}
    scripts: list[str] = []
    if not hasattr(sel.root, "iter"):
        return found, scripts
    for element in sel.root.iter("meta", "link", "script"):
        if element.tag == "script":
            if element.get("type") == "application/ld+json" and element.text:
                scripts.append(element.text)
            continue
        if element.tag == "link":
            key, value = ("link", element.get("rel")), element.get("href")
            if key[1] is not None and value is not None:
                found.setdefault(key, []).append(value)
            continue
        value = element.get("content")
        if value is None:
            continue
        for attribute in ("property", "name"):
            name = element.get(attribute)
            if name is not None:
                name = name.lower()
                found.setdefault((attribute, name), []).append(value)
    return found, scripts
