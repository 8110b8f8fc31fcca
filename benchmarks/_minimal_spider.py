"""The baseline of ``bench_crawl``: a plain Scrapy spider that only follows links.

It walks the pages the ``levant`` spider walks (the menu's sections, their
pagination, the articles they list and the articles' read-also links) with plain
CSS selectors, and extracts nothing: no items, no pipelines, Scrapy's default
fingerprinter and dupefilter. Run by ``scrapy runspider`` outside the project, so
no project setting applies; ``-a stats_file=PATH`` saves the run's stats as JSON.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.http import Response


class MinimalSpider(scrapy.Spider):
    name = "minimal"

    def __init__(self, base_url: str, stats_file: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url
        self.stats_file = stats_file

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> MinimalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._save_stats, signal=signals.engine_stopped)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.base_url, callback=self.parse_home)

    def parse_home(self, response: Response) -> Iterator[scrapy.Request]:
        for href in response.css("nav.main-menu a[href*='/category/']::attr(href)").getall():
            yield response.follow(href, callback=self.parse_section)

    def parse_section(self, response: Response) -> Iterator[scrapy.Request]:
        for href in response.css(".posts-list h2.post-title a::attr(href)").getall():
            yield response.follow(href, callback=self.parse_article)
        next_page = response.css("nav.pagination a.next::attr(href)").get()
        if next_page:
            yield response.follow(next_page, callback=self.parse_section)

    def parse_article(self, response: Response) -> Iterator[scrapy.Request]:
        for href in response.css(".entry-content a[href*='/article/']::attr(href)").getall():
            yield response.follow(href, callback=self.parse_article)

    def _save_stats(self) -> None:
        if self.stats_file:
            stats = self.crawler.stats.get_stats()
            Path(self.stats_file).write_text(json.dumps(stats, default=str), "utf-8")
