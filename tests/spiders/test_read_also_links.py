"""Read-also links become the permalinks they lead to before the article goes out."""

from __future__ import annotations

from collections import Counter

from levant.items import Article
from levant.spiders.related import ReadAlsoLinks

SITE = "https://thelevantnews.com"
SHORT = f"{SITE}/?p=17"
OLD = f"{SITE}/2021/10/28/old-slug/"
NEW = f"{SITE}/2021/10/28/renamed/"
PLAIN = f"{SITE}/2021/01/15/plain/"


def article(*related: str) -> Article:
    return Article(url=f"{SITE}/2022/05/13/here/", fetched_url="", related_urls=list(related))


def _counter() -> tuple[ReadAlsoLinks, Counter[str]]:
    counts: Counter[str] = Counter()

    def count(what: str) -> None:
        counts[what] += 1

    return ReadAlsoLinks(lambda post_id: {17: NEW}.get(post_id), count), counts


def test_an_article_whose_links_are_known_goes_out_at_once() -> None:
    resolver, _ = _counter()
    list(resolver.arrived([OLD], NEW, 17))
    item = article(OLD, PLAIN)
    assert resolver.hold(item, fetching=[]) is None
    assert item.related_urls == [NEW, PLAIN]


def test_a_shortlink_is_resolved_from_the_store_by_post_id() -> None:
    resolver, counts = _counter()
    item = article(SHORT)
    assert resolver.hold(item, fetching=[SHORT]) is None
    assert item.related_urls == [NEW] and counts["resolved"] == 1


def test_an_article_waits_for_the_page_its_link_redirects_to() -> None:
    resolver, counts = _counter()
    item = article(PLAIN, OLD)
    held = resolver.hold(item, fetching=[OLD])
    assert held is not None and counts["held"] == 1
    released = list(resolver.arrived([OLD, NEW], NEW, 99))
    assert released == [item]
    assert item.related_urls == [PLAIN, NEW]
    assert resolver.holding == 0


def test_a_link_whose_page_fails_stays_as_linked() -> None:
    resolver, counts = _counter()
    item = article(OLD)
    resolver.hold(item, fetching=[OLD])
    assert list(resolver.failed([OLD])) == [item]
    assert item.related_urls == [OLD] and counts["unresolved"] == 1
    later = article(OLD)
    assert resolver.hold(later, fetching=[OLD]) is None  # known to fail: no wait


def test_a_dropped_redirect_names_the_permalink_and_the_article_is_ready() -> None:
    resolver, _ = _counter()
    item = article(OLD)
    resolver.hold(item, fetching=[OLD])
    resolver.redirected([OLD], NEW)
    assert resolver.ready() == [item] and item.related_urls == [NEW]
    assert resolver.ready() == []


def test_two_articles_waiting_for_one_page_are_both_released() -> None:
    resolver, _ = _counter()
    first, second = article(OLD), article(OLD, PLAIN)
    resolver.hold(first, fetching=[OLD])
    resolver.hold(second, fetching=[OLD, PLAIN])
    assert list(resolver.arrived([OLD], NEW, None)) == [first]
    assert list(resolver.arrived([PLAIN], PLAIN, None)) == [second]
    assert second.related_urls == [NEW, PLAIN]


def test_nothing_waits_forever() -> None:
    resolver, _ = _counter()
    item = article(OLD)
    resolver.hold(item, fetching=[OLD])
    assert resolver.holding == 1
    assert resolver.release_all() == [item]
    assert item.related_urls == [OLD] and resolver.holding == 0
