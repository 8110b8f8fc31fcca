"""The duplicate filter counts and logs the spellings it collapses."""

from __future__ import annotations

import logging

import pytest
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from levant.dupefilter import CanonicalDupeFilter
from levant.fingerprint import CanonicalRequestFingerprinter

S = "https://thelevantnews.com"
ARTICLE = f"{S}/article/%D8%A8%D8%B4%D8%A7%D8%B1-%D8%A7%D9%84%D8%A3%D8%B3%D8%AF/"


@pytest.fixture
def crawler() -> Crawler:
    crawler = get_crawler(
        Spider,
        {
            "REQUEST_FINGERPRINTER_CLASS": CanonicalRequestFingerprinter,
            "DUPEFILTER_CLASS": CanonicalDupeFilter,
        },
    )
    crawler.spider = Spider.from_crawler(crawler, name="levant")
    return crawler


def _filter(crawler: Crawler, *urls: str | Request) -> list[bool]:
    """Offer requests to a fresh dupefilter as the scheduler does; True = filtered."""
    dupefilter = CanonicalDupeFilter.from_crawler(crawler)
    filtered = []
    for url in urls:
        request = url if isinstance(url, Request) else Request(url)
        seen = dupefilter.request_seen(request)
        if seen:
            dupefilter.log(request, crawler.spider)
        filtered.append(seen)
    return filtered


def test_collapsed_spelling_is_filtered_and_counted(crawler: Crawler) -> None:
    # Request() already percent-encodes a raw slug; lower-case hex stays visible.
    variant = f"{ARTICLE.lower()}amp/?utm_source=facebook"
    assert _filter(crawler, ARTICLE, variant) == [False, True]
    stats = crawler.stats.get_stats()
    assert stats["levant/dedup/requests_collapsed"] == 1
    assert stats["levant/dedup/variant/tracking"] == 1
    assert stats["levant/dedup/variant/amp"] == 1
    assert stats["levant/dedup/variant/encoding"] == 1
    assert stats["dupefilter/filtered"] == 1


def test_first_collapse_is_logged_in_full_then_only_counted(
    crawler: Crawler, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="levant.dupefilter"):
        _filter(crawler, ARTICLE, f"{ARTICLE}?fbclid=IwAR2x", f"{ARTICLE}#comments")
    records = [r for r in caplog.records if r.name == "levant.dupefilter"]
    assert len(records) == 1
    assert records[0].levelno == logging.INFO
    message = records[0].getMessage()
    assert f"<GET {ARTICLE}?fbclid=IwAR2x> is {ARTICLE}" in message
    assert "(variants: tracking)" in message
    assert "further collapses are only counted in levant/dedup/requests_collapsed" in message
    stats = crawler.stats.get_stats()
    assert stats["levant/dedup/requests_collapsed"] == 2
    assert stats["levant/dedup/variant/fragment"] == 1


def test_same_spelling_twice_is_filtered_but_not_a_collapse(
    crawler: Crawler, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="levant.dupefilter"):
        assert _filter(crawler, ARTICLE, ARTICLE, f"{S}/?p=123", f"{S}/?p=123") == [
            False,
            True,
            False,
            True,
        ]
    stats = crawler.stats.get_stats()
    assert stats["dupefilter/filtered"] == 2
    assert "levant/dedup/requests_collapsed" not in stats
    assert not [r for r in caplog.records if r.name == "levant.dupefilter"]


def test_variants_noted_by_the_spider_are_counted(crawler: Crawler) -> None:
    # The spider canonicalised a "www." link before requesting it.
    noted = Request(ARTICLE, meta={"levant_variants": ["host", "tracking"]})
    assert _filter(crawler, ARTICLE, noted) == [False, True]
    stats = crawler.stats.get_stats()
    assert stats["levant/dedup/requests_collapsed"] == 1
    assert stats["levant/dedup/variant/host"] == 1
    assert stats["levant/dedup/variant/tracking"] == 1


def test_different_articles_pass(crawler: Crawler) -> None:
    assert _filter(crawler, ARTICLE, f"{S}/article/x/", f"{S}/article/y") == [False] * 3
    assert crawler.stats.get_stats().get("dupefilter/filtered") is None


def test_works_with_scrapys_default_fingerprinter() -> None:
    crawler = get_crawler(Spider, {"DUPEFILTER_CLASS": CanonicalDupeFilter})
    crawler.spider = Spider.from_crawler(crawler, name="levant")
    # Scrapy's fingerprint sorts the query, so the reordered spelling is filtered
    # and counted; for it a tracking parameter makes another request.
    urls = [f"{S}/?a=2&b=1", f"{S}/?b=1&a=2", f"{S}/?a=2&b=1&fbclid=x"]
    assert _filter(crawler, *urls) == [False, True, False]
    assert crawler.stats.get_value("levant/dedup/variant/query_order") == 1
