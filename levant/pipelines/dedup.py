"""One record per article and version: the rules :class:`~levant.pipelines.record.RecordPipeline`
applies.

The key is the page's own canonical URL (``rel=canonical``, then ``og:url``, then
the fetched URL, canonicalised by :mod:`levant.urls`); the WordPress post ID is a
second key, so a page whose canonical link is missing still meets its twin, and an
article whose URL changed (a renamed post) stays one article. Against the seen-store
(:mod:`levant.state`, looked up once by URL and post ID together):

- unknown article: exported with ``event: "new"``, ``version: 1``;
- known article whose ``content_hash`` changed, or that moved to a new URL:
  ``event: "updated"``, version + 1; a moved article keeps its ``first_seen``, its row
  moves to the new URL and the old URL stays an alias;
- known article, same content, same URL: dropped (``unchanged``), its ``last_seen``
  touched.

Within a run, a second record of one article with the same content is dropped
(``in_run``/``post_id``); one whose content changed since it was exported in this run
(a watch, which runs for days) is compared with the store like any other.
"""

from __future__ import annotations

from datetime import UTC, datetime

from levant.items import Article
from levant.state import ArticleState


class RunMemory:
    """The articles exported in this run, by URL and by post ID, with their content hash."""

    def __init__(self) -> None:
        self._urls: dict[str, str | None] = {}
        self._post_ids: dict[int, str | None] = {}

    def duplicate(self, item: Article) -> str | None:
        """``in_run`` or ``post_id`` when this run exported the same content already."""
        if item.url in self._urls and self._urls[item.url] == item.content_hash:
            return "in_run"
        if item.post_id is not None and self._post_ids.get(item.post_id, 0) == item.content_hash:
            return "post_id"
        return None

    def remember(self, item: Article) -> None:
        self._urls[item.url] = item.content_hash
        if item.post_id is not None:
            self._post_ids[item.post_id] = item.content_hash


def is_unchanged(item: Article, previous: ArticleState | None) -> bool:
    """The stored article is this one, as it is: same URL, same content."""
    return (
        previous is not None
        and previous.url == item.url
        and previous.content_hash == (item.content_hash or "")
    )


def set_event(item: Article, previous: ArticleState | None) -> None:
    """``new``/``updated`` and the version of a record about to be exported."""
    item.event = "updated" if previous else "new"
    item.version = previous.version + 1 if previous else 1


def seen_state(
    item: Article, previous: ArticleState | None, now: str | None = None
) -> ArticleState:
    """What the seen-store keeps of an exported record (``first_seen`` kept from before)."""
    now = now or utc_now()
    return ArticleState(
        url=item.url,
        post_id=item.post_id,
        content_hash=item.content_hash or "",
        published_at=item.published_at,
        first_seen=previous.first_seen if previous else now,
        last_seen=now,
        version=item.version,
        etag=item.etag,
        last_modified=item.last_modified_header,
    )


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
