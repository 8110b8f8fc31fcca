"""The ``levant`` spider: sections from the menu, their pages, articles, read-also links.

It only navigates; pages are handed to :mod:`levant.extraction`.

Arguments (``-a name=value``):

- ``base_url`` — the host serving the site (default: ``LEVANT_BASE_URL``, the live site).
- ``sections`` — comma-separated section slugs to crawl (default: all in the menu).
- ``max_pages`` — listing pages per section at most (default: no limit).
- ``since`` — ``YYYY-MM-DD``: stop paginating a section once its entries are older.
- ``render`` — ``auto`` (default), ``never`` or ``always``: when pages go through a
  browser (see :mod:`levant.render`).

Every request carries ``meta["levant_kind"]``: ``home``, ``listing`` or ``article``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse

from levant.extraction import extract_article, find_sections, parse_listing
from levant.site import LEVANT, SiteProfile
from levant.urls import canonicalize_url, is_site_url, variant_kinds

logger = logging.getLogger(__name__)

RENDER_MODES = ("auto", "never", "always")


class LevantSpider(scrapy.Spider):
    name = "levant"

    def __init__(
        self,
        base_url: str | None = None,
        sections: str | None = None,
        max_pages: str | int | None = None,
        since: str | None = None,
        render: str = "auto",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if render not in RENDER_MODES:
            raise ValueError(f"render={render!r}: use one of {', '.join(RENDER_MODES)}")
        self.render_mode = render
        self._base_url_arg = base_url
        self.section_filter = (
            [s.strip() for s in sections.split(",") if s.strip()] if sections else []
        )
        self.max_pages = int(max_pages) if max_pages else None
        self.since = date.fromisoformat(since) if since else None
        self.profile: SiteProfile = LEVANT

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> LevantSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        base_url = (
            spider._base_url_arg or crawler.settings.get("LEVANT_BASE_URL") or LEVANT.base_url
        )
        spider.profile = LEVANT.with_base_url(base_url)
        return spider

    # -- navigation -------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(
            self.profile.base_url,
            callback=self.parse_home,
            dont_filter=True,
            meta={"levant_kind": "home"},
        )

    def parse_home(self, response: Response) -> Iterator[scrapy.Request]:
        slugs = (
            find_sections(response.url, _text(response), self.profile) if _is_html(response) else []
        )
        if not slugs:
            self._count("sections/from_profile")
            logger.warning(
                "No section links in the menu of %s; using the site profile's list", response.url
            )
            slugs = [s.slug for s in self.profile.sections]
        if self.section_filter:
            unknown = sorted(set(self.section_filter) - set(slugs))
            if unknown:
                logger.warning("Sections not on the site, skipped: %s", ", ".join(unknown))
            slugs = [s for s in slugs if s in self.section_filter]
        self.crawler.stats.set_value("levant/sections", len(slugs))
        for slug in slugs:
            yield scrapy.Request(
                self.profile.section_url(slug),
                callback=self.parse_section,
                cb_kwargs={"section": slug, "page": 1},
                meta={"levant_kind": "listing"},
            )

    def parse_section(
        self, response: Response, section: str, page: int
    ) -> Iterator[scrapy.Request]:
        if not _is_html(response):
            return
        listing = parse_listing(response.url, _text(response), self.profile)
        self._count(f"listing/path/{listing.path}")
        self._count("listing/pages")
        yield from self._article_requests((e.url for e in listing.entries), via="listing")
        if not listing.next_page or (self.max_pages and page >= self.max_pages):
            return
        if (
            self.since
            and listing.entries
            and all(self._older(e.published_raw) for e in listing.entries)
        ):
            logger.info("Section %s: page %d is older than %s, stopping", section, page, self.since)
            return
        yield scrapy.Request(
            canonicalize_url(listing.next_page, self.profile),
            callback=self.parse_section,
            cb_kwargs={"section": section, "page": page + 1},
            meta={"levant_kind": "listing"},
        )

    def parse_article(self, response: Response) -> Iterator[Any]:
        """Hand an article page to extraction; follow its read-also links.

        @site_path /article/بشار-الأسد-إلى-روسيا-في-زيارة-غير-معلنة/
        @returns items 1 1
        @returns requests 1 1
        @scrapes url title body sections tags published_raw related_urls
        """
        if not _is_html(response):
            self._count("skipped/not_html")
            logger.info("Not an HTML page, skipped: %s", response.url)
            return
        extraction = extract_article(response.url, _text(response), self.profile)
        self._count(f"articles/via/{response.meta.get('levant_via', 'start')}")
        for note in extraction.notes:
            self._count(f"extraction/{note}")
        article = extraction.article
        article.crawled_at = datetime.now(UTC).isoformat(timespec="seconds")
        yield article
        self._count("read_also/links", len(article.related_urls))
        yield from self._article_requests(article.related_urls, via="read_also")

    def _article_requests(self, urls: Iterable[str], via: str) -> Iterator[scrapy.Request]:
        for url in urls:
            if not is_site_url(url, self.profile):
                self._count("offsite_links")
                continue
            canonical = canonicalize_url(url, self.profile)
            yield scrapy.Request(
                canonical,
                callback=self.parse_article,
                meta={
                    "levant_kind": "article",
                    "levant_variants": variant_kinds(url, self.profile),
                    "levant_via": via,
                },
            )

    # -- helpers ----------------------------------------------------------------

    def _older(self, raw: str | None) -> bool:
        try:
            return bool(raw) and datetime.fromisoformat(raw).date() < self.since  # type: ignore[arg-type,operator]
        except ValueError:
            return False

    def _count(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(f"levant/{key}", count)


def _is_html(response: Response) -> bool:
    return isinstance(response, TextResponse)


def _text(response: Response) -> str:
    return response.text  # type: ignore[attr-defined]
