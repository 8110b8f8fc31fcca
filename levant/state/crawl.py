"""The state of one crawl: its seen-store, its mode and its entry in the run history.

``CrawlState`` is an extension (``EXTENSIONS``): it opens the store named by
``LEVANT_STATE_URI`` once per crawl (:meth:`CrawlState.ensure_open`, called by the
first component that needs it: pipelines open before the ``spider_opened`` signal;
counted in ``levant/state/opened``), records the run (start, mode, end, finish
reason, summary of the stats) and closes the store when the spider closes. Components
reach it with :func:`crawl_state`. It reads the run history once, when it opens
(:attr:`CrawlState.history`), for the monitors and the report. The one writer of
articles' state during a crawl is :class:`levant.pipelines.record.RecordPipeline`;
the spider gets a read-only view (:attr:`CrawlState.reader`). ``LEVANT_MAX_PENDING``
(default 100,000) bounds the links kept pending in the store. It also works without
a crawler (tests, scripts): ``CrawlState(uri).open("incremental")`` ...
``.close("finished")``.

Exports are committed to the store in groups (``LEVANT_STATE_COMMIT_EVERY``
records, default 100, and at least every ``LEVANT_STATE_COMMIT_SECONDS``, default
1): one transaction per record would cost more than the record's extraction. A
crash loses at most the open group, which the stream's replay restores on the next
start. ``LEVANT_STATE_COMMIT_EVERY = 1`` commits every record.

A store that fails during the crawl (a write refused, ``database or disk is full``
even for a moment, a Redis server gone) stops it: one ERROR line, finish reason
``state_write_failed`` (a write) or ``state_unavailable`` (a read), and from then on
the crawl only winds down: :attr:`CrawlState.store` answers a failed read as an
empty store would, ignores writes and refuses
:meth:`~levant.state.SeenStore.record_export`, so nothing is exported or recorded past
the failure and the next start replays what the store lost. The run's row is still
written when the store takes it; when it does not, one ERROR line says so (the next
run then sees the run as unfinished). A crawl locks its SQLite file itself
(``open_store(uri, exclusive=True)``): a second crawl on the same file
under another name stops with ``locked``.

An incremental crawl on an empty store runs as a full crawl. A run that did not
finish (killed, crashed) is noticed by the next one (``previous_incomplete``),
which then walks every listing page instead of stopping at known ones.
"""

from __future__ import annotations

import logging
import os
from contextlib import suppress
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.task import LoopingCall

from levant import signals as levant_signals
from levant.config import setting
from levant.extensions.summary import summarise
from levant.state import (
    DEFAULT_STATE_URI,
    ArticleState,
    RunRecord,
    SeenStore,
    StateStoreError,
    open_store,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

logger = logging.getLogger(__name__)

MODES = ("full", "incremental")
_OPEN_RUN = "open_run"
HISTORY_RUNS = 500  # stored runs read at most (newest first)


class CrawlState:
    def __init__(
        self,
        uri: str = DEFAULT_STATE_URI,
        commit_every: int = 1,
        commit_seconds: float = 1.0,
        max_pending: int = 100_000,
    ) -> None:
        self.uri = uri
        self.max_pending = max_pending
        #: The stored runs before this one, newest first (read once, when the store opens).
        self.history: list[RunRecord] = []
        self.commit_every = commit_every
        self.commit_seconds = commit_seconds
        self._committer: LoopingCall | None = None
        self._store: SeenStore | None = None
        self.run: RunRecord | None = None
        self.previous_incomplete = False
        self.crawler: Crawler | None = None
        self.unavailable: str | None = None  # why the crawl must not crawl at all
        self.failed: str | None = None  # the finish reason of a failure during the crawl
        self._refusal = "state_unavailable"  # the finish reason when unavailable
        self._guarded: GuardedStore | None = None
        self._spider_open = False
        self._bookmarks: dict[str, str] = {}  # kept when the run finishes

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlState:
        settings = crawler.settings
        commit_every = setting(settings, "LEVANT_STATE_COMMIT_EVERY")
        commit_seconds = setting(settings, "LEVANT_STATE_COMMIT_SECONDS")
        max_pending = setting(settings, "LEVANT_MAX_PENDING")
        state = cls(
            setting(settings, "LEVANT_STATE_URI") or DEFAULT_STATE_URI,
            commit_every,
            commit_seconds,
            max_pending,
        )
        state.crawler = crawler
        crawler.signals.connect(state.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(state.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(state.bookmark, signal=levant_signals.run_bookmark)
        return state

    def bookmark(self, key: str, value: str) -> None:
        """Where the next run starts from (:data:`levant.signals.run_bookmark`): kept in
        the store's bookkeeping when this run finishes."""
        self._bookmarks[key] = value

    @property
    def store(self) -> SeenStore:
        """The seen-store, guarded (see the module docstring); ``RuntimeError`` until
        :meth:`ensure_open` (or :meth:`open`) opened it."""
        if self._guarded is None:
            raise RuntimeError("the crawl state is not open")
        return self._guarded

    @property
    def reader(self) -> ReadOnlyStore:
        """The store as the spider sees it: reads only."""
        return ReadOnlyStore(self.store)

    def ensure_open(self) -> SeenStore:
        """Open the crawl's store, once: the first component that needs it calls this.

        A store that cannot be opened (locked by another process, corrupt, a server
        down) is reported once, replaced by a throwaway in-memory store so nothing
        persistent is touched, and the crawl closes with ``state_unavailable``
        (``locked`` when another crawl holds its file).
        """
        if self._guarded is None:  # never opened (a closed store is not opened again)
            if self.crawler is None or self.crawler.spider is None:
                raise RuntimeError("the crawl state is not open")
            try:
                self.open(getattr(self.crawler.spider, "mode", "incremental"))
            except StateStoreError as error:
                if self._store is not None:  # opened, then failed to start the run
                    with suppress(StateStoreError):
                        self._store.close()
                self.run = None
                self.refuse("locked" if "in use by another crawl" in str(error) else None, error)
                self._store = open_store("sqlite://:memory:")
                self._guarded = GuardedStore(self._store, self)
        assert self._guarded is not None
        return self._guarded

    def refuse(self, reason: str | None, error: object) -> None:
        """This crawl must not crawl at all (found while opening): one ERROR line, then
        the crawl closes with *reason* (``state_unavailable`` by default) before any
        request."""
        if self.unavailable is not None:
            return
        self.unavailable = str(error)
        self._refusal = reason or "state_unavailable"
        logger.error("%s; the crawl stops without crawling (%s)", error, self._refusal)
        if self._spider_open:
            self._close_spider(self._refusal)

    def fail(self, reason: str, message: str) -> None:
        """The store (or the stream) failed during the crawl: log it once and stop.

        From then on :attr:`store` no longer asks the store (see the module docstring).
        """
        if self.failed is not None:
            return
        self.failed = reason
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"levant/state/failed/{reason}")
        logger.error("%s; stopping the crawl (%s)", message, reason)
        if self._committer is not None and self._committer.running:
            self._committer.stop()
        if self._spider_open:
            self._close_spider(reason)

    def _close_spider(self, reason: str) -> None:
        if self.crawler is not None and self.crawler.engine is not None:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=reason))

    @property
    def mode(self) -> str:
        return self.run.mode if self.run else "full"

    def open(self, requested_mode: str = "incremental") -> CrawlState:
        if requested_mode not in MODES:
            raise ValueError(f"mode={requested_mode!r}: use one of {', '.join(MODES)}")
        # Locked on the file itself: a second crawl reaching it by another name is refused.
        store = self._store = open_store(self.uri, exclusive=True)
        self._guarded = GuardedStore(store, self)
        store.max_pending = self.max_pending
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value("levant/state/opened")
        mode = requested_mode
        self.history = self._store.runs(HISTORY_RUNS)
        if mode == "incremental" and len(self._store) == 0:
            logger.info(
                "The state store %s is empty: this incremental crawl runs in full", self.uri
            )
            mode = "full"
        previous = self._store.get_meta(_OPEN_RUN)
        if previous:
            self.previous_incomplete = True
            logger.warning(
                "The previous run %s did not finish; listing pages are walked in full", previous
            )
        started = datetime.now(UTC)
        self.run = RunRecord(
            run_id=f"{started:%Y%m%dT%H%M%SZ}-{os.getpid()}",
            started_at=started.isoformat(timespec="seconds"),
            mode=mode,
        )
        self._store.start_run(self.run)
        self._store.set_meta(_OPEN_RUN, self.run.run_id)
        self._store.group_commits(self.commit_every)
        return self

    def close(self, reason: str, stats: dict[str, Any] | None = None) -> None:
        """Record the end of the run and close the store; a store failure is logged, not
        raised (the run's row says ``state_write_failed`` if the last group was lost)."""
        if self._store is None:
            return
        store, self._store = self._store, None
        if self.run is None:  # the throwaway store of a crawl that could not open its own
            store.close()
            return
        if self.failed is None:
            try:
                store.commit()
            except StateStoreError as error:
                self.fail(
                    "state_write_failed",
                    f"Cannot commit the last exports to the state store ({error}); the next"
                    " run replays the stream's unrecorded lines",
                )
        if self.failed and reason == "finished":
            reason = self.failed
            if self.crawler is not None and self.crawler.stats is not None:
                self.crawler.stats.set_value("finish_reason", reason)
        self.run.finished_at = datetime.now(UTC).isoformat(timespec="seconds")
        self.run.finish_reason = reason
        self.run.summary = summarise(stats or {})
        try:
            store.finish_run(self.run)
            if reason == "finished":
                for key, value in self._bookmarks.items():
                    store.set_meta(key, value)
                store.set_meta(_OPEN_RUN, None)
            store.close()
        except StateStoreError as error:
            # After a failure already reported (one ERROR line), a consequence of it.
            logger.log(
                logging.WARNING if self.failed else logging.ERROR,
                "Cannot record the end of run %s (%s) in the state store (%s); the next run"
                " sees it as unfinished and walks every listing page",
                self.run.run_id,
                reason,
                error,
            )
            if self.crawler is not None and self.crawler.stats is not None:
                self.crawler.stats.inc_value("levant/state/run_not_recorded")
            with suppress(StateStoreError):  # the error above named the store
                store.close()

    def spider_opened(self, spider: Spider) -> None:
        self.ensure_open()  # if no pipeline did
        self._spider_open = True
        if self.unavailable:
            self._close_spider(self._refusal)
        elif self.failed:
            self._close_spider(self.failed)
        elif self.commit_every > 1:
            self._committer = LoopingCall(self._commit)
            self._committer.start(self.commit_seconds, now=False)

    def _commit(self) -> None:
        if self._store is None or self.failed:
            return
        try:
            self._store.commit()
        except StateStoreError as error:
            self.fail(
                "state_write_failed",
                f"Cannot commit exports to the state store ({error}); the next run replays"
                " the stream's unrecorded lines",
            )

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._committer is not None and self._committer.running:
            self._committer.stop()
        stats = self.crawler.stats.get_stats() if self.crawler and self.crawler.stats else {}
        self.close(reason, stats)


_Result = Any


class GuardedStore(SeenStore):
    """The crawl's view of its store: the first :class:`StateStoreError` stops the crawl.

    A failed call reports the failure to the :class:`CrawlState` (one ERROR line, the
    crawl closing) and answers as an empty store would (``known`` as if every URL were
    known, so nothing new is fetched); so does every failed read after it. After a
    failure, writes are skipped and :meth:`record_export` raises, so no export is
    recorded past the failure.
    Other attributes (``heartbeat``, ``path``) are the store's own.
    """

    def __init__(self, store: SeenStore, state: CrawlState) -> None:
        self.inner = store
        self._state = state

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def _call(self, write: bool, method: Callable[[], _Result], fallback: _Result) -> _Result:
        if write and self._state.failed:
            return fallback
        try:
            return method()
        except StateStoreError as error:
            action = "write to" if write else "read"
            self._state.fail(
                "state_write_failed" if write else "state_unavailable",
                f"Cannot {action} the state store ({error})",
            )
            return fallback

    def get(self, url: str) -> ArticleState | None:
        return self._call(False, lambda: self.inner.get(url), None)

    def lookup(self, url: str, post_id: int | None = None) -> ArticleState | None:
        return self._call(False, lambda: self.inner.lookup(url, post_id), None)

    def get_many(self, urls: Iterable[str]) -> dict[str, ArticleState]:
        urls = list(urls)
        return self._call(False, lambda: self.inner.get_many(urls), {})

    def get_by_post_id(self, post_id: int) -> ArticleState | None:
        return self._call(False, lambda: self.inner.get_by_post_id(post_id), None)

    def known(self, urls: Iterable[str]) -> set[str]:
        urls = list(urls)
        return self._call(False, lambda: self.inner.known(urls), set(urls))

    def __contains__(self, url: object) -> bool:
        return self._call(False, lambda: url in self.inner, True)

    def __len__(self) -> int:
        return self._call(False, lambda: len(self.inner), 0)

    def __iter__(self) -> Iterator[ArticleState]:
        return iter(self._call(False, lambda: list(self.inner), []))

    def pending(self) -> list[str]:
        return self._call(False, self.inner.pending, [])

    def get_meta(self, key: str) -> str | None:
        return self._call(False, lambda: self.inner.get_meta(key), None)

    def runs(self, limit: int | None = None) -> list[RunRecord]:
        return self._call(False, lambda: self.inner.runs(limit), [])

    def claim(self, url: str, post_id: int | None = None) -> bool:
        return self._call(True, lambda: self.inner.claim(url, post_id), False)

    def record_export(
        self,
        state: ArticleState,
        meta: dict[str, str],
        pending: Iterable[str] = (),
        replaces: str | None = None,
    ) -> int:
        """The store's; raises :class:`StateStoreError` (the caller reports it) and,
        after a failure, refuses at once."""
        if self._state.failed:
            raise StateStoreError(
                f"the state store is not written after a failure ({self._state.failed})"
            )
        return self.inner.record_export(state, meta, pending, replaces)

    def upsert(self, state: ArticleState) -> None:
        self._call(True, lambda: self.inner.upsert(state), None)

    def upsert_many(self, states: Iterable[ArticleState]) -> None:
        self._call(True, lambda: self.inner.upsert_many(states), None)

    def touch(self, url: str, seen_at: str) -> None:
        self._call(True, lambda: self.inner.touch(url, seen_at), None)

    def release(self, url: str, post_id: int | None = None) -> None:
        self._call(True, lambda: self.inner.release(url, post_id), None)

    def drop_pending(self, urls: Iterable[str]) -> None:
        self._call(True, lambda: self.inner.drop_pending(urls), None)

    def set_meta(self, key: str, value: str | None) -> None:
        self._call(True, lambda: self.inner.set_meta(key, value), None)

    def start_run(self, run: RunRecord) -> None:
        self._call(True, lambda: self.inner.start_run(run), None)

    def finish_run(self, run: RunRecord) -> None:
        self._call(True, lambda: self.inner.finish_run(run), None)

    def group_commits(self, size: int) -> None:
        self._call(True, lambda: self.inner.group_commits(size), None)

    def commit(self) -> None:
        self._call(True, self.inner.commit, None)

    def close(self) -> None:
        """The crawl state closes the store (:meth:`CrawlState.close`)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.inner!r})"


class ReadOnlyStore:
    """What the spider may do with the store: read. Writes go through the one writer
    (:class:`levant.pipelines.record.RecordPipeline`), by signals (:mod:`levant.signals`)."""

    def __init__(self, store: SeenStore) -> None:
        self._store = store

    def get(self, url: str) -> ArticleState | None:
        return self._store.get(url)

    def lookup(self, url: str, post_id: int | None = None) -> ArticleState | None:
        return self._store.lookup(url, post_id)

    def get_by_post_id(self, post_id: int) -> ArticleState | None:
        return self._store.get_by_post_id(post_id)

    def get_many(self, urls: Iterable[str]) -> dict[str, ArticleState]:
        return self._store.get_many(urls)

    def known(self, urls: Iterable[str]) -> set[str]:
        return self._store.known(urls)

    def pending(self) -> list[str]:
        return self._store.pending()

    def get_meta(self, key: str) -> str | None:
        return self._store.get_meta(key)

    def __len__(self) -> int:
        return len(self._store)


def crawl_state(crawler: Crawler) -> CrawlState:
    """The crawl's :class:`CrawlState` (the instance in ``EXTENSIONS``)."""
    state = crawler.get_extension(CrawlState)
    if state is None:
        raise NotConfigured("levant.state.crawl.CrawlState must be enabled in EXTENSIONS")
    return state
