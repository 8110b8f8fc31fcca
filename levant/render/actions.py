"""What the browser does on a page before its HTML is taken (scrapy-playwright page methods).

Each function takes the Playwright ``page`` first, as ``PageMethod(callable, ...)``
calls it, and never raises on a page that does not cooperate: a timeout ends the
wait, and the HTML as it stands then is the response (extraction reports what is
still missing).

- :func:`click_load_more` — click the listing's "load more" control until it is
  gone (or disabled for good, or ``max_clicks`` is reached), each time waiting
  for new entries to arrive.
- :func:`wait_for_body` — wait until the article's body holds paragraph text.
"""

from __future__ import annotations

import logging
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


async def click_load_more(
    page: Any, controls: str, entries: str, max_clicks: int = 20, timeout_ms: int = 5000
) -> int:
    """Click "load more" until it is gone; the number of clicks made."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    for clicks in range(max_clicks):
        before = await page.evaluate(_CLICK, [controls, entries])
        if before < 0:
            return clicks
        try:
            await page.wait_for_function(
                _ANSWERED, arg=[controls, entries, before], timeout=timeout_ms
            )
        except PlaywrightTimeout:
            logger.info("No answer to 'load more' on %s after %d ms", page.url, timeout_ms)
            return clicks + 1
    logger.info("Stopped clicking 'load more' on %s after %d clicks", page.url, max_clicks)
    return max_clicks


async def wait_for_body(page: Any, body: str, timeout_ms: int = 5000) -> bool:
    """Wait until an element matching ``body`` holds paragraph text; whether it does."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    try:
        await page.wait_for_function(_HAS_BODY, arg=body, timeout=timeout_ms)
    except PlaywrightTimeout:
        return False
    return True
