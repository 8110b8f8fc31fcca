"""Bounded work per response (levant.downloader.bounds): each bound, its stat and its log line."""

from __future__ import annotations

import logging
import time

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from twisted.internet.testing import StringTransport
from twisted.web._newclient import HTTPClientParser
from twisted.web._newclient import Request as TwistedRequest
from twisted.web.http_headers import Headers

from levant.downloader.bounds import (
    Bounds,
    PageBoundsMiddleware,
    RequestBoundsMiddleware,
    TooManyHeaders,
    deepest_nesting,
    most_attributes,
)

URL = "http://127.0.0.1:8090/article/x/"


def _attributes(count: int) -> bytes:
    return b"<html><body><p " + b" ".join(b'a%d=""' % n for n in range(count)) + b">x</p>"


@pytest.mark.parametrize(
    ("body", "limit", "over"),
    [
        (_attributes(10), 1000, False),
        (_attributes(1001), 1000, True),
        (b'<a href="/?a=1&b=2&c=3" title="x=y">x</a>' * 1000, 1000, False),
        (b"<p>" + b"=" * 100_000 + b"</p>", 1000, False),  # text, not a tag
    ],
)
def test_attributes_per_element(body: bytes, limit: int, over: bool) -> None:
    assert (most_attributes(body, limit) > limit) is over


@pytest.mark.parametrize(
    ("body", "over"),
    [
        (b"<div>" * 800 + b"x" + b"</div>" * 800, False),  # the mirror's deep-nesting fault
        (b"<div>" * 3001 + b"x" + b"</div>" * 3001, True),
        (b"<ul>" + b"<li>item" * 5000 + b"</ul>", False),  # optional end tags
        (b"<p>" + b"<br><img src=x>" * 5000 + b"</p>", False),  # void elements
        (b"<div></div>" * 10_000, False),
    ],
)
def test_nesting_depth(body: bytes, over: bool) -> None:
    assert (deepest_nesting(body, 3000) > 3000) is over


def test_the_prescan_of_a_hostile_page_is_fast() -> None:
    body = _attributes(300_000)  # the 2.9 MB page that froze lxml for minutes
    started = time.perf_counter()
    assert most_attributes(body, 1000) > 1000
    assert deepest_nesting(body, 3000) == 0
    assert time.perf_counter() - started < 0.5


def _crawler(**settings: object):  # type: ignore[no-untyped-def]
    return get_crawler(Spider, settings)


def test_a_huge_listing_page_is_read_only_as_far_as_the_bound() -> None:
    crawler = _crawler(LEVANT_MAX_LISTING_BYTES=1000)
    middleware = PageBoundsMiddleware.from_crawler(crawler)
    entries = b"".join(b'<h2><a href="/article/%d/">x</a></h2>' % n for n in range(200))
    body = b"<html><body><main>" + entries + b"</main></body></html>"
    listing = Request(URL, meta={"levant_kind": "listing"})
    cut = middleware.process_response(listing, HtmlResponse(URL, body=body, request=listing))
    assert len(cut.body) <= 1000 and cut.body.endswith(b">")
    assert cut.css("h2 a::attr(href)").getall()[:2] == ["/article/0/", "/article/1/"]
    assert crawler.stats.get_value("levant/bounds/listing_bytes") == 1
    article = Request(URL, meta={"levant_kind": "article"})  # only listings are cut
    whole = HtmlResponse(URL, body=body, request=article)
    assert middleware.process_response(article, whole) is whole


def test_a_page_over_a_bound_is_dropped_counted_and_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    crawler = _crawler()
    middleware = PageBoundsMiddleware.from_crawler(crawler)
    request = Request(URL)
    hostile = HtmlResponse(URL, body=_attributes(5000), request=request)
    with caplog.at_level(logging.WARNING), pytest.raises(IgnoreRequest):
        middleware.process_response(request, hostile)
    with pytest.raises(IgnoreRequest):
        middleware.process_response(request, hostile)
    healthy = HtmlResponse(URL, body=_attributes(5), request=request)
    assert middleware.process_response(request, healthy) is healthy
    assert crawler.stats.get_value("levant/bounds/attributes") == 2
    assert [r.getMessage() for r in caplog.records if "levant/bounds" in r.getMessage()] == [
        f"Over a bound (attributes): {URL} (an element with 5000+ attributes); "
        "more are only counted in levant/bounds/attributes"
    ]


def test_long_urls_and_cookies() -> None:
    crawler = _crawler(LEVANT_MAX_URL_LENGTH=100, LEVANT_MAX_COOKIES=3)
    middleware = RequestBoundsMiddleware.from_crawler(crawler)
    with pytest.raises(IgnoreRequest):
        middleware.process_request(Request(URL + "x" * 100))
    big = Request(URL, headers={"Cookie": "c=" + "v" * 9000})
    assert middleware.process_request(big) is None and b"Cookie" not in big.headers
    response = HtmlResponse(
        URL, body=b"<p>x</p>", headers={"Set-Cookie": [f"c{n}=1" for n in range(9)]}
    )
    assert (
        len(middleware.process_response(Request(URL), response).headers.getlist("Set-Cookie")) == 3
    )
    assert crawler.stats.get_value("levant/bounds/url_length") == 1
    assert crawler.stats.get_value("levant/bounds/cookies") == 2


def _parse(raw: bytes) -> None:
    parser = HTTPClientParser(TwistedRequest(b"GET", b"/", Headers(), None), lambda rest: None)
    parser.makeConnection(StringTransport())
    parser.dataReceived(raw)


def test_response_headers_stop_being_read_past_the_bound() -> None:
    RequestBoundsMiddleware.from_crawler(_crawler(LEVANT_MAX_RESPONSE_HEADERS=50))
    head = b"HTTP/1.1 200 OK\r\n"
    _parse(head + b"X-A: b\r\n" * 50 + b"\r\n")
    with pytest.raises(TooManyHeaders):
        _parse(head + b"X-A: b\r\n" * 2_000_000)  # stops at the 51st, long before the end
    with pytest.raises(TooManyHeaders):  # one header of endless continuation lines
        _parse(head + b"X-A: b\r\n" + b" more\r\n" * 100_000)
    RequestBoundsMiddleware.from_crawler(_crawler())  # the defaults again


@pytest.mark.parametrize("name", ["LEVANT_MAX_NESTING", "LEVANT_MAX_COOKIES"])
def test_a_negative_bound_is_refused_by_name(name: str) -> None:
    with pytest.raises(ValueError, match=f"^{name}=-1: must be 0 or more \\(0 turns it off\\)"):
        Bounds.from_settings(_crawler(**{name: -1}).settings)


def test_a_response_stopped_in_its_headers_is_dropped_not_retried() -> None:
    from twisted.python.failure import Failure
    from twisted.web._newclient import ResponseFailed

    crawler = _crawler()
    middleware = RequestBoundsMiddleware.from_crawler(crawler)
    wrapped = RuntimeError("download failed")  # as Scrapy wraps Twisted's failure
    wrapped.__cause__ = ResponseFailed([Failure(TooManyHeaders("more than 200 headers"))])
    with pytest.raises(IgnoreRequest):
        middleware.process_exception(Request(URL), wrapped)
    assert middleware.process_exception(Request(URL), RuntimeError("other")) is None
    assert crawler.stats.get_value("levant/bounds/headers") == 1


def test_the_header_parser_adapter_refuses_a_twisted_it_was_not_checked_against() -> None:
    from scrapy.exceptions import NotConfigured

    from levant import compat

    compat._check_version("twisted", "the parser", compat.HEADER_PARSER_TWISTED)  # this one
    with pytest.raises(NotConfigured, match=r"twisted \S+: levant reads the parser as twisted 1.0"):
        compat._check_version("twisted", "the parser", ("1.0", "2.0"))
