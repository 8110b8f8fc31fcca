"""Three workers, one crawl of the 1,000-article mirror: every article exactly once.

Real processes (``scrapy crawl levant`` with ``settings.cluster``), a real
``redis-server`` and the mirror on 127.0.0.1; the per-worker stream files are
joined with ``python -m levant merge`` and compared with the mirror's truth.
"""

from __future__ import annotations

import signal
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from levant.state import open_store
from tests.cluster.support import Worker, merge, start_worker, stop_all, stream_lines
from tests.support.mirror import Mirror, mirror_args, start_mirror

pytestmark = pytest.mark.crawl

WORKERS = 3
TIMEOUT = 240  # seconds a whole cluster crawl may take at most (it takes far less)


@pytest.fixture(scope="module")
def mirror1000(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mirror]:
    mirror = start_mirror(tmp_path_factory.mktemp("m1000"), mirror_args(1000))
    yield mirror
    mirror.stop()


@pytest.fixture(scope="module")
def truth(mirror1000: Mirror) -> dict[str, dict]:
    return {t["url"]: t for t in mirror1000.truth()}


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[list[Worker]]:
    """The workers a test starts; any still running at the end are killed."""
    started: list[Worker] = []
    yield started
    stop_all(started)


def _wait(workers: list[Worker]) -> None:
    deadline = time.monotonic() + TIMEOUT
    for worker in workers:
        worker.process.wait(timeout=max(1.0, deadline - time.monotonic()))


def _assert_every_article_once(records: list[dict], truth: dict[str, dict]) -> None:
    counts = Counter(r["url"] for r in records)
    assert [url for url, n in counts.items() if n > 1] == []
    assert set(counts) - set(truth) == set(), "records of pages that are not articles"
    assert set(truth) - set(counts) == set(), "articles missing from the merged stream"
    for record in records:
        expected = truth[record["url"]]
        assert (record["title"], record["body"]) == (expected["title"], expected["body"])
        assert (record["event"], record["version"]) == ("new", 1)


def _assert_store_agrees(redis_url: str, records: list[dict], mirror: Mirror) -> None:
    """The store knows what the stream holds; nothing is left to fetch but gone links.

    A link found gone (404) stays pending when the worker that found it gone was
    killed, as after a killed single-process crawl: the next crawl asks once and
    drops it.
    """
    gone = {r["path"] for r in mirror.requests() if r["status"] in (404, 410)}
    with open_store(redis_url + "?prefix=levant") as store:
        assert {s.url: s.content_hash for s in store} == {
            r["url"]: r["content_hash"] for r in records
        }
        assert {urlsplit(url).path for url in store.pending()} <= gone


def test_three_workers_export_every_article_once(
    mirror1000: Mirror, truth, redis_url: str, tmp_path: Path, cluster: list[Worker]
) -> None:
    cluster += [
        start_worker(tmp_path, f"w{n}", mirror1000.base_url, redis_url) for n in range(WORKERS)
    ]
    _wait(cluster)
    for worker in cluster:
        assert worker.process.returncode == 0, worker.log()[-3000:]
        assert worker.stats()["finish_reason"] == "finished"
    shares = [worker.stats().get("levant/stream/written", 0) for worker in cluster]
    assert all(shares), f"a worker exported nothing: {shares}"

    records, summary = merge(tmp_path)
    _assert_every_article_once(records, truth)
    assert "0 torn last lines" in summary
    assert [r["crawled_at"] for r in records] == sorted(r["crawled_at"] for r in records)
    _assert_store_agrees(redis_url, records, mirror1000)

    served = Counter(
        r["path"]
        for r in mirror1000.requests()
        if r["path"].startswith("/article/") and r["status"] == 200
    )
    assert max(served.values()) == 1, "an article page was fetched by two workers"


def test_a_killed_and_restarted_worker_still_gives_every_article_once(
    mirror1000: Mirror, truth, redis_url: str, tmp_path: Path, cluster: list[Worker]
) -> None:
    cluster += [
        start_worker(tmp_path, f"w{n}", mirror1000.base_url, redis_url) for n in range(WORKERS)
    ]
    deadline = time.monotonic() + TIMEOUT
    while stream_lines(tmp_path) < 250 and time.monotonic() < deadline:
        time.sleep(0.05)
    victim = cluster[1]
    assert victim.process.poll() is None, "the crawl ended before the kill"
    victim.process.send_signal(signal.SIGKILL)
    victim.process.wait(timeout=30)
    assert stream_lines(tmp_path) < 1000, "the crawl ended before the kill"
    cluster.append(start_worker(tmp_path, "w1-again", mirror1000.base_url, redis_url))

    survivors = [w for w in cluster if w is not victim]
    _wait(survivors)
    for worker in survivors:
        assert worker.process.returncode == 0, worker.log()[-3000:]
        assert worker.stats()["finish_reason"] == "finished"
    requeued = sum(w.stats().get("levant/cluster/requeued", 0) for w in survivors)
    assert requeued > 0, "the killed worker's requests in flight were not taken over"

    records, _ = merge(tmp_path)
    _assert_every_article_once(records, truth)
    _assert_store_agrees(redis_url, records, mirror1000)
