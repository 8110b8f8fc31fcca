"""Theme B of the mirror (``--theme b``): the same site under another theme.

The content is the article of theme A, word for word (title, body blocks, dates,
sections, tags, author, read-also lines), and the page metadata a real site keeps
across a redesign stays too (``rel=canonical``, shortlink, ``og:*``/``article:*``
meta, JSON-LD, as each article's ``meta_profile`` says). Only the theme's markup
changes: other class names and structure for the article header, body container,
byline, tags, listings, menu and pagination. None of the site profile's selectors
(:class:`levant.site.Selectors`) for the body, the post meta, listings, the menu or
the next page matches, so a crawl takes the generic fallback: the layout drift
that :mod:`levant.monitors` must report.
"""

from __future__ import annotations

import random
from html import escape
from urllib.parse import quote

from levant_dev.mirror import pages, vocab
from levant_dev.mirror.model import MirrorArticle, SiteModel

THEME = "b"


def _topbar(site: SiteModel, base: str) -> str:
    links = [f'<a class="nav-link" href="{base}">الرئيسية</a>']
    links += [
        f'<a class="nav-link" href="{base}category/{s.slug}/">{escape(s.name)}</a>'
        for s in site.sections
    ]
    links.append(f'<a class="nav-link" href="{base}about/">من نحن</a>')
    return (
        f'<header class="topbar"><a class="brand" href="{base}">{vocab.SITE_NAME}</a>'
        f'<nav class="nav-primary">{"".join(links)}</nav></header>\n'
    )


def _rail(site: SiteModel, base: str, rng: random.Random) -> str:
    listed = site.listed()[:40]
    popular = rng.sample(listed, min(5, len(listed)))
    items = "".join(
        f'<li class="rail-item"><a href="{pages.article_href(site, base, a, 0)}">'
        f"{escape(a.title)}</a><small>{pages.display_date(a.published, 0)}</small></li>"
        for a in popular
    )
    return (
        f'<aside class="rail"><div class="rail-box"><h4>{vocab.POPULAR_BLOCK}</h4>'
        f"<ol>{items}</ol></div></aside>\n"
    )


def _foot(base: str) -> str:
    return (
        '<div class="page-foot"><small>جميع الحقوق محفوظة © ليفانت نيوز</small>'
        f' <a href="{base}privacy-policy/">سياسة الخصوصية</a></div>\n</body>\n</html>\n'
    )


def _byline(base: str, article: MirrorArticle) -> str:
    author_slug = vocab.AUTHOR_SLUGS.get(article.author, "levant")
    author = (
        f'<a class="story-author" rel="author" href="{base}author/{author_slug}/">'
        f"{escape(article.author)}</a>"
    )
    if article.meta_profile == "text_only":  # a visible date only, as theme A
        shown = pages.display_date(article.published, article.date_style, with_time=True)
        when = f'<time class="story-date">{shown}</time>'
    else:
        shown = pages.display_date(article.published, article.date_style)
        when = (
            f'<time class="story-date" datetime="{article.published.isoformat()}">{shown}</time>'
            f'<time class="story-modified" datetime="{article.modified.isoformat()}">'
            f"{pages.display_date(article.modified, article.date_style)}</time>"
        )
    return f'<div class="story-byline">{author} {when}</div>'


def article_page(site: SiteModel, base: str, article: MirrorArticle) -> str:
    """The article under theme B; ``<head>`` exactly as theme A emits it."""
    head = pages.article_page(site, base, article).split("<body", 1)[0]
    kicker = "".join(
        f'<a class="kicker" href="{base}category/{s.slug}/" rel="category tag">{escape(s.name)}</a>'
        for s in article.sections
    )
    topics = "".join(
        f'<a class="topic" href="{base}tag/{quote(t)}/" rel="tag">{escape(t)}</a>'
        for t in article.tags
    )
    rng = random.Random(article.rng_seed + 2)
    pool = [a for a in site.listed()[:60] if a.post_id != article.post_id]
    more = "".join(
        f'<div class="more-card"><a href="{pages.article_href(site, base, a, 0)}">'
        f"{escape(a.title)}</a><small>{escape(a.author)} - "
        f"{pages.display_date(a.published, 0)}</small></div>"
        for a in rng.sample(pool, min(3, len(pool)))
    )
    return (
        head
        + f'<body class="theme-newsroom story-page story-{article.post_id}">\n'
        + _topbar(site, base)
        + '<main id="content" class="layout">\n'
        f'<article class="story" id="story-{article.post_id}">\n'
        f'<header class="story-head"><div class="story-kicker">{kicker}</div>'
        f'<h1 class="story-headline">{escape(article.title)}</h1>{_byline(base, article)}'
        "</header>\n"
        f'<div class="story-text" itemprop="articleBody">\n'
        f"{pages.body_html(site, base, article)}\n</div>\n"
        f'<div class="story-topics"><span>الوسوم:</span>{topics}</div>\n</article>\n'
        f'<section class="more-stories"><h4>{vocab.TEASER_BLOCK}</h4>{more}</section>\n'
        "</main>\n" + _rail(site, base, rng) + _foot(base)
    )


def listing_page(
    site: SiteModel, base: str, title: str, entries: list[MirrorArticle], page: int,
    count: int, page_url: str, variants: tuple[int, ...] = pages.SECTION_VARIANTS,
) -> str:  # fmt: skip
    """A home or section page under theme B: cards, then a pager."""
    cards = []
    for n, a in enumerate(entries):
        href = pages.article_href(site, base, a, variants[(a.post_id + n) % len(variants)])
        cards.append(
            f'<article class="card"><a class="card-media" href="{href}">'
            f'<img src="{base}wp-content/uploads/{a.published:%Y/%m}/levant-{a.post_id}.jpg" '
            f'alt=""></a><div class="card-body"><span class="card-kicker">'
            f"{escape(a.sections[0].name)}</span>"
            f'<h3 class="card-title"><a href="{href}">{escape(a.title)}</a></h3>'
            f'<time datetime="{a.published.isoformat()}">{pages.display_date(a.published, 1)}'
            f'</time><p class="card-summary">{escape(" ".join(a.paragraphs[0].split()[:18]))}…'
            "</p></div></article>"
        )
    pager = [
        f'<a class="pager-link" href="{page_url.format(n=n)}">{n}</a>'
        if n != page
        else f'<b class="pager-here">{n}</b>'
        for n in range(1, count + 1)
        if abs(n - page) <= 2 or n in (1, count)
    ]
    if page < count:
        pager.append(
            f'<a class="pager-next" rel="next" href="{page_url.format(n=page + 1)}">التالي</a>'
        )
    rng = random.Random(page * 31 + len(title))
    return (
        pages._head(base, title)
        + '<body class="theme-newsroom section-page">\n'
        + _topbar(site, base)
        + f'<main id="content" class="layout"><h1 class="section-heading">{escape(title)}</h1>\n'
        f'<div class="story-grid">\n{chr(10).join(cards)}\n</div>\n'
        f'<div class="pager">{"".join(pager)}</div>\n</main>\n'
        + _rail(site, base, rng)
        + _foot(base)
    )
