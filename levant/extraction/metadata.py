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
    tags, scripts = _meta_links_and_jsonld(sel)

    def first(key: tuple[str, str]) -> str | None:
        values = tags.get(key)
        return clean_text(values[0]) or None if values else None

    def every(key: tuple[str, str]) -> list[str]:
        return [v for v in (clean_text(x) for x in tags.get(key, [])) if v]

    html = next(iter(sel.root.iter("html")), None) if hasattr(sel.root, "iter") else None
    meta = PageMetadata(
        canonical=first(("link", "canonical")),
        og_url=first(("property", "og:url")),
        shortlink=first(("link", "shortlink")),
        title=first(("property", "og:title")),
        description=first(("property", "og:description")) or first(("name", "description")),
        image=first(("property", "og:image")),
        language=clean_text(html.get("lang")) or None if html is not None else None,
        published=first(("property", "article:published_time")),
        modified=first(("property", "article:modified_time")),
        sections=every(("property", "article:section")),
        tags=every(("property", "article:tag")),
    )
    for raw in scripts:
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
                found.setdefault((attribute, name), []).append(value)
    return found, scripts
