"""Crawls of the ``--js`` mirror with a real headless Chromium: what gets rendered, and why.

Each crawl has a mirror of its own, so the mirror's access log is that crawl's:
a page the browser rendered in ``auto`` was answered twice (static, then browser),
and every page the browser loads asks for the theme's stylesheet, which static
fetches never do.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from levant.render.config import RenderConfig
from tests.render.support import mirror_crawl
from tests.support.crawl import CrawlResult, crash_tracebacks
from tests.support.mirror import Mirror

pytestmark = pytest.mark.crawl

Crawled = tuple[Mirror, CrawlResult]


@pytest.fixture(scope="module")
def auto(browser: RenderConfig, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    yield from mirror_crawl(tmp_path_factory, "auto", "--js")


@pytest.fixture(scope="module")
def never(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    yield from mirror_crawl(tmp_path_factory, "never", "--js")


@pytest.fixture(scope="module")
def no_browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    yield from mirror_crawl(
        tmp_path_factory, "auto", "--js", LEVANT_BROWSER_EXECUTABLE="/nonexistent"
    )


def _path(url: str) -> str:
    return unquote(urlsplit(url).path).lower()


def _answered(mirror: Mirror) -> Counter[str]:
    """How many times each page (not a script's JSON, not a stylesheet) was answered 200."""
    return Counter(  # by path and query: "/" and "/?rest_route=..." are two pages
        unquote(r["path"]).lower()
        for r in mirror.requests()
        if r["status"] == 200 and not r["path"].startswith("/wp-")
    )


def _js(truth: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [t for t in truth if t["js"] == kind]


def test_auto_exports_every_js_article_with_its_full_body(auto: Crawled) -> None:
    mirror, result = auto
    assert result.returncode == 0, result.log[-3000:]
    records = {r["url"]: r for r in result.records}
    truth = mirror.truth()
    js_only = _js(truth, "listing") + _js(truth, "body")
    assert len(_js(truth, "listing")) >= 5 and len(_js(truth, "body")) >= 3
    missing = [t["url"] for t in js_only if t["url"] not in records]
    assert not missing
    wrong = [t["url"] for t in js_only if records[t["url"]]["body"] != t["body"]]
    assert not wrong
    assert len(records) == len(truth)


def test_auto_renders_only_the_pages_that_need_it(auto: Crawled) -> None:
    mirror, result = auto
    bodies = {_path(t["url"]) for t in _js(mirror.truth(), "body")}
    section = "/category/opinion/"
    assert result.stat("levant/render/browser/article") == len(bodies)
    assert result.stat("levant/render/browser/listing") == 1
    assert result.stat("levant/render/browser") == len(bodies) + 1
    assert result.stat("levant/render/reason/no_body") == len(bodies)
    assert result.stat("levant/render/reason/load_more") == 1
    assert result.stat("levant/render/failed") == 0
    twice = {path for path, count in _answered(mirror).items() if count > 1}
    assert twice == bodies | {section}
    stylesheets = [r for r in mirror.requests() if r["path"].endswith("/style.css")]
    assert len(stylesheets) == len(bodies) + 1


def test_auto_starts_the_browser_once_and_closes_it(auto: Crawled) -> None:
    _, result = auto
    assert result.stat("playwright/browser_count") == 1
    assert result.stat("playwright/page_count/closed") == result.stat("playwright/page_count")
    assert "Closing browser" in result.log
    assert result.stat("playwright/request_count/aborted") > 0  # images are not downloaded
    assert result.stat("playwright/response_count/resource_type/image") == 0


def test_never_reports_js_bodies_as_missing(never: Crawled) -> None:
    mirror, result = never
    assert result.returncode == 0, result.log[-3000:]
    assert crash_tracebacks(result.log) == []
    truth = mirror.truth()
    bodies = {t["url"] for t in _js(truth, "body")}
    assert result.stat("levant/dropped/no_body") == len(bodies)
    exported = {r["url"] for r in result.records}
    static = {t["url"] for t in truth if t["js"] is None}
    assert exported == static
    assert result.stat("levant/render/browser") == 0
    assert result.stat("playwright/browser_count") == 0
    assert "Launching browser" not in result.log


def test_missing_browser_is_one_clear_error_and_the_static_crawl_goes_on(
    no_browser: Crawled,
) -> None:
    mirror, result = no_browser
    assert result.returncode == 0, result.log[-3000:]
    errors = [line for line in result.log.splitlines() if re.search(r"\] ERROR: ", line)]
    assert len(errors) == 1, errors
    assert "LEVANT_BROWSER_EXECUTABLE=/nonexistent" in errors[0]
    truth = mirror.truth()
    assert {r["url"] for r in result.records} == {t["url"] for t in truth if t["js"] is None}
    bodies = len(_js(truth, "body"))
    assert result.stat("levant/render/failed/no_browser") == bodies + 1  # and the listing
    assert result.stat("levant/dropped/no_body") == bodies
    assert result.stat("playwright/browser_count") == 0


def test_a_crawl_with_nothing_to_render_starts_no_browser(
    browser: RenderConfig, tmp_path_factory: pytest.TempPathFactory
) -> None:
    for mirror, result in mirror_crawl(tmp_path_factory, "auto", articles=60):
        assert result.returncode == 0, result.log[-3000:]
        assert len(result.records) == len(mirror.truth())
        assert result.stat("levant/render/browser") == 0
        assert "Launching browser" not in result.log
        assert "Rendering: auto" in result.log


def test_always_renders_every_page_but_robots_and_finds_the_script_listed_ones(
    browser: RenderConfig, tmp_path_factory: pytest.TempPathFactory
) -> None:
    for mirror, result in mirror_crawl(tmp_path_factory, "always", "--js", articles=80):
        assert result.returncode == 0, result.log[-3000:]
        truth = {t["url"]: t for t in mirror.truth()}
        records = {r["url"]: r for r in result.records}
        assert set(records) == set(truth)
        assert all(records[url]["body"] == t["body"] for url, t in truth.items())
        assert result.stat("levant/render/browser/article") >= len(truth)
        assert result.stat("levant/render/reason/always") == result.stat("levant/render/browser")
        requests = mirror.requests()
        assert sum(r["path"] == "/robots.txt" for r in requests) == 1
        stylesheets = sum(r["path"].endswith("/style.css") for r in requests)
        assert stylesheets == result.stat("levant/render/browser")


def test_a_browser_that_does_not_start_is_one_clear_error_and_the_crawl_goes_on(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """An executable that is not a browser: the handler says so once; pages stay static."""
    for mirror, result in mirror_crawl(
        tmp_path_factory, "auto", "--js", articles=100, LEVANT_BROWSER_EXECUTABLE="/bin/true"
    ):
        assert result.returncode == 0, result.log[-3000:]
        errors = [line for line in result.log.splitlines() if re.search(r"\] ERROR: ", line)]
        assert len(errors) == 1, errors
        assert "LEVANT_BROWSER_EXECUTABLE" in errors[0] and "/bin/true" in errors[0]
        truth = mirror.truth()
        assert {r["url"] for r in result.records} == {t["url"] for t in truth if t["js"] is None}
        assert result.stat("levant/render/failed/no_browser") == len(_js(truth, "body")) + 1
        assert result.stat("levant/dropped/no_body") == len(_js(truth, "body"))
