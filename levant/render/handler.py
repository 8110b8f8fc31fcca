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
  The handler closes both when the crawl ends.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
from scrapy_playwright.provider import PlaywrightBrowserProvider

from levant.render.config import SETTING, RenderConfig

logger = logging.getLogger(__name__)


class BrowserUnavailable(RuntimeError):
    """The browser could not start; raised for every rendered request after the first."""


class LazyBrowserProvider(PlaywrightBrowserProvider):
    """Starts Playwright and the browser on the first rendered request, not at startup.

    A browser that fails to launch is reported once (ERROR, naming the setting to
    fix); later requests fail at once with :class:`BrowserUnavailable`.
    """

    def __init__(self, config: Any) -> None:
        super().__init__(config)
        self._started = False
        self._failure: str | None = None

    async def start(self) -> None:
        """Nothing yet: see :meth:`launch_browser`."""

    async def launch_browser(self) -> Any:
        if self._failure is not None:
            raise BrowserUnavailable(self._failure)
        try:
            if not self._started:
                self._started = True
                await super().start()
            return await super().launch_browser()
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

    async def close(self) -> None:
        if self._started:
            await super().close()


class RenderDownloadHandler(ScrapyPlaywrightDownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        render = RenderConfig.from_settings(crawler.settings)
        self.config.launch_options = render.launch_options()
        if self.abort_request is None and render.block_resources:
            self.abort_request = render.blocks
        if not crawler.settings.get("PLAYWRIGHT_BROWSER_PROVIDER"):
            self.browser_provider_cls = LazyBrowserProvider
