"""Arbitrary input never raises: extraction, listings, sitemaps, dates.

Bounded in `make test` (LEVANT_FUZZ_EXAMPLES, default 100); `make fuzz` runs long.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from levant.dates import normalise_date
from levant.extraction import extract_article, find_sections, parse_listing
from levant.extraction.sitemap import read_sitemap

FUZZ = settings(
    max_examples=int(os.environ.get("LEVANT_FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
URL = "https://thelevantnews.com/article/x/"
PIECES = [
    "<html>", "</html>", "<body>", "<article>", "</article>", '<div class="entry-content">',
    "</div>", "<p>", "</p>", "<h1 class='entry-title'>", "</h1>", "اقرأ أيضاً:",
    "ليفانت نيوز_ وكالات", '<a href="/article/y/">', '<a href="javascript:x">', "</a>",
    '<script type="application/ld+json">',
    '{"@type": "NewsArticle", "datePublished": "2021-09-14T09:15:00+03:00"', "}", "</script>",
    '<meta property="article:published_time" content="', '">', "<time datetime='", "'>",
    "\x00", "\u202e", "\u200b", "&#0;", "&amp;", "<!--", "-->", "<![CDATA[", "]]>", "نص عربي",
    '<link rel="canonical" href="', "http://169.254.169.254/", "%d8%a8", "<", ">", '"', "'",
]  # fmt: skip
html_like = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=60).map(
    "".join
)


@FUZZ
@given(st.one_of(html_like, st.text(max_size=300)))
def test_extract_article_never_raises(html: str) -> None:
    article = extract_article(URL, html).article
    for value in (article.body, article.title):
        assert value is None or (isinstance(value, str) and value and "\x00" not in value)


@FUZZ
@given(st.binary(max_size=400))
def test_extract_article_takes_any_bytes(body: bytes) -> None:
    extract_article(URL, body)


@FUZZ
@given(st.one_of(html_like, st.text(max_size=300)))
def test_listing_and_menu_never_raise(html: str) -> None:
    listing = parse_listing(URL, html)
    assert all(e.url.startswith("https://thelevantnews.com/") for e in listing.entries)
    find_sections(URL, html)


@FUZZ
@given(st.binary(max_size=400))
def test_sitemap_reader_never_raises(body: bytes) -> None:
    page = read_sitemap(body, max_size=1024 * 1024)
    assert page.problem in (None, "too_large", "unreadable")


@FUZZ
@given(st.text(max_size=80))
def test_date_normaliser_never_raises(raw: str) -> None:
    normalise_date(raw, now=datetime(2026, 11, 20, 9, tzinfo=UTC))
