"""The seen-store interface: what levant remembers about each article between runs.

An :class:`ArticleState` is keyed by the article's canonical URL
(:func:`levant.urls.canonicalize_url`); an article that moved (found again by its
post ID under a new URL) keeps one row, under its new URL, and its old URL stays an
*alias* that every read resolves. During a crawl one component writes the store,
:class:`levant.pipelines.record.RecordPipeline`: it looks each article up once
(:meth:`SeenStore.lookup`, by URL and post ID together) before emitting it, so each
article reaches the feed once and a changed body becomes a new version; the spider
only reads (:meth:`SeenStore.get_many` before downloading).
:class:`levant.state.sqlite.SQLiteSeenStore` is the embedded default; any other
backend (Redis) implements :class:`SeenStore` and registers in
:func:`levant.state.open_store`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from types import TracebackType
    from typing import Self


class StateStoreError(Exception):
    """The state store cannot be opened or used; the message names the store."""


@dataclass
class ArticleState:
    """What is remembered about one article. Timestamps are ISO 8601 strings."""

    url: str  # canonical URL (primary key)
    post_id: int | None  # WordPress post ID, when known
    content_hash: str  # hash of the normalised body, to notice edits
    published_at: str | None  # ISO 8601 with offset, as extracted
    first_seen: str  # ISO 8601 UTC
    last_seen: str  # ISO 8601 UTC
    version: int = 1  # incremented by the pipeline when content_hash changes
    etag: str | None = None  # HTTP ETag of the last fetch
    last_modified: str | None = None  # HTTP Last-Modified of the last fetch


@dataclass
class RunRecord:
    """One crawl in the run history. ``summary`` is a JSON-able dict of its figures."""

    run_id: str
    started_at: str  # ISO 8601 UTC
    mode: str  # full | incremental
    finished_at: str | None = None
    finish_reason: str | None = None
    summary: dict[str, Any] = field(default_factory=dict)


class SeenStore(ABC):
    """A persistent map from canonical URL to :class:`ArticleState`.

    Writes are durable when they return, unless :meth:`group_commits` asked the
    store to group them: then when :meth:`commit` or :meth:`close` returns. Stores
    are context managers; leaving the ``with`` block closes them.
    """

    @abstractmethod
    def get(self, url: str) -> ArticleState | None:
        """The state of the article at canonical *url*, or ``None``."""

    @abstractmethod
    def get_by_post_id(self, post_id: int) -> ArticleState | None:
        """The article with WordPress post ID *post_id* (the last seen one if several)."""

    @abstractmethod
    def known(self, urls: Iterable[str]) -> set[str]:
        """The subset of *urls* in the store, aliases included (one round trip per batch)."""

    def lookup(self, url: str, post_id: int | None = None) -> ArticleState | None:
        """The stored article at *url* (or an alias of it), else the one with *post_id*.

        One read answers both keys; backends override this default of two.
        """
        state = self.get(url)
        if state is None and post_id is not None:
            state = self.get_by_post_id(post_id)
        return state

    def get_many(self, urls: Iterable[str]) -> dict[str, ArticleState]:
        """The stored states of *urls* (aliases resolved), keyed by the URL asked.

        Backends answer a batch in one round trip; this default asks per URL.
        """
        found = {}
        for url in self.known(urls):
            state = self.get(url)
            if state is not None:
                found[url] = state
        return found

    @abstractmethod
    def upsert(self, state: ArticleState) -> None:
        """Insert *state*, or replace the stored state of ``state.url``."""

    def upsert_many(self, states: Iterable[ArticleState]) -> None:
        """:meth:`upsert` each state; backends override this with one transaction."""
        for state in states:
            self.upsert(state)

    @abstractmethod
    def touch(self, url: str, seen_at: str) -> None:
        """Set ``last_seen`` of *url* to *seen_at*; ``KeyError`` if *url* is unknown."""

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def __iter__(self) -> Iterator[ArticleState]: ...

    #: The most links :meth:`record_export` keeps pending (``LEVANT_MAX_PENDING``);
    #: 0: no bound.
    max_pending: int = 0

    @abstractmethod
    def record_export(
        self,
        state: ArticleState,
        meta: dict[str, str],
        pending: Iterable[str] = (),
        replaces: str | None = None,
    ) -> int:
        """Upsert *state*, set *meta* keys and add *pending* links, in one atomic step.

        The stream writer calls it right after a record's line is in the stream,
        with the stream's new byte offset in *meta*, so the store and the stream
        never disagree by more than the one line a crash can leave unrecorded.
        *pending* are the article's read-also links: those the store does not know
        join the frontier a killed crawl would otherwise lose, while it holds fewer
        than :attr:`max_pending`. ``state.url`` leaves the frontier. *replaces* is the
        article's previous URL (it moved): that row goes, and the URL stays an alias
        of ``state.url``. Returns how many new links the full frontier refused.
        """

    @abstractmethod
    def pending(self) -> list[str]:
        """Links found in exported articles and not fetched yet, oldest first."""

    @abstractmethod
    def drop_pending(self, urls: Iterable[str]) -> None:
        """Remove links from the frontier (fetched elsewhere, or gone: 404/410)."""

    @abstractmethod
    def get_meta(self, key: str) -> str | None:
        """A value of the store's own bookkeeping (stream offset, open run), or None."""

    @abstractmethod
    def set_meta(self, key: str, value: str | None) -> None:
        """Set (or, with None, delete) a bookkeeping value."""

    @abstractmethod
    def start_run(self, run: RunRecord) -> None:
        """Append a run to the run history."""

    @abstractmethod
    def finish_run(self, run: RunRecord) -> None:
        """Store the end of a run (``finished_at``, ``finish_reason``, ``summary``)."""

    @abstractmethod
    def runs(self, limit: int | None = None) -> list[RunRecord]:
        """The run history, newest first."""

    @abstractmethod
    def close(self) -> None:
        """Release the store (committing grouped writes); closing twice is harmless."""

    def group_commits(self, size: int) -> None:
        """Commit writes in groups of up to *size* :meth:`record_export` calls.

        A crawl exports many small records; committing each costs more than writing
        it. Grouped, the writes of a group are seen by this store at once and made
        durable by :meth:`commit` (the crawl calls it every second) or when the
        group is full. A crash loses at most the group, which the stream's replay
        restores (see :mod:`levant.pipelines.stream`). ``size`` 1 commits each
        write. Stores whose every write is one cheap atomic step ignore it.
        """
        return None

    def commit(self) -> None:
        """Make the writes of the current group durable now (see :meth:`group_commits`)."""
        return None

    def claim(self, url: str, post_id: int | None = None) -> bool:
        """Reserve the export of the article at *url* (and *post_id*) for this process.

        ``False`` when another process holds either. A store shared by several
        crawling processes (Redis) claims both keys in one atomic step, so two
        workers never both export one article; the claim ends when
        :meth:`record_export` stores the article, or on :meth:`release`. A store
        of one process (SQLite, locked by :mod:`levant.joblock`) always grants it.
        """
        return True

    def release(self, url: str, post_id: int | None = None) -> None:
        """Give up a claim of :meth:`claim` without exporting (the article is unchanged)."""
        return None  # nothing is held where claims are always granted

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and bool(self.known([url]))

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
