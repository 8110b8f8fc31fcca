"""Crawling a real WordPress: every post once, each field equal to WordPress's database.

The site (``conftest.wordpress``) is Debian's WordPress with Arabic posts written
through WordPress's API (``content.py``); the expected values are read back from its
database (``truth.py``). Each setup is one full crawl with the project's real crawl
command: every theme in ``THEMES``, the SEO plugin off and on, levant's site layout
on and off (``LEVANT_SITE_LAYOUT=False``: the generic rules alone). Adding a theme is
one line in ``THEMES`` (and its Debian package in ``.ci/run``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import pytest

from levant_dev.wordpress.content import HIDDEN_SECTION, LINK_FORMS, SECTIONS
from levant_dev.wordpress.server import SITE_TITLE, WordPress
from levant_dev.wordpress.truth import FIELDS, ExpectedPost, score, url_key
from tests.support.crawl import CrawlResult
from tests.wordpress.crawls import Setup

pytestmark = pytest.mark.crawl

THEMES = (
    "twentytwentytwo",
    "twentytwentythree",
)
SETUPS = [
    Setup(theme, seo, layout)
    for layout in ("site", "generic")
    for theme in THEMES
    for seo in (False, True)
]
# Share of posts whose field must equal the database's value.
REQUIRED = {"site": 0.99, "generic": 0.95}


@pytest.mark.parametrize("setup", SETUPS, ids=lambda s: s.id)
def test_every_post_exported_once(
    setup: Setup,
    crawl_wordpress: Callable[[Setup], CrawlResult],
    database_posts: list[ExpectedPost],
) -> None:
    result = crawl_wordpress(setup)
    assert result.returncode == 0, result.log[-3000:]
    exported = Counter(url_key(r["url"]) for r in result.records)
    expected = {url_key(p.url) for p in database_posts}
    twice = sorted(u for u, n in exported.items() if n > 1)
    missing = sorted(expected - set(exported))
    extra = sorted(set(exported) - expected)
    assert (twice, missing, extra) == ([], [], []), (
        f"{len(result.records)} records for {len(expected)} posts: "
        f"twice {twice[:5]}, missing {len(missing)} {missing[:5]}, "
        f"not posts {len(extra)} {extra[:5]}; sections found "
        f"{result.stat('levant/sections')}, listing pages {result.stat('levant/listing/pages')}"
    )


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("setup", SETUPS, ids=lambda s: s.id)
def test_field_equals_database(
    setup: Setup,
    field: str,
    crawl_wordpress: Callable[[Setup], CrawlResult],
    database_posts: list[ExpectedPost],
) -> None:
    result = crawl_wordpress(setup)
    found = score(result.records, database_posts, [field])[field]
    required = REQUIRED[setup.layout]
    assert found.share >= required, f"{setup.id}, share required {required}\n{found.describe()}"


# -- the site itself: what the tests above rely on --------------------------------------


def test_site_holds_the_cases_the_crawl_tests_need(database_posts: list[ExpectedPost]) -> None:
    """Sections, authors, hidden posts, edits, both editors, every link spelling and
    both Damascus offsets are in the database (a tzdata without Syria's 2022 change
    would put winter 2023 at +02:00)."""
    posts = database_posts
    hidden_name = next(s["name"] for s in SECTIONS if s["slug"] == HIDDEN_SECTION)
    assert 40 <= len(posts) <= 60
    assert len({s for p in posts for s in p.sections} - {hidden_name}) >= 5
    assert len({p.author for p in posts}) >= 3
    assert sum(1 for p in posts if p.tags) >= len(posts) // 2
    hidden = [p for p in posts if p.sections == (hidden_name,)]
    related = {url_key(u) for p in posts for u in p.related_urls}
    assert len(hidden) >= 3 and all(url_key(p.url) in related for p in hidden)
    assert sum(p.edited for p in posts) >= 3
    assert {p.editor for p in posts} == {"block", "classic"}
    offsets = Counter(p.published_at.utcoffset() for p in posts)
    assert set(offsets) == {timedelta(hours=2), timedelta(hours=3)}
    after_2022 = [p for p in posts if p.published_at.year >= 2023]
    assert after_2022 and all(p.published_at.utcoffset() == timedelta(hours=3) for p in after_2022)
    hrefs = [h for p in posts for para in p.paragraphs if para.read_also for h in para.hrefs]
    assert any("?p=" in h and "utm_source" in h for h in hrefs)
    assert any(re.search(r"[\u0600-\u06ff]", h) for h in hrefs)
    assert any(not h.endswith("/") and "?" not in h for h in hrefs)
    assert len(hrefs) >= len(LINK_FORMS)


def test_seo_plugin_switches_on_and_off(
    wordpress: WordPress, database_posts: list[ExpectedPost]
) -> None:
    post = next(p for p in database_posts if len(p.sections) > 1)
    path = "/" + post.url.split("/", 3)[3]
    wordpress.configure("twentytwentythree", seo=True)
    on = wordpress.get(path)
    wordpress.configure("twentytwentythree", seo=False)
    off = wordpress.get(path)
    script = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', on)
    assert script, "no JSON-LD with the SEO plugin on"
    graph = json.loads(script.group(1))
    article = next(n for n in graph["@graph"] if n["@type"] == "NewsArticle")
    assert article["headline"] == f"{post.title} - {SITE_TITLE}"
    assert article["articleSection"] == ", ".join(post.sections)
    assert article["datePublished"].endswith("Z")
    assert '<meta property="article:published_time" content="' in on
    assert "application/ld+json" not in off and "article:published_time" not in off
