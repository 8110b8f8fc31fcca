"""Layouts: where a theme puts each field of an article page, as named CSS queries.

A :class:`Layout` is one theme's selectors. The site's own layouts come first, each
selected by markers on the page; :data:`GENERIC` holds the rules any WordPress news
theme satisfies and is the fallback of every field. When the site is redesigned, a
new layout is added beside the old one (with the date it took effect and the
markers that tell its pages apart), and the old one stays for old pages and their
fixtures.

Every field is a tuple of queries tried in order; the first whose match has text
wins. Layouts are plain data: :class:`levant.extraction.page.ArticlePage` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement

from levant.extraction import css


@dataclass(frozen=True)
class Layout:
    """One theme's article-page selectors."""

    name: str
    #: The page belongs to this layout when any of these queries matches (none: always).
    markers: tuple[str, ...] = ()
    #: The day the layout took effect on the site (documentation; ISO date).
    since: str | None = None
    title: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    post_meta: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def matches(self, root: HtmlElement) -> bool:
        return not self.markers or any(css.first(root, query) is not None for query in self.markers)


#: Levant News's theme as the offline mirror reproduces it (the live theme is unseen).
LEVANT_2021 = Layout(
    name="levant-2021",
    since="2021-01-01",
    title=("h1.entry-title",),
    body=("article .entry-content",),
    post_meta=("article .entry-header .entry-meta",),
    authors=("article .entry-meta .author a",),
    categories=("article .entry-header .entry-category a[rel~=category]",),
    tags=("article .entry-footer .tags-links a[rel=tag]",),
)

#: The site's layouts, newest first; the first whose markers match reads the page.
SITE_LAYOUTS: tuple[Layout, ...] = (LEVANT_2021,)

#: What every WordPress (and most other) news themes emit; the fallback of each field.
GENERIC = Layout(
    name="generic",
    title=(
        "article h1",
        "h1.entry-title",
        "h1.post-title",
        "h1.wp-block-post-title",
        "h1[itemprop=headline]",
        "main h1",
        "h1",
    ),
    body=(
        '[itemprop="articleBody"]',
        "#articleBody",
        "article .entry-content",
        ".entry-content",
        ".wp-block-post-content",
        ".post-content",
        ".article-content",
        ".td-post-content",
        ".post-body",
        ".article-body",
        ".content-inner",
        ".post-entry",
        ".entry",
    ),
    post_meta=(
        "article header",
        ".entry-meta",
        ".post-meta",
        ".td-post-header",
        ".article-header",
    ),
    authors=(
        '[rel="author"]',
        ".author a",
        ".byline a",
        '[itemprop="author"] [itemprop="name"]',
        '[itemprop="author"]',
        ".author.vcard .fn",
        ".wp-block-post-author__name",
        'a[href*="/author/"]',
        ".meta-author",
        ".author-name",
        ".author",
        ".byline",
    ),
    categories=(
        '[rel~="category"]',
        ".post-categories a",
        ".entry-category a",
        ".cat-links a",
        ".taxonomy-category a",
        ".meta-category a",
        ".post-cat",
        'a[href*="/category/"]',
    ),
    tags=(
        '[rel="tag"]',
        ".tags-links a",
        ".post-tags a",
        ".taxonomy-post_tag a",
        ".meta-tags a",
        ".tags a",
        'a[href*="/tag/"]',
        'a[href*="/tags/"]',
    ),
)


def site_layout(root: HtmlElement, layouts: tuple[Layout, ...] = SITE_LAYOUTS) -> Layout | None:
    """The first of the site's layouts whose markers match the page, if any."""
    return next((layout for layout in layouts if layout.matches(root)), None)


def body_queries() -> tuple[str, ...]:
    """Every body container query, the site's layouts first (the render check's)."""
    return (*(query for layout in SITE_LAYOUTS for query in layout.body), *GENERIC.body)
