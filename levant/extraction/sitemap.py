"""Sitemaps and sitemap indexes, plain or gzipped, read without trusting them.

:func:`read_sitemap` returns the sitemap's type and entries (``loc``, ``lastmod``),
or the reason it could not: ``too_large`` (a gzip bomb: decompression stops at
``max_size`` bytes) or ``unreadable`` (not XML, or not a sitemap). Parsing uses
Scrapy's :class:`~scrapy.utils.sitemap.Sitemap`, whose lxml parser resolves no
entities, so an entity-expansion bomb costs nothing.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from lxml import etree
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

GZIP_MAGIC = b"\x1f\x8b\x08"


@dataclass
class SitemapPage:
    type: str | None = None  # "urlset" or "sitemapindex"
    entries: list[dict[str, str]] = field(default_factory=list)
    problem: str | None = None  # "too_large" | "unreadable"
    malformed: bool = False  # not well-formed XML: entries are what lxml recovered


def read_sitemap(body: bytes, max_size: int) -> SitemapPage:
    if body[:3] == GZIP_MAGIC:
        try:
            body = gunzip(body, max_size=max_size)
        except ValueError:  # scrapy's _DecompressionMaxSizeExceeded
            return SitemapPage(problem="too_large")
        except (OSError, EOFError, struct.error):
            return SitemapPage(problem="unreadable")
    if max_size and len(body) > max_size:
        return SitemapPage(problem="too_large")
    try:
        sitemap = Sitemap(body)
    except Exception:  # lxml raises several types on hostile XML
        return SitemapPage(problem="unreadable")
    if sitemap.type not in ("urlset", "sitemapindex"):
        return SitemapPage(problem="unreadable")
    malformed = not _well_formed(body)
    try:
        entries = [dict(e) for e in sitemap if e.get("loc")]
    except Exception:
        return SitemapPage(problem="unreadable")
    return SitemapPage(type=sitemap.type, entries=entries, malformed=malformed)


def _well_formed(body: bytes) -> bool:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return False
    return True
