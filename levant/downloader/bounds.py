"""Bounded work per response: a hostile server cannot make one page cost unbounded memory or time.

``DOWNLOAD_MAXSIZE`` bounds a body; these bound what it does not. Each bound is a
setting; a page past one is dropped (:class:`~scrapy.exceptions.IgnoreRequest`, so the
request's errback counts it as failed, and it is not retried), counted in
``levant/bounds/<name>`` and logged once in full (more are only counted):

- ``LEVANT_MAX_URL_LENGTH`` (default 2083, Scrapy's ``URLLENGTH_LIMIT``) — longer
  request URLs are not sent (``levant/bounds/url_length``);
- ``LEVANT_MAX_RESPONSE_HEADERS`` (default 200) and ``LEVANT_MAX_HEADER_BYTES``
  (default 65536) — header lines and bytes of one response, counted while Twisted
  parses them, so 2,000,000 headers stop at the 201st (``levant/bounds/headers``);
- ``LEVANT_MAX_COOKIES`` (default 50) — ``Set-Cookie`` headers kept per response,
  the rest removed before the cookie jar sees them; and ``LEVANT_MAX_COOKIE_BYTES``
  (default 8192) — a ``Cookie`` request header larger than this is not sent
  (``levant/bounds/cookies``; the page itself is kept);
- ``LEVANT_MAX_ATTRIBUTES`` (default 1000) — attributes of one element, and
  ``LEVANT_MAX_NESTING`` (default 3000) — element depth: checked on the raw bytes of
  an HTML body *before* any parser sees it (one element with 300,000 attributes keeps
  lxml busy for minutes; bodies nested 5,000 deep are lost by it)
  (``levant/bounds/attributes``, ``levant/bounds/nesting``);
- ``LEVANT_MAX_LISTING_BYTES`` (default 4 MiB) — a listing page is read this far (cut
  after its last whole tag): a 16 MiB listing with 350,000 links would cost lxml a
  quarter of a gigabyte (``levant/bounds/listing_bytes``; the page itself is kept).

:class:`RequestBoundsMiddleware` goes after the cookies middleware (700) and
:class:`PageBoundsMiddleware` between decompression (590) and every middleware that
parses HTML. ``0`` turns a bound off.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector

from levant.compat import TooManyHeaders, limit_header_parsing
from levant.config import default, setting

logger = logging.getLogger(__name__)

# Elements that never hold others, or whose end tag may be left out: not depth.
_FLAT = frozenset(
    b"area base br col embed hr img input link meta source track wbr p li dt dd option "
    b"tr td th thead tbody tfoot colgroup rt rp optgroup".split()
)
_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*?(/?)>")


@dataclass(frozen=True)
class Bounds:
    """The bounds of one response (defaults: :mod:`levant.config`); 0 turns one off."""

    url_length: int = default("LEVANT_MAX_URL_LENGTH")
    headers: int = default("LEVANT_MAX_RESPONSE_HEADERS")
    header_bytes: int = default("LEVANT_MAX_HEADER_BYTES")
    cookies: int = default("LEVANT_MAX_COOKIES")
    cookie_bytes: int = default("LEVANT_MAX_COOKIE_BYTES")
    attributes: int = default("LEVANT_MAX_ATTRIBUTES")
    nesting: int = default("LEVANT_MAX_NESTING")
    listing_bytes: int = default("LEVANT_MAX_LISTING_BYTES")

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Bounds:
        names = {
            "url_length": "LEVANT_MAX_URL_LENGTH",
            "headers": "LEVANT_MAX_RESPONSE_HEADERS",
            "header_bytes": "LEVANT_MAX_HEADER_BYTES",
            "cookies": "LEVANT_MAX_COOKIES",
            "cookie_bytes": "LEVANT_MAX_COOKIE_BYTES",
            "attributes": "LEVANT_MAX_ATTRIBUTES",
            "nesting": "LEVANT_MAX_NESTING",
            "listing_bytes": "LEVANT_MAX_LISTING_BYTES",
        }
        return cls(**{field: setting(settings, name) for field, name in names.items()})


def most_attributes(body: bytes, limit: int) -> int:
    """The attributes of the element that has most, as far as ``limit + 1`` (bytes only).

    Only tags long enough to hold more than ``limit`` attributes are looked at, so a
    normal page costs one regular expression search."""
    if limit <= 0:
        return 0
    most = 0
    for match in re.finditer(rb"<[A-Za-z][^<>]{%d,}" % (2 * limit), body):
        most = max(most, match.group().count(b"="))
        if most > limit:
            break
    return most


def deepest_nesting(body: bytes, limit: int) -> int:
    """How deep elements nest, from start and end tags (bytes only; void elements and
    those whose end tag is optional do not count), as far as ``limit + 1``."""
    if limit <= 0 or body.count(b"<") <= limit:
        return 0
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(body):
        if name.lower() in _FLAT or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest


class _Counted:
    def __init__(self, stats: StatsCollector, bounds: Bounds) -> None:
        self.stats = stats
        self.bounds = bounds
        self._logged: set[str] = set()

    def _over(self, name: str, url: str, detail: str) -> None:
        self.stats.inc_value("levant/bounds")
        self.stats.inc_value(f"levant/bounds/{name}")
        if name not in self._logged:
            self._logged.add(name)
            logger.warning(
                "Over a bound (%s): %s %s; more are only counted in levant/bounds/%s",
                name,
                url[:300],
                detail,
                name,
            )


class RequestBoundsMiddleware(_Counted):
    """URL length, response headers and cookies (see the module docstring)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RequestBoundsMiddleware:
        assert crawler.stats is not None
        bounds = Bounds.from_settings(crawler.settings)
        try:
            limit_header_parsing(bounds.headers, bounds.header_bytes)
        except NotConfigured as error:  # the other bounds still hold
            logger.warning("Response headers are not bounded: %s", error)
        return cls(crawler.stats, bounds)

    def process_request(self, request: Request) -> None:
        limit = self.bounds.url_length
        if limit and len(request.url) > limit:
            self._over("url_length", request.url, f"({len(request.url)} characters)")
            raise IgnoreRequest(f"URL longer than {limit} characters")
        cookie = request.headers.get(b"Cookie")
        if cookie and self.bounds.cookie_bytes and len(cookie) > self.bounds.cookie_bytes:
            self._over("cookies", request.url, f"(a Cookie header of {len(cookie)} bytes)")
            del request.headers[b"Cookie"]

    def process_response(self, request: Request, response: Response) -> Response:
        cookies = response.headers.getlist(b"Set-Cookie")
        if self.bounds.cookies and len(cookies) > self.bounds.cookies:
            self._over("cookies", response.url, f"({len(cookies)} Set-Cookie headers)")
            response.headers.setlist(b"Set-Cookie", cookies[: self.bounds.cookies])
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if _caused_by(exception, TooManyHeaders):
            self._over("headers", request.url, "(too many or too large response headers)")
            raise IgnoreRequest("response headers over the bounds")


class PageBoundsMiddleware(_Counted):
    """Attributes per element and nesting depth of HTML bodies, before any parsing."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageBoundsMiddleware:
        assert crawler.stats is not None
        return cls(crawler.stats, Bounds.from_settings(crawler.settings))

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, HtmlResponse):
            return response
        response = self._cut_listing(request, response)
        body = response.body
        attributes = most_attributes(body, self.bounds.attributes)
        if attributes > self.bounds.attributes:
            self._over("attributes", response.url, f"(an element with {attributes}+ attributes)")
            raise IgnoreRequest("an element with too many attributes")
        depth = deepest_nesting(body, self.bounds.nesting)
        if depth > self.bounds.nesting:
            self._over("nesting", response.url, f"(elements nested {depth}+ deep)")
            raise IgnoreRequest("elements nested too deep")
        return response

    def _cut_listing(self, request: Request, response: HtmlResponse) -> HtmlResponse:
        """A listing page past ``LEVANT_MAX_LISTING_BYTES``, cut after its last whole tag."""
        most = self.bounds.listing_bytes
        if not most or len(response.body) <= most or request.meta.get("levant_kind") != "listing":
            return response
        end = response.body.rfind(b">", 0, most) + 1
        self._over("listing_bytes", response.url, f"({len(response.body)} bytes, read {end})")
        return response.replace(body=response.body[:end])


def _caused_by(error: BaseException | None, kind: type[BaseException], depth: int = 0) -> bool:
    """Whether *kind* is *error*, its cause, or one of Twisted's failure reasons in it."""
    if error is None or depth > 5:
        return False
    if isinstance(error, kind):
        return True
    reasons = [getattr(r, "value", r) for r in getattr(error, "reasons", None) or []]
    return any(
        _caused_by(e, kind, depth + 1) for e in (error.__cause__, error.__context__, *reasons)
    )
