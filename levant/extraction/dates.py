"""Every date the article states about itself, wherever the theme prints it.

Candidates are collected best source first: JSON-LD, ``article:`` meta (every
spelling, see :mod:`levant.extraction.metadata`), microdata
(``itemprop="datePublished"``), hAtom and ``<time>`` elements (``time.published``,
``time.updated``, the block themes' post-date block), then the visible post-meta
line. DOM dates are looked for in the article's own scope, widest last: the
article element holding the body, the common ancestor of the title and the body,
``<main>``, the page. Teasers, related posts, widgets, comments, the site's header
(with its "today" line) and footer are never a scope: a date inside them is not
the article's (:func:`foreign`).

Each candidate is ``{"field": "published"|"modified", "source": ..., "raw": ...}``;
:mod:`levant.extraction.datepick` turns them into the article's dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from levant.extraction import css
from levant.extraction.metadata import PageMetadata, jsonld_text
from levant.extraction.text import clean_text

Candidate = dict[str, str]

# Ancestors whose dates are not the article's: teasers, widgets, comments, chrome.
_FOREIGN_CLASS = re.compile(
    r"related|widget|sidebar|comment|teaser|recommend|popular|most-?read|trending|"
    r"newsletter|yarpp|crp_|jp-relatedposts|share|breadcrumb|ticker|breaking|"
    r"site-header|masthead|site-footer|footer-widgets|colophon|top-?bar|header-date|"
    r"today|current-date|date-today|also-like|more-stories|more-posts|post-navigation|"
    r"nav-links|wp-block-query|wp-block-post-template|wp-block-latest-posts|"
    r"latest-news|news-list|carousel|slider|menu",
    re.IGNORECASE,
)
_FOREIGN_TAGS = {"aside", "nav", "form"}
_CHROME_TAGS = {"header", "footer"}  # foreign unless inside the article's own element
_ARTICLE_TYPE = re.compile(r"Article|BlogPosting|Report", re.IGNORECASE)
_POST_CLASS = re.compile(r"\bhentry\b|\btype-post\b|\bsingle-post\b|\bpost-\d+\b")
_UPDATE_LABEL = re.compile(
    r"^\s*(?:آخر\s+تحديث|تم\s+التحديث|تحديث|حُدّث|updated|last\s+updated|modified|"
    r"mis\s+à\s+jour|aktualisiert|actualizado|güncelleme)",
    re.IGNORECASE,
)

_PUBLISHED_MICRODATA = '[itemprop="datePublished"]'
_MODIFIED_MICRODATA = '[itemprop="dateModified"]'
_PUBLISHED_TIME = "time.published, time[pubdate]"
# Themes that print no time.published: tagDiv's "entry-date updated" is the publication.
_ENTRY_TIME = ".wp-block-post-date time, time.entry-date, time.post-date, time.date"
_ANY_TIME = "time[datetime]"
_MODIFIED_TIME = "time.updated:not(.published), time.modified"
_HATOM_PUBLISHED = "abbr.published[title], .published[title]"
# Visible date lines, the narrow elements first (a whole meta line holds a byline too).
_VISIBLE = (
    ".wp-block-post-date, .entry-date, .posted-on, .post-date, .published, .td-post-date, "
    ".jeg_meta_date, .tie-date, .meta-date, .article-date, .news-date, .story-date, "
    ".timestamp, .date",
    ".submitted, .time, .byline",
    ".entry-meta, .post-meta",
)
_LOOSE_TEXT = ("span", "div", "p", "li", "small", "em", "strong", "b", "time", "font", "a")
_MAX_LINE = 120


def collect_dates(
    root: HtmlElement,
    meta: PageMetadata,
    body: HtmlElement | None,
    title: HtmlElement | None,
    post_meta: HtmlElement | None = None,
) -> list[Candidate]:
    """Every date the article states about itself, best source first.

    *post_meta* is the site layout's meta line: when it states a date, the page is
    the site's own and its dates are read there alone."""
    found: list[Candidate] = []

    def add(field_name: str, source: str, raw: str | None) -> None:
        candidate = {"field": field_name, "source": source, "raw": clean_text(raw)}
        if candidate["raw"] and candidate not in found:
            found.append(candidate)

    ld = meta.jsonld
    add("published", "jsonld", jsonld_text(ld, "datePublished"))
    add("modified", "jsonld", jsonld_text(ld, "dateModified"))
    add("published", "meta", meta.published)
    add("modified", "meta", meta.modified)
    if post_meta is not None:
        before = len(found)
        for field_name, source, raw in _post_meta_dates(post_meta):
            add(field_name, source, raw)
        if any(c["field"] == "published" for c in found[before:]):
            return found
    matches = _Matches(root)
    scopes = list(_scopes(root, body, title))
    for scope, outer in scopes:
        before = len(found)
        for field_name, source, raw in _dom_dates(matches, scope, outer, body, title, found):
            add(field_name, source, raw)
        if len(found) > before:
            break
    if _needs_loose_lines(found):
        for scope, outer in scopes:
            for field_name, source, raw in _loose_lines(scope, outer, body, title):
                add(field_name, source, raw)
            if found:
                break
    return found


def _post_meta_dates(post_meta: HtmlElement) -> Iterator[tuple[str, str, str | None]]:
    """The dates of a site layout's meta line: its time elements, then its text."""
    published = css.select(post_meta, _PUBLISHED_TIME) or css.select(post_meta, _ANY_TIME)
    for element in published:
        if not _is_update(element):
            yield "published", "time", element.get("datetime")
    for element in css.select(post_meta, _MODIFIED_TIME):
        yield "modified", "time", element.get("datetime")
    for element in css.select(post_meta, _VISIBLE[0]) or css.select(post_meta, "time"):
        text = clean_text(css.text(element))
        if 0 < len(text) <= _MAX_LINE:
            yield "modified" if _UPDATE_LABEL.match(text) else "published", "postmeta", text
            break


def _enough(found: list[Candidate]) -> bool:
    """Two published readings, none in UTC: a visible line would add nothing."""
    published = [c["raw"] for c in found if c["field"] == "published"]
    return len(published) >= 2 and not any(_UTC.search(raw) for raw in published)


def _needs_loose_lines(found: list[Candidate]) -> bool:
    """Look for bare date lines when the page printed no date element: always without
    metadata, and with metadata in UTC (the printed time tells a mislabelled zone)."""
    published = [c for c in found if c["field"] == "published"]
    if any(c["source"] not in ("jsonld", "meta") for c in published):
        return False
    return not published or any(_UTC.search(c["raw"]) for c in published)


_UTC = re.compile(r"(?:Z|[+-]00:?00)\s*$")


class _Matches(dict[str, list[HtmlElement]]):
    """Each date query run once over the page; scopes filter the matches."""

    def __init__(self, root: HtmlElement) -> None:
        super().__init__()
        self.root = root

    def __missing__(self, query: str) -> list[HtmlElement]:
        self[query] = css.select(self.root, query)
        return self[query]


def foreign(
    element: HtmlElement,
    scope: HtmlElement,
    outer: bool = False,
    body: HtmlElement | None = None,
    title: HtmlElement | None = None,
) -> bool:
    """Whether *element* sits in a teaser, widget, comment or chrome below *scope*.

    An ``<article>`` that does not hold the *body* is a teaser. *outer* marks the page
    itself as the scope: then a ``<header>`` or ``<footer>`` outside an article or
    ``<main>`` that holds neither the title nor the body is the site's own."""
    node: HtmlElement | None = element
    while node is not None and node is not scope and node.tag not in ("body", "html"):
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _FOREIGN_TAGS:
            return True
        if tag == "article" and (body is None or not _contains(node, body)):
            return True
        if outer and tag in _CHROME_TAGS and _site_chrome(node, body, title):
            return True
        if _FOREIGN_CLASS.search(_names(node)):
            return True
        node = node.getparent()
    return False


def _names(node: HtmlElement) -> str:
    """Class and id, without WordPress's post classes (``tag-breaking``, ``category-…``)."""
    classes = (node.get("class") or "").split()
    kept = [c for c in classes if not c.startswith(_POST_CLASS_PREFIXES)]
    return " ".join([*kept, node.get("id") or ""])


_POST_CLASS_PREFIXES = ("tag-", "category-", "post-", "postid", "format-", "status-", "type-")


def _scopes(
    root: HtmlElement, body: HtmlElement | None, title: HtmlElement | None
) -> Iterator[tuple[HtmlElement, bool]]:
    """The article's own element, the title's and body's common ancestor, main, page."""
    seen: set[HtmlElement] = set()
    for scope in (
        _article_element(body),
        _common_ancestor(title, body),
        css.first(root, "main, [role=main]"),
    ):
        if scope is not None and scope not in seen and scope is not root:
            seen.add(scope)
            yield scope, False
    yield root, True


def _article_element(body: HtmlElement | None) -> HtmlElement | None:
    node = body
    while node is not None:
        if isinstance(node.tag, str) and (
            node.tag == "article"
            or _ARTICLE_TYPE.search(node.get("itemtype") or "")
            or _POST_CLASS.search(node.get("class") or "")
        ):
            return node
        node = node.getparent()
    return None


def _common_ancestor(first: HtmlElement | None, second: HtmlElement | None) -> HtmlElement | None:
    if first is None or second is None:
        return None
    ancestors = set(first.iterancestors())
    return next((node for node in second.iterancestors() if node in ancestors), None)


def _site_chrome(node: HtmlElement, body: HtmlElement | None, title: HtmlElement | None) -> bool:
    if any(part is not None and _contains(node, part) for part in (body, title)):
        return False
    return not any(
        a.tag in ("article", "main") or _ARTICLE_TYPE.search(a.get("itemtype") or "")
        for a in node.iterancestors()
    )


def _dom_dates(
    matches: _Matches,
    scope: HtmlElement,
    outer: bool,
    body: HtmlElement | None,
    title: HtmlElement | None,
    found: list[Candidate],
) -> Iterator[tuple[str, str, str | None]]:
    """(field, source, raw) for the date elements of *scope*, in trust order; visible
    lines only while what was *found* so far is thin or in UTC."""

    def own(query: str) -> list[HtmlElement]:
        found = matches[query]
        if not outer:
            found = [e for e in found if _contains(scope, e)]
        return [e for e in found if not foreign(e, scope, outer, body, title)]

    for element in own(_PUBLISHED_MICRODATA):
        yield "published", "microdata", _machine_value(element)
    for element in own(_MODIFIED_MICRODATA):
        yield "modified", "microdata", _machine_value(element)
    published = own(_PUBLISHED_TIME) or own(_ENTRY_TIME)
    for element in published:
        yield "published", "time", element.get("datetime") or css.text(element)
    for element in own(_HATOM_PUBLISHED):
        yield "published", "time", element.get("title")
    for element in own(_MODIFIED_TIME):
        if element not in published:
            yield "modified", "time", element.get("datetime") or css.text(element)
    for element in own(_ANY_TIME):
        if element not in published and not _is_update(element):
            yield "published", "time", element.get("datetime")
    for query in _VISIBLE:
        if _enough(found):
            return
        for element in own(query):
            if body is not None and _contains(body, element):
                continue
            text = clean_text(css.text(element))
            if 0 < len(text) <= _MAX_LINE:
                label = "modified" if _UPDATE_LABEL.match(text) else "published"
                yield label, "postmeta", text


def _loose_lines(
    scope: HtmlElement,
    outer: bool,
    body: HtmlElement | None,
    title: HtmlElement | None,
) -> Iterator[tuple[str, str, str | None]]:
    """Short text lines outside the body that hold nothing but a date (a visible date
    line in an unclassed ``div``); the date reader decides which ones are dates."""
    from levant.dates import normalise_date  # lazily: the grammar compiles on first use

    for element in scope.iter(*_LOOSE_TEXT):
        text = element.text
        if not text or len(text) > _MAX_LINE or not any(c.isdigit() for c in text):
            continue
        if len(element) or (body is not None and _contains(body, element)):
            continue
        if foreign(element, scope, outer, body, title):
            continue
        if normalise_date(text) is not None:
            label = "modified" if _UPDATE_LABEL.match(text) else "published"
            yield label, "postmeta", text
            return


def _machine_value(element: HtmlElement) -> str | None:
    return element.get("content") or element.get("datetime") or css.text(element)


def _is_update(element: HtmlElement) -> bool:
    classes = element.get("class") or ""
    return ("updated" in classes or "modified" in classes) and "published" not in classes


def _contains(ancestor: HtmlElement, element: HtmlElement) -> bool:
    return element is ancestor or any(a is ancestor for a in element.iterancestors())
