"""The cluster scheduler on a real Redis, built as Scrapy builds it; no crawl."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler

from levant.cluster.scheduler import STAT_REQUEUED, ClusterScheduler

BASE = "https://thelevantnews.com"


class LevantLike(Spider):
    name = "levant"

    def parse(self, response):  # pragma: no cover - callbacks are only named
        return None


Make = Callable[..., ClusterScheduler]


@pytest.fixture
def make(redis_url: str) -> Iterator[Make]:
    """Open schedulers of distinct workers on one Redis; all are closed after the test."""
    opened: list[ClusterScheduler] = []

    def open_(worker: str, **settings: object) -> ClusterScheduler:
        crawler = get_crawler(
            LevantLike,
            {
                "REDIS_URL": redis_url,
                "DUPEFILTER_CLASS": "levant.cluster.dupefilter.ClusterDupeFilter",
                "REQUEST_FINGERPRINTER_CLASS": "levant.fingerprint.CanonicalRequestFingerprinter",
                "LEVANT_CLUSTER_WORKER": worker,
                **settings,
            },
        )
        crawler.spider = LevantLike.from_crawler(crawler)
        scheduler = ClusterScheduler.from_crawler(crawler)
        scheduler.open(crawler.spider)
        opened.append(scheduler)
        return scheduler

    yield open_
    for scheduler in opened:
        scheduler.close("shutdown")


def _urls(scheduler: ClusterScheduler) -> list[str]:
    urls = []
    while (request := scheduler.next_request()) is not None:
        urls.append(request.url)
    return urls


def test_higher_priority_first_then_newest_first(make: Make) -> None:
    scheduler = make("node1-1")
    for url, priority in [("/article/a/", 0), ("/category/politics/", 0),
                          ("/article/b/", 0), ("/", 5)]:  # fmt: skip
        assert scheduler.enqueue_request(Request(BASE + url, priority=priority))
    assert _urls(scheduler) == [
        BASE + "/",
        BASE + "/article/b/",
        BASE + "/category/politics/",
        BASE + "/article/a/",
    ]


def test_a_second_spelling_is_filtered_for_every_worker(make: Make) -> None:
    first, second = make("node1-1"), make("node2-2")
    assert first.enqueue_request(Request(BASE + "/article/a/"))
    assert not second.enqueue_request(Request(BASE + "/article/a/?utm_source=x"))
    assert not first.enqueue_request(Request(BASE + "/article/a"))
    assert second.enqueue_request(Request(BASE + "/article/a/", dont_filter=True))
    assert second.stats.get_value("dupefilter/filtered") == 1
    assert second.stats.get_value("levant/dedup/requests_collapsed") == 1
    assert len(first) == 2


def test_a_dead_workers_requests_go_back_to_the_queue(make: Make, redis_server) -> None:
    dying, survivor = make("node1-1"), make("node2-2")
    dying.enqueue_request(Request(BASE + "/article/a/"))
    taken = dying.next_request()
    assert taken is not None
    assert not survivor.cluster_idle(), "a live worker has a request in flight"
    assert survivor.has_pending_requests()
    with redis_server.client() as client:  # its heartbeat key expires
        client.delete(f"levant:requests:alive:{dying.worker}")
    assert survivor.has_pending_requests()
    request = survivor.next_request()
    assert request is not None and request.url == taken.url
    assert survivor.stats.get_value(STAT_REQUEUED) == 1
    assert survivor.next_request() is None
    dying._taken.clear()  # it is dead: it gives nothing back when the fixture closes it


def test_a_worker_stopped_midway_gives_its_requests_back(make: Make) -> None:
    stopping, other = make("node1-1"), make("node2-2")
    stopping.enqueue_request(Request(BASE + "/article/a/"))
    assert stopping.next_request() is not None
    stopping.close("shutdown")
    assert [r for r in _urls(other)] == [BASE + "/article/a/"]


def test_the_end_of_the_crawl_empties_queue_and_fingerprints(make: Make) -> None:
    first = make("node1-1")
    first.enqueue_request(Request(BASE + "/article/a/"))
    assert first.next_request() is not None
    first._taken.clear()  # done (in a crawl, the engine says so)
    first.close("finished")
    second = make("node2-2")
    assert second.enqueue_request(Request(BASE + "/article/a/")), "a new crawl starts afresh"


def test_a_pause_keeps_the_fingerprints(make: Make) -> None:
    first = make("node1-1")
    first.enqueue_request(Request(BASE + "/article/a/"))
    first.close("shutdown")
    second = make("node2-2")
    assert not second.enqueue_request(Request(BASE + "/article/a/"))
    assert _urls(second) == [BASE + "/article/a/"]


def test_only_the_priority_queue_is_supported(redis_url: str) -> None:
    from scrapy.exceptions import NotConfigured

    crawler = get_crawler(
        LevantLike,
        {
            "REDIS_URL": redis_url,
            "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.FifoQueue",
            "DUPEFILTER_CLASS": "levant.cluster.dupefilter.ClusterDupeFilter",
        },
    )
    with pytest.raises(NotConfigured, match="PriorityQueue"):
        ClusterScheduler.from_crawler(crawler)
