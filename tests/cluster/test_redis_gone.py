"""Redis killed under the cluster scheduler: one ERROR line, a stat, ``state_unavailable``.

A real ``redis-server`` of each test's own, killed with SIGKILL: first under a
scheduler built as Scrapy builds it (no crawl), then under a real worker crawling
the mirror, once with its seen-store in the same Redis (the cluster profile) and
once with the seen-store elsewhere (SQLite), so that the scheduler is the part that
notices.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler

from levant.cluster.scheduler import (
    REASON_UNAVAILABLE,
    STAT_NOT_QUEUED,
    STAT_UNAVAILABLE,
    ClusterScheduler,
)
from tests.cluster.conftest import RedisServer, start_redis
from tests.cluster.support import Worker, start_worker, stop_all, stream_lines
from tests.support.crawl import crash_tracebacks
from tests.support.mirror import Mirror, mirror_args, start_mirror

BASE = "https://thelevantnews.com"
SLOW = {"CONCURRENT_REQUESTS": "4", "CONCURRENT_REQUESTS_PER_DOMAIN": "4"}


class LevantLike(Spider):
    name = "levant"

    def parse(self, response):  # pragma: no cover - callbacks are only named
        return None


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of this test alone: the test kills it."""
    (tmp_path / "redis").mkdir()
    server = start_redis(tmp_path / "redis")
    yield server
    server.stop()


def _kill(server: RedisServer) -> None:
    server.process.kill()
    server.process.wait(timeout=10)


def _errors(log: str) -> list[str]:
    """ERROR lines, except spidermon's report of failed checks (alerts, not crashes)."""
    return [
        line
        for line in log.splitlines()
        if " ERROR: " in line and "[Spidermon]" not in line and line[:4].isdigit()
    ]


def test_a_scheduler_whose_redis_dies_stops_asking_it(
    own_redis: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    crawler = get_crawler(
        LevantLike,
        {
            "REDIS_URL": own_redis.url,
            "DUPEFILTER_CLASS": "levant.cluster.dupefilter.ClusterDupeFilter",
            "REQUEST_FINGERPRINTER_CLASS": "levant.fingerprint.CanonicalRequestFingerprinter",
            "LEVANT_CLUSTER_WORKER": "node1-1",
            "REDIS_PARAMS": {"socket_timeout": 2, "socket_connect_timeout": 2},
        },
    )
    crawler.spider = LevantLike.from_crawler(crawler)
    scheduler = ClusterScheduler.from_crawler(crawler)
    scheduler.open(crawler.spider)
    assert scheduler.enqueue_request(Request(BASE + "/article/a/"))
    assert scheduler.enqueue_request(Request(BASE + "/article/b/"))
    assert scheduler.next_request() is not None

    _kill(own_redis)
    with caplog.at_level(logging.INFO, logger="levant.cluster.scheduler"):
        assert scheduler.next_request() is None
        assert not scheduler.has_pending_requests(), "a dead Redis holds nothing to wait for"
        assert not scheduler.enqueue_request(Request(BASE + "/article/c/"))
        assert not scheduler.enqueue_request(Request(BASE + "/article/d/"))
        scheduler.close("shutdown")  # no exception: the in-flight request stays in Redis

    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1, [r.getMessage() for r in errors]
    message = errors[0].getMessage()
    assert own_redis.url.rsplit("/", 1)[0] in message and "node1-1" in message
    assert REASON_UNAVAILABLE in message
    assert not any(r.exc_info for r in caplog.records), "no traceback"
    assert scheduler.stats.get_value(STAT_UNAVAILABLE) == 1
    assert scheduler.stats.get_value(STAT_NOT_QUEUED) == 2
    assert "1 requests in flight stay in" in caplog.text


# -- a real worker crawling the mirror ----------------------------------------


@pytest.fixture(scope="module")
def mirror300(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mirror]:
    mirror = start_mirror(tmp_path_factory.mktemp("m300"), mirror_args(300))
    yield mirror
    mirror.stop()


def _crawl_and_kill_redis(
    tmp_path: Path, mirror: Mirror, server: RedisServer, extra: dict[str, str]
) -> Worker:
    """Start a worker, kill Redis once 50 articles are out, wait for the worker's end."""
    worker = start_worker(tmp_path, "w", mirror.base_url, server.url, {**SLOW, **extra})
    try:
        deadline = time.monotonic() + 120
        while stream_lines(tmp_path) < 50 and worker.process.poll() is None:
            assert time.monotonic() < deadline, "the worker wrote nothing in 120 s"
            time.sleep(0.05)
        assert worker.process.poll() is None, worker.log()[-3000:]
        _kill(server)
        worker.process.wait(timeout=120)
    finally:
        stop_all([worker])
    return worker


@pytest.mark.crawl
def test_redis_killed_under_a_cluster_worker_stops_it_with_one_error(
    mirror300: Mirror, own_redis: RedisServer, tmp_path: Path
) -> None:
    worker = _crawl_and_kill_redis(tmp_path, mirror300, own_redis, {})
    log, stats = worker.log(), worker.stats()
    # The seen-store, in the same Redis, may notice first: a failed write is its own reason.
    assert stats["finish_reason"] in (REASON_UNAVAILABLE, "state_write_failed"), log[-3000:]
    assert crash_tracebacks(log) == []
    errors = _errors(log)
    assert len(errors) == 1 and "Redis" in errors[0], errors
    assert stats["log_count/ERROR"] == 1
    assert stream_lines(tmp_path) < len(mirror300.truth())
    # Whichever part noticed first (the seen-store, here), the scheduler stopped asking.
    assert stats[STAT_UNAVAILABLE] == 1


@pytest.mark.crawl
def test_redis_killed_under_a_worker_whose_store_is_elsewhere(
    mirror300: Mirror, own_redis: RedisServer, tmp_path: Path
) -> None:
    state = f"sqlite:///{tmp_path / 'state.db'}"
    worker = _crawl_and_kill_redis(tmp_path, mirror300, own_redis, {"LEVANT_STATE_URI": state})
    log, stats = worker.log(), worker.stats()
    assert stats["finish_reason"] == REASON_UNAVAILABLE, log[-3000:]
    assert crash_tracebacks(log) == []
    errors = _errors(log)
    assert len(errors) == 1, errors
    assert "The cluster's Redis at redis://127.0.0.1:" in errors[0], errors
    assert stats[STAT_UNAVAILABLE] == 1
    assert stream_lines(tmp_path) < len(mirror300.truth())
