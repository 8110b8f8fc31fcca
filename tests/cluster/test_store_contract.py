"""One contract, two seen-stores: what SQLite does, Redis does the same way.

Every test runs on both :class:`SQLiteSeenStore` (a file) and
:class:`RedisSeenStore` (a real ``redis-server``): the pipelines and the spider
rely on these behaviours whichever store ``LEVANT_STATE_URI`` names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from levant.state import ArticleState, RunRecord, SeenStore, StateStoreError, open_store
from tests.support.states import ARTICLE, SEED

OTHER = "https://thelevantnews.com/article/other/"

Opener = Callable[[], SeenStore]


def _article(n: int, **changes: object) -> ArticleState:
    fields: dict[str, object] = {"url": f"https://thelevantnews.com/article/{n}/", "post_id": n}
    return replace(SEED, **{**fields, **changes})


@pytest.fixture(params=["sqlite", "redis"])
def reopen(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """Opens the store under test (again: the same data); every store is closed after."""
    if request.param == "sqlite":
        uri = f"sqlite:///{tmp_path / 'state.db'}"
    else:
        uri = request.getfixturevalue("redis_url") + "?prefix=contract"
    opened: list[SeenStore] = []

    def open_() -> SeenStore:
        opened.append(open_store(uri))
        return opened[-1]

    yield open_
    for store in opened:
        store.close()


@pytest.fixture
def store(reopen: Opener) -> SeenStore:
    return reopen()


def test_round_trip(store: SeenStore) -> None:
    assert store.get(ARTICLE) is None
    store.upsert(SEED)
    assert store.get(ARTICLE) == SEED
    assert ARTICLE in store
    assert len(store) == 1
    assert list(store) == [SEED]


def test_absent_values_stay_absent(store: SeenStore) -> None:
    bare = replace(SEED, post_id=None, published_at=None, etag=None, last_modified=None)
    store.upsert(bare)
    assert store.get(ARTICLE) == bare


def test_state_persists_across_reopen(reopen: Opener) -> None:
    with reopen() as first:
        first.upsert(SEED)
    with reopen() as second:
        assert second.get(ARTICLE) == SEED


def test_upsert_replaces_the_stored_state(store: SeenStore) -> None:
    edited = replace(SEED, content_hash="sha256:9a1b", version=2, last_seen="2021-09-15T08:00:00Z")
    store.upsert(SEED)
    store.upsert(edited)
    assert store.get(ARTICLE) == edited
    assert len(store) == 1


def test_touch_updates_last_seen_only(store: SeenStore) -> None:
    store.upsert(SEED)
    store.touch(ARTICLE, "2021-09-20T00:00:00Z")
    assert store.get(ARTICLE) == replace(SEED, last_seen="2021-09-20T00:00:00Z")
    with pytest.raises(KeyError):
        store.touch("https://thelevantnews.com/article/unknown/", "2021-09-20T00:00:00Z")


def test_known_answers_for_a_batch(store: SeenStore) -> None:
    store.upsert_many(_article(n) for n in range(0, 2000, 2))
    asked = [f"https://thelevantnews.com/article/{n}/" for n in range(1200)]
    assert store.known(asked) == set(asked[::2])
    assert store.known([]) == set()
    assert store.known(iter(asked[:3])) == {asked[0], asked[2]}
    assert len(store) == 1000


def test_iteration_is_in_url_order(store: SeenStore) -> None:
    states = [_article(n) for n in (30, 4, 17, 250)]
    store.upsert_many(states)
    assert list(store) == sorted(states, key=lambda s: s.url)


def test_lookup_by_post_id(store: SeenStore) -> None:
    store.upsert_many([SEED, _article(7)])
    assert store.get_by_post_id(128734) == SEED
    assert store.get_by_post_id(7) == _article(7)
    assert store.get_by_post_id(8) is None


def test_lookup_by_post_id_finds_the_last_seen_of_several(store: SeenStore) -> None:
    old = _article(1, post_id=7, last_seen="2021-01-01T00:00:00Z")
    new = _article(2, post_id=7, last_seen="2021-06-01T00:00:00Z")
    store.upsert_many([new, old])
    assert store.get_by_post_id(7) == new
    store.touch(old.url, "2021-12-01T00:00:00Z")
    assert store.get_by_post_id(7) == replace(old, last_seen="2021-12-01T00:00:00Z")


def test_a_changed_post_id_is_found_under_the_new_one_only(store: SeenStore) -> None:
    store.upsert(SEED)
    store.upsert(replace(SEED, post_id=5))
    assert store.get_by_post_id(128734) is None
    assert store.get_by_post_id(5) == replace(SEED, post_id=5)


def test_membership_of_non_strings_is_false(store: SeenStore) -> None:
    store.upsert(SEED)
    assert ARTICLE.encode() not in store
    assert None not in store


def test_record_export_stores_state_meta_and_pending_together(store: SeenStore) -> None:
    first, second = "https://thelevantnews.com/article/1/", "https://thelevantnews.com/article/2/"
    store.record_export(SEED, {"stream_offset:/s.jsonl": "1024"}, [first, ARTICLE, second])
    assert store.get(ARTICLE) == SEED
    assert store.get_meta("stream_offset:/s.jsonl") == "1024"
    assert store.pending() == [first, second]  # the exported article itself never pends
    store.record_export(_article(1), {})
    assert store.pending() == [second]


def test_pending_is_oldest_first_and_keeps_the_first_finding(store: SeenStore) -> None:
    late = replace(SEED, last_seen="2021-09-15T00:00:00Z")
    early = _article(9, last_seen="2021-09-01T00:00:00Z")
    store.record_export(late, {}, ["https://thelevantnews.com/article/b/"])
    store.record_export(early, {}, ["https://thelevantnews.com/article/c/"])
    store.record_export(early, {}, ["https://thelevantnews.com/article/b/"])  # known already
    assert store.pending() == [
        "https://thelevantnews.com/article/c/",
        "https://thelevantnews.com/article/b/",
    ]
    store.drop_pending(["https://thelevantnews.com/article/c/", OTHER])
    assert store.pending() == ["https://thelevantnews.com/article/b/"]


def test_known_links_never_pend(store: SeenStore) -> None:
    store.upsert(_article(1))
    store.record_export(SEED, {}, [_article(1).url, OTHER])
    assert store.pending() == [OTHER]


def test_the_frontier_keeps_at_most_max_pending_links(store: SeenStore) -> None:
    store.max_pending = 3
    links = [f"https://thelevantnews.com/article/l{n}/" for n in range(5)]
    assert store.record_export(SEED, {}, links) == 2  # two refused
    assert store.pending() == links[:3]
    assert store.record_export(_article(1), {}, links) == 2  # the pending 3 are not refused
    store.record_export(_article(2), {}, [], None)
    store.drop_pending(links[:1])
    assert store.record_export(_article(3), {}, links[3:]) == 1  # room for one again
    assert len(store.pending()) == 3


def test_lookup_reads_url_and_post_id_together(store: SeenStore) -> None:
    store.upsert(SEED)
    assert store.lookup(ARTICLE) == SEED
    assert store.lookup(OTHER, SEED.post_id) == SEED  # not by URL: by post ID
    assert store.lookup(OTHER, 999_999) is None
    assert store.lookup(OTHER) is None


def test_a_moved_article_keeps_one_row_and_its_old_url_as_an_alias(store: SeenStore) -> None:
    old = _article(1, first_seen="2021-01-01T00:00:00Z")
    store.record_export(old, {})
    moved = _article(1, url="https://thelevantnews.com/article/renamed/", version=2)
    store.record_export(moved, {}, [], replaces=old.url)
    assert [s.url for s in store] == [moved.url]  # one row per article
    assert store.get(old.url) == moved  # the old URL resolves to the article
    assert store.known([old.url, moved.url, OTHER]) == {old.url, moved.url}
    assert store.get_many([old.url, moved.url, OTHER]) == {old.url: moved, moved.url: moved}
    assert store.lookup("https://thelevantnews.com/?p=1", 1) == moved
    again = replace(moved, url="https://thelevantnews.com/article/renamed-again/", version=3)
    store.record_export(again, {}, [], replaces=moved.url)
    assert store.get(old.url) == again  # aliases follow the article
    assert len(store) == 1
    store.record_export(replace(again, url=old.url, version=4), {}, [], again.url)
    assert store.get(old.url).version == 4 and len(store) == 1  # moved back: no alias loop


def test_meta_is_set_replaced_and_deleted(store: SeenStore) -> None:
    assert store.get_meta("open_run") is None
    store.set_meta("open_run", "a")
    store.set_meta("open_run", "b")
    assert store.get_meta("open_run") == "b"
    store.set_meta("open_run", None)
    assert store.get_meta("open_run") is None
    store.set_meta("open_run", None)  # deleting nothing is harmless


def test_run_history_is_newest_first(store: SeenStore) -> None:
    first = RunRecord("r1", "2026-11-20T10:00:00+00:00", "full")
    second = RunRecord("r2", "2026-11-20T11:00:00+00:00", "incremental")
    same_second = RunRecord("r3", "2026-11-20T11:00:00+00:00", "incremental")
    for run in (first, second, same_second):
        store.start_run(run)
    finished = replace(
        first,
        finished_at="2026-11-20T10:30:00+00:00",
        finish_reason="finished",
        summary={"levant/changes/new": 300, "sections": ["سياسة"]},
    )
    store.finish_run(finished)
    store.finish_run(RunRecord("unknown", "2026-11-20T12:00:00+00:00", "full"))  # no-op
    assert store.runs() == [same_second, second, finished]
    assert store.runs(limit=1) == [same_second]


def test_claims_are_granted_to_a_single_process(store: SeenStore) -> None:
    assert store.claim(ARTICLE, 128734)
    assert store.claim(ARTICLE, 128734)  # its own claim again
    store.release(ARTICLE, 128734)
    assert store.claim(ARTICLE)


def test_use_after_close_raises_store_error(store: SeenStore) -> None:
    store.close()
    store.close()  # harmless
    with pytest.raises(StateStoreError):
        store.get(ARTICLE)
