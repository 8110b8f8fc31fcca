"""HTML of the mirror: pages as a WordPress news theme renders them.

Each function returns the full HTML of one page. The markup follows what real
WordPress news themes emit: ``rel=canonical``, ``shortlink``, ``og:*`` and
``article:*`` meta, Yoast-style JSON-LD, ``<time datetime>``, an
``.entry-content`` body, and page chrome around it (menu, breadcrumbs, share
buttons, "you may also like" teasers with their own dates, popular posts,
newsletter, footer) that a correct extractor must leave out.
"""

from __future__ import annotations

import json
import random
from datetime import datetime
from html import escape
from urllib.parse import quote

from levant_dev.mirror import vocab
from levant_dev.mirror.model import MirrorArticle, SiteModel

EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
EG_MONTHS = (
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
    "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
)  # fmt: skip
LEVANT_MONTHS = (
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
)  # fmt: skip
EASTERN_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def display_date(when: datetime, style: int, with_time: bool = False) -> str:
    """The date as the site prints it in a post-meta line (five styles seen on the site)."""
    m = when.month - 1
    if style == 0:
        text = f"{EN_MONTHS[m]} {when.day}, {when.year}"
    elif style == 1:
        text = f"{when.day} {EG_MONTHS[m]} {when.year}"
    elif style == 2:
        text = f"{when.day} {LEVANT_MONTHS[m]} {when.year}"
    elif style == 3:
        text = f"{when.day} {LEVANT_MONTHS[m]}/{EG_MONTHS[m]} {when.year}"
    else:
        text = f"{when.day} {LEVANT_MONTHS[m]} {when.year}".translate(EASTERN_DIGITS)
    if with_time:
        hour = when.hour % 12 or 12
        text += f" - {hour:02d}:{when.minute:02d} {'ص' if when.hour < 12 else 'م'}"
    return text


def article_href(site: SiteModel, base: str, article: MirrorArticle, variant: int) -> str:
    """A link to an article in one of the forms real pages use (all one article).

    Kinds 0-5 and 7 are spellings a canonicaliser folds; kind 6 is the shortlink,
    which only the site's redirect resolves (used in listings, never in read-also).
    """
    canonical = base.rstrip("/") + article.path
    kind = variant % 8
    if kind == 1:
        return canonical + "?" + vocab.TRACKING_SUFFIXES[variant % len(vocab.TRACKING_SUFFIXES)]
    if kind == 2:
        return base.rstrip("/") + "/article/" + article.slug + "/"  # raw Arabic
    if kind == 3:
        return base.rstrip("/") + "/article/" + quote(article.slug) + "/"  # upper-case hex
    if kind == 4:
        return canonical.rstrip("/")  # no trailing slash (301 on the site)
    if kind == 5:
        return canonical + "amp/"
    if kind == 6:
        return f"{base}?p={article.post_id}"  # shortlink (301)
    return canonical


def _head(base: str, title: str, extra: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="UTF-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} - {vocab.SITE_NAME}</title>\n"
        f'<link rel="alternate" type="application/rss+xml" href="{base}feed/">\n'
        f'<link rel="stylesheet" href="{base}wp-content/themes/levant/style.css">\n{extra}</head>\n'
    )


def _menu(site: SiteModel, base: str) -> str:
    items = [f'<li class="menu-item menu-item-home"><a href="{base}">الرئيسية</a></li>']
    items += [
        f'<li class="menu-item menu-item-type-taxonomy"><a href="{base}category/{s.slug}/">'
        f"{escape(s.name)}</a></li>"
        for s in site.sections
    ]
    items.append(f'<li class="menu-item"><a href="{base}about/">من نحن</a></li>')
    return (
        '<header class="site-header"><div class="site-branding">'
        f'<a class="logo" href="{base}">{vocab.SITE_NAME}</a></div>'
        f'<nav class="main-menu"><ul class="menu">{"".join(items)}</ul></nav></header>\n'
    )


def _footer(base: str) -> str:
    return (
        '<footer class="site-footer"><p>جميع الحقوق محفوظة © ليفانت نيوز</p>'
        f'<a href="{base}privacy-policy/">سياسة الخصوصية</a></footer>\n</body>\n</html>\n'
    )


def _sidebar(site: SiteModel, base: str, rng: random.Random) -> str:
    listed = site.listed()[:40]
    popular = rng.sample(listed, min(5, len(listed)))
    items = "".join(
        f'<li><a href="{article_href(site, base, a, rng.choice((0, 1)))}">{escape(a.title)}</a>'
        f'<span class="post-date">{display_date(a.published, 0)}</span></li>'
        for a in popular
    )
    return (
        '<aside class="sidebar">'
        f'<section class="widget popular-posts"><h3 class="widget-title">{vocab.POPULAR_BLOCK}'
        f"</h3><ul>{items}</ul></section>"
        f'<section class="widget newsletter"><h3 class="widget-title">{vocab.NEWSLETTER_BLOCK}</h3>'
        f"<p>{vocab.NEWSLETTER_TEXT}</p><form><input type=email name=email></form></section>"
        "</aside>\n"
    )


def _teasers(site: SiteModel, base: str, article: MirrorArticle, rng: random.Random) -> str:
    pool = [a for a in site.listed()[:60] if a.post_id != article.post_id]
    if article.fixed_key == "seed":
        pool = [a for a in site.articles if a.fixed_key == "caricature"] + pool
        picks = pool[:3]
    else:
        picks = rng.sample(pool, min(3, len(pool)))
    cards = "".join(
        '<div class="related-card">'
        f'<span class="cat">{escape("|".join(s.name for s in a.sections))}</span>'
        f'<h4><a href="{article_href(site, base, a, 0)}">{escape(a.title)}</a></h4>'
        f'<span class="author">{escape(a.author)}</span>'
        f'<span class="date">- {display_date(a.published, 0)}</span></div>'
        for a in picks
    )
    return (
        f'<section class="related-posts"><h3 class="related-title">{vocab.TEASER_BLOCK}</h3>'
        f"{cards}</section>\n"
    )


def _jsonld(base: str, article: MirrorArticle, canonical: str) -> str:
    news = {
        "@type": "NewsArticle",
        "@id": canonical + "#article",
        "headline": article.title,
        "datePublished": article.published.isoformat(),
        "dateModified": article.modified.isoformat(),
        "author": {"@type": "Person", "name": article.author},
        "articleSection": [s.name for s in article.sections],
        "keywords": article.tags,
        "mainEntityOfPage": {"@id": canonical},
        "inLanguage": "ar",
        "image": {"@type": "ImageObject", "url": _image(base, article)},
        "publisher": {"@type": "Organization", "name": vocab.SITE_NAME},
    }
    if article.post_id % 2:
        data: dict[str, object] = {"@context": "https://schema.org", **news}
    else:  # Yoast SEO's @graph form
        page = {"@type": "WebPage", "@id": canonical, "url": canonical, "name": article.title}
        data = {"@context": "https://schema.org", "@graph": [page, news]}
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json" class="yoast-schema-graph">{text}</script>\n'


def _image(base: str, article: MirrorArticle) -> str:
    return f"{base}wp-content/uploads/{article.published:%Y/%m}/levant-{article.post_id}.jpg"


def _read_also(site: SiteModel, base: str, target: MirrorArticle | None, n: int) -> str:
    label = vocab.READ_ALSO[n % len(vocab.READ_ALSO)]
    if target is None:
        href, title = f"{base}article/{quote('مقال-محذوف')}/", "مقال لم يعد متاحاً"
    else:
        href, title = article_href(site, base, target, n % 6), target.title
    title = escape(title)
    forms = (
        f'<p><strong>{label}</strong> <a href="{href}">{title}</a></p>',
        f'<p><a href="{href}">{label} {title}</a></p>',
        f'<p>{label} <a href="{href}" target="_blank">{title}</a></p>',
        f'<p><strong><a href="{href}">{label} {title}</a></strong></p>',
    )
    return forms[n % len(forms)]


def _embed(article: MirrorArticle) -> str:
    url = article.embed or ""
    tracked = url + ("?" + vocab.FB_TRACKING if "facebook" in url else "&utm_source=levant")
    if "twitter" in url:
        tracked = url + "?ref_src=twsrc%5Etfw"
    provider = url.split("/")[2].split(".")[-2]
    return (
        f'<figure class="wp-block-embed is-type-video is-provider-{provider}">'
        f'<div class="wp-block-embed__wrapper"><a href="{escape(tracked)}">{escape(tracked)}</a>'
        "</div></figure>"
    )


def body_html(site: SiteModel, base: str, article: MirrorArticle) -> str:
    """The ``.entry-content`` of an article: paragraphs and the blocks around them."""
    rng = random.Random(article.rng_seed + 1)
    blocks = [f"<p>{escape(p)}</p>" for p in article.paragraphs]
    related = [site.by_id.get(pid) for pid in article.related]
    if article.broken_related:
        related.insert(0, None)
    at = min(2, len(blocks))
    for n, target in enumerate(related):
        blocks.insert(at + n * 2, _read_also(site, base, target, article.post_id + n))
    if article.embed:
        blocks.insert(1, _embed(article))
    if rng.random() < 0.4:
        blocks.insert(
            0,
            f'<figure class="wp-block-image"><img src="{_image(base, article)}" alt="">'
            "<figcaption>صورة أرشيفية</figcaption></figure>",
        )
    if article.source_credit:
        blocks.append(f"<p>{escape(article.source_credit)}</p>")
    blocks.append(
        '<div class="share-buttons"><span>شارك هذا المقال:</span>'
        '<a class="share-facebook" href="#">فيسبوك</a><a class="share-twitter" href="#">تويتر</a>'
        '<a class="share-whatsapp" href="#">واتساب</a></div>'
    )
    return "\n".join(blocks)


def _post_meta(base: str, article: MirrorArticle) -> str:
    author_slug = vocab.AUTHOR_SLUGS.get(article.author, "levant")
    byline = (
        f'<span class="byline">بواسطة <span class="author vcard"><a class="url fn n" '
        f'href="{base}author/{author_slug}/">{escape(article.author)}</a></span></span>'
    )
    if article.meta_profile == "text_only":
        shown = display_date(article.published, article.date_style, with_time=True)
        when = f'<span class="entry-date">{shown}</span>'
    else:
        shown = display_date(article.published, article.date_style)
        when = (
            f'<time class="entry-date published" datetime="{article.published.isoformat()}">'
            f'{shown}</time><time class="updated" datetime="{article.modified.isoformat()}">'
            f"{display_date(article.modified, article.date_style)}</time>"
        )
    return f'<div class="entry-meta">{byline} <span class="posted-on">{when}</span></div>'


def article_page(site: SiteModel, base: str, article: MirrorArticle) -> str:
    canonical = base.rstrip("/") + article.path
    description = escape(" ".join(article.paragraphs[0].split()[:25]))
    meta = [
        f'<link rel="canonical" href="{canonical}">',
        f'<link rel="shortlink" href="{base}?p={article.post_id}">',
        f'<link rel="amphtml" href="{canonical}amp/">',
        f'<meta name="description" content="{description}">',
        '<meta property="og:locale" content="ar_AR">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{escape(article.title)}">',
        f'<meta property="og:description" content="{description}">',
        f'<meta property="og:url" content="{canonical}">',
        f'<meta property="og:site_name" content="{vocab.SITE_NAME}">',
        f'<meta property="og:image" content="{_image(base, article)}">',
    ]
    if article.meta_profile in ("full", "no_jsonld"):
        meta += [
            f'<meta property="article:published_time" content="{article.published.isoformat()}">',
            f'<meta property="article:modified_time" content="{article.modified.isoformat()}">',
        ]
    meta += [
        f'<meta property="article:section" content="{escape(s.name)}">' for s in article.sections
    ]
    meta += [f'<meta property="article:tag" content="{escape(t)}">' for t in article.tags]
    head = _head(base, article.title, "\n".join(meta) + "\n")
    if article.meta_profile == "full":
        head = head.replace("</head>", _jsonld(base, article, canonical) + "</head>")
    primary = article.sections[0]
    categories = "".join(
        f'<a href="{base}category/{s.slug}/" rel="category tag">{escape(s.name)}</a>'
        for s in article.sections
    )
    tags = "".join(
        f'<a href="{base}tag/{quote(t)}/" rel="tag">{escape(t)}</a>' for t in article.tags
    )
    rng = random.Random(article.rng_seed + 2)
    return (
        head + f'<body class="post-template-default single single-post postid-{article.post_id} '
        'single-format-standard">\n'
        + _menu(site, base)
        + f'<div class="breadcrumbs"><a href="{base}">الرئيسية</a> » '
        f'<a href="{base}category/{primary.slug}/">{escape(primary.name)}</a> » '
        f'<span class="current">{escape(article.title)}</span></div>\n'
        '<main class="site-main">\n'
        f'<article id="post-{article.post_id}" class="post-{article.post_id} post type-post '
        f'status-publish category-{primary.slug}">\n'
        f'<header class="entry-header"><div class="entry-category">{categories}</div>'
        f'<h1 class="entry-title">{escape(article.title)}</h1>{_post_meta(base, article)}'
        "</header>\n"
        f'<div class="entry-content">\n{body_html(site, base, article)}\n</div>\n'
        f'<footer class="entry-footer"><div class="tags-links"><span>الوسوم:</span>{tags}</div>'
        "</footer>\n</article>\n"
        + _teasers(site, base, article, rng)
        + "</main>\n"
        + _sidebar(site, base, rng)
        + _footer(base)
    )


def amp_page(site: SiteModel, base: str, article: MirrorArticle) -> str:
    canonical = base.rstrip("/") + article.path
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
    return (
        '<!doctype html><html amp lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f'<title>{escape(article.title)}</title><link rel="canonical" href="{canonical}">'
        '</head><body><article class="amp-wp-article">'
        f'<h1 class="amp-wp-title">{escape(article.title)}</h1>'
        f'<div class="amp-wp-article-content">{paragraphs}</div></article></body></html>'
    )


# Link spellings of listing entries (see article_href); the home page also uses
# shortlinks, as legacy widgets do.
SECTION_VARIANTS = (0, 0, 2, 4, 1)
HOME_VARIANTS = (0, 6, 2, 4, 6)


def listing_items(
    site: SiteModel,
    base: str,
    entries: list[MirrorArticle],
    variants: tuple[int, ...] = SECTION_VARIANTS,
) -> list[str]:
    """One ``<article class="post-item">`` per entry, as listings show them."""
    items = []
    for n, a in enumerate(entries):
        href = article_href(site, base, a, variants[(a.post_id + n) % len(variants)])
        items.append(
            f'<article class="post-item post-{a.post_id}"><a class="post-thumb" href="{href}">'
            f'<img src="{_image(base, a)}" alt=""></a><div class="post-details">'
            f'<span class="post-cat">{escape(a.sections[0].name)}</span>'
            f'<h2 class="post-title"><a href="{href}" rel="bookmark">{escape(a.title)}</a></h2>'
            f'<div class="post-meta"><time datetime="{a.published.isoformat()}">'
            f"{display_date(a.published, 1)}</time></div>"
            f'<p class="post-excerpt">{escape(" ".join(a.paragraphs[0].split()[:18]))}…</p>'
            "</div></article>"
        )
    return items


def listing_page(
    site: SiteModel, base: str, title: str, entries: list[MirrorArticle], page: int,
    pages: int, page_url: str, variants: tuple[int, ...] = SECTION_VARIANTS,
) -> str:  # fmt: skip
    items = listing_items(site, base, entries, variants)
    nav = []
    for number in range(1, pages + 1):
        if number == page:
            nav.append(f'<span class="page-numbers current">{number}</span>')
        elif abs(number - page) <= 2 or number in (1, pages):
            nav.append(f'<a class="page-numbers" href="{page_url.format(n=number)}">{number}</a>')
    if page < pages:
        nav.append(
            f'<a class="next page-numbers" href="{page_url.format(n=page + 1)}">التالي »</a>'
        )
    rng = random.Random(page * 31 + len(title))
    return (
        _head(base, title)
        + '<body class="archive category">\n'
        + _menu(site, base)
        + f'<main class="site-main"><h1 class="page-title">{escape(title)}</h1>\n'
        f'<div class="posts-list">\n{chr(10).join(items)}\n</div>\n'
        f'<nav class="pagination">{"".join(nav)}</nav>\n</main>\n'
        + _sidebar(site, base, rng)
        + _footer(base)
    )


def simple_page(site: SiteModel, base: str, title: str, text: str) -> str:
    return (
        _head(base, title)
        + "<body>\n"
        + _menu(site, base)
        + f'<main class="site-main"><h1 class="page-title">{escape(title)}</h1>'
        f"<p>{escape(text)}</p></main>\n" + _footer(base)
    )
