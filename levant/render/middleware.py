"""Send a page through the browser only when its static HTML falls short.

A downloader middleware driven by the spider's ``render`` argument
(``spider.render_mode``) and the request's ``meta["levant_kind"]``:

- ``never`` — nothing is rendered. An article whose body only a script inserts is
  then dropped by the validation pipeline as ``levant/dropped/no_body``.
- ``auto`` (default) — every page is fetched statically first. An article whose
  HTML holds no body, or a listing whose "load more" needs a script
  (:mod:`levant.render.detect`), is requested again through the browser, once.
  Listings of the profile's ``render_sections`` go to the browser directly.
- ``always`` — every home, listing and article page goes through the browser
  (never robots.txt, feeds or sitemaps).

Every rendered request is counted: ``levant/render/browser``, per kind
(``levant/render/browser/article``) and per reason (``levant/render/reason/no_body``,
``load_more``, ``section``, ``always``). A rendered request that fails, or cannot
be made because no browser is available, is counted in ``levant/render/failed``
(``.../no_browser``, ``.../error``) and the page is taken as fetched statically,
so the static part of the crawl goes on. So is a page the browser did not finish
within ``LEVANT_RENDER_BUDGET`` (``.../budget``, ``.../shutdown``), a DOM too large
(``.../too_large``), and a page that left the site (``.../offsite_final``,
``.../error_page``, ``.../load_more_navigated``: see :meth:`RenderMiddleware._rendered`).
With no browser, one ERROR, at the first page that needs one, names the setting to
fix (``LEVANT_BROWSER_EXECUTABLE``); a crawl that needs no browser says so in its INFO
start line only.

It needs :class:`levant.render.handler.RenderDownloadHandler` (or scrapy-playwright's
handler) for ``http``/``https`` in ``DOWNLOAD_HANDLERS``; without it, rendering is
reported as unavailable. ``LEVANT_RENDER_ENABLED = False`` switches it off.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response, TextResponse
from scrapy.statscollectors import StatsCollector
from scrapy.utils.misc import load_object

from levant.config import setting
from levant.downloader.siteonly import refusal_kind
from levant.extraction.layouts import body_queries
from levant.render import detect
from levant.render.config import RenderConfig
from levant.site import LEVANT, SiteProfile

logger = logging.getLogger(__name__)

MODES = ("auto", "never", "always")
RENDERED_KINDS = ("home", "listing", "article")
_MARK = "levant_render"  # "browser" on a rendered request, "static" after a failed one


class RenderMiddleware:
    def __init__(
        self, stats: StatsCollector, config: RenderConfig, handlers: dict[str, Any]
    ) -> None:
        self.stats = stats
        self.config = config
        self.handlers = handlers  # DOWNLOAD_HANDLERS, checked when rendering is asked for
        self.mode = "auto"
        self.profile: SiteProfile = LEVANT
        self.problem: str | None = "the spider has not opened"  # why nothing can be rendered
        self._logged: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RenderMiddleware:
        if not setting(crawler.settings, "LEVANT_RENDER_ENABLED"):
            raise NotConfigured("LEVANT_RENDER_ENABLED is off")
        assert crawler.stats is not None
        config = RenderConfig.from_settings(crawler.settings)
        handlers = dict(crawler.settings.getwithbase("DOWNLOAD_HANDLERS"))
        middleware = cls(crawler.stats, config, handlers)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        mode = getattr(spider, "render_mode", "auto")
        if mode not in MODES:
            raise ValueError(f"render={mode!r}: use one of {', '.join(MODES)}")
        self.mode = mode
        self.profile = getattr(spider, "profile", LEVANT)
        if mode == "never":
            logger.info("Rendering: never (no page goes through a browser)")
            return
        if not _has_browser_handler(self.handlers):
            self.problem = (
                "DOWNLOAD_HANDLERS has no scrapy-playwright handler for http/https "
                "(levant.addon.Levant installs one)"
            )
        else:
            self.problem = self.config.problem
        if self.problem:  # an ERROR only once a page needs the browser
            logger.info("Rendering: %s, but no browser: %s", mode, self.problem)
        else:
            logger.info("Rendering: %s, browser %s", mode, self.config.describe())

    # -- the decision -----------------------------------------------------------

    def process_request(self, request: Request) -> None:
        if self.mode == "never" or _MARK in request.meta:
            return None
        kind = request.meta.get("levant_kind")
        if self.mode == "always" and kind in RENDERED_KINDS:
            reason = "always"
        elif kind == "listing" and self._section(request) in self.profile.render_sections:
            reason = "section"
        else:
            return None
        if self._render(request, kind, reason):
            request.meta.update(self._browser_meta(kind, reason))
        return None

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get(_MARK) == "browser":
            return self._rendered(request, response)
        if self.mode != "auto" or _MARK in request.meta:
            return response
        if response.status != 200 or not isinstance(response, TextResponse):
            return response
        kind = request.meta.get("levant_kind")
        if kind == "article" and detect.article_needs_browser(response.selector, self.profile):
            reason = "no_body"
        elif kind == "listing" and detect.listing_needs_browser(response.selector, self.profile):
            reason = "load_more"
        else:
            return response
        if not self._render(request, kind, reason):
            return response
        meta = {**request.meta, **self._browser_meta(kind, reason)}
        return request.replace(meta=meta, dont_filter=True)

    def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if request.meta.get(_MARK) != "browser":
            return None
        from levant.render.actions import PageTooLarge
        from levant.render.handler import BrowserUnavailable, RenderBudgetExceeded

        why = "error"
        if isinstance(exception, BrowserUnavailable):  # the handler logged it, once
            self.problem, why = str(exception), "no_browser"
            self._logged.add(why)
        elif isinstance(exception, RenderBudgetExceeded):
            why = exception.why  # "budget" or "shutdown"
        elif isinstance(exception, PageTooLarge) or isinstance(exception.__cause__, PageTooLarge):
            why = "too_large"
        kind = request.meta.get("levant_kind")
        self._count_failure(why, kind, request.url, f"{type(exception).__name__}: {exception}")
        return self._static(request)

    def _rendered(self, request: Request, response: Response) -> Request | Response:
        """A page the browser answered: handed on only if it is still the site's page.

        A final URL off the site (a script, a meta refresh or a redirect took the page
        away) or Chromium's own error page is not the page that was asked for: counted
        (``levant/render/failed/offsite_final``, ``.../error_page``) and fetched
        statically instead. A listing whose "load more" navigated away keeps the
        entries loaded before that click."""
        from levant.render.actions import LoadMore

        kind = request.meta.get("levant_kind")
        for method in request.meta.get("playwright_page_methods") or ():
            done = getattr(method, "result", None)
            if isinstance(done, LoadMore) and done.html_before is not None:
                self._count_failure(
                    "load_more_navigated", kind, request.url, f"to {done.navigated_to}"
                )
                return response.replace(url=request.url, body=done.html_before.encode("utf-8"),
                                        encoding="utf-8")  # fmt: skip
        if response.url.startswith("chrome-error:"):
            self._count_failure("error_page", kind, request.url, response.url)
            return self._static(request)
        if refusal_kind(response.url, self.profile) is not None:
            self._count_failure("offsite_final", kind, request.url, f"ended at {response.url}")
            return self._static(request)
        return response

    @staticmethod
    def _static(request: Request) -> Request:
        meta = {k: v for k, v in request.meta.items() if not k.startswith("playwright")}
        meta[_MARK] = "static"
        return request.replace(meta=meta, dont_filter=True)

    # -- helpers ----------------------------------------------------------------

    def _render(self, request: Request, kind: str, reason: str) -> bool:
        """Count a page that goes to the browser; False if no browser can take it."""
        if self.problem is not None:
            self._count_failure("no_browser", kind, request.url, reason)
            return False
        self.stats.inc_value("levant/render/browser")
        self.stats.inc_value(f"levant/render/browser/{kind}")
        self.stats.inc_value(f"levant/render/reason/{reason}")
        if "browser" not in self._logged:
            self._logged.add("browser")
            logger.info(
                "Rendering %s in the browser (%s); more are counted in levant/render/browser",
                request.url,
                reason,
            )
        return True

    def _browser_meta(self, kind: str, reason: str) -> dict[str, Any]:
        from scrapy_playwright.page import PageMethod

        from levant.render import actions

        s, wait = self.profile.selectors, self.config.wait_ms
        methods = []
        if kind == "listing":
            clicks, most = self.config.max_clicks, self.config.max_bytes
            methods.append(
                PageMethod(
                    actions.click_load_more, s.load_more, s.listing_entries, clicks, wait, most
                )
            )
        elif kind == "article":
            body = ", ".join(body_queries())
            methods.append(PageMethod(actions.wait_for_body, body, wait))
        methods.append(PageMethod(actions.check_size, self.config.max_bytes))
        return {_MARK: "browser", "playwright": True, "playwright_page_methods": methods}

    def _count_failure(self, why: str, kind: str | None, url: str, detail: str) -> None:
        self.stats.inc_value("levant/render/failed")
        self.stats.inc_value(f"levant/render/failed/{why}")
        if why in self._logged:
            return
        self._logged.add(why)
        if why == "no_browser":
            logger.error(
                "%s needs a browser (%s), but rendering is off: %s. Such pages are kept as "
                "fetched statically and counted in levant/render/failed/no_browser",
                url,
                detail,
                self.problem,
            )
        else:
            logger.warning(
                "Rendering %s (%s) failed (%s): %s; %s, more are counted in "
                "levant/render/failed/%s",
                url,
                kind,
                why,
                detail[:300],
                "the entries loaded before that click are kept"
                if why == "load_more_navigated"
                else "fetched statically instead",
                why,
            )

    def _section(self, request: Request) -> str | None:
        if section := request.cb_kwargs.get("section"):
            return str(section)
        path = re.sub(r"^[a-z]+://[^/]+", "", request.url)
        match = self.profile.section_path_pattern.match(path.split("?")[0])
        return match.group(1) if match else None


def _has_browser_handler(handlers: dict[str, Any]) -> bool:
    from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

    for scheme in ("http", "https"):
        path = handlers.get(scheme)
        handler = load_object(path) if isinstance(path, str) else path
        if not (isinstance(handler, type) and issubclass(handler, ScrapyPlaywrightDownloadHandler)):
            return False
    return True
