"""What the browser does on a page before its HTML is taken (scrapy-playwright page methods).

Each function takes the Playwright ``page`` first, as ``PageMethod(callable, ...)``
calls it, and never raises on a page that does not cooperate: a timeout ends the
wait, and the HTML as it stands then is the response (extraction reports what is
still missing).

- :func:`click_load_more` — click the listing's "load more" control until it is
  gone (or disabled for good, or ``max_clicks`` is reached), each time waiting
  for new entries to arrive.
- :func:`wait_for_body` — wait until the article's body holds paragraph text.
- :func:`check_size` — refuse (:class:`PageTooLarge`) a DOM larger than the page
  budget, measured in the browser before its HTML is copied out: a huge DOM sent
  whole over Playwright's pipe can kill its driver.

A "load more" click that navigates away (to another page, or off the site, which the
guard refuses) would lose the entries loaded so far: :func:`click_load_more` keeps
the listing's HTML from before that click in its :class:`LoadMore` result, and the
middleware hands that on instead (``levant/render/failed/load_more_navigated``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

# The first control a script must follow (not a link with a real href), clicked;
# returns how many entries the list held before the click, or -1 if none is left.
_CLICK = """([controls, entries]) => {
  const scripted = (e) => !(e.tagName === "A" && /^(?!#|javascript:)\\S/.test(
    (e.getAttribute("href") || "").trim()));
  const control = [...document.querySelectorAll(controls)].find(
    (e) => scripted(e) && !e.disabled && e.getClientRects().length > 0);
  if (!control) { return -1; }
  const before = document.querySelectorAll(entries).length;
  control.click();
  return before;
}"""
# True once the click has been answered: more entries, or the control is gone,
# and the control (if still there) is usable again.
_ANSWERED = """([controls, entries, before]) => {
  const control = document.querySelector(controls);
  const more = document.querySelectorAll(entries).length > before;
  return (more || !control) && !(control && control.disabled);
}"""
_HAS_BODY = """(css) => [...document.querySelectorAll(css)].some(
  (c) => [...c.querySelectorAll("p")].some((p) => p.textContent.trim().length > 0))"""


_SIZE = "() => document.documentElement ? document.documentElement.outerHTML.length : 0"


class PageTooLarge(RuntimeError):
    """The rendered DOM is larger than the page budget (``LEVANT_RENDER_MAX_BYTES``)."""


@dataclass
class LoadMore:
    """What :func:`click_load_more` did: clicks made, and the listing's HTML if a click
    navigated away (``None`` otherwise)."""

    clicks: int
    navigated_to: str | None = None
    html_before: str | None = None


async def click_load_more(
    page: Any,
    controls: str,
    entries: str,
    max_clicks: int = 20,
    timeout_ms: int = 5000,
    max_chars: int = 0,
) -> LoadMore:
    """Click "load more" until it is gone; what was done (see :class:`LoadMore`).

    Before each click the listing's HTML is kept (a click that navigates away must not
    lose it); with *max_chars*, a DOM past it raises :class:`PageTooLarge` first, so a
    huge DOM never crosses Playwright's pipe."""
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    start = page.url
    navigations: list[str] = []

    def navigated(frame: Any) -> None:
        if frame == page.main_frame:
            navigations.append(frame.url)

    page.on("framenavigated", navigated)
    try:
        for clicks in range(max_clicks):
            if max_chars:
                await check_size(page, max_chars)
            html = await page.content()
            try:
                before = await page.evaluate(_CLICK, [controls, entries])
                if before < 0:
                    return LoadMore(clicks)
                await page.wait_for_function(
                    _ANSWERED, arg=[controls, entries, before], timeout=timeout_ms
                )
            except PlaywrightTimeout:
                if navigations or page.url != start:
                    return LoadMore(clicks + 1, page.url, html)
                logger.info("No answer to 'load more' on %s after %d ms", page.url, timeout_ms)
                return LoadMore(clicks + 1)
            except PlaywrightError:  # the page went away under the script
                return LoadMore(clicks + 1, page.url, html)
            if navigations or page.url != start:
                return LoadMore(clicks + 1, page.url, html)
        logger.info("Stopped clicking 'load more' on %s after %d clicks", page.url, max_clicks)
        return LoadMore(max_clicks)
    finally:
        page.remove_listener("framenavigated", navigated)


async def check_size(page: Any, max_chars: int) -> int:
    """The DOM's size in characters; :class:`PageTooLarge` past ``max_chars``."""
    size = int(await page.evaluate(_SIZE))
    if size > max_chars:
        raise PageTooLarge(f"rendered DOM of {size} characters, more than {max_chars}")
    return size


async def wait_for_body(page: Any, body: str, timeout_ms: int = 5000) -> bool:
    """Wait until an element matching ``body`` holds paragraph text; whether it does."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    try:
        await page.wait_for_function(_HAS_BODY, arg=body, timeout=timeout_ms)
    except PlaywrightTimeout:
        return False
    return True
