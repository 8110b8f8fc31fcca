"""Listing pages: entries, next page, and sections from the menu."""

from __future__ import annotations

from levant.extraction import find_sections, parse_listing
from levant.site import LEVANT

BASE = "https://thelevantnews.com/"


def test_menu_sections_include_a_new_section_without_code_change() -> None:
    html = (
        "<nav class='main-menu'><a href='/'>الرئيسية</a><a href='/category/politics/'>سياسة</a>"
        "<a href='/category/sport/'>رياضة</a><a href='/about/'>من نحن</a>"
        "<a href='https://other.example/category/x/'>x</a></nav>"
    )
    assert find_sections(BASE, html, LEVANT) == ["politics", "sport"]


def test_site_listing_entries_and_next_page() -> None:
    html = (
        "<div class='posts-list'>"
        "<article class='post-item'><h2 class='post-title'><a href='/article/a/'>a</a></h2>"
        "<time datetime='2024-12-19T10:00:00+03:00'>19 ديسمبر 2024</time></article>"
        "<article class='post-item'><h2 class='post-title'><a href='/?p=12'>b</a></h2></article>"
        "</div><nav class='pagination'>"
        "<a class='next page-numbers' href='/category/x/page/2/'>»</a></nav>"
    )
    listing = parse_listing(BASE + "category/x/", html, LEVANT)
    assert [e.url for e in listing.entries] == [BASE + "article/a/", BASE + "?p=12"]
    assert listing.entries[0].published_raw == "2024-12-19T10:00:00+03:00"
    assert listing.next_page == BASE + "category/x/page/2/"
    assert listing.path == "site"


def test_generic_listing_when_the_theme_changes() -> None:
    html = (
        "<main><article class='post'><h3 class='entry-title'><a href='/article/a/'>a</a></h3>"
        "</article></main><a rel='next' href='/category/x/page/3/'>التالي</a>"
    )
    listing = parse_listing(BASE + "category/x/page/2/", html, LEVANT)
    assert [e.url for e in listing.entries] == [BASE + "article/a/"]
    assert listing.next_page == BASE + "category/x/page/3/"
    assert listing.path == "generic"


def test_offsite_entries_are_not_listed() -> None:
    html = (
        "<div class='posts-list'><article class='post-item'><h2 class='post-title'>"
        "<a href='http://169.254.169.254/latest/'>x</a></h2></article></div>"
    )
    assert parse_listing(BASE, html, LEVANT).entries == []
