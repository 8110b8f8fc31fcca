"""What an incremental recrawl fetches again: the policy, apart from the spider.

Given the seen-store, :class:`RecrawlPolicy` decides for each article link found
on a listing page, in a feed or in a sitemap:

- unknown article: fetch it (``new``);
- known article published within ``LEVANT_REFRESH_DAYS`` (default 2): fetch it
  again with ``If-None-Match`` / ``If-Modified-Since`` (``refresh``; a 304 costs
  no transfer and emits nothing);
- known article whose sitemap ``<lastmod>`` is later than its last fetch: fetch it
  (``changed``), whatever its age;
- any other known article: skip it.

In full mode every article is fetched, unconditionally. A section's pagination
stops after ``LEVANT_STOP_AFTER_KNOWN_PAGES`` (default 1) consecutive listing
pages whose articles are all known, unless the previous run did not finish.
Shortlinks (``/?p=ID``) are recognised through the post IDs the store keeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Protocol

from levant.config import setting
from levant.state import ArticleState
from levant.urls import shortlink_post_id

if TYPE_CHECKING:
    from collections.abc import Iterable


class StateReader(Protocol):
    """What the policy reads of the seen-store (the spider's read-only view)."""

    def get_many(self, urls: Iterable[str]) -> dict[str, ArticleState]: ...

    def get_by_post_id(self, post_id: int) -> ArticleState | None: ...


@dataclass(frozen=True)
class RecrawlSettings:
    refresh_days: float = 2.0
    stop_after_known_pages: int = 1

    @classmethod
    def from_settings(cls, settings: Any) -> RecrawlSettings:
        refresh = setting(settings, "LEVANT_REFRESH_DAYS")
        stop_after = setting(settings, "LEVANT_STOP_AFTER_KNOWN_PAGES")
        if refresh < 0 or stop_after < 0:
            raise ValueError("LEVANT_REFRESH_DAYS and LEVANT_STOP_AFTER_KNOWN_PAGES must be >= 0")
        return cls(refresh_days=refresh, stop_after_known_pages=stop_after)


@dataclass
class Fetch:
    url: str
    reason: str  # new | refresh | changed | full
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Plan:
    fetches: list[Fetch]
    skipped: int
    all_known: bool


class RecrawlPolicy:
    def __init__(
        self,
        mode: str,
        store: StateReader,
        settings: RecrawlSettings,
        now: datetime,
        previous_incomplete: bool = False,
    ) -> None:
        self.mode = mode
        self.store = store
        self.settings = settings
        self.now = now
        self.previous_incomplete = previous_incomplete

    @property
    def incremental(self) -> bool:
        return self.mode == "incremental"

    def plan(self, urls: list[str]) -> Plan:
        """What to fetch of the article links of one listing page (canonical URLs)."""
        states = self._states(urls)
        fetches, skipped = [], 0
        for url in dict.fromkeys(urls):
            fetch = self._decide(url, states.get(url))
            if fetch is None:
                skipped += 1
            else:
                fetches.append(fetch)
        all_known = bool(urls) and all(url in states for url in urls)
        return Plan(fetches=fetches, skipped=skipped, all_known=all_known)

    def stop_paginating(self, known_pages_in_a_row: int) -> bool:
        if not self.incremental or self.previous_incomplete:
            return False
        limit = self.settings.stop_after_known_pages
        return limit > 0 and known_pages_in_a_row >= limit

    def read_also_to_follow(self, urls: list[str]) -> list[str]:
        """The read-also links worth fetching: all in full mode, the unknown ones in
        incremental mode (one batched read)."""
        if not self.incremental:
            return list(urls)
        known = self._states(urls)
        return [url for url in urls if url not in known]

    def changed_since_fetch(self, url: str, lastmod: str | None) -> Fetch | None:
        """For a sitemap entry: fetch unknown articles and known ones modified since.

        "Since" is the page's own ``Last-Modified`` at the last fetch when the site
        sent one (the site's clock on both sides), else the time of that fetch.
        """
        state = self._states([url]).get(url)
        if state is None or not self.incremental:
            return Fetch(url, "new" if state is None else "full")
        modified = _parse(lastmod)
        if isinstance(modified, datetime) and modified > _fetched_version_time(state):
            return Fetch(state.url, "changed")
        return self._decide(url, state)

    def _decide(self, url: str, state: ArticleState | None) -> Fetch | None:
        if state is None:
            return Fetch(url, "new")
        if not self.incremental:
            return Fetch(state.url, "full")
        if self._within_refresh_window(state):
            return Fetch(state.url, "refresh", _conditional(state))
        return None

    def _within_refresh_window(self, state: ArticleState) -> bool:
        published = _parse(state.published_at)
        if published is None:
            return False
        horizon = self.now - timedelta(days=self.settings.refresh_days)
        if isinstance(published, datetime):
            return published >= horizon
        return published >= horizon.date()

    def _states(self, urls: list[str]) -> dict[str, ArticleState]:
        """Known articles among *urls*, keyed by the URL as given (shortlinks too)."""
        plain = [u for u in urls if shortlink_post_id(u) is None]
        found = self.store.get_many(plain)
        for url in urls:
            post_id = shortlink_post_id(url)
            if post_id is not None and (state := self.store.get_by_post_id(post_id)):
                found[url] = state
        return found


@dataclass
class Conditional:
    """The validators of the last answer to a URL, for a conditional request."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        found = {}
        if self.etag:
            found["If-None-Match"] = self.etag
        if self.last_modified:
            found["If-Modified-Since"] = self.last_modified
        return found


def _conditional(state: ArticleState) -> dict[str, str]:
    return Conditional(state.etag, state.last_modified).headers()


def _parse(value: str | None) -> datetime | date | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if len(value) == 10:
        return parsed.date()
    return parsed if parsed.tzinfo else None


def _fetched_version_time(state: ArticleState) -> datetime:
    if state.last_modified:
        try:
            return parsedate_to_datetime(state.last_modified)
        except (TypeError, ValueError):
            pass
    parsed = _parse(state.last_seen)
    assert isinstance(parsed, datetime), state.last_seen
    return parsed
