"""The site profile: everything levant knows about Levant News in one place.

Extraction and crawling code read site-specific knowledge (base URL, sections,
CSS selectors, the wording of "read also" lines and of the source credit) from a
:class:`SiteProfile`. Everything here has a generic fallback elsewhere, so a
redesign of the site degrades extraction to the generic path instead of breaking
it. ``LEVANT`` is the profile of the live site; tests and the offline mirror use
the same profile with another ``base_url`` (``-a base_url=...``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Section:
    """A section (WordPress category) of the site: its URL slug and display name."""

    slug: str
    name: str


@dataclass(frozen=True)
class Selectors:
    """CSS selectors of the site's menu and listings. Each one has a generic fallback.
    Article pages are read by layouts (:mod:`levant.extraction.layouts`)."""

    menu_links: str = "nav.main-menu a[href]"
    listing_entries: str = ".posts-list article.post-item"
    listing_entry_link: str = "h2.post-title a[href]"
    listing_entry_time: str = "time[datetime]"
    next_page: str = "nav.pagination a.next[href]"
    # "Load more" controls; a button (or a link without href) needs a script to follow.
    load_more: str = "button.load-more, a.load-more, [data-load-more]"


# Query parameters that only track a click. Removed from every URL before it is
# requested or compared (see levant.urls). Prefix matches end with "*".
TRACKING_PARAMS: tuple[str, ...] = (
    "utm_*",
    "fbclid",
    "gclid",
    "dclid",
    "gclsrc",
    "msclkid",
    "yclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "__xts__*",
    "__tn__",
    "ref",
    "ref_src",
    "amp",
)


READ_ALSO = re.compile(
    r"^\s*(?:(?:[اإأ]قر[أا]|طالع|شاهد)\s+(?:[اأ]يض[اًآ]+|كذلك|المزيد)(?:\s*[:\uff1a.…]+|\s|$)|"
    r"(?:ذات\s+صلة|(?:read|see)\s+(?:also|more)|also\s+read|related(?:\s+(?:story|articles?|posts?))?|"
    r"lire\s+aussi|à\s+lire\s+aussi|lee\s+también|(?:también\s+)?te\s+puede\s+interesar|leia\s+(?:também|mais)|קר(?:א|או)\s+גם|עוד\s+באתר|עוד\s+בנושא|siehe\s+auch|lesen\s+sie\s+auch|"
    r"baca\s+juga)\s*(?:[:\uff1a.…]+|$))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SiteProfile:
    """Site-specific knowledge used by the spider, extraction and canonicalisation."""

    name: str
    base_url: str
    timezone: str
    sections: tuple[Section, ...]
    host_aliases: tuple[str, ...] = ()
    # The site's names as titles print them ("… - ليفانت نيوز"), longest first.
    names: tuple[str, ...] = ()
    # The language of its articles (BCP 47 primary tag), for records without a page.
    language: str | None = None
    section_path: str = "/category/{slug}/"
    section_path_pattern: re.Pattern[str] = re.compile(r"^/category/([^/]+)/?$")
    # Sitemaps that list no articles (Yoast SEO's names): not fetched,
    # and WordPress core's (5.5+): taxonomies, users, pages and other post types.
    non_article_sitemap: re.Pattern[str] = re.compile(
        r"(?:(category|post_tag|tag|author|page|product)-sitemap\d*\.xml|"
        r"wp-sitemap-(?:taxonomies-[\w-]+|users|posts-(?!post-)[\w-]+)-\d+\.xml)$"
    )
    tracking_params: tuple[str, ...] = TRACKING_PARAMS
    selectors: Selectors = field(default_factory=Selectors)
    # Section slugs whose listings always need a browser (see levant.render).
    render_sections: tuple[str, ...] = ()
    # "اقرأ أيضاً:" and its spellings (with/without hamza, tanween, colon), the other
    # words Arabic editors use ("طالع أيضاً", "شاهد أيضاً", "اقرأ المزيد"), and the
    # English, French, Spanish, German and Indonesian ones of WordPress themes.
    read_also: re.Pattern[str] = READ_ALSO
    # "ليفانت نيوز_ وكالات", "ليفانت - خاص", "ليفانت نيوز - وكالات".
    source_credit: re.Pattern[str] = re.compile(
        r"^\s*ليفانت(?:\s*نيوز)?\s*[_\-\u2013\u2014]\s*\S.{0,40}$"
    )

    def with_base_url(self, base_url: str) -> SiteProfile:
        """The same profile serving from another host (mirror, staging)."""
        if not base_url.endswith("/"):
            base_url += "/"
        return replace(self, base_url=base_url)

    def section_url(self, slug: str) -> str:
        return self.base_url.rstrip("/") + self.section_path.format(slug=slug)


LEVANT = SiteProfile(
    name="Levant News",
    base_url="https://thelevantnews.com/",
    timezone="Asia/Damascus",
    host_aliases=("www.thelevantnews.com",),
    names=("ليفانت نيوز", "Levant News", "ليفانت"),
    language="ar",
    sections=(
        Section("politics", "سياسة"),
        Section("reports", "تقارير وتحقيقات"),
        Section("economy", "اقتصاد"),
        Section("health", "الصحة"),
        Section("society", "المجتمع"),
        Section("caricature", "كاريكاتير"),
        Section("opinion", "مقالات رأي"),
    ),
)


def generic_profile(url: str, timezone: str, name: str = "") -> SiteProfile:
    """A profile for another site, read by the generic layout alone: its host (with and
    without ``www.``) from *url*, its IANA *timezone*; no sections, no site selectors."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    other = host.removeprefix("www.") if host.startswith("www.") else f"www.{host}"
    return SiteProfile(
        name=name or host,
        base_url=f"{parts.scheme}://{parts.netloc}/",
        timezone=timezone,
        sections=(),
        host_aliases=(other,),
    )
