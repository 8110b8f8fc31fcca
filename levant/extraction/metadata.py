"""Page metadata every WordPress news site emits: JSON-LD, OpenGraph/article meta, links.

Read before the DOM: when a theme changes, these usually do not.
"""

from __future__ import annotations

import json
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


@dataclass
class PageMetadata:
    canonical: str | None = None
    og_url: str | None = None
    shortlink: str | None = None
    title: str | None = None
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
    meta = PageMetadata(
        canonical=_first(sel, 'link[rel="canonical"]::attr(href)'),
        og_url=_first(sel, 'meta[property="og:url"]::attr(content)'),
        shortlink=_first(sel, 'link[rel="shortlink"]::attr(href)'),
        title=_first(sel, 'meta[property="og:title"]::attr(content)'),
        description=_first(sel, 'meta[property="og:description"]::attr(content)')
        or _first(sel, 'meta[name="description"]::attr(content)'),
        image=_first(sel, 'meta[property="og:image"]::attr(content)'),
        language=_first(sel, "html::attr(lang)"),
        published=_first(sel, 'meta[property="article:published_time"]::attr(content)'),
        modified=_first(sel, 'meta[property="article:modified_time"]::attr(content)'),
        sections=_all(sel, 'meta[property="article:section"]::attr(content)'),
        tags=_all(sel, 'meta[property="article:tag"]::attr(content)'),
    )
    for raw in sel.css('script[type="application/ld+json"]::text').getall():
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            meta.jsonld_errors += 1
            continue
        node = _article_node(data)
        if node is not None and not meta.jsonld:
            meta.jsonld = node
    return meta


def jsonld_text(node: dict[str, Any], key: str) -> str | None:
    """A string property of a JSON-LD node (first of a list, ``name`` of an object)."""
    value = node.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@id") or value.get("url")
    return clean_text(value) or None if isinstance(value, str) else None


def jsonld_names(node: dict[str, Any], key: str) -> list[str]:
    """A list property of a JSON-LD node as names (strings, objects with name, CSV)."""
    value = node.get(key)
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name")
        if isinstance(item, str):
            parts = item.split(",") if key == "keywords" else [item]
            names += [clean_text(part) for part in parts]
    return [n for n in names if n]


def _article_node(data: Any) -> dict[str, Any] | None:
    for node in _walk(data):
        types = node.get("@type")
        types = types if isinstance(types, list) else [types]
        if any(t in _ARTICLE_TYPES for t in types if isinstance(t, str)):
            return node
    return None


def _walk(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    if depth > 4:
        return []
    if isinstance(data, list):
        return [n for item in data for n in _walk(item, depth + 1)]
    if isinstance(data, dict):
        return [data, *_walk(data.get("@graph", []), depth + 1)]
    return []


def _first(sel: Selector, css: str) -> str | None:
    value = sel.css(css).get()
    return clean_text(value) or None


def _all(sel: Selector, css: str) -> list[str]:
    return [v for v in (clean_text(x) for x in sel.css(css).getall()) if v]
