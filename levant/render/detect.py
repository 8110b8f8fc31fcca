"""Does a page's static HTML fall short? Pure checks over ``(html, profile)``.

- :func:`article_needs_browser` — the article has no body in its HTML: neither the
  site layouts' body selectors nor a generic WordPress body container holds any
  paragraph text (a script fills it after load).
- :func:`listing_needs_browser` — the listing has a "load more" control
  (``profile.selectors.load_more``) that only a script can follow: a button, or a
  link without a real ``href``.

Both answer the question the middleware asks, cheaply: no extraction is run, and
given the response's own :attr:`~scrapy.http.TextResponse.selector` (which the spider's
extraction reuses) the page is parsed once for both.
"""

from __future__ import annotations

from parsel import Selector

from levant.extraction import css
from levant.extraction.body import has_paragraph_text
from levant.extraction.layouts import body_queries
from levant.site import SiteProfile


def article_needs_browser(html: str | Selector, profile: SiteProfile) -> bool:
    sel = html if isinstance(html, Selector) else Selector(text=html)
    for query in body_queries():
        for container in css.select(sel.root, query):
            if has_paragraph_text(container):
                return False
    return True


def listing_needs_browser(html: str | Selector, profile: SiteProfile) -> bool:
    sel = html if isinstance(html, Selector) else Selector(text=html)
    for control in sel.css(profile.selectors.load_more):
        href = (control.attrib.get("href") or "").strip()
        if control.root.tag != "a" or not href or href.startswith(("#", "javascript:")):
            return True
    return False
