"""Theme B of the mirror: other markup, same content; the generic fallback reads it all."""

from __future__ import annotations

from datetime import datetime

import pytest
from parsel import Selector

from levant.extraction import extract_article, parse_listing
from levant.extraction.layouts import LEVANT_2021
from levant.site import LEVANT
from levant_dev.mirror import pages, theme_b
from levant_dev.mirror.content import SITE_TZ, MirrorConfig, build_site
from levant_dev.mirror.truth import iter_truth

BASE = "http://127.0.0.1:8090/"
ANCHOR = datetime(2026, 11, 20, 12, tzinfo=SITE_TZ)
PROFILE = LEVANT.with_base_url(BASE)
FIELDS = ("title", "body", "sections", "tags", "authors", "related_urls", "source_credit")


@pytest.fixture(scope="module")
def site():  # type: ignore[no-untyped-def]
    return build_site(MirrorConfig(articles=120, seed=2, anchor=ANCHOR, theme="b"))


def test_the_truth_does_not_depend_on_the_theme(site) -> None:  # type: ignore[no-untyped-def]
    default = build_site(MirrorConfig(articles=120, seed=2, anchor=ANCHOR))
    assert list(iter_truth(site, BASE)) == list(iter_truth(default, BASE))


def test_no_site_selector_of_the_body_listings_or_menu_matches(site) -> None:  # type: ignore[no-untyped-def]
    article = site.articles[5]
    page = Selector(text=theme_b.article_page(site, BASE, article))
    for css in (*LEVANT_2021.body, *LEVANT_2021.title, *LEVANT_2021.post_meta):
        assert not page.css(css), css
    default_head = pages.article_page(site, BASE, article).split("<body", 1)[0]
    assert theme_b.article_page(site, BASE, article).startswith(default_head)
    listing = theme_b.listing_page(site, BASE, "سياسة", site.listed()[:10], 1, 3, BASE + "p/{n}/")
    found = parse_listing(BASE + "category/politics/", listing, PROFILE)
    assert found.path == "generic"
    assert len(found.entries) == 10
    assert found.next_page == BASE + "p/2/"
    assert not Selector(text=listing).css(PROFILE.selectors.menu_links)


def test_every_field_reads_right_through_the_fallback(site) -> None:  # type: ignore[no-untyped-def]
    wrong: dict[str, list[str]] = {}
    truth = {t["url"]: t for t in iter_truth(site, BASE)}
    profiles = set()
    for article in site.articles:
        if not article.reachable:
            continue
        url = BASE.rstrip("/") + article.path
        extraction = extract_article(url, theme_b.article_page(site, BASE, article), PROFILE)
        record, expected = extraction.article, truth[extraction.article.url]
        profiles.add(expected["meta_profile"])
        assert record.extraction == "generic"
        assert "selector_missed/body" in extraction.notes
        for name in FIELDS:
            if getattr(record, name) != expected[name]:
                wrong.setdefault(name, []).append(record.url)
        value = record.published_at
        want = datetime.fromisoformat(expected["published_at"])
        ok = value is not None and (
            value == want.isoformat()
            or (record.published_precision == "day" and value == want.date().isoformat())
        )
        if not ok:
            wrong.setdefault("published_at", []).append(record.url)
    assert wrong == {}
    assert profiles == {"full", "no_jsonld", "time_only", "text_only"}
