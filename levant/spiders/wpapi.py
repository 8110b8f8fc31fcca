"""Finding articles through WordPress's REST API (``discover=api``).

WordPress serves what a crawler needs in bulk: ``/wp-json/wp/v2/posts`` lists up to
100 posts a request with their content, dates, link, and (``_embed``) their
categories, tags and author by name. A backfill therefore costs a request per
hundred posts instead of one per article page, and a recrawl asks only for what
changed since the last run (``modified_after``, WordPress 5.7+).

- The posts endpoint itself is the probe: ``/wp-json/...`` first, then
  ``/?rest_route=...`` (sites without pretty permalinks).
- A site that does not answer (404 on both, 401, 403, 429, a non-JSON answer, or
  robots.txt forbidding it) is not asked again in the run: the spider goes on with
  the next way of discovery and says why (:func:`why_not`).
- Pages are followed through ``X-WP-TotalPages``; posts come oldest modification
  first, so the run's newest ``modified_gmt`` is the next run's high-water mark,
  kept in the seen-store (``api/modified_after``) once the run finishes, less a
  safety margin (``LEVANT_API_MARGIN_SECONDS``) when it is used.

Pure helpers here; the requests and callbacks are the spider's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from levant.extraction.api import POST_FIELDS

PER_PAGE = 100
STYLES = ("pretty", "rest_route")
HIGH_WATER = "api/modified_after"  # seen-store meta key: newest modified_gmt exported
_WHY = {401: "unauthorized", 403: "forbidden", 404: "not_found", 410: "not_found",
        429: "rate_limited"}  # fmt: skip


@dataclass
class ApiRun:
    """One run's use of the API: where it starts, its pages, its newest change."""

    since: str | None = None  # modified_after asked for (None: every post)
    pages: int = 0  # X-WP-TotalPages of the first page (0: no page came)
    done: int = 0  # pages read
    incomplete: bool = False  # a page after the first failed
    newest: str | None = None  # the newest modified_gmt listed

    @property
    def complete(self) -> bool:
        """Every page read: the newest change is a safe high-water mark."""
        return (
            self.pages > 0 and self.done >= self.pages and not self.incomplete and bool(self.newest)
        )


def posts_url(
    base_url: str, *, style: str = "pretty", page: int = 1, modified_after: str | None = None
) -> str:
    """The posts endpoint: *page* of the posts modified after *modified_after* (ISO,
    UTC), oldest modification first, with their terms and author embedded."""
    query: dict[str, str | int] = {
        "per_page": PER_PAGE,
        "page": page,
        "orderby": "modified",
        "order": "asc",
        "_fields": POST_FIELDS,
        "_embed": "wp:term,author",
    }
    if modified_after:
        query["modified_after"] = modified_after
    if style == "pretty":
        return f"{base_url}wp-json/wp/v2/posts?{urlencode(query)}"
    return f"{base_url}?{urlencode({'rest_route': '/wp/v2/posts', **query})}"


def read_posts(body: bytes) -> list[dict[str, Any]] | None:
    """The posts of an answer, or None when it is not a WordPress posts list."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(data, list) or not all(isinstance(p, dict) and "link" in p for p in data):
        return None
    return data


def total_pages(headers: Any) -> int:
    """``X-WP-TotalPages`` (1 when absent or unreadable)."""
    raw = headers.get(b"X-WP-TotalPages") if headers is not None else None
    try:
        return max(1, int(raw.decode("latin-1") if isinstance(raw, bytes) else raw or 1))
    except ValueError:
        return 1


def why_not(status: int | None) -> str:
    """A short reason for a stat name (``levant/discovery/api/fallback/<reason>``)."""
    if status is None:
        return "failed"
    return _WHY.get(status, f"http_{status}")


def modified_after(high_water: str | None, margin_seconds: float) -> str | None:
    """The ``modified_after`` to ask for: the high-water mark less the margin."""
    if not high_water:
        return None
    try:
        mark = datetime.fromisoformat(high_water)
    except ValueError:
        return None
    return utc_iso(mark - timedelta(seconds=margin_seconds))


def utc_iso(moment: datetime | str) -> str:
    """An ISO time WordPress reads as UTC: ``modified_after`` without an offset is read
    in the site's zone, so the offset is always stated."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.replace(tzinfo=None).isoformat(timespec="seconds") + "+00:00"


def newest(current: str | None, post: dict[str, Any]) -> str | None:
    """The later of *current* and the post's ``modified_gmt`` (ISO strings, UTC)."""
    value = post.get("modified_gmt")
    if not isinstance(value, str):
        return current
    return value if current is None or value > current else current
