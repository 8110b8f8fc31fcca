"""The ``levant`` spider: sections from the menu, their pages, articles, read-also links.

It only navigates; pages are handed to :mod:`levant.extraction`, and what an
incremental recrawl fetches again is decided by :mod:`levant.incremental`.

Arguments (``-a name=value``, read and checked by :mod:`levant.spiders.args`):

- ``base_url`` — the host serving the site (default: ``LEVANT_BASE_URL``, the live site).
- ``mode`` — ``incremental`` (default; a full crawl when the state is empty), ``full``
  or ``watch`` (incremental, then a poll every ``interval`` seconds: see
  :mod:`levant.spiders.watch`).
- ``interval`` — ``mode=watch``: seconds between two polls (default 60).
- ``discover`` — comma-separated ways to find articles: ``api`` (WordPress's REST
  API, see :mod:`levant.spiders.wpapi`; when it answers, the other ways are its
  fallback), ``feed`` (RSS), ``sitemap`` (with ``<lastmod>``), ``sections``. Default
  ``api,sections``.
- ``sections`` — comma-separated section slugs to crawl (default: all in the menu).
- ``max_pages`` — listing pages per section at most (default: no limit).
- ``since`` — ``YYYY-MM-DD``: stop paginating a section once its entries are older.
- ``render`` — ``auto`` (default), ``never`` or ``always``: when pages go through a
  browser (see :mod:`levant.render`).

Every request carries ``meta["levant_kind"]``: ``home``, ``listing``, ``feed``,
``sitemap`` or ``article``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Generator, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from parsel import Selector
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.base import DelayedCall
from twisted.python.failure import Failure

from levant import signals as levant_signals
from levant.config import default, setting, stop_on_bad_settings
from levant.extraction import extract_article, find_sections, parse_listing
from levant.extraction.layouts import SITE_LAYOUTS, Layout
from levant.extraction.sitemap import read_sitemap
from levant.incremental import Conditional, Fetch, RecrawlPolicy, RecrawlSettings
from levant.items import Article
from levant.site import LEVANT, SiteProfile
from levant.spiders import wpapi
from levant.spiders.api_discovery import ApiDiscovery
from levant.spiders.args import ArgumentError, SpiderArgs, exit_on
from levant.spiders.parts import failed_request
from levant.spiders.related import ReadAlsoLinks
from levant.spiders.watch import WatchClock
from levant.spiders.watching import Watching
from levant.state.crawl import crawl_state
from levant.urls import canonicalize_url, is_site_url, variant_kinds

logger = logging.getLogger(__name__)

_HELD = "levant_held_articles"  # the spider state's key for articles held at a pause
PERIODIC_SUITE = "levant.monitors.suites.PeriodicMonitorSuite"
_BOUND_SETTINGS = {
    "listing_pages": "LEVANT_MAX_LISTING_PAGES",
    "read_also": "LEVANT_MAX_READ_ALSO",
    "links_per_page": "LEVANT_MAX_LINKS_PER_PAGE",
    "pending": "LEVANT_MAX_PENDING",
}


class LevantSpider(ApiDiscovery, Watching, scrapy.Spider):
    name = "levant"

    def __init__(self, **kwargs: Any) -> None:
        """Spider arguments (``-a``) as :meth:`SpiderArgs.parse` takes them; any others
        become attributes, as with every Scrapy spider."""
        ours = {name: kwargs.pop(name) for name in SpiderArgs.names() if name in kwargs}
        super().__init__(**kwargs)
        try:
            args = SpiderArgs.parse(**ours)
        except ArgumentError as error:
            exit_on(error)
        self.render_mode = args.render
        # mode=watch: an incremental crawl (as the state sees it) that keeps polling.
        self.watching = args.mode == "watch"
        self.mode = "incremental" if self.watching else args.mode
        self._watch = WatchClock(args.interval or 60.0)
        self._watch_timer: DelayedCall | None = None
        self._cycle_failed = False
        self._feed_validators = Conditional()
        self._api_style = "pretty"
        self._last_cycle: tuple[int, int] | None = None  # requests and items at the last poll
        # Settings (levant.config), read again in from_crawler.
        self._watch_log_every: int = default("LEVANT_WATCH_LOG_EVERY")  # a line every N cycles
        self._max_listing_pages: int = default("LEVANT_MAX_LISTING_PAGES")
        self._max_read_also: int = default("LEVANT_MAX_READ_ALSO")
        self._max_links_per_page: int = default("LEVANT_MAX_LINKS_PER_PAGE")
        self._max_pending: int = default("LEVANT_MAX_PENDING")
        self._followed: set[str] = set()  # read-also links this crawl asked for
        self._bounds_logged: set[str] = set()
        self.discover = args.discover
        self._base_url_arg = args.base_url
        self.section_filter = args.sections
        self.max_pages = args.max_pages
        self.since = args.since
        self.profile: SiteProfile = LEVANT
        self.timezone = LEVANT.timezone
        self.layouts: tuple[Layout, ...] = SITE_LAYOUTS
        self.policy: RecrawlPolicy | None = None
        self._read_also: ReadAlsoLinks | None = None
        self._crawling = False  # False under scrapy parse / check, which call callbacks alone
        self._hold: bool = default("LEVANT_HOLD_FOR_READ_ALSO")  # wait for read-also permalinks
        self._api = wpapi.ApiRun()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> LevantSpider:
        # The spider is built before the add-ons run: its settings are checked here first.
        stop_on_bad_settings(crawler.settings)
        spider = super().from_crawler(crawler, *args, **kwargs)
        base_url = (
            spider._base_url_arg or setting(crawler.settings, "LEVANT_BASE_URL") or LEVANT.base_url
        )
        spider.profile = LEVANT.with_base_url(base_url)
        if spider.watching:
            spider._watch.max_backoff = setting(crawler.settings, "LEVANT_WATCH_MAX_BACKOFF")
            spider._watch_log_every = setting(crawler.settings, "LEVANT_WATCH_LOG_EVERY")
            expected = crawler.settings.getlist("SPIDERMON_EXPECTED_FINISH_REASONS") or ["finished"]
            # A watch runs until told to stop: no time limit (settings.production sets one).
            crawler.settings.set("CLOSESPIDER_TIMEOUT", 0, priority="spider")
            # A watch ends when it is told to: SIGTERM's "shutdown" is its normal end.
            crawler.settings.set(
                "SPIDERMON_EXPECTED_FINISH_REASONS", [*expected, "shutdown"], priority="spider"
            )
            if not crawler.settings.getdict("SPIDERMON_PERIODIC_MONITORS"):
                # The run's checks every LEVANT_WATCH_MONITOR_SECONDS, not only at the end.
                every = setting(crawler.settings, "LEVANT_WATCH_MONITOR_SECONDS")
                crawler.settings.set(
                    "SPIDERMON_PERIODIC_MONITORS", {PERIODIC_SUITE: every}, priority="spider"
                )
        spider._max_listing_pages = setting(crawler.settings, "LEVANT_MAX_LISTING_PAGES")
        spider._max_read_also = setting(crawler.settings, "LEVANT_MAX_READ_ALSO")
        spider._max_links_per_page = setting(crawler.settings, "LEVANT_MAX_LINKS_PER_PAGE")
        spider._max_pending = setting(crawler.settings, "LEVANT_MAX_PENDING")
        crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider._on_dropped, signal=signals.request_dropped)
        spider.timezone = setting(crawler.settings, "LEVANT_SITE_TIMEZONE") or LEVANT.timezone
        # LEVANT_SITE_LAYOUT = False reads every page with the generic layout alone.
        if not setting(crawler.settings, "LEVANT_SITE_LAYOUT"):
            spider.layouts = ()
        return spider

    # -- navigation -------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request | Article]:
        state = crawl_state(self.crawler)
        if state.unavailable:
            return
        self.policy = RecrawlPolicy(
            state.mode,
            state.reader,
            RecrawlSettings.from_settings(self.crawler.settings),
            now=datetime.now(UTC),
            previous_incomplete=state.previous_incomplete,
        )
        self.crawler.stats.set_value("levant/mode", state.mode)
        self._crawling = True
        self._hold = setting(self.crawler.settings, "LEVANT_HOLD_FOR_READ_ALSO")
        for article in self._jobdir_state().pop(_HELD, []):
            self._count("related/restored")
            yield article  # held when a paused crawl stopped (JOBDIR)
        if "api" in self.discover:
            if state.mode == "incremental":
                margin = setting(self.crawler.settings, "LEVANT_API_MARGIN_SECONDS")
                high_water = state.reader.get_meta(wpapi.HIGH_WATER)
                self._api.since = wpapi.modified_after(high_water, margin)
            yield self._api_request(1, "pretty")
        else:
            for request in self._discovery_requests(self.discover):
                yield request
        pending = state.reader.pending()
        if pending:
            logger.info("Fetching %d links an earlier run found but did not fetch", len(pending))
            for request in self._article_requests(pending, "pending"):
                yield request

    def _discovery_requests(self, ways: Iterable[str]) -> Iterator[scrapy.Request]:
        """The first request of each way of discovery but the API."""
        base = self.profile.base_url
        starts = {
            "feed": (base + "feed/", self.parse_feed, "feed"),
            "sitemap": (base + "sitemap.xml", self.parse_sitemap, "sitemap"),
            "sections": (base, self.parse_home, "home"),
        }
        for way in ways:
            if way in starts:
                url, callback, kind = starts[way]
                yield scrapy.Request(
                    url,
                    callback=callback,
                    errback=self.sitemap_failed if way == "sitemap" else None,
                    dont_filter=True,
                    meta={"levant_kind": kind},
                )

    def sitemap_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        """No ``/sitemap.xml``: WordPress's core sitemap (5.5+) is ``/wp-sitemap.xml``."""
        response = getattr(failure.value, "response", None)
        core = self.profile.base_url + "wp-sitemap.xml"
        if response is not None and response.status == 404 and failed_request(failure).url != core:
            self._count("sitemap/core_fallback")
            yield scrapy.Request(
                core, self.parse_sitemap, dont_filter=True, meta={"levant_kind": "sitemap"}
            )
            return
        self._count("sitemap/failed")
        logger.info(
            "Sitemap failed: %s (%s)", failed_request(failure).url, failure.getErrorMessage()
        )

    def parse_home(self, response: Response) -> Iterator[scrapy.Request]:
        slugs = (
            find_sections(response.url, _selector(response), self.profile)
            if _is_html(response)
            else []
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
            yield self._listing_request(self.profile.section_url(slug), slug, 1, 0)

    def parse_section(
        self, response: Response, section: str = "", page: int = 1, known_pages: int = 0
    ) -> Iterator[scrapy.Request]:
        """Request the articles of a listing page and its next page.

        @site_path /category/politics/
        @returns requests 2
        """
        if not _is_html(response):
            return
        listing = parse_listing(
            response.url, _selector(response), self.profile, limit=self._max_links_per_page
        )
        self._count(f"listing/path/{listing.path}")
        self._count("listing/pages")
        self._count("offsite_links", listing.offsite)
        if listing.cut:
            self._bound("links_per_page", response.url)
        all_known = yield from self._article_requests((e.url for e in listing.entries), "listing")
        known_pages = known_pages + 1 if all_known else 0
        if listing.next_page and page >= self._max_listing_pages and not self.max_pages:
            self._bound("listing_pages", listing.next_page)
        limit = self.max_pages or self._max_listing_pages
        if not listing.next_page or page >= limit:
            return
        if (
            self.since
            and listing.entries
            and all(self._older(e.published_raw) for e in listing.entries)
        ):
            logger.info("Section %s: page %d is older than %s, stopping", section, page, self.since)
            return
        if self._policy.stop_paginating(known_pages):
            self._count("incremental/pagination_stopped")
            return
        yield self._listing_request(listing.next_page, section, page + 1, known_pages)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        self._feed_validators = Conditional(
            _header(response, b"ETag") or self._feed_validators.etag,
            _header(response, b"Last-Modified") or self._feed_validators.last_modified,
        )
        if response.status == 304:
            self._count("watch/feed_not_modified")
            return
        links = response.xpath("//item/link/text()").getall() if _is_html(response) else []
        self._count("feed/links", len(links))
        yield from self._article_requests(links, "feed")

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        max_size = self.crawler.settings.getint("DOWNLOAD_MAXSIZE") or 64 * 1024 * 1024
        page = read_sitemap(response.body, max_size)
        if page.problem:
            self._count(f"sitemap/{page.problem}")
            logger.info("Sitemap skipped (%s): %s", page.problem, response.url)
            return
        if page.malformed:
            self._count("sitemap/malformed")
            logger.info("Malformed sitemap, read what could be recovered: %s", response.url)
        entries = page.entries
        if page.type == "sitemapindex":
            for entry in entries:
                loc = entry["loc"]
                if is_site_url(loc, self.profile) and not self.profile.non_article_sitemap.search(
                    urlsplit(loc).path
                ):
                    yield scrapy.Request(loc, self.parse_sitemap, meta={"levant_kind": "sitemap"})
            return
        self._count("sitemap/links", len(entries))
        for entry in entries:
            if not is_site_url(entry["loc"], self.profile):
                continue
            url = canonicalize_url(entry["loc"], self.profile)
            fetch = self._policy.changed_since_fetch(url, entry.get("lastmod"))
            if fetch is None:
                self._count("incremental/skipped_known")
            else:
                yield self._article_request(fetch, "sitemap", [])

    def parse_article(self, response: Response) -> Iterator[Any]:
        """Hand an article page to extraction; follow its read-also links.

        @site_path /article/بشار-الأسد-إلى-روسيا-في-زيارة-غير-معلنة/
        @returns items 1 1
        @returns requests 1 1
        @scrapes url title body sections tags published_raw related_urls
        """
        yield from self.read_also.ready()
        links_here = self._links_to(response)
        if response.status == 304:
            self._count("incremental/not_modified")
            known = response.meta.get("levant_known_url", response.url)
            self.crawler.signals.send_catch_log(levant_signals.article_not_modified, url=known)
            yield from self.read_also.arrived(links_here, known, None)
            return
        if not response.body:  # 204, or an empty 200
            self._count("skipped/empty_response")
            logger.info("Empty response (%d), skipped: %s", response.status, response.url)
            yield from self.read_also.failed(links_here)
            return
        if not _is_html(response):
            self._count("skipped/not_html")
            logger.info("Not an HTML page, skipped: %s", response.url)
            yield from self.read_also.failed(links_here)
            return
        fetched_at = datetime.now(UTC)
        extraction = extract_article(
            response.url,
            _selector(response),
            self.profile,
            fetched_at=fetched_at,
            timezone=self.timezone,
            layouts=self.layouts,
            # one more than kept: a page past the bound is told apart from one at it
            read_also_limit=self._max_read_also + 1 if self._max_read_also else 0,
        )
        self._count(f"articles/via/{response.meta.get('levant_via', 'start')}")
        for note in extraction.notes:
            self._count(f"extraction/{note}")
        article = extraction.article
        article.crawled_at = fetched_at.isoformat(timespec="seconds")
        article.etag = _header(response, b"ETag")
        article.last_modified_header = _header(response, b"Last-Modified")
        self._cap_read_also(article)
        self._count("read_also/links", len(article.related_urls))
        yield from self.read_also.arrived(links_here, article.url, article.post_id)
        related = self._policy.read_also_to_follow(article.related_urls)
        self._count("incremental/read_also_known_skipped", len(article.related_urls) - len(related))
        related = self._within_frontier(related, article.url)
        requests = list(self._article_requests(related, "read_also"))
        # scrapy parse / check call this without a crawl: nothing to wait for.
        fetching = [r.url for r in requests] if self._crawling and self._hold else []
        if self.read_also.hold(article, fetching) is None:
            yield article
        yield from requests

    def article_failed(self, failure: Failure) -> Iterator[Article]:
        """An article request failed: a page that is gone leaves the frontier; articles
        waiting for its permalink keep the link as linked."""
        yield from self.read_also.failed(self._links_to(failed_request(failure)))
        response = getattr(failure.value, "response", None)
        if failure.check(HttpError) and response is not None and response.status in (404, 410):
            self._count("articles/gone")
            self.crawler.signals.send_catch_log(
                levant_signals.article_gone, url=failed_request(failure).url
            )
            logger.info("Gone (%d): %s", response.status, failed_request(failure).url)
        else:
            self._count("articles/failed")
            logger.info("Failed: %s (%s)", failed_request(failure).url, failure.getErrorMessage())

    def closed(self, reason: str) -> None:
        """Hand over where the next run starts; keep or report articles still held."""
        if self._watch_timer is not None:
            self._watch_timer.cancel()
        if self._api.complete and self._api.newest:
            # The next incremental run asks the API for what changed since (less a margin);
            # the crawl state keeps it if this run finishes.
            self.crawler.signals.send_catch_log(
                levant_signals.run_bookmark, key=wpapi.HIGH_WATER, value=self._api.newest
            )
        if self._read_also is None or not self._read_also.holding:
            return
        held = self._read_also.release_all()
        jobdir = self._jobdir_state()
        if "levant_jobdir" in jobdir:
            jobdir[_HELD] = held
            logger.info(
                "%d articles wait for read-also pages; kept for the resumed crawl", len(held)
            )
        else:
            self._count("related/unexported_at_close", len(held))
            logger.warning(
                "%d articles still waited for their read-also pages when the crawl stopped"
                " (%s) and were not exported; the next run finds them again: %s",
                len(held),
                reason,
                " ".join(a.url for a in held[:5]),
            )

    def _jobdir_state(self) -> dict[str, Any]:
        """What a paused crawl keeps for its resumption (Scrapy's spider state, with
        JOBDIR); a throwaway dict without it."""
        state = getattr(self, "state", None)
        if not isinstance(state, dict):
            return {}
        state.setdefault("levant_jobdir", True)
        return state

    # -- requests ---------------------------------------------------------------

    def _article_requests(
        self, links: Iterable[str], via: str
    ) -> Generator[scrapy.Request, None, bool]:
        """Requests for the article links worth fetching; returns whether all were known."""
        variants: dict[str, list[str]] = {}
        for link in links:
            if not is_site_url(link, self.profile):
                self._count("offsite_links")
                continue
            variants.setdefault(
                canonicalize_url(link, self.profile), variant_kinds(link, self.profile)
            )
        plan = self._policy.plan(list(variants))
        self._count("incremental/skipped_known", plan.skipped)
        for fetch in plan.fetches:
            yield self._article_request(fetch, via, variants.get(fetch.url, []))
        return plan.all_known

    def _article_request(self, fetch: Fetch, via: str, variants: list[str]) -> scrapy.Request:
        self._count(f"incremental/fetch/{fetch.reason}")
        meta: dict[str, Any] = {
            "levant_kind": "article",
            "levant_variants": variants,
            "levant_via": via,
        }
        if fetch.headers:
            meta["handle_httpstatus_list"] = [304]
            meta["levant_known_url"] = fetch.url
        return scrapy.Request(
            fetch.url,
            callback=self.parse_article,
            errback=self.article_failed,
            headers=fetch.headers or None,
            meta=meta,
        )

    def _links_to(self, request_or_response: scrapy.Request | Response) -> list[str]:
        """The canonical links that led to this page: the request's URL and every URL
        it was redirected from."""
        meta = request_or_response.meta
        request = request_or_response
        if isinstance(request_or_response, Response):
            request = request_or_response.request or request_or_response
        urls = [*meta.get("redirect_urls", ()), request.url]
        return list(dict.fromkeys(canonicalize_url(u, self.profile) for u in urls))

    @property
    def read_also(self) -> ReadAlsoLinks:
        if self._read_also is None:
            store = crawl_state(self.crawler).reader

            def stored_url(post_id: int) -> str | None:
                state = store.get_by_post_id(post_id)
                return state.url if state is not None else None

            self._read_also = ReadAlsoLinks(stored_url, lambda what: self._count(f"related/{what}"))
        return self._read_also

    def release_held(self, response: Response | Failure) -> Iterator[Article]:
        """The crawl ran out of requests with articles still waiting (callback and
        errback of one last request): they go out with those links as linked."""
        held = self.read_also.release_all()
        self._count("related/released_idle", len(held))
        logger.info("Released %d articles whose read-also pages never arrived", len(held))
        yield from held

    def _on_dropped(self, request: scrapy.Request) -> None:
        """A redirected article request dropped as a duplicate still says where the
        links it came from lead."""
        if request.meta.get("levant_kind") == "article" and request.meta.get("redirect_urls"):
            *links, url = self._links_to(request)
            self.read_also.redirected(links, url)

    def _on_idle(self) -> None:
        if self._read_also is not None and self._read_also.holding:
            self._release_request()
            if not self.watching:
                raise DontCloseSpider
        if self.watching:
            if self._watch_timer is None:
                delay = self._watch.next_delay(failed=self._cycle_failed)
                if self._cycle_failed:
                    self._count("watch/backoffs")
                    logger.info("Watch cycle failed; next poll in %.0f s", delay)
                self._watch_timer = _reactor().callLater(delay, self._poll)
            raise DontCloseSpider

    def _cap_read_also(self, article: Article) -> None:
        """At most ``LEVANT_MAX_READ_ALSO`` read-also links an article: a page that lists
        thousands is a trap, not an article (the first ones are kept and followed)."""
        if self._max_read_also and len(article.related_urls) > self._max_read_also:
            self._bound("read_also", article.url)
            article.related_urls = article.related_urls[: self._max_read_also]

    def _within_frontier(self, links: list[str], url: str) -> list[str]:
        """The read-also links to follow: at most ``LEVANT_MAX_PENDING`` distinct ones a
        crawl (a fan-out of new links on every article would never end); the others stay
        pending in the store for a later run, as far as its own bound allows."""
        if not self._max_pending:
            return links
        kept = []
        for link in links:
            if link not in self._followed:
                if len(self._followed) >= self._max_pending:
                    self._bound("pending", url)
                    continue
                self._followed.add(link)
            kept.append(link)
        return kept

    def _bound(self, name: str, url: str) -> None:
        """A bound of the crawl's work was reached: counted, and logged once per bound."""
        self._count(f"bounds/{name}")
        if name not in self._bounds_logged:
            self._bounds_logged.add(name)
            logger.warning(
                "%s reached at %s (the rest is not followed; further ones are counted in"
                " levant/bounds/%s)",
                _BOUND_SETTINGS[name],
                url,
                name,
            )

    def _release_request(self) -> None:
        request = scrapy.Request(
            self.profile.base_url,
            callback=self.release_held,
            errback=self.release_held,
            dont_filter=True,
            meta={"levant_kind": "home"},
        )
        self.crawler.engine.crawl(request)

    def _listing_request(
        self, url: str, section: str, page: int, known_pages: int
    ) -> scrapy.Request:
        return scrapy.Request(
            canonicalize_url(url, self.profile),
            callback=self.parse_section,
            cb_kwargs={"section": section, "page": page, "known_pages": known_pages},
            meta={"levant_kind": "listing"},
        )

    # -- helpers ----------------------------------------------------------------

    @property
    def _policy(self) -> RecrawlPolicy:
        if self.policy is None:  # scrapy parse / check call callbacks without start()
            state = crawl_state(self.crawler)
            self.policy = RecrawlPolicy(
                "full", state.reader, RecrawlSettings(), now=datetime.now(UTC)
            )
        return self.policy

    def _older(self, raw: str | None) -> bool:
        try:
            return bool(raw) and datetime.fromisoformat(raw).date() < self.since  # type: ignore[arg-type,operator]
        except ValueError:
            return False

    def _count(self, key: str, count: int = 1) -> None:
        if count:
            self.crawler.stats.inc_value(f"levant/{key}", count)


def _reactor() -> Any:
    """The running reactor (Twisted's interfaces are not typed for mypy)."""
    from twisted.internet import reactor

    return reactor


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _is_html(response: Response) -> bool:
    return isinstance(response, TextResponse)


def _selector(response: Response) -> Selector:
    return response.selector  # type: ignore[attr-defined]
