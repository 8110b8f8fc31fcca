"""Authors come from the article itself: JSON-LD, the site's byline, the article header;
never from the bylines of teasers around it."""

from __future__ import annotations

from levant.extraction import extract_article

URL = "https://thelevantnews.com/article/x/"


def _page(header: str, elsewhere: str = "", jsonld: str = "") -> str:
    return (
        f"<html lang='ar'><head>{jsonld}</head><body>"
        f"<article><header class='entry-header'><h1 class='entry-title'>عنوان</h1>{header}</header>"
        "<div class='entry-content'><p>نص الخبر.</p></div></article>"
        f"<aside class='related'>{elsewhere}</aside></body></html>"
    )


TEASER = "<div class='post'><span class='byline'><a href='/author/other/'>كاتب آخر</a></span></div>"


def test_the_site_byline_is_read_first() -> None:
    header = (
        "<div class='entry-meta'><span class='author'><a href='/author/a/'>سمر</a></span></div>"
    )
    assert extract_article(URL, _page(header, TEASER)).article.authors == ["سمر"]


def test_a_foreign_theme_byline_in_the_header_is_read_and_teasers_are_not() -> None:
    header = "<p class='post-meta'>بقلم <a rel='author' href='/author/b/'>رامي</a></p>"
    assert extract_article(URL, _page(header, TEASER)).article.authors == ["رامي"]


def test_no_byline_in_the_article_means_no_author_not_a_teasers() -> None:
    assert extract_article(URL, _page("", TEASER)).article.authors == []


def test_json_ld_authors_win() -> None:
    jsonld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "عنوان",'
        ' "author": [{"@type": "Person", "name": "ليفانت نيوز"}]}</script>'
    )
    assert extract_article(URL, _page("", TEASER, jsonld)).article.authors == ["ليفانت نيوز"]
