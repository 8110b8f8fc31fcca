"""The spider's WordPress REST API discovery (``discover=api``): its callbacks.

:class:`ApiDiscovery` is a mixin of :class:`levant.spiders.levant.LevantSpider`: the
requests and the parsing of the posts endpoint, the fallback to the other ways of
discovery when the site does not answer, and the read-also links no listed post
explains. What the API is asked, and how its answers are read, is
:mod:`levant.spiders.wpapi`; a post becomes an article in
:mod:`levant.extraction.api`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from levant.extraction import ArticlePage
from levant.extraction.api import article_from_api
from levant.incremental import Fetch
from levant.items import Article
from levant.spiders import wpapi
from levant.spiders.parts import failed_request
from levant.urls import canonicalize_url, is_site_url

if TYPE_CHECKING:
    from levant.spiders.parts import SpiderParts as _Base
else:
    _Base = object

logger = logging.getLogger("levant.spiders.levant")


class ApiDiscovery(_Base):
    """Finding articles through WordPress's REST API (see the module)."""

    def parse_api(self, response: Response) -> Iterator[Any]:
        """A page of the posts endpoint: an article per post; the other pages; at the
        end, the read-also links no listed post explained."""
        style, page = response.meta["levant_api"]
        posts = wpapi.read_posts(response.body)
        if posts is None:
            if page == 1:
                yield from self._api_failed_at_first(style, None, "not_wordpress")
            else:
                self._api.incomplete = True
                self._count("discovery/api/page_unreadable")
            return
        self._count("discovery/api/pages")
        self._api_style = style
        if page == 1:
            self.crawler.stats.set_value("levant/discovery/api", "used")
            self._api.pages = wpapi.total_pages(response.headers)
            for later in range(2, self._api.pages + 1):
                yield self._api_request(later, style)
        fetched_at = datetime.now(UTC)
        for post in posts:
            yield from self._api_article(post, fetched_at)
        self._api.done += 1
        if self._api.done >= self._api.pages:
            yield from self._resolve_waiting_links()

    def api_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        style, page = failed_request(failure).meta["levant_api"]
        if self._watch.cycles:  # a poll of a watch, not the run's first look at the API
            self.poll_failed(failure)
            return
        response = getattr(failure.value, "response", None)
        status = response.status if response is not None else None
        reason = wpapi.why_not(status)
        if response is None and failure.check(IgnoreRequest):
            reason = "robots" if "robots.txt" in failure.getErrorMessage() else "ignored"
        if page == 1:
            yield from self._api_failed_at_first(style, status, reason)
            return
        self._api.incomplete = True
        self._count(f"discovery/api/page_failed/{reason}")
        logger.warning(
            "WordPress REST API page %d failed (%s): %s", page, reason, failed_request(failure).url
        )

    def resolve_link(self, response: Response) -> Iterator[Article]:
        """A read-also link no listed post explained, fetched only to learn the
        canonical URL it leads to (the article itself came from the API)."""
        url = canonicalize_url(response.url, self.profile)
        if isinstance(response, TextResponse) and response.body:
            url = ArticlePage(response.url, response.selector, self.profile).canonical_url()
        yield from self.read_also.arrived(self._links_to(response), url, None)

    def resolve_failed(self, failure: Failure) -> Iterator[Article]:
        yield from self.read_also.failed(self._links_to(failed_request(failure)))

    def _api_request(self, page: int, style: str) -> scrapy.Request:
        url = wpapi.posts_url(
            self.profile.base_url, style=style, page=page, modified_after=self._api.since
        )
        return scrapy.Request(
            url,
            callback=self.parse_api,
            errback=self.api_failed,
            dont_filter=True,
            meta={"levant_kind": "api", "levant_api": (style, page)},
        )

    def _api_failed_at_first(
        self, style: str, status: int | None, reason: str
    ) -> Iterator[scrapy.Request]:
        """The first page did not come: try the other spelling of the endpoint, then
        the next ways of discovery, saying why."""
        if style == "pretty" and (status == 404 or reason == "not_wordpress"):
            yield self._api_request(1, "rest_route")
            return
        self._count(f"discovery/api/fallback/{reason}")
        self.crawler.stats.set_value("levant/discovery/api", f"fallback: {reason}")
        others = [way for way in self.discover if way != "api"]
        logger.info(
            "WordPress REST API not available at %s (%s): finding articles by %s instead",
            self.profile.base_url,
            reason,
            ", ".join(others) or "nothing else (discover=api alone)",
        )
        yield from self._discovery_requests(others)

    def _api_article(self, post: dict[str, Any], fetched_at: datetime) -> Iterator[Any]:
        extraction = article_from_api(post, self.profile, timezone=self.timezone)
        article = extraction.article
        self._api.newest = wpapi.newest(self._api.newest, post)
        if not article.url or not is_site_url(article.url, self.profile):
            self._count("discovery/api/offsite_links")
            return
        if extraction.missing:
            # The API left fields out (a site that hides its users, say): the page has them.
            for name in extraction.missing:
                self._count(f"discovery/api/page_fetches/{name}")
            yield self._article_request(Fetch(article.url, "new"), "api", [])
            return
        article.crawled_at = fetched_at.isoformat(timespec="seconds")
        self._cap_read_also(article)
        self._count("articles/via/api")
        self._count("read_also/links", len(article.related_urls))
        yield from self.read_also.arrived([article.url], article.url, article.post_id)
        unknown = self._policy.read_also_to_follow(article.related_urls)
        if self.read_also.hold(article, unknown if self._hold else []) is None:
            yield article

    def _resolve_waiting_links(self) -> Iterator[scrapy.Request]:
        """Links still waited for once every listed post is known: an old address or
        an unlisted page; one request each says where it leads."""
        for link in self.read_also.waiting_links():
            if not is_site_url(link, self.profile):
                continue
            self._count("discovery/api/link_fetches")
            yield scrapy.Request(
                link,
                callback=self.resolve_link,
                errback=self.resolve_failed,
                meta={"levant_kind": "article", "levant_via": "read_also"},
            )
