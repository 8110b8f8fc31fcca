"""On the same post the API and the article page give the same record, and both the truth.

For every article of a small mirror (edited ones included, under both themes and in
live mode), levant's API reading of the post (``article_from_api``) and its reading
of the article page (``extract_article``) agree field by field, and agree with
``--truth``. A difference here means the mirror's API and page disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from levant.extraction import extract_article
from levant.extraction.api import article_from_api
from levant.site import LEVANT
from levant_dev.mirror import pages, theme_b
from levant_dev.mirror.content import SITE_TZ, MirrorConfig, SiteModel, build_site
from levant_dev.mirror.live import Timeline, site_at
from levant_dev.mirror.truth import iter_truth
from tests.mirror.inprocess import BASE, SPIDER_QUERY, get, serve

ANCHOR = datetime(2026, 11, 20, 12, tzinfo=SITE_TZ)
FETCHED = datetime(2026, 11, 20, 12, 30, tzinfo=UTC)
FIELDS = ("url", "post_id", "title", "body", "published_at", "sections", "tags", "authors",
          "related_urls", "source_credit")  # fmt: skip
PROFILE = LEVANT.with_base_url(BASE)


def _posts(site: SiteModel) -> Iterator[dict[str, Any]]:
    """Every post, through the pages a spider reads."""
    mirror, page, pages_count = serve(site), 1, 1
    while page <= pages_count:
        reply = get(mirror, f"/wp-json/wp/v2/posts?{SPIDER_QUERY}&page={page}")
        pages_count = int(reply.headers["X-WP-TotalPages"])
        yield from reply.json()
        page += 1


def _site(name: str) -> SiteModel:
    if name == "epoch 2":
        return build_site(MirrorConfig(articles=120, epoch=2, anchor=ANCHOR, api=True))
    if name == "theme b":
        return build_site(MirrorConfig(articles=60, anchor=ANCHOR, api=True, theme="b"))
    live = build_site(MirrorConfig(articles=60, anchor=ANCHOR, api=True, new_per_epoch=3))
    return site_at(live, Timeline(ANCHOR.replace(second=7), 10.5), 12)


@pytest.mark.parametrize("name", ["epoch 2", "theme b", "live"])
def test_api_record_equals_page_record_and_truth(name: str) -> None:
    site = _site(name)
    truth = {t["post_id"]: t for t in iter_truth(site, BASE)}
    render = theme_b.article_page if site.config.theme == "b" else pages.article_page
    posts = list(_posts(site))
    assert sorted(p["id"] for p in posts) == sorted(truth)
    assert any(site.by_id[p["id"]].edits for p in posts) == (name != "theme b")
    for post in posts:
        article = site.by_id[post["id"]]
        page_url = BASE.rstrip("/") + article.path
        page = extract_article(page_url, render(site, BASE, article), PROFILE, fetched_at=FETCHED)
        from_page, from_api = page.article, article_from_api(post, PROFILE).article
        assert from_page is not None, page_url
        for field in FIELDS:
            assert getattr(from_api, field) == getattr(from_page, field), (field, page_url)
            assert getattr(from_api, field) == truth[article.post_id][field], (field, page_url)
        assert from_api.modified_at == truth[article.post_id]["modified_at"]
