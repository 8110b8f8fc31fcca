"""The spider reads the seen-store and never writes it: a 304, a 404 and the API's
high-water mark reach the one writer (RecordPipeline, CrawlState) by signal."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from levant.pipelines.record import RecordPipeline
from levant.spiders import wpapi
from levant.spiders.levant import LevantSpider
from levant.state import ArticleState
from levant.state.crawl import CrawlState, crawl_state

BASE = "https://thelevantnews.com/"
KNOWN = f"{BASE}article/known/"
GONE = f"{BASE}article/gone/"
WRITES = ("upsert", "upsert_many", "touch", "record_export", "drop_pending", "set_meta")
SPIDERS = str(Path(inspect.getfile(LevantSpider)).parent)
STATE = str(Path(inspect.getfile(CrawlState)).parent)


@pytest.fixture
def crawl(tmp_path: Path) -> Any:
    crawler = get_crawler(
        LevantSpider,
        {
            "LEVANT_STATE_URI": f"sqlite:///{tmp_path / 'state.db'}",
            "LEVANT_STREAM_PATH": str(tmp_path / "stream.jsonl"),
            "EXTENSIONS": {"levant.state.crawl.CrawlState": 100},
        },
    )
    crawler.spider = LevantSpider.from_crawler(crawler)
    state = crawl_state(crawler)
    store = state.ensure_open()
    store.upsert(ArticleState(KNOWN, 1, "a" * 64, None, "2026-01-01T00:00:00+00:00",
                              "2026-01-01T00:00:00+00:00"))  # fmt: skip
    store.record_export(
        ArticleState(f"{BASE}article/a/", 2, "b" * 64, None, "2026-01-01", "2026-01-01"),
        {},
        [GONE],
    )
    pipeline = RecordPipeline.from_crawler(crawler)
    pipeline.open_spider()
    writers: list[str] = []
    inner = state.store.inner  # type: ignore[attr-defined]
    for name in WRITES:
        method = getattr(inner, name)

        def recording(*args: Any, _method: Any = method, _name: str = name, **kwargs: Any) -> Any:
            # The component that called the store (past the crawl state's guard).
            caller = next(
                f.filename for f in inspect.stack()[1:] if not f.filename.startswith(STATE)
            )
            if caller.startswith(SPIDERS):
                writers.append(_name)
            return _method(*args, **kwargs)

        setattr(inner, name, recording)
    yield crawler, state, pipeline, writers
    pipeline.close_spider()


def test_a_304_touches_the_article_through_the_writer(crawl: Any) -> None:
    crawler, state, _, writers = crawl
    request = Request(KNOWN, meta={"levant_known_url": KNOWN})
    response = HtmlResponse(KNOWN, status=304, body=b"", request=request)
    list(crawler.spider.parse_article(response))
    assert state.store.get(KNOWN).last_seen > "2026-01-01T00:00:00+00:00"
    assert crawler.stats.get_value("levant/incremental/touched") == 1
    assert writers == []


def test_a_404_leaves_the_frontier_through_the_writer(crawl: Any) -> None:
    crawler, state, _, writers = crawl
    assert state.store.pending() == [GONE]
    response = HtmlResponse(GONE, status=404, body=b"", request=Request(GONE))
    failure = Failure(HttpError(response))
    failure.request = response.request  # as Scrapy hands an errback its failure
    list(crawler.spider.article_failed(failure))
    assert state.store.pending() == []
    assert writers == []


def test_the_api_high_water_mark_is_kept_by_the_crawl_state_when_the_run_finishes(
    crawl: Any,
) -> None:
    crawler, state, _, writers = crawl
    api = crawler.spider._api
    api.pages, api.done, api.newest = 1, 1, "2026-11-30T10:00:00"
    crawler.spider.closed("finished")
    assert writers == []
    state.close("finished")
    reopened = CrawlState(state.uri).open("incremental")
    try:
        assert reopened.store.get_meta(wpapi.HIGH_WATER) == "2026-11-30T10:00:00"
    finally:
        reopened.close("finished")


def test_the_spider_is_handed_a_view_without_writes(crawl: Any) -> None:
    _, state, _, _ = crawl
    assert not any(hasattr(state.reader, name) for name in WRITES)
