"""Many spellings, one article: one record, and no request for a second spelling."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import quote

import pytest

from levant.state import open_store
from tests.support.crawl import CrawlResult, run_crawl
from tests.support.mirror import Mirror

pytestmark = pytest.mark.crawl

NON_CANONICAL = re.compile(
    r"utm_|fbclid|gclid|/amp/?$|%(?:[0-9a-f][a-f]|[a-f][0-9a-f])|[^\x00-\x7f]"
)


def article_requests(mirror: Mirror) -> list[dict]:
    return [r for r in mirror.requests() if r["path"].startswith("/article/")]


def test_links_used_every_spelling(crawl300: CrawlResult) -> None:
    """The mirror's pages really did offer other spellings (else the test below proves nothing)."""
    assert crawl300.stat("levant/dedup/requests_collapsed") > 50
    for kind in ("encoding", "trailing_slash"):
        assert crawl300.stat(f"levant/dedup/variant/{kind}") > 0


def test_no_second_spelling_is_ever_requested(crawl300: CrawlResult, mirror300: Mirror) -> None:
    paths = [r["path"] for r in article_requests(mirror300)]
    assert [p for p in paths if NON_CANONICAL.search(p) or not p.endswith("/")] == []


def test_each_article_is_fetched_once(crawl300: CrawlResult, mirror300: Mirror) -> None:
    fetched = Counter(r["path"] for r in article_requests(mirror300) if r["status"] == 200)
    assert max(fetched.values()) == 1
    assert len(fetched) == len(crawl300.records)


def test_a_second_crawl_of_an_unchanged_site_exports_nothing(
    crawl300: CrawlResult, mirror300: Mirror
) -> None:
    work = crawl300.output.parent
    before = len(mirror300.requests())
    again = run_crawl(work, mirror300.base_url, name="again")
    assert again.returncode == 0, again.log[-2000:]
    assert again.records == []
    new_requests = mirror300.requests()[before:]
    listing = sum(r["path"].startswith("/category/") for r in new_requests)
    articles = [r for r in new_requests if r["path"].startswith("/article/")]
    assert listing <= 2 * again.stat("levant/sections")
    # Only the recent articles, each asked "changed since?" and answered 304.
    assert all("if-none-match" in r and r["status"] == 304 for r in articles)
    assert len(articles) <= again.stat("levant/incremental/fetch/refresh")


def test_shortlink_and_permalink_give_one_record(mirror300: Mirror, tmp_path) -> None:
    seed = next(t for t in mirror300.truth() if t["title"].startswith("بشار الأسد"))
    slug = seed["url"].split("/article/")[1]
    spellings = [
        f"{mirror300.base_url}?p={seed['post_id']}",
        seed["url"],
        f"{mirror300.base_url}article/{quote(slug, safe='/%').lower()}?utm_source=x",
    ]
    store = open_store(f"sqlite:///{tmp_path / 'state.db'}")
    from levant.state import ArticleState

    # A previous run left these as its frontier; sections are limited to keep it small.
    store.record_export(
        ArticleState("http://x/", None, "0" * 64, None, "2026-01-01", "2026-01-01"), {}, spellings
    )
    store.close()
    before = len(mirror300.requests())
    result = run_crawl(
        tmp_path, mirror300.base_url, args={"sections": "caricature", "max_pages": "1"}
    )
    assert result.returncode == 0, result.log[-2000:]
    assert sum(r["url"] == seed["url"] for r in result.records) == 1
    new = mirror300.requests()[before:]
    seed_path = seed["url"].replace(mirror300.base_url.rstrip("/"), "")
    assert sum(r["path"] == seed_path and r["status"] == 200 for r in new) == 1
    assert sum(r["path"] == f"/?p={seed['post_id']}" for r in new) == 1
