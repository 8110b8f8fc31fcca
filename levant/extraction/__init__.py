"""Page extraction: page objects and plain functions over (url, html); no engine, no I/O.

- :class:`ArticlePage` / :func:`extract_article` — an article page to an
  :class:`~levant.items.Article`, one method per field (:mod:`.page`), reading the
  site's layouts and the generic one (:mod:`.layouts`).
- :func:`parse_listing` — a home or section page to its entries and next page.
- :func:`find_sections` — the section slugs the site's menu links to.
"""

from levant.extraction.listing import Listing, ListingEntry, find_sections, parse_listing
from levant.extraction.page import ArticlePage, Extraction, content_hash, extract_article

__all__ = [
    "ArticlePage",
    "Extraction",
    "Listing",
    "ListingEntry",
    "content_hash",
    "extract_article",
    "find_sections",
    "parse_listing",
]
