"""Machine-readable pages of the mirror: robots.txt, the RSS feed and the sitemaps."""

from __future__ import annotations

from email.utils import format_datetime
from html import escape

from levant.mirror import vocab
from levant.mirror.content import SiteModel

SITEMAP_PAGE_SIZE = 1000


def robots_txt(base: str) -> str:
    return (
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
        f"\nSitemap: {base}sitemap.xml\n"
    )


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
