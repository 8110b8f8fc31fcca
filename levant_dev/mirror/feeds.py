"""Machine-readable pages of the mirror: robots.txt, the RSS feed and the sitemaps.

Sitemaps come in two kinds: Yoast SEO's (``/sitemap.xml``, ``post-sitemap.xml``,
1,000 URLs a file, newest modification listed), served by default, and WordPress
core's (``/wp-sitemap.xml``, ``wp-sitemap-posts-post-N.xml``, 2,000 URLs a file,
by post ID, with ``<lastmod>`` as WordPress 6.5+ prints it), served with ``--api``.
The feed carries WordPress's validators: ``Last-Modified`` is the newest
modification of any post, the ``ETag`` a hash of it (:func:`feed_validators`).
"""

from __future__ import annotations

import hashlib
from datetime import UTC
from email.utils import format_datetime
from html import escape

from levant_dev.mirror import vocab
from levant_dev.mirror.model import SiteModel

SITEMAP_PAGE_SIZE = 1000
CORE_SITEMAP_PAGE_SIZE = 2000
_XSL = '<?xml-stylesheet type="text/xsl" href="{base}wp-sitemap.xsl" ?>\n'


def robots_txt(base: str, core_sitemaps: bool = False) -> str:
    sitemap = "wp-sitemap.xml" if core_sitemaps else "sitemap.xml"
    return (
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
        f"\nSitemap: {base}{sitemap}\n"
    )


def feed_validators(site: SiteModel) -> tuple[str, str]:
    """``(ETag, Last-Modified)`` of the feed: they change when any post changes."""
    newest = max(a.modified for a in site.articles)
    last_modified = format_datetime(newest.astimezone(UTC), usegmt=True)
    return f'"{hashlib.md5(last_modified.encode()).hexdigest()}"', last_modified


def rss_feed(site: SiteModel, base: str, count: int = 20) -> str:
    items = []
    for a in site.listed()[:count]:
        link = base.rstrip("/") + a.path
        categories = "".join(f"<category><![CDATA[{s.name}]]></category>" for s in a.sections)
        items.append(
            f"<item><title>{escape(a.title)}</title><link>{link}</link>"
            f"<pubDate>{format_datetime(a.published)}</pubDate>{categories}"
            f'<guid isPermaLink="false">{base}?p={a.post_id}</guid>'
            f"<description><![CDATA[{a.paragraphs[0]}]]></description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>'
        f"<title>{vocab.SITE_NAME}</title><link>{base}</link><language>ar</language>"
        + "".join(items)
        + "</channel>\n</rss>\n"
    )


def sitemap_index(site: SiteModel, base: str, extra: str = "") -> str:
    pages = max(1, -(-len(site.articles) // SITEMAP_PAGE_SIZE))
    names = ["post-sitemap.xml"] + [f"post-sitemap{n}.xml" for n in range(2, pages + 1)]
    entries = "".join(f"<sitemap><loc>{base}{name}</loc></sitemap>" for name in names) + extra
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}<sitemap><loc>{base}category-sitemap.xml</loc></sitemap></sitemapindex>\n"
    )


def post_sitemap(site: SiteModel, base: str, number: int) -> str | None:
    """Yoast-style post sitemap: oldest first, 1,000 a file, with ``<lastmod>``."""
    oldest_first = site.articles[::-1]
    chunk = oldest_first[(number - 1) * SITEMAP_PAGE_SIZE : number * SITEMAP_PAGE_SIZE]
    if not chunk:
        return None
    urls = "".join(
        f"<url><loc>{base.rstrip('/')}{a.path}</loc><lastmod>{a.modified.isoformat()}</lastmod></url>"
        for a in chunk
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
    )


def category_sitemap(site: SiteModel, base: str) -> str:
    urls = "".join(f"<url><loc>{base}category/{s.slug}/</loc></url>" for s in site.sections)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
    )


def core_sitemap_index(site: SiteModel, base: str, extra: str = "") -> str:
    """``/wp-sitemap.xml``: posts (by 2,000), pages, categories and users."""
    count = max(1, -(-len(site.articles) // CORE_SITEMAP_PAGE_SIZE))
    names = [f"wp-sitemap-posts-post-{n}.xml" for n in range(1, count + 1)]
    names += ["wp-sitemap-posts-page-1.xml", "wp-sitemap-taxonomies-category-1.xml"]
    names.append("wp-sitemap-users-1.xml")
    entries = "".join(f"<sitemap><loc>{base}{name}</loc></sitemap>" for name in names)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + _XSL.format(base=base)
        + '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}{extra}</sitemapindex>\n"
    )  # fmt: skip


def core_posts_sitemap(site: SiteModel, base: str, number: int) -> str | None:
    """``wp-sitemap-posts-post-N.xml``: posts by ID, with ``<lastmod>`` in UTC."""
    by_id = sorted(site.articles, key=lambda a: a.post_id)
    chunk = by_id[(number - 1) * CORE_SITEMAP_PAGE_SIZE : number * CORE_SITEMAP_PAGE_SIZE]
    if not chunk:
        return None
    home = base.rstrip("/")
    return _urlset(
        base,
        "".join(
            f"<url><loc>{home}{a.path}</loc>"
            f"<lastmod>{a.modified.astimezone(UTC):%Y-%m-%dT%H:%M:%S+00:00}</lastmod></url>"
            for a in chunk
        ),
    )


def core_other_sitemap(site: SiteModel, base: str, name: str) -> str | None:
    """The pages, categories and users sitemaps of WordPress core (no articles)."""
    if name == "posts-page":
        paths = ["about/", "privacy-policy/"]
    elif name == "taxonomies-category":
        paths = [f"category/{s.slug}/" for s in site.sections]
    elif name == "users":
        paths = [f"author/{slug}/" for slug in vocab.AUTHOR_SLUGS.values()]
    else:
        return None
    return _urlset(base, "".join(f"<url><loc>{base}{path}</loc></url>" for path in paths))


def _urlset(base: str, urls: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + _XSL.format(base=base)
        + f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
    )  # fmt: skip
