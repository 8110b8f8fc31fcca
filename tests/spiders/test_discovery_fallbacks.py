"""Discovery falls back the way WordPress sites need: no /sitemap.xml means the core one."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from levant.spiders.levant import LevantSpider

BASE = "https://thelevantnews.com/"


def _failure(url: str, status: int) -> Failure:
    request = Request(url)
    response = Response(url, status=status, request=request)
    failure = Failure(HttpError(response, "Ignoring non-200 response"))
    failure.request = request  # type: ignore[attr-defined]
    return failure


def _spider() -> LevantSpider:
    crawler = get_crawler(LevantSpider)
    return LevantSpider.from_crawler(crawler)


def test_a_missing_sitemap_xml_leads_to_wordpress_core_sitemap() -> None:
    spider = _spider()
    requests = list(spider.sitemap_failed(_failure(BASE + "sitemap.xml", 404)))
    assert [r.url for r in requests] == [BASE + "wp-sitemap.xml"]
    assert spider.crawler.stats.get_value("levant/sitemap/core_fallback") == 1


def test_a_missing_core_sitemap_is_counted_not_retried() -> None:
    spider = _spider()
    assert list(spider.sitemap_failed(_failure(BASE + "wp-sitemap.xml", 404))) == []
    assert list(spider.sitemap_failed(_failure(BASE + "sitemap.xml", 500))) == []
    assert spider.crawler.stats.get_value("levant/sitemap/failed") == 2
