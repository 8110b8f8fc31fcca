"""Make the crawl's real SQLite store refuse one write, from inside a real crawl.

``FailOneCommit`` is a Scrapy extension the crash tests add with
``-s EXTENSIONS={"tests.state.faults.FailOneCommit": 200}``. After
``LEVANT_TEST_FAIL_AFTER`` exported records it installs a SQLite authorizer on the
crawl's own connection that refuses the next ``COMMIT`` once, then allows
everything again: the write really fails inside SQLite, at whichever commit point
comes next (a full group, the periodic commit or the commit on close, chosen by the
crawl's ``LEVANT_STATE_COMMIT_*`` settings), as ``database or disk is full`` for a
moment would. Nothing of the store or the crawl state is replaced.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from levant.state.crawl import crawl_state

logger = logging.getLogger(__name__)


class FailOneCommit:
    def __init__(self, crawler: Crawler, after: int) -> None:
        self.crawler = crawler
        self.after = after
        self.seen = 0
        self.armed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FailOneCommit:
        extension = cls(crawler, crawler.settings.getint("LEVANT_TEST_FAIL_AFTER", 1))
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        return extension

    def item_scraped(self, item: Any) -> None:
        self.seen += 1
        if self.seen >= self.after and not self.armed:
            self.armed = True
            store = crawl_state(self.crawler).store
            refuse_commit_once(store._db)  # type: ignore[attr-defined]
            logger.info("Armed: the next COMMIT of the state store is refused once")


def refuse_commit_once(db: sqlite3.Connection) -> None:
    """Refuse the next ``COMMIT`` prepared on *db*, once."""
    done = False

    def authorizer(action: int, arg1: Any, arg2: Any, dbname: Any, source: Any) -> int:
        nonlocal done
        if action == sqlite3.SQLITE_TRANSACTION and arg1 == "COMMIT" and not done:
            done = True
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    db.set_authorizer(authorizer)
