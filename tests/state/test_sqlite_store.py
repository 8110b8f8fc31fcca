"""The SQLite seen-store keeps article states across runs and fails clearly."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from levant.state import DEFAULT_STATE_URI, ArticleState, StateStoreError, open_store
from levant.state.sqlite import SQLiteSeenStore
from tests.support.states import ARTICLE, SEED


def _article(n: int) -> ArticleState:
    return replace(SEED, url=f"https://thelevantnews.com/article/{n}/", post_id=n)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "levant.db"


def test_round_trip(db_path: Path) -> None:
    with SQLiteSeenStore(db_path) as store:
        assert store.get(ARTICLE) is None
        store.upsert(SEED)
        assert store.get(ARTICLE) == SEED
        assert ARTICLE in store
        assert len(store) == 1
        assert list(store) == [SEED]


def test_parent_directories_are_created_and_wal_is_on(db_path: Path) -> None:
    with SQLiteSeenStore(db_path):
        pass
    assert db_path.is_file()
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_state_persists_across_reopen(db_path: Path) -> None:
    with SQLiteSeenStore(db_path) as store:
        store.upsert(SEED)
    with SQLiteSeenStore(db_path) as store:
        assert store.get(ARTICLE) == SEED


def test_upsert_replaces_the_stored_state(db_path: Path) -> None:
    edited = replace(SEED, content_hash="sha256:9a1b", version=2, last_seen="2021-09-15T08:00:00Z")
    with SQLiteSeenStore(db_path) as store:
        store.upsert(SEED)
        store.upsert(edited)
        assert store.get(ARTICLE) == edited
        assert len(store) == 1


def test_touch_updates_last_seen_only(db_path: Path) -> None:
    with SQLiteSeenStore(db_path) as store:
        store.upsert(SEED)
        store.touch(ARTICLE, "2021-09-20T00:00:00Z")
        assert store.get(ARTICLE) == replace(SEED, last_seen="2021-09-20T00:00:00Z")
        with pytest.raises(KeyError):
            store.touch("https://thelevantnews.com/article/unknown/", "2021-09-20T00:00:00Z")


def test_known_answers_for_a_batch(db_path: Path) -> None:
    with SQLiteSeenStore(db_path) as store:
        store.upsert_many(_article(n) for n in range(0, 2000, 2))
        asked = [f"https://thelevantnews.com/article/{n}/" for n in range(1200)]
        assert store.known(asked) == set(asked[::2])
        assert store.known([]) == set()
        assert store.known(iter(asked[:3])) == {asked[0], asked[2]}


def test_lookup_by_post_id(db_path: Path) -> None:
    with SQLiteSeenStore(db_path) as store:
        store.upsert_many([SEED, _article(7)])
        assert store.get_by_post_id(128734) == SEED
        assert store.get_by_post_id(7) == _article(7)
        assert store.get_by_post_id(8) is None


def test_membership_of_non_strings_is_false() -> None:
    with SQLiteSeenStore(":memory:") as store:
        store.upsert(SEED)
        assert ARTICLE.encode() not in store
        assert None not in store


def test_locked_database_names_the_file(db_path: Path) -> None:
    with SQLiteSeenStore(db_path, timeout=0.1) as store:
        holder = sqlite3.connect(db_path, isolation_level=None)
        try:
            holder.execute("BEGIN EXCLUSIVE")
            with pytest.raises(StateStoreError, match=r"levant\.db is locked by another process"):
                store.upsert(SEED)
        finally:
            holder.close()
        store.upsert(SEED)  # the lock is gone
        assert ARTICLE in store


def test_corrupt_database_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    path.write_bytes(b"this is not a database, just 42 bytes long" * 100)
    with pytest.raises(StateStoreError, match=r"cannot open state database .*state\.db"):
        SQLiteSeenStore(path)


def test_newer_schema_is_refused(db_path: Path) -> None:
    with SQLiteSeenStore(db_path):
        pass
    with sqlite3.connect(db_path) as db:
        db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(StateStoreError, match="schema version 99"):
        SQLiteSeenStore(db_path)


def _stored_by_another_process(db_path: Path) -> set[str]:
    reader = sqlite3.connect(db_path)
    try:
        return {url for (url,) in reader.execute("SELECT url FROM articles")}
    finally:
        reader.close()


def test_grouped_exports_are_committed_when_the_group_is_full(db_path: Path) -> None:
    with SQLiteSeenStore(db_path) as store:
        store.group_commits(3)
        for n in (1, 2):
            store.record_export(_article(n), {"offset": str(n)})
        assert store.known([_article(1).url, _article(2).url]) == {_article(1).url, _article(2).url}
        assert _stored_by_another_process(db_path) == set()  # not durable yet
        store.record_export(_article(3), {"offset": "3"})
        assert _stored_by_another_process(db_path) == {_article(n).url for n in (1, 2, 3)}
        store.record_export(_article(4), {"offset": "4"})
        store.commit()
        assert _article(4).url in _stored_by_another_process(db_path)
        store.record_export(_article(5), {"offset": "5"})
    assert _article(5).url in _stored_by_another_process(db_path)  # close commits
    with SQLiteSeenStore(db_path) as store:
        assert store.get_meta("offset") == "5"


def test_a_failed_export_rolls_back_its_group_and_the_store_goes_on(db_path: Path) -> None:
    with SQLiteSeenStore(db_path) as store:
        store.group_commits(10)
        store.record_export(_article(1), {})
        with pytest.raises(StateStoreError):
            store.record_export(replace(_article(2), content_hash=None), {})  # type: ignore[arg-type]
        assert len(store) == 0  # the group is gone; the stream's replay redoes it
        store.record_export(_article(3), {})
        store.commit()
    assert _stored_by_another_process(db_path) == {_article(3).url}


def test_use_after_close_raises_store_error(db_path: Path) -> None:
    store = SQLiteSeenStore(db_path)
    store.close()
    store.close()  # harmless
    with pytest.raises(StateStoreError, match=r"levant\.db"):
        store.get(ARTICLE)


@pytest.mark.parametrize(
    ("uri", "relative_path"),
    [
        (DEFAULT_STATE_URI, ".levant/state.db"),
        ("sqlite:///data/run/state.db", "data/run/state.db"),
    ],
)
def test_open_store_relative_path(
    uri: str, relative_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store(uri) as store:
        assert isinstance(store, SQLiteSeenStore)
        store.upsert(SEED)
    assert (tmp_path / relative_path).is_file()


def test_open_store_absolute_path(tmp_path: Path) -> None:
    path = tmp_path / "abs" / "state.db"
    with open_store(f"sqlite:///{path}") as store:
        store.upsert(SEED)
    assert path.is_file()


@pytest.mark.parametrize("uri", ["sqlite://:memory:", "sqlite:///:memory:"])
def test_open_store_in_memory(uri: str) -> None:
    with open_store(uri) as store:
        store.upsert(SEED)
        assert store.get(ARTICLE) == SEED


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("postgres://db/levant", r"unsupported state store URI 'postgres://.*sqlite://.*redis://"),
        (".levant/state.db", r"supported: sqlite://"),
        ("sqlite://", r"has no file path"),
        ("sqlite:///", r"has no file path"),
        ("sqlite://relative.db", r"has no file path"),
    ],
)
def test_bad_uri(uri: str, message: str) -> None:
    with pytest.raises(StateStoreError, match=message):
        open_store(uri)
