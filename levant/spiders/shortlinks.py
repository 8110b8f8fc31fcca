"""Read-also links written as shortlinks (``/?p=123``) become the permalink they stand for.

Only the site's redirect tells which permalink a shortlink stands for, so an
article whose ``related_urls`` hold one is held back until each is known:

- from this crawl, when the linked post was already parsed (its post ID and URL);
- from the seen-store, when an earlier run exported it (``get_by_post_id``);
- else by fetching the shortlink itself: the page it redirects to is parsed like any
  article (it is a read-also target anyway), and its canonical URL replaces the
  shortlink in every article waiting for it, which is then released.

A shortlink that cannot be fetched stays as linked, and the article is released
all the same: nothing waits forever. Stats: ``levant/shortlinks/resolved``
(from the crawl or the store), ``levant/shortlinks/fetched``,
``levant/shortlinks/unresolved``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from levant.items import Article
from levant.urls import shortlink_post_id


@dataclass
class HeldArticle:
    """An article waiting for the permalinks of some of its read-also shortlinks."""

    article: Article
    waiting: set[str] = field(default_factory=set)

    def settle(self, shortlink: str, permalink: str | None) -> bool:
        """Put *permalink* in the shortlink's place (None: keep it); whether all are in."""
        if permalink is not None:
            self.article.related_urls = _dedupe(
                permalink if url == shortlink else url for url in self.article.related_urls
            )
        self.waiting.discard(shortlink)
        return not self.waiting


class ShortlinkResolver:
    """Post IDs seen in this crawl and in the store, mapped to their canonical URLs."""

    def __init__(self, stored_url: Callable[[int], str | None], count: Callable[[str], None]):
        self._stored_url = stored_url
        self._count = count
        self._seen: dict[int, str] = {}

    def learn(self, post_id: int | None, url: str) -> None:
        if post_id is not None:
            self._seen[post_id] = url

    def resolve(self, article: Article) -> HeldArticle | None:
        """Replace the shortlinks whose permalink is known; the rest make the article
        held (returned), or None when nothing is left to wait for."""
        held = HeldArticle(article)
        for url in list(article.related_urls):
            post_id = shortlink_post_id(url)
            if post_id is None:
                continue
            permalink = self._seen.get(post_id) or self._stored_url(post_id)
            if permalink is not None:
                self._count("resolved")
                held.settle(url, permalink)
            else:
                held.waiting.add(url)
        return held if held.waiting else None


def _dedupe(urls: object) -> list[str]:
    return list(dict.fromkeys(urls))  # type: ignore[call-overload]
