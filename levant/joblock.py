"""One job at a time per state store: an exclusive lock file, taken before anything opens it.

Two crawls writing the same seen-store and stream at once (a Scrapyd timer firing
while the previous job still runs, a manual ``scrapy crawl`` beside a scheduled
one) would interleave their records, and the second one's start-up (the stream
cutting a torn last line, the crawl state recording a new run) would damage the
first one's work. So this extension takes an exclusive ``fcntl.flock`` on a lock
file when Scrapy builds it: extensions are built before the item pipelines, the
feeds and the crawl state open anything. List it with a negative order (``-100``)
so it is built before every other extension. The lock is released when the
engine stops, after every component has closed; the kernel releases it too if
the process dies, so a crashed job never leaves a stale lock.

A job that cannot get the lock logs one ERROR line naming the lock file and the
PID of the job holding it, switches off everything that touches the shared data
(``ITEM_PIPELINES``, ``FEEDS``, ``LEVANT_STREAM_PATH``, and ``LEVANT_STATE_URI``
becomes a throwaway in-memory store), and closes when the spider opens, with
finish reason ``locked``, before sending any request.

Settings:

- ``LEVANT_LOCK_ENABLED`` (default ``True``): ``False`` disables the extension.
- ``LEVANT_LOCK_FILE`` (default: the state file of ``LEVANT_STATE_URI`` plus
  ``.lock``, e.g. ``data/state.db.lock``): the file to lock. A state store with
  no file (``sqlite://:memory:``, a server) needs it set, or the extension is off.
- ``LEVANT_LOCK_WAIT`` (default ``0``): seconds to wait for a held lock before
  giving up. The job waits while Scrapy starts up, before it does anything else.

Stats: ``levant/joblock/acquired`` and ``levant/joblock/refused``.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import time
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.settings import Settings
from scrapy.statscollectors import StatsCollector

from levant.config import setting

logger = logging.getLogger(__name__)

FINISH_REASON = "locked"
_POLL_SECONDS = 0.25
# What a refused job runs with: nothing that reads or writes the shared data.
_REFUSED_SETTINGS: dict[str, Any] = {
    "ITEM_PIPELINES": {},
    "FEEDS": {},
    "LEVANT_STREAM_PATH": "",
    "LEVANT_STATE_URI": "sqlite://:memory:",
    # A refused job is not a crawl: no monitors, no report, no alert about it.
    "SPIDERMON_ENABLED": False,
}
_OVER_EVERYTHING = 100  # a settings priority above cmdline (40) and the spider's (30)


def lock_path_for(state_uri: str) -> Path | None:
    """The default lock file of a state store: its SQLite file plus ``.lock``, else ``None``.

    >>> lock_path_for("sqlite:///data/state.db")
    PosixPath('data/state.db.lock')
    >>> lock_path_for("sqlite:////var/lib/levant/state.db")
    PosixPath('/var/lib/levant/state.db.lock')
    >>> lock_path_for("sqlite://:memory:") is None
    True
    """
    scheme, _, rest = state_uri.partition("://")
    if scheme.lower() != "sqlite" or not rest.startswith("/") or rest in ("/", "/:memory:"):
        return None
    return Path(rest[1:] + ".lock")


class JobLock:
    """An exclusive, non-blocking lock on one file, held by this process while it crawls."""

    def __init__(
        self, path: str | Path, wait: float = 0.0, stats: StatsCollector | None = None
    ) -> None:
        self.path = Path(path)
        self.wait = max(0.0, float(wait))
        self.stats = stats
        self._fd: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JobLock:
        settings = crawler.settings
        if not setting(settings, "LEVANT_LOCK_ENABLED"):
            raise NotConfigured
        path = setting(settings, "LEVANT_LOCK_FILE") or lock_path_for(
            setting(settings, "LEVANT_STATE_URI")
        )
        if path is None:
            raise NotConfigured(
                "the state store has no file to lock; set LEVANT_LOCK_FILE to guard against "
                "overlapping jobs"
            )
        lock = cls(path, setting(settings, "LEVANT_LOCK_WAIT"), crawler.stats)
        if lock.acquire():
            crawler.signals.connect(lock.release, signal=signals.engine_stopped)
        else:
            lock.refuse(settings)
            crawler.signals.connect(lock.close_refused_spider, signal=signals.spider_opened)
        return lock

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        """Take the lock if it is free, and write this process's PID into the file."""
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def acquire(self) -> bool:
        """Take the lock, waiting up to ``wait`` seconds for its holder to finish."""
        deadline = time.monotonic() + self.wait
        announced = False
        while not self.try_acquire():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            if not announced:
                logger.info(
                    "Lock %(path)s is held by PID %(pid)s; waiting up to %(wait)g s",
                    {"path": self.path, "pid": self.holder(), "wait": self.wait},
                )
                announced = True
            time.sleep(min(_POLL_SECONDS, remaining))
        self._inc("levant/joblock/acquired")
        logger.info(
            "Job lock %(path)s taken (PID %(pid)d)", {"path": self.path, "pid": os.getpid()}
        )
        return True

    def holder(self) -> str:
        """The PID written by the process holding the lock, or ``"unknown"``."""
        try:
            text = self.path.read_text("ascii").strip()
        except (OSError, UnicodeDecodeError):
            return "unknown"
        return text if text.isdigit() else "unknown"

    def refuse(self, settings: Settings) -> None:
        """Log why this job stops, and keep it away from the shared data."""
        self._inc("levant/joblock/refused")
        logger.error(
            "Another job holds the lock %(path)s (PID %(pid)s); this job stops without "
            "crawling (finish reason %(reason)r, after waiting %(wait)g s: LEVANT_LOCK_WAIT) "
            "(levant/joblock/refused)",
            {"path": self.path, "pid": self.holder(), "reason": FINISH_REASON, "wait": self.wait},
        )
        for name, value in _REFUSED_SETTINGS.items():
            settings.set(name, value, priority=_OVER_EVERYTHING)

    def close_refused_spider(self) -> None:
        raise CloseSpider(FINISH_REASON)

    def release(self) -> None:
        """Give the lock up; the file stays, so no other job ever locks a deleted file."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def _inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)
