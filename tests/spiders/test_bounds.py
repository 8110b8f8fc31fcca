"""The crawl's work is bounded by default: listing pages per section, read-also links
per article; each bound reached is counted and logged once, and the crawl goes on."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from levant.incremental import RecrawlPolicy, RecrawlSettings
from levant.items import Article
from levant.spiders.levant import LevantSpider
from levant.state import open_store

BASE = "https://thelevantnews.com/"


def _spider(**settings: object) -> LevantSpider:
    return _with_policy(LevantSpider.from_crawler(get_crawler(LevantSpider, settings)))


def _with_policy(spider: LevantSpider) -> LevantSpider:
    """A full crawl's policy over an empty store (no crawl runs in these tests)."""
    spider.policy = RecrawlPolicy(
        "full", open_store("sqlite://:memory:"), RecrawlSettings(), now=datetime.now(UTC)
    )
    return spider


def _listing(page: int) -> HtmlResponse:
    url = f"{BASE}category/politics/page/{page}/"
    body = (
        '<main><article class="post"><h2><a href="/article/a-%d/">عنوان</a></h2></article>'
        f'<nav class="pagination"><a class="next" href="/category/politics/page/{page + 1}/">'
        "التالي</a></nav></main>" % page
    )
    return HtmlResponse(url, body=body.encode(), encoding="utf-8", request=Request(url))


def _next_pages(spider: LevantSpider, page: int) -> list[str]:
    found = spider.parse_section(_listing(page), "politics", page, 0)
    return [r.url for r in found if "/category/" in r.url]


def test_endless_pagination_stops_at_the_bound(caplog: pytest.LogCaptureFixture) -> None:
    spider = _spider(LEVANT_MAX_LISTING_PAGES=3)
    assert _next_pages(spider, 2) == [f"{BASE}category/politics/page/3/"]
    with caplog.at_level(logging.WARNING):
        assert _next_pages(spider, 3) == []
        assert _next_pages(spider, 3) == []
    assert spider.crawler.stats.get_value("levant/bounds/listing_pages") == 2
    assert caplog.text.count("LEVANT_MAX_LISTING_PAGES reached") == 1


def test_max_pages_argument_stops_earlier_without_a_bound_warning() -> None:
    spider = _with_policy(LevantSpider.from_crawler(get_crawler(LevantSpider), max_pages="2"))
    assert _next_pages(spider, 2) == []
    assert spider.crawler.stats.get_value("levant/bounds/listing_pages") is None


def test_a_read_also_fan_out_keeps_the_first_links(caplog: pytest.LogCaptureFixture) -> None:
    spider = _spider(LEVANT_MAX_READ_ALSO=5)
    related = [f"{BASE}article/{n}/" for n in range(40)]
    article = Article(url=f"{BASE}article/x/", fetched_url="", related_urls=list(related))
    with caplog.at_level(logging.WARNING):
        spider._cap_read_also(article)
    assert article.related_urls == related[:5]
    assert spider.crawler.stats.get_value("levant/bounds/read_also") == 1
    assert "LEVANT_MAX_READ_ALSO reached" in caplog.text
    normal = Article(url=f"{BASE}article/y/", fetched_url="", related_urls=related[:3])
    spider._cap_read_also(normal)
    assert normal.related_urls == related[:3]


def test_a_huge_listing_yields_its_first_links_only(caplog: pytest.LogCaptureFixture) -> None:
    spider = _spider(LEVANT_MAX_LINKS_PER_PAGE=10)
    url = f"{BASE}category/politics/"
    entries = "".join(
        f'<article class="post"><h2><a href="/article/n-{n}/">عنوان</a></h2></article>'
        for n in range(300)
    )
    response = HtmlResponse(
        url, body=f"<main>{entries}</main>".encode(), encoding="utf-8", request=Request(url)
    )
    with caplog.at_level(logging.WARNING):
        requested = [r.url for r in spider.parse_section(response, "politics", 1, 0)]
    assert requested == [f"{BASE}article/n-{n}/" for n in range(10)]
    assert spider.crawler.stats.get_value("levant/bounds/links_per_page") == 1
    assert "LEVANT_MAX_LINKS_PER_PAGE reached" in caplog.text


def test_read_also_bound_zero_is_no_bound() -> None:
    spider = _spider(LEVANT_MAX_READ_ALSO=0)
    related = [f"{BASE}article/{n}/" for n in range(80)]
    article = Article(url=f"{BASE}article/x/", fetched_url="", related_urls=list(related))
    spider._cap_read_also(article)
    assert article.related_urls == related


def test_a_crawl_follows_at_most_max_pending_read_also_links(
    caplog: pytest.LogCaptureFixture,
) -> None:
    spider = _spider(LEVANT_MAX_PENDING=5)
    first = [f"{BASE}article/a-{n}/" for n in range(3)]
    second = [f"{BASE}article/b-{n}/" for n in range(4)]
    with caplog.at_level(logging.WARNING):
        assert spider._within_frontier(first, f"{BASE}article/a/") == first
        assert spider._within_frontier(second, f"{BASE}article/b/") == second[:2]
        assert spider._within_frontier(first, f"{BASE}article/c/") == first  # already followed
    assert spider.crawler.stats.get_value("levant/bounds/pending") == 2
    assert caplog.text.count("LEVANT_MAX_PENDING reached") == 1
