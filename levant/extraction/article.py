"""Article pages: ``extract_article(url, html)`` returns the :class:`~levant.items.Article`.

Each field is read from page metadata first (JSON-LD, ``og:``/``article:`` meta),
then from the site profile's selectors, then from generic rules any WordPress
theme satisfies. The body is the one field metadata cannot give; which path
produced it is recorded in ``Article.extraction`` ("site" or "generic"), and every
site selector that missed is reported in ``Extraction.notes`` so monitors can
tell a layout change from a bad page.

Dates are collected, not parsed: ``Article.date_candidates`` lists every raw
date the article itself states, best source first, and the date pipeline
normalises them. Dates in teasers, sidebars and listings are never candidates.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html
from parsel import Selector

from levant.extraction import css
from levant.extraction.body import BodyParts, find_body, split_body
from levant.extraction.metadata import PageMetadata, jsonld_names, jsonld_text, read_metadata
from levant.extraction.text import clean_text
from levant.items import Article
from levant.site import LEVANT, SiteProfile
from levant.urls import (
    canonicalize_url,
    is_site_url,
    shortlink_post_id,
    strip_tracking,
)

_GENERIC_TITLE = ("article h1", "h1.entry-title", "h1.post-title", "main h1", "h1")
_GENERIC_POST_META = (
    "article header",
    ".entry-meta",
    ".post-meta",
    ".td-post-header",
    ".article-header",
)
_GENERIC_TIME = (
    "article time[datetime]::attr(datetime), header time[datetime]::attr(datetime),"
    " .entry-meta time[datetime]::attr(datetime)"
)
_TIME_PUBLISHED = "time.published::attr(datetime), time[datetime]::attr(datetime)"
_GENERIC_AUTHORS = '[rel="author"], .author a, .byline a, [itemprop="author"], a[href*="/author/"]'
_GENERIC_CATEGORIES = '[rel~="category"], .post-categories a, .entry-category a'
_GENERIC_TAGS = '[rel="tag"], .tags-links a, .post-tags a'


@dataclass
class Extraction:
    """The article plus notes for stats: fallbacks taken, selectors missed, oddities."""

    article: Article
    notes: list[str] = field(default_factory=list)


def extract_article(
    url: str, html: str | bytes | Selector, profile: SiteProfile = LEVANT
) -> Extraction:
    """Extract one article page. ``url`` is the URL that was fetched (after redirects);
    ``html`` may be an already parsed page (a response's ``selector``)."""
    if isinstance(html, Selector):
        sel = html
    else:
        sel = Selector(text=html.decode("utf-8", "replace") if isinstance(html, bytes) else html)
    meta = read_metadata(sel)
    notes: list[str] = []
    if meta.jsonld_errors:
        notes.append("jsonld_invalid")
    ld = meta.jsonld
    body = _body(sel, url, profile, notes)
    title = (
        jsonld_text(ld, "headline")
        or meta.title
        or _site_or_generic(sel, profile.selectors.title, _GENERIC_TITLE, "title", notes)
    )
    article = Article(
        url=_canonical(url, meta, profile, notes),
        fetched_url=url,
        post_id=_post_id(sel, meta),
        title=clean_text(title),
        description=meta.description,
        body="\n\n".join(body.paragraphs),
        authors=jsonld_names(ld, "author") or _authors(sel, profile),
        source_credit=body.source_credit,
        sections=jsonld_names(ld, "articleSection")
        or meta.sections
        or _texts(sel.root, profile.selectors.categories, _GENERIC_CATEGORIES),
        tags=jsonld_names(ld, "keywords")
        or meta.tags
        or _texts(sel.root, profile.selectors.tags, _GENERIC_TAGS),
        image=jsonld_text(ld, "image") or meta.image,
        related_urls=_dedupe(canonicalize_url(urljoin(url, h), profile) for h in body.read_also),
        links=_dedupe(
            strip_tracking(urljoin(url, h), profile)
            for h in body.links
            if not is_site_url(urljoin(url, h), profile)
        ),
        language=(meta.language or "").split("-")[0] or None,
        extraction=body.path,
        date_candidates=_date_candidates(sel, meta, profile),
    )
    article.section = article.sections[0] if article.sections else None
    article.word_count = len(article.body.split())
    article.content_hash = content_hash(article)
    return Extraction(article=article, notes=notes)


def content_hash(article: Article) -> str:
    """SHA-256 of what a reader sees: title, body, sections, tags."""
    text = "\x1f".join([article.title, article.body, *article.sections, "\x1e", *article.tags])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _body(sel: Selector, url: str, profile: SiteProfile, notes: list[str]) -> BodyParts:
    root = sel.root if isinstance(sel.root, lxml_html.HtmlElement) else None
    container, path = find_body(sel, profile.selectors.body)
    if path == "generic":
        notes.append(f"selector_missed:body:{profile.selectors.body}")
    if container is None or root is None:
        notes.append("no_body_container")
        return BodyParts(path=path)
    return split_body(container, profile, path)


def _canonical(url: str, meta: PageMetadata, profile: SiteProfile, notes: list[str]) -> str:
    """rel=canonical, then og:url, then the fetched URL; never another host's URL."""
    for kind, candidate in (("canonical", meta.canonical), ("og_url", meta.og_url)):
        if not candidate:
            continue
        absolute = urljoin(url, candidate)
        if is_site_url(absolute, profile):
            return canonicalize_url(absolute, profile)
        notes.append(f"offsite_{kind}")
    return canonicalize_url(url, profile)


def _authors(sel: Selector, profile: SiteProfile) -> list[str]:
    """Site selector, then author links in the article header (never in teasers)."""
    header = _first_match(sel, (profile.selectors.post_meta, *_GENERIC_POST_META))
    return _texts(sel.root, profile.selectors.authors, "") or _texts(
        header if header is not None else sel.root, "", _GENERIC_AUTHORS
    )


def _post_id(sel: Selector, meta: PageMetadata) -> int | None:
    if meta.shortlink and (post_id := shortlink_post_id(meta.shortlink)):
        return post_id
    for query in ("article[id^=post-]::attr(id)", "body::attr(class)"):
        value = css.first(sel.root, query) or ""
        for token in value.replace("post-", "postid-").split():
            if token.startswith("postid-") and token[7:].isdigit():
                return int(token[7:])
    return None


def _date_candidates(
    sel: Selector, meta: PageMetadata, profile: SiteProfile
) -> list[dict[str, str]]:
    """Every date the article states about itself, best source first."""
    found: list[dict[str, str]] = []

    def add(field_name: str, source: str, raw: str | None) -> None:
        if raw := clean_text(raw):
            found.append({"field": field_name, "source": source, "raw": raw})

    ld = meta.jsonld
    add("published", "jsonld", jsonld_text(ld, "datePublished"))
    add("modified", "jsonld", jsonld_text(ld, "dateModified"))
    add("published", "meta", meta.published)
    add("modified", "meta", meta.modified)
    header = _first_match(sel, (profile.selectors.post_meta, *_GENERIC_POST_META))
    if header is not None:
        add("published", "time", css.first(header, _TIME_PUBLISHED))
        add("modified", "time", css.first(header, "time.updated::attr(datetime)"))
        add("published", "postmeta", _visible_date(header))
    else:
        add("published", "time", css.first(sel.root, _GENERIC_TIME))
    return found


def _visible_date(header: etree._Element) -> str | None:
    return _first_text(header, (".entry-date", ".posted-on", ".post-date", "time", ".date"))


def _first_text(root: etree._Element, queries: tuple[str, ...]) -> str | None:
    """The text of the first match of the first query whose match has any text."""
    for query in queries:
        element = css.first(root, query)
        if element is not None and clean_text(text := css.text(element)):
            return text
    return None


def _first_match(sel: Selector, selectors: tuple[str, ...]) -> etree._Element | None:
    for query in selectors:
        element = css.first(sel.root, query)
        if element is not None:
            return element
    return None


def _site_or_generic(
    sel: Selector, site_css: str, generic: tuple[str, ...], name: str, notes: list[str]
) -> str:
    text = _first_text(sel.root, (site_css,))
    if text is not None:
        return text
    notes.append(f"selector_missed:{name}:{site_css}")
    return _first_text(sel.root, generic) or ""


def _texts(root: etree._Element, site_css: str, generic_css: str) -> list[str]:
    """Texts of the site selector's matches, else of the generic selector's."""
    for query in (site_css, generic_css):
        values = [clean_text(css.text(e)) for e in css.select(root, query)] if query else []
        if any(values):
            return _dedupe(v for v in values if v)
    return []


def _dedupe(values: object) -> list[str]:
    return list(dict.fromkeys(values))  # type: ignore[call-overload]
