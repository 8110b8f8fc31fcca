"""The embedded seen-store: one SQLite file (``LEVANT_STATE_URI=sqlite:///path.db``).

The database runs in WAL mode with ``synchronous=NORMAL``: readers never block
the writer, every write is committed when the method returns (or, after
:meth:`~SQLiteSeenStore.group_commits`, with its group), and a power cut loses at
most the last transactions, never the file. A second process writing
at the same time waits up to ``timeout`` seconds (5 by default), then
:class:`StateStoreError` names the locked file; so does a file that is not a
levant state database.

A group of grouped writes that cannot be committed (``database or disk is full``,
even for a moment) is rolled back whole, and from then on the store refuses a
:meth:`~SQLiteSeenStore.record_export` that sets bookkeeping (the stream's offset):
a later group would record an offset past the lines of the lost one, which the next
start could then never replay. Until :meth:`~SQLiteSeenStore.set_meta` sets it
explicitly (the stream's replay does, once it has recorded those lines), other
writes go through. A crawl opens the store ``exclusive``: it
locks the database file itself (its inode), so a second crawl reaching the same file
under another name (a hard or symbolic link) is refused.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import sqlite3
from contextlib import contextmanager, suppress
from dataclasses import astuple
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from levant.state.base import ArticleState, RunRecord, SeenStore, StateStoreError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

SCHEMA_VERSION = 4  # 2: meta and runs tables; 3: pending links; 4: aliases
_COLUMNS = (
    "url, post_id, content_hash, published_at, first_seen, last_seen, version, etag, last_modified"
)
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS articles (
    url TEXT PRIMARY KEY NOT NULL,
    post_id INTEGER,
    content_hash TEXT NOT NULL,
    published_at TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    etag TEXT,
    last_modified TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS articles_post_id ON articles (post_id);
CREATE TABLE IF NOT EXISTS pending (url TEXT PRIMARY KEY NOT NULL, found_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS aliases (url TEXT PRIMARY KEY NOT NULL, target TEXT NOT NULL)
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY NOT NULL,
    started_at TEXT NOT NULL,
    mode TEXT NOT NULL,
    finished_at TEXT,
    finish_reason TEXT,
    summary TEXT NOT NULL DEFAULT '{{}}'
);
PRAGMA user_version = {SCHEMA_VERSION};
"""
_UPSERT = f"""
INSERT INTO articles ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (url) DO UPDATE SET
    post_id = excluded.post_id,
    content_hash = excluded.content_hash,
    published_at = excluded.published_at,
    first_seen = excluded.first_seen,
    last_seen = excluded.last_seen,
    version = excluded.version,
    etag = excluded.etag,
    last_modified = excluded.last_modified
"""
_SET_META = "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"
_A_COLUMNS = ", ".join(f"a.{name.strip()}" for name in _COLUMNS.split(","))
# The article at a URL or at the target of its alias (rank 0 and 1), else the last seen
# one with a post ID (rank 2): one query.
_LOOKUP = f"""
SELECT {_COLUMNS}, 0 AS rank FROM articles WHERE url = :url
UNION ALL
SELECT {_A_COLUMNS}, 1 FROM aliases JOIN articles AS a ON a.url = aliases.target
    WHERE aliases.url = :url
UNION ALL
SELECT * FROM (SELECT {_COLUMNS}, 2 FROM articles WHERE post_id = :post_id
    ORDER BY last_seen DESC LIMIT 1)
ORDER BY rank LIMIT 1
"""
_ADD_PENDING = """
INSERT OR IGNORE INTO pending (url, found_at) SELECT :url, :found
WHERE NOT EXISTS (SELECT 1 FROM articles WHERE url = :url)
    AND NOT EXISTS (SELECT 1 FROM aliases WHERE url = :url)
"""
_IS_NEW_LINK = """
SELECT NOT EXISTS (SELECT 1 FROM pending WHERE url = :url)
    AND NOT EXISTS (SELECT 1 FROM articles WHERE url = :url)
    AND NOT EXISTS (SELECT 1 FROM aliases WHERE url = :url)
"""
_BATCH = 500  # URLs per query in known(); below SQLite's variable limit
MEMORY = ":memory:"


class SQLiteSeenStore(SeenStore):
    """A :class:`SeenStore` in one SQLite file (or ``":memory:"``)."""

    def __init__(self, path: str | Path, *, timeout: float = 5.0, exclusive: bool = False) -> None:
        self.path = str(path)
        self.timeout = timeout
        self._group_size = 1
        self._grouped = 0  # record_export calls in the open group
        self._closed = False
        self._lost: str | None = None  # why a group of exports was rolled back
        self._lock_fd: int | None = None
        self._pending_rows: int | None = None  # rows in the pending table, once counted
        if self.path != MEMORY:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            if exclusive:
                self._lock()
        try:
            with self._errors("open"):
                self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            try:
                self._prepare()
            except BaseException:
                self._db.close()
                raise
        except BaseException:
            self._unlock()
            raise

    def _prepare(self) -> None:
        with self._errors("open"):
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StateStoreError(
                    f"state database {self.path} has schema version {version};"
                    f" this levant reads version {SCHEMA_VERSION} at most"
                )
            self._db.execute("PRAGMA synchronous = NORMAL")
            if version < SCHEMA_VERSION:  # a new or older file: tables it lacks are added
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.executescript(_SCHEMA)

    def get(self, url: str) -> ArticleState | None:
        return self.lookup(url)

    def lookup(self, url: str, post_id: int | None = None) -> ArticleState | None:
        with self._errors("read"):
            row = self._db.execute(_LOOKUP, {"url": url, "post_id": post_id}).fetchone()
        return ArticleState(*row[:-1]) if row else None

    def get_many(self, urls: Iterable[str]) -> dict[str, ArticleState]:
        found: dict[str, ArticleState] = {}
        iterator = iter(urls)
        with self._errors("read"):
            while batch := list(islice(iterator, _BATCH)):
                marks = ", ".join("?" * len(batch))
                rows = self._db.execute(
                    f"SELECT url, {_COLUMNS} FROM articles WHERE url IN ({marks})"
                    f" UNION ALL SELECT aliases.url, {_A_COLUMNS} FROM aliases"
                    f" JOIN articles AS a ON a.url = aliases.target"
                    f" WHERE aliases.url IN ({marks})",
                    batch + batch,
                )
                found.update((row[0], ArticleState(*row[1:])) for row in rows)
        return found

    def get_by_post_id(self, post_id: int) -> ArticleState | None:
        with self._errors("read"):
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM articles WHERE post_id = ?"
                " ORDER BY last_seen DESC LIMIT 1",
                (post_id,),
            ).fetchone()
        return ArticleState(*row) if row else None

    def known(self, urls: Iterable[str]) -> set[str]:
        found: set[str] = set()
        iterator = iter(urls)
        with self._errors("read"):
            while batch := list(islice(iterator, _BATCH)):
                marks = ", ".join("?" * len(batch))
                rows = self._db.execute(
                    f"SELECT url FROM articles WHERE url IN ({marks})"
                    f" UNION SELECT url FROM aliases WHERE url IN ({marks})",
                    batch + batch,
                )
                found.update(url for (url,) in rows)
        return found

    def __contains__(self, url: object) -> bool:
        if not isinstance(url, str):
            return False
        return bool(self.known([url]))

    def upsert(self, state: ArticleState) -> None:
        with self._errors("write"):
            self._db.execute(_UPSERT, astuple(state))

    def upsert_many(self, states: Iterable[ArticleState]) -> None:
        with self._errors("write"), self._transaction():
            self._db.executemany(_UPSERT, (astuple(state) for state in states))

    def record_export(
        self,
        state: ArticleState,
        meta: dict[str, str],
        pending: Iterable[str] = (),
        replaces: str | None = None,
    ) -> int:
        if self._lost is not None and meta:
            raise StateStoreError(
                f"cannot write state database {self.path}: a group of exports was lost"
                f" ({self._lost}); a new stream offset would pass their lines: replay them first"
            )
        with self._errors("write"), self._transaction():
            if replaces is not None and replaces != state.url:
                self._move(replaces, state.url)
            self._db.execute(_UPSERT, astuple(state))
            self._db.executemany(_SET_META, meta.items())
            refused = self._add_pending(
                (url for url in pending if url != state.url), state.last_seen
            )
            self._drop_pending_rows([state.url])
        return refused

    def _move(self, old: str, new: str) -> None:
        """The article at *old* now lives at *new*: one row, *old* (and its aliases) an
        alias of *new*."""
        self._db.execute("DELETE FROM articles WHERE url = ?", (old,))
        self._db.execute("DELETE FROM aliases WHERE url = ?", (new,))
        self._db.execute("UPDATE aliases SET target = ? WHERE target = ?", (new, old))
        self._db.execute("INSERT OR REPLACE INTO aliases (url, target) VALUES (?, ?)", (old, new))

    def _add_pending(self, urls: Iterable[str], found_at: str) -> int:
        """Add the links the store does not know, while the frontier has room; the number
        of new links refused."""
        refused = 0
        for url in urls:
            if self.max_pending and self._pending_count() >= self.max_pending:
                (new,) = self._db.execute(_IS_NEW_LINK, {"url": url}).fetchone()
                refused += bool(new)
                continue
            added = self._db.execute(_ADD_PENDING, {"url": url, "found": found_at}).rowcount
            if self._pending_rows is not None:
                self._pending_rows += added
        return refused

    def _pending_count(self) -> int:
        if self._pending_rows is None:
            (self._pending_rows,) = self._db.execute("SELECT count(*) FROM pending").fetchone()
        return self._pending_rows

    def _drop_pending_rows(self, urls: Iterable[str]) -> None:
        removed = self._db.executemany(
            "DELETE FROM pending WHERE url = ?", ((u,) for u in urls)
        ).rowcount
        if self._pending_rows is not None:
            self._pending_rows -= max(0, removed)

    def pending(self) -> list[str]:
        with self._errors("read"):
            rows = self._db.execute("SELECT url FROM pending ORDER BY found_at, url").fetchall()
        return [url for (url,) in rows]

    def drop_pending(self, urls: Iterable[str]) -> None:
        with self._errors("write"):
            self._drop_pending_rows(urls)

    def get_meta(self, key: str) -> str | None:
        with self._errors("read"):
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str | None) -> None:
        self._lost = None  # the caller sets the bookkeeping itself (the replay, once done)
        with self._errors("write"):
            if value is None:
                self._db.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                self._db.execute(_SET_META, (key, value))

    def start_run(self, run: RunRecord) -> None:
        with self._errors("write"):
            self._db.execute(
                "INSERT OR REPLACE INTO runs (run_id, started_at, mode, summary)"
                " VALUES (?, ?, ?, ?)",
                (run.run_id, run.started_at, run.mode, json.dumps(run.summary)),
            )

    def finish_run(self, run: RunRecord) -> None:
        with self._errors("write"):
            self._db.execute(
                "UPDATE runs SET finished_at = ?, finish_reason = ?, summary = ? WHERE run_id = ?",
                (run.finished_at, run.finish_reason, json.dumps(run.summary), run.run_id),
            )

    def runs(self, limit: int | None = None) -> list[RunRecord]:
        with self._errors("read"):
            rows = self._db.execute(
                "SELECT run_id, started_at, mode, finished_at, finish_reason, summary FROM runs"
                " ORDER BY started_at DESC, rowid DESC LIMIT ?",
                (-1 if limit is None else limit,),
            ).fetchall()
        return [
            RunRecord(run_id, started_at, mode, finished_at, reason, json.loads(summary))
            for run_id, started_at, mode, finished_at, reason, summary in rows
        ]

    def touch(self, url: str, seen_at: str) -> None:
        with self._errors("write"):
            cursor = self._db.execute(
                "UPDATE articles SET last_seen = ? WHERE url = ?", (seen_at, url)
            )
        if cursor.rowcount == 0:
            raise KeyError(url)

    def __len__(self) -> int:
        with self._errors("read"):
            return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def __iter__(self) -> Iterator[ArticleState]:
        with self._errors("read"):
            for row in self._db.execute(f"SELECT {_COLUMNS} FROM articles ORDER BY url"):
                yield ArticleState(*row)

    def group_commits(self, size: int) -> None:
        self.commit()
        self._group_size = max(1, size)

    def commit(self) -> None:
        grouped, self._grouped = self._grouped, 0
        try:
            with self._errors("write"):
                if self._db.in_transaction:
                    self._db.execute("COMMIT")
        except StateStoreError as error:
            self._roll_back(grouped, error)
            raise

    def _lock(self) -> None:
        """Hold an exclusive ``flock`` on the database file until :meth:`close`.

        Taken before SQLite opens the file, on the file (its inode), not its name: a
        second crawl reaching a locked file through a hard or symbolic link gets
        :class:`StateStoreError`. ``flock`` locks do not meet SQLite's own ``fcntl``
        locks on a local file system.
        """
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            inode = os.fstat(fd).st_ino
            os.close(fd)  # SQLite has not opened the file yet: none of its locks is lost
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise StateStoreError(
                    f"state database {self.path} is in use by another crawl (the same"
                    f" file, perhaps under another name: inode {inode})"
                ) from exc
            raise StateStoreError(f"cannot lock state database {self.path}: {exc}") from exc
        self._lock_fd = fd

    def close(self) -> None:
        if hasattr(self, "_db") and not self._closed:
            self._closed = True
            try:
                self.commit()
            finally:
                self._db.close()
                self._unlock()

    def _unlock(self) -> None:
        if self._lock_fd is not None:  # only once SQLite is done: closing it drops its locks
            os.close(self._lock_fd)
            self._lock_fd = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.path!r})"

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One atomic write: its own transaction, or a step of the open group."""
        if not self._db.in_transaction:
            self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException as error:
            self._roll_back(self._grouped + 1, error)  # the stream's replay redoes the group
            raise
        self._grouped += 1
        if self._grouped >= self._group_size:
            grouped, self._grouped = self._grouped, 0
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                self._roll_back(grouped, error)
                raise

    def _roll_back(self, exports: int, error: BaseException) -> None:
        """Undo the open group after a failed write; with exports in it, refuse more."""
        self._grouped = 0
        self._pending_rows = None  # counted again after the rollback
        if self._db.in_transaction:
            with suppress(sqlite3.Error):  # SQLite rolled it back itself (disk full, I/O)
                self._db.execute("ROLLBACK")
        if exports:
            self._lost = f"{exports} unrecorded: {error}"

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Turn sqlite3 errors into a StateStoreError that names the file."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StateStoreError(
                    f"state database {self.path} is locked by another process"
                    f" (waited {self.timeout:g} s to {action}): {exc}"
                ) from exc
            raise StateStoreError(f"cannot {action} state database {self.path}: {exc}") from exc
        except sqlite3.Error as exc:
            raise StateStoreError(f"cannot {action} state database {self.path}: {exc}") from exc
