"""Pipelines built from a crawler with settings, as Scrapy builds them; no crawl."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from levant.items import Article


@pytest.fixture
def make_crawler() -> Callable[..., Crawler]:
    def make(settings: dict[str, Any] | None = None) -> Crawler:
        return get_crawler(Spider, settings or {})

    return make


@pytest.fixture
def article() -> Callable[..., Article]:
    def make(**fields: Any) -> Article:
        values: dict[str, Any] = {
            "url": "https://thelevantnews.com/article/%D8%A3/",
            "fetched_url": "https://thelevantnews.com/article/%D8%A3/",
            "post_id": 4103,
            "title": "عنوان",
            "body": "نص الخبر.",
            "content_hash": "a" * 64,
            "crawled_at": "2026-11-20T09:00:00+00:00",
        }
        values.update(fields)
        return Article(**values)

    return make
