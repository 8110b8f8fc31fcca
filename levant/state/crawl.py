"""The state of one crawl: its seen-store, its mode and its entry in the run history.

``CrawlState`` is an extension (``EXTENSIONS``): it opens the store named by
``LEVANT_STATE_URI`` when the spider opens, records the run (start, mode, end,
finish reason, summary of the stats) and closes the store when the spider
closes. The spider and the pipelines reach it with :func:`crawl_state`, so one
crawl uses one connection (opened on first use: pipelines open before the
``spider_opened`` signal). It also works without a crawler (tests, scripts):
``CrawlState(uri).open("incremental")`` ... ``.close("finished")``.

Exports are committed to the store in groups (``LEVANT_STATE_COMMIT_EVERY``
records, default 100, and at least every ``LEVANT_STATE_COMMIT_SECONDS``, default
1): one transaction per record would cost more than the record's extraction. A
crash loses at most the open group, which the stream's replay restores on the next
start. ``LEVANT_STATE_COMMIT_EVERY = 1`` commits every record.

An incremental crawl on an empty store runs as a full crawl. A run that did not
finish (killed, crashed) is noticed by the next one (``previous_incomplete``),
which then walks every listing page instead of stopping at known ones.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.task import LoopingCall

from levant.extensions.summary import summarise
from levant.state import DEFAULT_STATE_URI, RunRecord, SeenStore, StateStoreError, open_store

logger = logging.getLogger(__name__)

MODES = ("full", "incremental")
_OPEN_RUN = "open_run"


class CrawlState:
    def __init__(
        self, uri: str = DEFAULT_STATE_URI, commit_every: int = 1, commit_seconds: float = 1.0
    ) -> None:
        self.uri = uri
        self.commit_every = commit_every
        self.commit_seconds = commit_seconds
        self._committer: LoopingCall | None = None
        self._store: SeenStore | None = None
        self.run: RunRecord | None = None
        self.previous_incomplete = False
        self.crawler: Crawler | None = None
        self.unavailable: str | None = None  # why the store could not be opened

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlState:
        settings = crawler.settings
        commit_every = settings.getint("LEVANT_STATE_COMMIT_EVERY", 100)
        commit_seconds = settings.getfloat("LEVANT_STATE_COMMIT_SECONDS", 1.0)
        if commit_every < 1 or commit_seconds <= 0:
            raise ValueError(
                "LEVANT_STATE_COMMIT_EVERY must be at least 1 and LEVANT_STATE_COMMIT_SECONDS"
                f" above 0 (got {commit_every} and {commit_seconds})"
            )
        state = cls(
            settings.get("LEVANT_STATE_URI") or DEFAULT_STATE_URI, commit_every, commit_seconds
        )
        state.crawler = crawler
        crawler.signals.connect(state.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(state.spider_closed, signal=signals.spider_closed)
        return state

    @property
    def store(self) -> SeenStore:
        """The seen-store; opened on first use during a crawl.

        A store that cannot be opened (locked by another process, corrupt, a server
        down) is reported once, replaced by a throwaway in-memory store so nothing
        persistent is touched, and the crawl closes with ``state_unavailable``.
        """
        if self._store is None:
            if self.crawler is None or self.crawler.spider is None:
                raise RuntimeError("the crawl state is not open")
            try:
                self.open(getattr(self.crawler.spider, "mode", "incremental"))
            except StateStoreError as error:
                self.unavailable = str(error)
                logger.error("%s; the crawl stops without crawling (state_unavailable)", error)
                self._store = open_store("sqlite://:memory:")
        assert self._store is not None
        return self._store

    @property
    def mode(self) -> str:
        return self.run.mode if self.run else "full"

    def open(self, requested_mode: str = "incremental") -> CrawlState:
        if requested_mode not in MODES:
            raise ValueError(f"mode={requested_mode!r}: use one of {', '.join(MODES)}")
        self._store = open_store(self.uri)
        mode = requested_mode
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
        if self.unavailable and self._store is not None:
            self._store.close()
            self._store = None
        if self._store is None or self.run is None:
            return
        self.run.finished_at = datetime.now(UTC).isoformat(timespec="seconds")
        self.run.finish_reason = reason
        self.run.summary = summarise(stats or {})
        self._store.finish_run(self.run)
        if reason == "finished":
            self._store.set_meta(_OPEN_RUN, None)
        self._store.close()
        self._store = None

    def spider_opened(self, spider: Spider) -> None:
        self.store  # noqa: B018 - opens it, if no pipeline did
        if self.unavailable and self.crawler and self.crawler.engine:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="state_unavailable"))
        elif self.commit_every > 1:
            self._committer = LoopingCall(self._commit)
            self._committer.start(self.commit_seconds, now=False)

    def _commit(self) -> None:
        if self._store is not None:
            self._store.commit()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._committer is not None and self._committer.running:
            self._committer.stop()
        stats = self.crawler.stats.get_stats() if self.crawler and self.crawler.stats else {}
        self.close(reason, stats)


def crawl_state(crawler: Crawler) -> CrawlState:
    """The crawl's :class:`CrawlState` (the instance in ``EXTENSIONS``)."""
    for extension in crawler.extensions.middlewares:
        if isinstance(extension, CrawlState):
            return extension
    raise NotConfigured("levant.state.crawl.CrawlState must be enabled in EXTENSIONS")
