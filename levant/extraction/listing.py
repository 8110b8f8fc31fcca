"""Listing pages (home, sections): the menu's sections, article entries, the next page."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from levant.extraction import css
from levant.extraction.text import clean_text
from levant.site import LEVANT, SiteProfile
from levant.urls import canonicalize_url, is_site_url

_GENERIC_ENTRIES = (
    "main article, .posts-list > *, .post-item, article.post, .td-module-container,"
    " .wp-block-post-template > .wp-block-post"  # block themes' query loop
)
_GENERIC_ENTRY_LINK = (
    "h2 a[href], h3 a[href], .entry-title a[href], .post-title a[href], a[rel=bookmark],"
    " .wp-block-post-title a[href]"
)
_GENERIC_NEXT = (
    'a.next[href], a[rel="next"][href], link[rel="next"], a.wp-block-query-pagination-next[href]'
)


@dataclass
class ListingEntry:
    url: str  # as linked (absolute), not canonicalised
    published_raw: str | None = None


@dataclass
class Listing:
    entries: list[ListingEntry] = field(default_factory=list)
    next_page: str | None = None
    path: str = "site"  # which selectors found the entries
    offsite: int = 0  # entry links to other hosts, ports or schemes, left out
    cut: bool = False  # more entries than the limit asked for: the rest were not read


def parse_listing(
    url: str, html: str | bytes | Selector, profile: SiteProfile = LEVANT, limit: int = 0
) -> Listing:
    """Entries and next page of a listing; ``html`` may be an already parsed page.

    With *limit*, at most that many entries are read (``Listing.cut`` says there were
    more): a listing with 350,000 links costs what its first ones do.
    """
    sel = css.selector_of(html)
    s = profile.selectors
    read = limit + 1 if limit > 0 else 0
    entries = _entries(sel, url, s.listing_entries, s.listing_entry_link, profile, read)
    listing = Listing(entries=entries)
    if not listing.entries:
        listing.path = "generic"
        listing.entries = _entries(sel, url, _GENERIC_ENTRIES, _GENERIC_ENTRY_LINK, profile, read)
    if limit > 0 and len(listing.entries) > limit:
        listing.cut = True
        del listing.entries[limit:]
    on_site = [e for e in listing.entries if is_site_url(e.url, profile)]
    listing.offsite = len(listing.entries) - len(on_site)
    listing.entries = on_site
    next_href = _first_href(sel, s.next_page) or _first_href(sel, _GENERIC_NEXT)
    if next_href and is_site_url(urljoin(url, next_href), profile):
        listing.next_page = urljoin(url, next_href)
    return listing


def find_sections(
    url: str, html: str | bytes | Selector, profile: SiteProfile = LEVANT
) -> list[str]:
    """Slugs of the sections the site's menu links to, in menu order."""
    sel = css.selector_of(html)
    links = sel.css(profile.selectors.menu_links).xpath("@href").getall()
    if not links:
        links = sel.css("nav a[href], header a[href]").xpath("@href").getall()
    slugs = []
    for href in links:
        absolute = urljoin(url, href)
        if not is_site_url(absolute, profile):
            continue
        match = profile.section_path_pattern.match(
            urlsplit(canonicalize_url(absolute, profile)).path
        )
        if match:
            slugs.append(match.group(1))
    return list(dict.fromkeys(slugs))


def _entries(
    sel: Selector, url: str, entry_css: str, link_css: str, profile: SiteProfile, limit: int = 0
) -> list[ListingEntry]:
    entries = []
    for entry in css.select_at_most(sel.root, entry_css, limit):
        link = css.first(entry, link_css)
        href = link.get("href") if link is not None else None
        if not href:
            continue
        time = css.first(entry, profile.selectors.listing_entry_time)
        when = time.get("datetime") if time is not None else None
        entries.append(ListingEntry(url=urljoin(url, href), published_raw=clean_text(when) or None))
    return entries


def _first_href(sel: Selector, query: str) -> str | None:
    element = css.first(sel.root, query)
    return element.get("href") if element is not None else None
