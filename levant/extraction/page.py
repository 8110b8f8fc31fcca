"""The article page object: ``ArticlePage(url, html).extract()`` returns the article.

One small method per field. Each reads page metadata first (JSON-LD,
``og:``/``article:`` meta, ``rel=canonical``), then the site's layout (the first of
:data:`~levant.extraction.layouts.SITE_LAYOUTS` whose markers match the page),
then the generic layout any WordPress news theme satisfies. Which path produced the
body is recorded in ``Article.extraction`` ("site" or "generic"); a site selector
that missed is reported in ``Extraction.notes`` (``selector_missed/<field>``; the
selectors themselves are the layout's) so monitors can tell a layout change from a bad page.

Dates are read and normalised here (:mod:`levant.extraction.dates` collects them
from wherever the theme prints them, :mod:`levant.extraction.datepick` resolves
them in the site's time zone); the date pipeline keeps only stats and policy.
No engine, no settings, no I/O: a page object works on a saved page alone.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement
from parsel import Selector

from levant.extraction import css
from levant.extraction.body import BodyParts, find_body, split_body, visible_text
from levant.extraction.datepick import PickedDate, pick_dates
from levant.extraction.dates import collect_dates, foreign
from levant.extraction.layouts import GENERIC, SITE_LAYOUTS, Layout, site_layout
from levant.extraction.metadata import PageMetadata, jsonld_names, jsonld_text, read_metadata
from levant.extraction.text import clean_text
from levant.items import Article
from levant.site import LEVANT, SiteProfile
from levant.urls import canonicalize_url, is_site_url, shortlink_post_id, strip_tracking

# Titles an SEO plugin or theme writes as "<headline> - <site>" or "<site> | <headline>".
_TITLE_SEPARATORS = "-\u2013\u2014|:\u00b7\u2022\u00bb\u00ab/~"
# Title queries whose match is the article's headline; the rest need metadata to agree.
_STRONG_TITLE = 5


@dataclass
class Extraction:
    """The article plus notes for stats: fallbacks taken, selectors missed, oddities."""

    article: Article
    notes: list[str] = field(default_factory=list)


class ArticlePage:
    """An article page: one method per field of :class:`~levant.items.Article`.

    ``url`` is the URL that was fetched (after redirects); ``html`` the page, or its
    already parsed selector. ``fetched_at`` (aware) resolves relative dates;
    ``timezone`` (IANA) places times printed without an offset and is the zone dates
    are given in (default: the profile's). ``layouts`` are the site's layouts; pass
    ``()`` to read the page with the generic layout alone.
    """

    def __init__(
        self,
        url: str,
        html: str | bytes | Selector,
        profile: SiteProfile = LEVANT,
        *,
        fetched_at: datetime.datetime | None = None,
        timezone: str | None = None,
        layouts: tuple[Layout, ...] = SITE_LAYOUTS,
        read_also_limit: int = 0,
    ) -> None:
        self.url = url
        self.read_also_limit = read_also_limit  # read-also links read at most (0: all)
        self.profile = profile
        self.fetched_at = fetched_at
        self.timezone = timezone or profile.timezone
        self.selector = css.selector_of(html)
        self.root = self.selector.root
        self.notes: list[str] = []
        self.meta: PageMetadata = read_metadata(self.selector)
        if self.meta.jsonld_errors:
            self.notes.append("jsonld_invalid")
        self.layout = site_layout(self.root, layouts) if layouts else None

    # -- the record ---------------------------------------------------------------

    def extract(self) -> Extraction:
        """The whole article, and the notes extraction made on the way."""
        published, modified = self.dates
        article = Article(
            url=self.canonical_url(),
            fetched_url=self.url,
            post_id=self.post_id(),
            title=self.title(),
            description=self.meta.description,
            body=self.body(),
            authors=self.authors(),
            source_credit=self.body_parts.source_credit,
            sections=self.sections(),
            tags=self.tags(),
            image=jsonld_text(self.meta.jsonld, "image") or self.meta.image,
            related_urls=self.related_urls(),
            links=self.links(),
            language=(self.meta.language or "").split("-")[0] or None,
            extraction=self.body_parts.path,
            date_candidates=self.date_candidates,
        )
        if published is not None:
            article.published_raw, article.published_source = published.raw, published.source
            article.published_at = published.value.isoformat()
            article.published_precision = published.value.precision
        elif self.date_candidates:
            published_raw = [c["raw"] for c in self.date_candidates if c["field"] == "published"]
            article.published_raw = published_raw[0] if published_raw else None
        if modified is not None:
            article.modified_raw, article.modified_at = modified.raw, modified.value.isoformat()
        article.section = article.sections[0] if article.sections else None
        article.word_count = word_count(article.body)
        article.content_hash = content_hash(article)
        return Extraction(article=article, notes=self.notes)

    # -- fields -------------------------------------------------------------------

    def canonical_url(self) -> str:
        """rel=canonical, then og:url, then the fetched URL; never another host's URL."""
        return self._canonical

    @cached_property
    def _canonical(self) -> str:
        for kind, candidate in (("canonical", self.meta.canonical), ("og_url", self.meta.og_url)):
            if not candidate:
                continue
            absolute = urljoin(self.url, candidate)
            if is_site_url(absolute, self.profile):
                return canonicalize_url(absolute, self.profile)
            self.notes.append(f"offsite_{kind}")
        return canonicalize_url(self.url, self.profile)

    def post_id(self) -> int | None:
        """The WordPress post ID: the shortlink, the article's id, the body class."""
        if self.meta.shortlink and (post_id := shortlink_post_id(self.meta.shortlink)):
            return post_id
        for query in ("article[id^=post-]::attr(id)", "body::attr(class)"):
            value = css.first(self.root, query) or ""
            for token in value.replace("post-", "postid-").split():
                if token.startswith("postid-") and token[7:].isdigit():
                    return int(token[7:])
        return None

    def title(self) -> str | None:
        """The headline a reader sees, without the site's name; None when there is none.

        The site layout's title, else the article's own heading (``h1.entry-title``
        and kin), else a looser ``h1`` that metadata confirms, else the metadata
        title (JSON-LD headline, og:title, ``<title>``) with the site-name affix cut."""
        return self._title[0]

    @cached_property
    def _title(self) -> tuple[str | None, HtmlElement | None]:
        """The title and the element it was read from (None: from metadata)."""
        if self.layout is not None:
            found = self._first_element(self.layout.title)
            if found is not None:
                return visible_text(found), found
            self.notes.append("selector_missed/title")
        metadata = [
            self._without_site_name(t)
            for t in (jsonld_text(self.meta.jsonld, "headline"), self.meta.title)
            if t
        ]
        loose: list[HtmlElement] = []
        for rank, query in enumerate(GENERIC.title):
            for element in css.select(self.root, query):
                text = visible_text(element)
                if not text or foreign(element, self.root, True, self.body_container):
                    continue
                if rank < _STRONG_TITLE or any(_same_title(text, t) for t in metadata):
                    return text, element
                loose.append(element)
        if metadata:
            return metadata[0], None
        if self.meta.page_title:
            return self._without_site_name(self.meta.page_title), None
        return (visible_text(loose[0]), loose[0]) if loose else (None, None)

    def body(self) -> str | None:
        """The paragraphs joined by a blank line; None when the page holds none."""
        return "\n\n".join(self.body_parts.paragraphs) or None

    def authors(self) -> list[str]:
        """JSON-LD authors, the site's byline, bylines in the article (never teasers')."""
        found = jsonld_names(self.meta.jsonld, "author")
        if not found and self.layout is not None:
            found = self._texts(self.layout.authors)
        if not found:
            found = self._texts(GENERIC.authors, in_article=True)
        if not found and self.meta.author and not self.meta.author.startswith("http"):
            found = [self.meta.author]
        return _dedupe(name for n in found if (name := _byline_name(n)))

    def sections(self) -> list[str]:
        return (
            jsonld_names(self.meta.jsonld, "articleSection")
            or self.meta.sections
            or self._layout_texts("categories")
        )

    def tags(self) -> list[str]:
        """JSON-LD keywords, ``article:tag`` meta, the layout's tag links; never category
        links (block themes mark those ``rel="tag"`` too)."""
        return (
            jsonld_names(self.meta.jsonld, "keywords")
            or self.meta.tags
            or self._layout_texts("tags", exclude=_category_link)
        )

    def related_urls(self) -> list[str]:
        """The "read also" links of the body, canonical; with ``read_also_limit``, the
        first that many (a page listing thousands is a trap: canonicalising them all
        would cost more than the page)."""
        return read_also_urls(
            self.url, self.body_parts.read_also, self.profile, self.read_also_limit
        )

    def links(self) -> list[str]:
        """Other sites' links in the body (embeds, sources), tracking parameters removed."""
        return offsite_links(self.url, self.body_parts.links, self.profile)

    # -- parts shared by several fields --------------------------------------------

    @cached_property
    def body_container(self) -> HtmlElement | None:
        site = self.layout.body if self.layout is not None else ()
        container, path = find_body(self.root, site, GENERIC.body)
        self._body_path = path
        if self.layout is not None and path == "generic":
            self.notes.append("selector_missed/body")
        return container

    @cached_property
    def body_parts(self) -> BodyParts:
        container = self.body_container
        if container is None or not isinstance(self.root, HtmlElement):
            self.notes.append("no_body_container")
            return BodyParts(path=self._body_path)
        return split_body(container, self.profile, self._body_path)

    @cached_property
    def date_candidates(self) -> list[dict[str, str]]:
        """Every raw date the article states about itself, best source first."""
        if not isinstance(self.root, HtmlElement):
            return []
        post_meta = None
        if self.layout is not None and self.layout.post_meta:
            post_meta = self._first_element(self.layout.post_meta)
        return collect_dates(self.root, self.meta, self.body_container, self._title[1], post_meta)

    @cached_property
    def dates(self) -> tuple[PickedDate | None, PickedDate | None]:
        """``(published, modified)`` as :class:`~levant.extraction.datepick.PickedDate`."""
        now = self.fetched_at or datetime.datetime.now(datetime.UTC)
        return pick_dates(
            self.date_candidates,
            url=self.canonical_url(),
            now=now,
            timezone=self.timezone,
            notes=self.notes,
        )

    # -- helpers ------------------------------------------------------------------

    def _first_element(self, queries: tuple[str, ...]) -> HtmlElement | None:
        for query in queries:
            for element in css.select(self.root, query):
                if isinstance(element, HtmlElement) and visible_text(element):
                    return element
        return None

    def _layout_texts(
        self, name: str, exclude: Callable[[HtmlElement], bool] | None = None
    ) -> list[str]:
        if self.layout is not None and (found := self._texts(getattr(self.layout, name))):
            return found
        return self._texts(getattr(GENERIC, name), in_article=True, exclude=exclude)

    def _texts(
        self,
        queries: tuple[str, ...],
        *,
        in_article: bool = False,
        exclude: Callable[[HtmlElement], bool] | None = None,
    ) -> list[str]:
        """Texts of the first query's matches that have any (not teasers' when
        *in_article*, none that *exclude* refuses)."""
        for query in queries:
            elements = css.select(self.root, query)
            if exclude is not None:
                elements = [e for e in elements if not exclude(e)]
            if in_article:
                article = (self.body_container, self._title[1])
                elements = [e for e in elements if not foreign(e, self.root, True, *article)]
            values = [clean_text(css.text(e)) for e in elements]
            if any(values):
                return _dedupe(v for v in values if v)
        return []

    def _without_site_name(self, title: str) -> str:
        names = [*self.meta.site_names, *self.profile.names]
        for name in sorted({n for n in names if n}, key=len, reverse=True):
            cut = _cut_affix(title, name)
            if cut != title:
                return cut
        return title


def extract_article(
    url: str,
    html: str | bytes | Selector,
    profile: SiteProfile = LEVANT,
    *,
    fetched_at: datetime.datetime | None = None,
    timezone: str | None = None,
    layouts: tuple[Layout, ...] = SITE_LAYOUTS,
    read_also_limit: int = 0,
) -> Extraction:
    """Extract one article page (see :class:`ArticlePage`)."""
    page = ArticlePage(
        url,
        html,
        profile,
        fetched_at=fetched_at,
        timezone=timezone,
        layouts=layouts,
        read_also_limit=read_also_limit,
    )
    return page.extract()


def content_hash(article: Article) -> str:
    """SHA-256 of what a reader sees: title, body, sections, tags.

    A missing title or body (None) hashes as an empty one, as it did when items held
    ``""`` for it: an article re-crawled after that change does not look edited."""
    text = "\x1f".join(
        [article.title or "", article.body or "", *article.sections, "\x1e", *article.tags]
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def word_count(body: str | None) -> int | None:
    """Words in *body* (split on whitespace); None when there is no body."""
    return None if body is None else len(body.split())


def _cut_affix(title: str, name: str) -> str:
    separators = re.escape(_TITLE_SEPARATORS)
    escaped = re.escape(name)
    for pattern in (
        rf"^\s*{escaped}\s*[{separators}]+\s*(?P<rest>.+)$",
        rf"^(?P<rest>.+?)\s*[{separators}]+\s*{escaped}\s*$",
    ):
        found = re.match(pattern, title, re.IGNORECASE)
        if found and clean_text(found["rest"]):
            return clean_text(found["rest"])
    return title


# "كتب- محمود عادل:", "بقلم: …", "By …", "View all posts by …": the name alone.
_BYLINE = re.compile(
    r"^(?:كتب|كتبت|كتبه|بقلم|بواسطة|إعداد|تحرير|by|written\s+by|view\s+all\s+posts\s+by|"
    r"posted\s+by|par|von|por|oleh)\s*[-:\u2013\u2014]?\s*|\s*[:\-\u2013\u2014]\s*$",
    re.IGNORECASE,
)


def _byline_name(text: str) -> str:
    return clean_text(_BYLINE.sub("", text))


def _category_link(element: HtmlElement) -> bool:
    """A category (section) link: its URL, or the block theme's category terms."""
    if "/category/" in (element.get("href") or ""):
        return True
    return any(
        "taxonomy-category" in (a.get("class") or "") or "cat-links" in (a.get("class") or "")
        for a in element.iterancestors()
    )


def _same_title(heading: str, metadata: str) -> bool:
    a, b = heading.casefold(), metadata.casefold()
    return a == b or (len(a) >= 10 and (a in b or b in a))


def read_also_urls(base: str, hrefs: list[str], profile: SiteProfile, limit: int = 0) -> list[str]:
    """Read-also links as canonical URLs, once each, in page order (the first *limit*)."""
    if limit > 0:
        hrefs = hrefs[:limit]
    return _dedupe(canonicalize_url(urljoin(base, href), profile) for href in hrefs)


def offsite_links(base: str, hrefs: list[str], profile: SiteProfile) -> list[str]:
    """Other sites' http(s) links, tracking parameters removed, once each."""
    absolute = (urljoin(base, href) for href in hrefs)
    return _dedupe(
        strip_tracking(link, profile)
        for link in absolute
        if urlsplit(link).scheme in ("http", "https") and not is_site_url(link, profile)
    )


def _dedupe(values: object) -> list[str]:
    return list(dict.fromkeys(values))  # type: ignore[call-overload]
