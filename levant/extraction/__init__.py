"""Page extraction: plain functions over (url, html), no engine, no settings, no I/O.

- :func:`extract_article` — an article page to an :class:`~levant.items.Article`.
- :func:`parse_listing` — a home or section page to its entries and next page.
- :func:`find_sections` — the section slugs the site's menu links to.
"""

from levant.extraction.article import Extraction, content_hash, extract_article
from levant.extraction.listing import Listing, ListingEntry, find_sections, parse_listing

__all__ = [
    "Extraction",
    "Listing",
    "ListingEntry",
    "content_hash",
    "extract_article",
    "find_sections",
    "parse_listing",
]
