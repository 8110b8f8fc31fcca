"""Read-also links as the permalinks they lead to, in the record and in the stream.

A read-also link may not be its article's canonical URL: a shortlink
(``/?p=123``) or an old address the site redirects. Only the site's answer tells
which article it stands for, so an article whose read-also links lead to pages
this crawl is about to fetch is held back until each of those pages is parsed
(the link then becomes that page's canonical URL) or fails (the link stays as
linked). Links already known need no wait: a page parsed earlier in this crawl,
an article of the seen-store (by URL, or by post ID for a shortlink).

Nothing waits forever: what a crawl still holds when it runs out of requests is
released with its links as linked (``levant/related/released_idle``). When the
duplicate filter drops a redirect (its target was requested already), the
dropped request still names where the link leads (:meth:`ReadAlsoLinks.redirected`).

Stats: ``levant/related/held``, ``levant/related/resolved`` (a link replaced by
another URL), ``levant/related/unresolved`` (a page that failed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from levant.items import Article
from levant.urls import shortlink_post_id


@dataclass(eq=False)
class HeldArticle:
    """An article waiting for the pages some of its read-also links lead to."""

    article: Article
    waiting: set[str] = field(default_factory=set)

    def settle(self, link: str, permalink: str | None) -> bool:
        """Put *permalink* in the link's place (None: keep it); whether all are in."""
        if permalink is not None and permalink != link:
            self.article.related_urls = list(
                dict.fromkeys(
                    permalink if url == link else url for url in self.article.related_urls
                )
            )
        self.waiting.discard(link)
        return not self.waiting


class ReadAlsoLinks:
    """Where each read-also link of this crawl led, and the articles waiting to know."""

    def __init__(
        self, stored_url: Callable[[int], str | None], count: Callable[[str], None]
    ) -> None:
        self._stored_url = stored_url
        self._count = count
        self._led_to: dict[str, str] = {}  # canonical link -> canonical URL of its page
        self._posts: dict[int, str] = {}  # post ID -> canonical URL
        self._waiting: dict[str, list[HeldArticle]] = {}
        self._ready: list[Article] = []  # released outside a callback, to go out next
        self._failed: set[str] = set()  # links whose page could not be had

    def arrived(self, links: Iterable[str], url: str, post_id: int | None) -> Iterator[Article]:
        """A page was parsed (or found unchanged): every link that led to it now leads to
        *url*; the articles that waited for nothing else are released."""
        if post_id is not None:
            self._posts[post_id] = url
        for link in {*links, url}:
            self._led_to[link] = url
            yield from self._settle(link, url)

    def redirected(self, links: Iterable[str], url: str) -> None:
        """A redirect to *url* was dropped as a duplicate (its page is fetched anyway):
        the links it came from lead to *url*; released articles wait in :meth:`ready`."""
        for link in links:
            self._led_to[link] = url
            self._ready += self._settle(link, url)

    def ready(self) -> list[Article]:
        """Articles released outside a callback, to be yielded by the next one."""
        ready, self._ready = self._ready, []
        return ready

    def failed(self, links: Iterable[str]) -> Iterator[Article]:
        """These links' page could not be had: the articles waiting for it keep them."""
        for link in links:
            self._failed.add(link)
            yield from self._settle(link, None)

    def hold(self, article: Article, fetching: Iterable[str]) -> HeldArticle | None:
        """Replace the links whose page is known; hold the article while any of them
        leads to a page being *fetching* now (returned), else None."""
        held = HeldArticle(article)
        fetching = set(fetching)
        for link in list(article.related_urls):
            known = self._led_to.get(link) or self._post_url(link)
            if known is not None:
                if known != link:
                    self._count("resolved")
                held.settle(link, known)
            elif link in fetching and link not in self._failed:
                held.waiting.add(link)
                self._waiting.setdefault(link, []).append(held)
        if not held.waiting:
            return None
        self._count("held")
        return held

    def waiting_links(self) -> list[str]:
        """Links some article still waits for, in the order they were first awaited."""
        return list(self._waiting)

    def release_all(self) -> list[Article]:
        """Every article ready or still held (its unresolved links as linked)."""
        released = {id(h): h.article for held in self._waiting.values() for h in held}
        self._waiting.clear()
        return [*self.ready(), *released.values()]

    @property
    def holding(self) -> int:
        """Articles held or ready, not yet yielded."""
        return len({id(h) for held in self._waiting.values() for h in held}) + len(self._ready)

    def _post_url(self, link: str) -> str | None:
        post_id = shortlink_post_id(link)
        if post_id is None:
            return None
        return self._posts.get(post_id) or self._stored_url(post_id)

    def _settle(self, link: str, permalink: str | None) -> Iterator[Article]:
        for held in self._waiting.pop(link, []):
            if permalink is None:
                self._count("unresolved")
            elif permalink != link:
                self._count("resolved")
            if held.settle(link, permalink):
                yield held.article
