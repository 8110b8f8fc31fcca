"""scrapy-playwright's download handler with levant's browser, started lazily.

Set it for ``http`` and ``https`` in ``DOWNLOAD_HANDLERS``. Requests without
``meta["playwright"]`` go through Scrapy's own HTTP/1.1 handler (the parent class
hands them to it); only rendered requests reach the browser.

What it changes in :class:`~scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler`,
all through its public knobs:

- the launch options come from :class:`~levant.render.config.RenderConfig`
  (executable, headless, server flags), read from settings once, so that
  ``-s LEVANT_BROWSER_EXECUTABLE=...`` works like any other setting;
- the resource types of ``LEVANT_RENDER_BLOCK_RESOURCES`` are aborted, unless
  ``PLAYWRIGHT_ABORT_REQUEST`` is set;
- the browser provider is :class:`LazyBrowserProvider` (unless
  ``PLAYWRIGHT_BROWSER_PROVIDER`` is set): scrapy-playwright starts its Playwright
  driver when the engine starts; this provider starts it, and the browser, on the
  first rendered request, so a crawl that renders nothing runs no browser at all.
  The handler closes both when the crawl ends. A browser (or Playwright driver) that
  died is started again for the next page (``levant/render/browser_restarts``).

And what it adds, so that a hostile page can neither leave the site nor hang the crawl:

- every request of the browser goes through :mod:`levant.render.guard`: the abort
  predicate and the guard proxy (``--proxy-server``, loopback included); popups are
  closed (``levant/render/refused/popup``), service workers blocked, WebRTC kept off
  unproxied networks;
- each page gets a browser context of its own, closed with the page, so a page that
  hangs its renderer takes no other page with it;
- a hard budget per page, ``LEVANT_RENDER_BUDGET`` seconds (default 30) from the page's
  creation (three times that from the request, for a page still waiting for a context
  or the browser; ``PLAYWRIGHT_MAX_CONTEXTS`` bounds pages at once): a page not done
  by then (a script busy forever) has its context closed, or the browser killed if
  that hangs too, and fails with :class:`RenderBudgetExceeded`
  (``levant/render/failed/budget``); the same happens at once when the crawl is
  stopping (SIGTERM), so a page stuck in the browser never holds the crawl open.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress
from functools import partial
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
from scrapy_playwright.provider import PlaywrightBrowserProvider

from levant.config import setting
from levant.render.config import SETTING, RenderConfig
from levant.render.guard import BrowserGuard, GuardProxy

logger = logging.getLogger(__name__)

_CLOSE_TIMEOUT = 5.0  # seconds to close a context or a browser before harsher means
_POLL = 0.25  # seconds between two looks at the budget and the crawl's state
_STARTED = "levant_render_started"  # request.meta: when the page was created (loop time)
# Chromium flags the guard needs: WebRTC never opens connections around the proxy.
GUARD_ARGS = (
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--webrtc-ip-handling-policy=disable_non_proxied_udp",
)


class BrowserUnavailable(RuntimeError):
    """The browser could not start; raised for every rendered request after the first."""


class RenderBudgetExceeded(RuntimeError):
    """A page was not rendered within ``LEVANT_RENDER_BUDGET`` (or the crawl is stopping)."""

    def __init__(self, url: str, why: str, seconds: float) -> None:
        super().__init__(f"{why} after {seconds:.1f} s: {url}")
        self.why = why


class LazyBrowserProvider(PlaywrightBrowserProvider):
    """Starts Playwright and the browser on the first rendered request, not at startup.

    A browser that fails to launch is reported once (ERROR, naming the setting to
    fix); later requests fail at once with :class:`BrowserUnavailable`. A browser
    that launched once and died (or whose Playwright driver died) is launched again,
    with a new driver if needed; only a browser that cannot start again turns
    rendering off. Chromium goes through the guard proxy (``proxy`` launch option,
    loopback included), started here first.
    """

    def __init__(self, config: Any, proxy: GuardProxy | None = None, stats: Any = None) -> None:
        super().__init__(config)
        self.proxy = proxy
        self.stats = stats
        self._started = False
        self._launched = False
        self._failure: str | None = None

    async def start(self) -> None:
        """Nothing yet: see :meth:`launch_browser`."""

    async def launch_browser(self) -> Any:
        if self._failure is not None:
            raise BrowserUnavailable(self._failure)
        try:
            if self.proxy is not None:
                await self.proxy.start()
                self.config.launch_options["proxy"] = {"server": self.proxy.url}
            if not self._started:
                self._started = True
                await super().start()
            if not self._launched:
                browser = await super().launch_browser()
                self._launched = True
                return browser
            return await self._relaunch()
        except Exception as error:
            executable = self.config.launch_options.get("executable_path") or "Playwright's own"
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            self._failure = f"the browser ({executable}) did not start: {first_line}"
            logger.error(
                "Rendering is off for this crawl: %s. Fix %s (a Chromium executable); "
                "pages that needed the browser are counted in levant/render/failed",
                self._failure,
                SETTING,
            )
            raise BrowserUnavailable(self._failure) from error

    async def _relaunch(self) -> Any:
        """The browser died: launch it again, restarting Playwright's driver if it died too."""
        if self.stats is not None:
            self.stats.inc_value("levant/render/browser_restarts")
        logger.warning("The browser closed unexpectedly; starting it again")
        try:
            return await super().launch_browser()
        except Exception:
            await self.restart_driver()
            return await super().launch_browser()

    async def restart_driver(self) -> None:
        with suppress(Exception):
            await asyncio.wait_for(super().close(), _CLOSE_TIMEOUT)
        await super().start()

    async def close(self) -> None:
        if self._started:
            with suppress(Exception):
                await asyncio.wait_for(super().close(), _CLOSE_TIMEOUT)
        if self.proxy is not None:
            await self.proxy.close()


class _OneLine(logging.Filter):
    """scrapy-playwright logs every failed page with its traceback; the middleware
    reports those failures (counted, named), so one line is enough."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and str(record.msg).startswith("Closing page due to failed request"):
            record.exc_info = None
            record.exc_text = None
        return True


_ONE_LINE = _OneLine()


class RenderDownloadHandler(ScrapyPlaywrightDownloadHandler):
    # Set by scrapy-playwright (which ships no types) from PLAYWRIGHT_ABORT_REQUEST: a
    # predicate on a Playwright request, plain or async.
    abort_request: Callable[[Any], bool | Awaitable[bool]] | None

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        logging.getLogger("scrapy-playwright").addFilter(_ONE_LINE)
        render = RenderConfig.from_settings(crawler.settings)
        self.crawler = crawler
        self.budget = render.budget
        self.config.launch_options = render.launch_options()
        if self.config.browser_type_name == "chromium":
            args = list(self.config.launch_options.get("args") or [])
            self.config.launch_options["args"] = args + [a for a in GUARD_ARGS if a not in args]
        self.guard = BrowserGuard(
            crawler.stats,
            lambda: getattr(crawler.spider, "profile", None),
            render.block_resources,
            enabled=setting(crawler.settings, "LEVANT_SITE_ONLY"),
        )
        if self.abort_request is None:
            self.abort_request = self.guard.abort
        else:  # the user's predicate, and the site check always
            user = self.abort_request
            self.abort_request = partial(_either, self.guard.abort, user)
        if not crawler.settings.get("PLAYWRIGHT_BROWSER_PROVIDER"):
            self.browser_provider_cls = partial(
                LazyBrowserProvider, proxy=GuardProxy(self.guard), stats=crawler.stats
            )
        self._pages = itertools.count(1)

    async def download_request(self, request: Request, spider: Any = None) -> Response:
        if not request.meta.get("playwright"):
            return await super().download_request(request)
        context = f"levant-page-{next(self._pages)}"
        request.meta["playwright_context"] = context
        request.meta["playwright_context_kwargs"] = {
            **(request.meta.get("playwright_context_kwargs") or {}),
            "service_workers": "block",
        }
        request.meta["playwright_page_init_callback"] = self._init_page
        loop = asyncio.get_running_loop()
        asked = loop.time()
        task = asyncio.ensure_future(super().download_request(request))
        why = None
        try:
            while not task.done():
                await asyncio.wait({task}, timeout=_POLL)
                if task.done():
                    break
                # The budget runs from the page's creation (set by _init_page); waiting
                # for a free context or a browser launch has a looser bound.
                started = request.meta.get(_STARTED)
                if not self.crawler.crawling:
                    why = "shutdown"
                elif loop.time() - (started or asked) > self.budget * (1 if started else 3):
                    why = "budget"
                if why:
                    task.cancel()
                    await asyncio.wait({task}, timeout=_CLOSE_TIMEOUT)
                    raise RenderBudgetExceeded(request.url, why, loop.time() - (started or asked))
            return task.result()
        except Exception:
            await self._after_failure()
            raise
        finally:
            await self._close_context(context)

    async def _browser_disconnected_callback(self, browser: Any = None) -> None:
        """scrapy-playwright's, for the current browser only, and once."""
        if browser is not None and getattr(self, "browser", None) is not browser:
            return  # a browser already replaced (killed after a hang)
        with suppress(AttributeError):
            await super()._browser_disconnected_callback()

    async def _init_page(self, page: Any, request: Request) -> None:
        """The page's budget starts; popups (``window.open``, ``target=_blank`` clicks)
        are closed as they open."""
        request.meta[_STARTED] = asyncio.get_running_loop().time()

        async def close_popup(popup: Any) -> None:
            self.crawler.stats.inc_value("levant/render/refused/popup")
            with suppress(Exception):
                await popup.close()

        page.context.on("page", lambda new: asyncio.ensure_future(close_popup(new)))

    async def _close_context(self, name: str) -> None:
        wrapper = self.context_wrappers.get(name)
        if wrapper is None:
            return
        try:
            await asyncio.wait_for(wrapper.context.close(), _CLOSE_TIMEOUT)
        except Exception:  # a renderer that does not let go: the browser goes
            logger.warning("A browser context did not close in %.0f s; restarting the browser",
                           _CLOSE_TIMEOUT)  # fmt: skip
            await self._kill_browser()

    async def _after_failure(self) -> None:
        """A dead browser is forgotten, so that the next page launches a new one."""
        browser = getattr(self, "browser", None)
        if browser is not None and not browser.is_connected():
            await self._kill_browser()

    async def _kill_browser(self) -> None:
        browser = getattr(self, "browser", None)
        if browser is None:
            return
        with suppress(AttributeError):
            del self.browser
        self.context_wrappers.clear()
        if hasattr(self, "context_semaphore"):  # the dead contexts' slots are free again
            self.context_semaphore = asyncio.Semaphore(self.config.max_contexts)
        try:
            await asyncio.wait_for(browser.close(), _CLOSE_TIMEOUT)
        except Exception:  # the driver itself does not answer: a new one
            provider = getattr(self, "browser_provider", None)
            if isinstance(provider, LazyBrowserProvider):
                with suppress(Exception):
                    await asyncio.wait_for(provider.restart_driver(), 3 * _CLOSE_TIMEOUT)


async def _either(first: Any, second: Any, request: Any) -> bool:
    if first(request):
        return True
    result = second(request)
    if asyncio.iscoroutine(result):
        result = await result
    return bool(result)
