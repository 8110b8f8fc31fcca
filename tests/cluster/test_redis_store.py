"""What only the Redis seen-store does: claims between workers, its URI, its footprint."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

import pytest

from levant.state import ArticleState, StateStoreError, open_store
from levant.state.redis import RedisSeenStore

URL = "https://thelevantnews.com/article/%D8%A3/"
STATE = ArticleState(
    url=URL,
    post_id=4103,
    content_hash="a" * 64,
    published_at="2026-11-20T09:00:00+03:00",
    first_seen="2026-11-20T06:00:00+00:00",
    last_seen="2026-11-20T06:00:00+00:00",
)


@pytest.fixture
def workers(redis_url: str) -> Iterator[tuple[RedisSeenStore, RedisSeenStore]]:
    """Two workers' connections to one store, both alive (their heartbeats are fresh)."""
    first = RedisSeenStore(redis_url, worker="node1-100")
    second = RedisSeenStore(redis_url, worker="node2-200")
    first.heartbeat()
    second.heartbeat()
    yield first, second
    first.close()
    second.close()


def test_an_article_is_claimed_by_one_worker_at_a_time(workers) -> None:
    first, second = workers
    assert first.claim(URL, 4103)
    assert not second.claim(URL, 4103)
    assert not second.claim("https://thelevantnews.com/?p=4103", 4103)  # same post, other URL
    assert second.claim("https://thelevantnews.com/article/other/", 7)
    assert first.claim(URL, 4103)  # its own claim, again


def test_storing_the_record_ends_the_claim_and_the_next_worker_sees_it(workers) -> None:
    first, second = workers
    assert first.claim(URL, 4103)
    first.record_export(STATE, {})
    assert second.claim(URL, 4103)
    assert second.get(URL) == STATE  # read after the claim: "unchanged", not "new"


def test_release_ends_only_ones_own_claim(workers) -> None:
    first, second = workers
    assert first.claim(URL, 4103)
    second.release(URL, 4103)
    assert not second.claim(URL, 4103)
    first.release(URL, 4103)
    assert second.claim(URL, 4103)


def test_a_dead_workers_claim_is_taken_over(redis_url: str, redis_server) -> None:
    dying = RedisSeenStore(redis_url, worker="node1-100", alive_ttl=0.05)
    survivor = RedisSeenStore(redis_url, worker="node2-200")
    try:
        dying.heartbeat()
        assert dying.claim(URL, 4103)
        assert not survivor.claim(URL, 4103)
        with redis_server.client() as client:  # its heartbeat stops: the key expires
            while client.exists("levant:alive:node1-100"):
                time.sleep(0.01)
        assert survivor.claim(URL, 4103)
    finally:
        dying.close()
        survivor.close()


def test_prefixes_keep_stores_apart(redis_url: str) -> None:
    with (
        open_store(redis_url + "?prefix=site-a") as a,
        open_store(redis_url + "?prefix=site-b") as b,
    ):
        a.upsert(STATE)
        assert b.get(URL) is None
        assert len(a) == 1
        assert len(b) == 0


def test_uri_parameters_are_read(redis_url: str) -> None:
    uri = redis_url + "?prefix=p&claim_ttl=12&alive_ttl=3&worker=w1"
    with open_store(uri) as store:
        assert isinstance(store, RedisSeenStore)
        assert (store.prefix, store.claim_ttl, store.alive_ttl, store.worker) == ("p", 12, 3, "w1")


def test_an_unknown_uri_parameter_is_refused(redis_url: str) -> None:
    with pytest.raises(StateStoreError, match=r"unknown parameter.*prefx"):
        open_store(redis_url + "?prefx=oops")


def test_an_unreachable_server_is_named_without_its_password() -> None:
    with pytest.raises(StateStoreError, match=r"cannot open Redis state store") as caught:
        open_store("redis://:s3cret@127.0.0.1:1/0")
    assert "redis://127.0.0.1:1/0" in str(caught.value)
    assert "s3cret" not in str(caught.value)


def test_each_article_is_one_compact_key(redis_url: str, redis_server) -> None:
    with RedisSeenStore(redis_url) as store:
        store.upsert_many(
            replace(STATE, url=f"{URL}{n}/", post_id=n, etag='W/"1-2"') for n in range(200)
        )
        with redis_server.client() as client:
            articles = client.keys("levant:a:*")
            assert len(articles) == 200
            assert client.dbsize() == 200 + 2  # + the index and the post IDs
            sizes = [client.memory_usage(key) for key in articles[:20]]
        assert max(sizes) < 400  # bytes: the ~230 bytes of JSON and Redis's key overhead
