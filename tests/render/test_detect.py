"""When static HTML falls short: a table of small pages, then the mirror's own pages."""

from __future__ import annotations

from datetime import datetime

import pytest

from levant.extraction import extract_article
from levant.render.detect import article_needs_browser, listing_needs_browser
from levant.site import LEVANT
from levant_dev.mirror import js, pages
from levant_dev.mirror.content import SITE_TZ, MirrorConfig, SiteModel, build_site

BASE = "http://127.0.0.1:8090/"
PROFILE = LEVANT.with_base_url(BASE)


def _article(body: str) -> str:
    return f"<html><body><article>{body}</article><footer><p>© ليفانت</p></footer></body></html>"


@pytest.mark.parametrize(
    ("html", "needs"),
    [
        (_article('<div class="entry-content"><p>نص المقال.</p></div>'), False),
        (_article('<div class="entry-content"></div><script>fill()</script>'), True),
        (_article('<div class="entry-content"><p> </p><div class="ad"></div></div>'), True),
        (_article('<div class="post-content"><p>نص في قالب آخر.</p></div>'), False),
        (_article('<div itemprop="articleBody"><p>نص.</p></div>'), False),
        (_article("<h1>عنوان فقط</h1>"), True),
    ],
    ids=["body", "empty-body", "blank-paragraph", "other-theme", "itemprop", "no-container"],
)
def test_article_needs_browser(html: str, needs: bool) -> None:
    assert article_needs_browser(html, PROFILE) is needs


@pytest.mark.parametrize(
    ("control", "needs"),
    [
        ('<button class="load-more" data-offset="10">المزيد</button>', True),
        ('<a class="load-more" href="#">المزيد</a>', True),
        ('<a class="load-more" href="javascript:void(0)">المزيد</a>', True),
        ('<a class="load-more">المزيد</a>', True),
        ('<div data-load-more="1"></div>', True),
        ('<a class="load-more" href="/category/opinion/page/2/">المزيد</a>', False),
        ('<nav class="pagination"><a class="next" href="/page/2/">التالي</a></nav>', False),
    ],
    ids=["button", "hash-link", "javascript-link", "no-href", "data-attr", "real-link", "none"],
)
def test_listing_needs_browser(control: str, needs: bool) -> None:
    html = f'<div class="posts-list"><article class="post-item"></article></div>{control}'
    assert listing_needs_browser(html, PROFILE) is needs


@pytest.fixture(scope="module")
def site() -> SiteModel:
    return build_site(
        MirrorConfig(articles=200, js=True, anchor=datetime(2026, 11, 20, 12, tzinfo=SITE_TZ))
    )


def test_the_mirrors_script_filled_articles_need_the_browser(site: SiteModel) -> None:
    for article in site.articles:
        if article.js == "body":
            assert article_needs_browser(js.article_page(site, BASE, article), PROFILE)
        elif article.js is None and article.index % 10 == 0:
            assert not article_needs_browser(pages.article_page(site, BASE, article), PROFILE)


def test_a_script_filled_article_has_no_body_when_read_statically(site: SiteModel) -> None:
    """Not the footer, not the sidebar: nothing, so validation drops it as no_body."""
    article = next(a for a in site.articles if a.js == "body")
    html = js.article_page(site, BASE, article)
    extraction = extract_article(BASE + article.path.lstrip("/"), html, PROFILE)
    assert extraction.article.body is None
    assert extraction.article.title == article.title


def test_only_the_load_more_section_needs_the_browser(site: SiteModel) -> None:
    assert listing_needs_browser(js.listing_page(site, BASE, js.JS_SECTION), PROFILE)
    for section in site.sections:
        if section.slug != js.JS_SECTION:
            entries = site.listed(section.slug)[:10]
            html = pages.listing_page(site, BASE, section.name, entries, 1, 3, BASE + "{n}/")
            assert not listing_needs_browser(html, PROFILE)
