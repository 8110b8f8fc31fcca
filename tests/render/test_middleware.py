"""The render decision, built from a crawler with settings as Scrapy builds it; no crawl."""

from __future__ import annotations

import logging
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from levant.addon import HANDLERS as DOWNLOAD_HANDLERS
from levant.render.handler import BrowserUnavailable
from levant.render.middleware import RenderMiddleware
from levant.site import LEVANT

BASE = "http://127.0.0.1:8090/"
EMPTY_BODY = '<article><div class="entry-content"></div></article><script>fill()</script>'
FULL_BODY = '<article><div class="entry-content"><p>نص المقال.</p></div></article>'
LOAD_MORE = '<div class="posts-list"></div><button class="load-more">المزيد</button>'
PAGINATED = '<div class="posts-list"></div><nav class="pagination"><a class="next" href="2/">»</a>'


class _Spider(Spider):
    name = "levant"
    render_mode = "auto"
    profile = LEVANT.with_base_url(BASE)


@pytest.fixture
def executable(tmp_path: Path) -> str:
    path = tmp_path / "chromium"
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


Make = Callable[..., tuple[RenderMiddleware, Crawler]]


@pytest.fixture
def make(executable: str) -> Make:
    def build(mode: str = "auto", **settings: Any) -> tuple[RenderMiddleware, Crawler]:
        values = {"DOWNLOAD_HANDLERS": DOWNLOAD_HANDLERS, "LEVANT_BROWSER_EXECUTABLE": executable}
        crawler = get_crawler(_Spider, {**values, **settings})
        middleware = RenderMiddleware.from_crawler(crawler)
        spider = _Spider()
        spider.render_mode = mode
        middleware.spider_opened(spider)
        return middleware, crawler

    return build


def _request(kind: str, path: str = "article/x/", **kwargs: Any) -> Request:
    return Request(BASE + path, meta={"levant_kind": kind}, **kwargs)


def _response(request: Request, html: str, status: int = 200) -> Response:
    return HtmlResponse(
        request.url, status=status, body=f"<html><body>{html}</body></html>".encode(),
        encoding="utf-8", request=request,
    )  # fmt: skip


def _stats(crawler: Crawler) -> dict[str, Any]:
    assert crawler.stats is not None
    return {k: v for k, v in crawler.stats.get_stats().items() if k.startswith("levant/render")}


@pytest.mark.parametrize(
    ("kind", "path", "html", "reason"),
    [
        ("article", "article/x/", EMPTY_BODY, "no_body"),
        ("listing", "category/opinion/", LOAD_MORE, "load_more"),
    ],
)
def test_auto_sends_a_short_page_to_the_browser_once(
    make: Make, caplog: pytest.LogCaptureFixture, kind: str, path: str, html: str, reason: str
) -> None:
    middleware, crawler = make("auto")
    request = _request(kind, path, cb_kwargs={"section": "opinion"})
    with caplog.at_level(logging.INFO, logger="levant.render.middleware"):
        again = middleware.process_response(request, _response(request, html))
    assert isinstance(again, Request)
    assert again.url == request.url and again.dont_filter and again.cb_kwargs == request.cb_kwargs
    assert again.meta["playwright"] is True and again.meta["levant_render"] == "browser"
    methods = again.meta["playwright_page_methods"]
    assert len(methods) == 2 and methods[-1].method.__name__ == "check_size"
    assert _stats(crawler) == {
        "levant/render/browser": 1,
        f"levant/render/browser/{kind}": 1,
        f"levant/render/reason/{reason}": 1,
    }
    assert f"Rendering {request.url} in the browser ({reason})" in caplog.text
    # the rendered page comes back: it is kept as it is, whatever it holds
    rendered = _response(again, html)
    assert middleware.process_response(again, rendered) is rendered
    assert middleware.process_request(again) is None
    assert _stats(crawler)["levant/render/browser"] == 1


@pytest.mark.parametrize(
    ("kind", "html", "status"),
    [
        ("article", FULL_BODY, 200),
        ("listing", PAGINATED, 200),
        ("article", EMPTY_BODY, 404),
        ("home", LOAD_MORE, 200),
        (None, EMPTY_BODY, 200),
    ],
    ids=["has-body", "paginated", "not-found", "home", "no-kind"],
)
def test_auto_keeps_pages_whose_static_html_is_enough(
    make: Make, kind: str | None, html: str, status: int
) -> None:
    middleware, crawler = make("auto")
    request = Request(BASE + "x/", meta={"levant_kind": kind} if kind else {})
    response = _response(request, html, status)
    assert middleware.process_request(request) is None
    assert middleware.process_response(request, response) is response
    assert _stats(crawler) == {}


def test_never_renders_nothing(make: Make) -> None:
    middleware, crawler = make("never")
    request = _request("article")
    response = _response(request, EMPTY_BODY)
    assert middleware.process_request(request) is None
    assert "playwright" not in request.meta
    assert middleware.process_response(request, response) is response
    assert _stats(crawler) == {}


@pytest.mark.parametrize("kind", ["home", "listing", "article"])
def test_always_renders_every_page(make: Make, kind: str) -> None:
    middleware, crawler = make("always")
    request = _request(kind)
    middleware.process_request(request)
    assert request.meta["playwright"] is True
    assert _stats(crawler)["levant/render/reason/always"] == 1


@pytest.mark.parametrize("meta", [{}, {"levant_kind": "feed"}, {"levant_kind": "sitemap"}])
def test_always_leaves_robots_feeds_and_sitemaps_alone(make: Make, meta: dict[str, str]) -> None:
    middleware, _ = make("always")
    request = Request(BASE + "robots.txt", meta=meta)
    middleware.process_request(request)
    assert "playwright" not in request.meta


def test_render_sections_go_to_the_browser_directly(make: Make) -> None:
    middleware, crawler = make("auto")
    middleware.profile = replace(middleware.profile, render_sections=("opinion",))
    opinion = _request("listing", "category/opinion/")
    politics = _request("listing", "category/politics/page/2/", cb_kwargs={"section": "politics"})
    middleware.process_request(opinion)
    middleware.process_request(politics)
    assert opinion.meta.get("playwright") is True
    assert "playwright" not in politics.meta
    assert _stats(crawler)["levant/render/reason/section"] == 1


def test_a_missing_browser_is_one_error_and_pages_stay_static(
    make: Make, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        middleware, crawler = make("auto", LEVANT_BROWSER_EXECUTABLE="/nonexistent")
        for n in range(3):
            request = _request("article", f"article/{n}/")
            response = _response(request, EMPTY_BODY)
            assert middleware.process_response(request, response) is response
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert "LEVANT_BROWSER_EXECUTABLE=/nonexistent" in errors[0].getMessage()
    assert BASE + "article/0/" in errors[0].getMessage()
    assert _stats(crawler) == {"levant/render/failed": 3, "levant/render/failed/no_browser": 3}


def test_a_missing_browser_no_page_needs_is_no_error(
    make: Make, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        middleware, crawler = make("auto", LEVANT_BROWSER_EXECUTABLE="/nonexistent")
        request = _request("article")
        middleware.process_response(request, _response(request, FULL_BODY))
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "Rendering: auto, but no browser" in caplog.text
    assert _stats(crawler) == {}


def test_without_the_playwright_handler_rendering_is_reported_off(
    make: Make, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        middleware, _ = make("auto", DOWNLOAD_HANDLERS={})
        request = _request("article")
        response = _response(request, EMPTY_BODY)
        assert middleware.process_response(request, response) is response
    assert "DOWNLOAD_HANDLERS has no scrapy-playwright handler" in caplog.text
    assert "playwright" not in request.meta


def test_a_failed_render_falls_back_to_a_static_fetch_once(
    make: Make, caplog: pytest.LogCaptureFixture
) -> None:
    middleware, crawler = make("auto")
    request = _request("article")
    rendered = middleware.process_response(request, _response(request, EMPTY_BODY))
    assert isinstance(rendered, Request)
    with caplog.at_level(logging.WARNING):
        static = middleware.process_exception(rendered, TimeoutError("page timed out"))
    assert isinstance(static, Request)
    assert not any(key.startswith("playwright") for key in static.meta)
    assert static.meta["levant_render"] == "static" and static.dont_filter
    response = _response(static, EMPTY_BODY)
    assert middleware.process_response(static, response) is response
    assert _stats(crawler)["levant/render/failed/error"] == 1
    assert "page timed out" in caplog.text


def test_a_browser_that_does_not_start_is_given_up_on(
    make: Make, caplog: pytest.LogCaptureFixture
) -> None:
    middleware, crawler = make("auto")
    request = _request("article")
    rendered = middleware.process_response(request, _response(request, EMPTY_BODY))
    assert isinstance(rendered, Request)
    with caplog.at_level(logging.INFO):
        static = middleware.process_exception(rendered, BrowserUnavailable("did not start"))
        later = _request("article", "article/y/")
        kept = _response(later, EMPTY_BODY)
        assert middleware.process_response(later, kept) is kept
    assert isinstance(static, Request) and "playwright" not in static.meta
    assert _stats(crawler)["levant/render/failed/no_browser"] == 2
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]  # the handler's


def test_exceptions_of_static_requests_are_not_ours(make: Make) -> None:
    middleware, _ = make("auto")
    assert middleware.process_exception(_request("article"), TimeoutError()) is None


def test_switched_off_by_setting() -> None:
    with pytest.raises(NotConfigured):
        RenderMiddleware.from_crawler(get_crawler(_Spider, {"LEVANT_RENDER_ENABLED": False}))
