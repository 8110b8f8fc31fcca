"""Spellings of Levant News URLs met in links, shares and feeds, and their canonical form."""

from __future__ import annotations

from dataclasses import replace

import pytest

from levant.site import LEVANT
from levant.urls import (
    VARIANT_KINDS,
    CanonicalRules,
    canonicalize_url,
    is_site_url,
    shortlink_post_id,
    variant_kinds,
)

S = "https://thelevantnews.com"
# /article/بشار-الأسد-إلى-روسيا/ ("Bashar al-Assad to Russia"), the seed article.
SLUG_RAW = "بشار-الأسد-إلى-روسيا"
SLUG_UPPER = (
    "%D8%A8%D8%B4%D8%A7%D8%B1-%D8%A7%D9%84%D8%A3%D8%B3%D8%AF-%D8%A5%D9%84%D9%89"
    "-%D8%B1%D9%88%D8%B3%D9%8A%D8%A7"
)
SLUG_LOWER = SLUG_UPPER.lower()
# NFD: alef with hamza above/below written as bare alef + combining hamza.
SLUG_NFD_RAW = "بشار-الا\u0654سد-ا\u0655لى-روسيا"
SLUG_NFD_HEX = (
    "%D8%A8%D8%B4%D8%A7%D8%B1-%D8%A7%D9%84%D8%A7%D9%94%D8%B3%D8%AF-%D8%A7%D9%95%D9%84%D9%89"
    "-%D8%B1%D9%88%D8%B3%D9%8A%D8%A7"
)
ARTICLE = f"{S}/article/{SLUG_UPPER}/"
# The Facebook tracking parameters of the seed page's embedded video link.
XTS = (
    "68.ARAVbN2mZW217p0NKf_RfMpsQqw7xHi1Ohkb87vH95h1X7svxdb2El1hrgtOSL8flyYwmE5ysYX4zJNpFGqO617N"
    "-0xw5Rjwu-HPGxMbfyKr2ySHyrFvZvhKlPfFYD14hsB8LkmlQeTdG8RjDJe8j9tShl6J0WEwCsDHcnk_UQ08ZLgwOjhx"
)
SYRIA = "%D8%B3%D9%88%D8%B1%D9%8A%D8%A7"  # سوريا

# (variant, canonical, variant kinds) with the LEVANT profile.
SITE_CASES = [
    # The slug: raw, lower/upper hex, NFD, mixed.
    (ARTICLE, ARTICLE, []),
    (f"{S}/article/{SLUG_RAW}/", ARTICLE, ["encoding"]),
    (f"{S}/article/{SLUG_RAW}", ARTICLE, ["encoding", "trailing_slash"]),
    (f"{S}/article/{SLUG_LOWER}/", ARTICLE, ["encoding"]),
    (f"{S}/article/{SLUG_LOWER}", ARTICLE, ["encoding", "trailing_slash"]),
    (f"{S}/article/{SLUG_UPPER}", ARTICLE, ["trailing_slash"]),
    (f"{S}/article/{SLUG_NFD_HEX}/", ARTICLE, ["encoding"]),
    (f"{S}/article/{SLUG_NFD_RAW}/", ARTICLE, ["encoding"]),
    (f"{S}/article/%D8%A8%D8%B4%D8%A7%D8%B1-الأسد-إلى-روسيا/", ARTICLE, ["encoding"]),
    (f"{S}/article//{SLUG_UPPER}/", ARTICLE, ["encoding"]),
    (f"{S}/article/./{SLUG_UPPER}/", ARTICLE, ["encoding"]),
    (f"  {ARTICLE}\n", ARTICLE, ["encoding"]),
    # Scheme, host, port.
    (f"http://thelevantnews.com/article/{SLUG_UPPER}/", ARTICLE, ["scheme"]),
    (f"https://www.thelevantnews.com/article/{SLUG_UPPER}/", ARTICLE, ["host"]),
    (f"http://www.thelevantnews.com/article/{SLUG_RAW}/", ARTICLE, ["scheme", "host", "encoding"]),
    (f"HTTPS://TheLevantNews.COM/article/{SLUG_UPPER}/", ARTICLE, ["scheme", "host"]),
    (f"https://thelevantnews.com:443/article/{SLUG_UPPER}/", ARTICLE, ["port"]),
    (f"http://thelevantnews.com:80/article/{SLUG_UPPER}/", ARTICLE, ["scheme", "port"]),
    # Fragments.
    (f"{ARTICLE}#comments", ARTICLE, ["fragment"]),
    (f"{ARTICLE}#", ARTICLE, ["fragment"]),
    (f"{S}/article/{SLUG_RAW}/#respond", ARTICLE, ["encoding", "fragment"]),
    # Tracking parameters.
    (f"{ARTICLE}?utm_source=facebook&utm_medium=social", ARTICLE, ["tracking"]),
    (f"{ARTICLE}?UTM_Source=Twitter", ARTICLE, ["tracking"]),
    (f"{ARTICLE}?fbclid=IwAR2x7fJ3k_9lB8", ARTICLE, ["tracking"]),
    (f"{ARTICLE}?gclid=Cj0KCQjw", ARTICLE, ["tracking"]),
    (f"{ARTICLE}?__xts__[0]={XTS}&__tn__=-R", ARTICLE, ["tracking"]),
    (f"{ARTICLE}?__xts__%5B0%5D={XTS}&__tn__=-R", ARTICLE, ["tracking"]),
    (f"{ARTICLE}?__xts__%5b0%5d={XTS}&__tn__=-R", ARTICLE, ["tracking"]),
    (f"{ARTICLE}?ref=twitter&_ga=2.1.2.3", ARTICLE, ["tracking"]),
    # AMP copies.
    (f"{S}/article/{SLUG_UPPER}/amp/", ARTICLE, ["amp"]),
    (f"{S}/article/{SLUG_RAW}/amp", ARTICLE, ["encoding", "amp"]),
    (f"{ARTICLE}?amp=1", ARTICLE, ["amp"]),
    (f"{ARTICLE}?amp", ARTICLE, ["amp"]),
    # Everything at once, as a share of an AMP page.
    (
        f"http://WWW.thelevantnews.com:80/article/{SLUG_LOWER}/amp/?utm_source=fb&fbclid=X#top",
        ARTICLE,
        ["scheme", "host", "port", "encoding", "fragment", "tracking", "amp"],
    ),
    # Listings, search and paging keep their meaningful query, sorted.
    (f"{S}/category/politics", f"{S}/category/politics/", ["trailing_slash"]),
    (f"{S}/category/politics/page/2", f"{S}/category/politics/page/2/", ["trailing_slash"]),
    (f"{S}/tag/سوريا", f"{S}/tag/{SYRIA}/", ["encoding", "trailing_slash"]),
    (f"{S}/?s=سوريا&paged=2", f"{S}/?paged=2&s={SYRIA}", ["encoding", "query_order"]),
    (f"{S}/?paged=2&s={SYRIA}", f"{S}/?paged=2&s={SYRIA}", []),
    (f"{S}/?s=&paged=2", f"{S}/?paged=2&s=", ["query_order"]),
    (
        f"{S}/?s={SYRIA}&utm_campaign=x&paged=2",
        f"{S}/?paged=2&s={SYRIA}",
        ["query_order", "tracking"],
    ),
    # Shortlinks stay: the site's redirect resolves them.
    (f"{S}/?p=123", f"{S}/?p=123", ["shortlink"]),
    (f"{S}/?p=123&utm_source=telegram", f"{S}/?p=123", ["tracking", "shortlink"]),
    (
        "http://www.thelevantnews.com?p=123",
        f"{S}/?p=123",
        ["scheme", "host", "trailing_slash", "shortlink"],
    ),
    # Files keep their name; the home page gets its slash.
    (f"{S}/feed.xml", f"{S}/feed.xml", []),
    (f"{S}/sitemap.xml", f"{S}/sitemap.xml", []),
    (f"{S}/robots.txt", f"{S}/robots.txt", []),
    (
        f"{S}/wp-content/uploads/2021/09/assad-putin.jpg",
        f"{S}/wp-content/uploads/2021/09/assad-putin.jpg",
        [],
    ),
    (f"{S}/feed/", f"{S}/feed/", []),
    (S, f"{S}/", ["trailing_slash"]),
    # Foreign hosts: tracking goes, but scheme and www. stay (without a fold rule).
    (
        f"https://www.facebook.com/SyrianPresidency/videos/374138110716572/?__xts__[0]={XTS}&__tn__=-R",
        "https://www.facebook.com/SyrianPresidency/videos/374138110716572/",
        ["tracking"],
    ),
    ("http://example.org/news/", "http://example.org/news/", []),
    ("https://www.example.org:8443/a/", "https://www.example.org:8443/a/", []),
]


@pytest.mark.parametrize(("variant", "canonical", "kinds"), SITE_CASES)
def test_site_variant_folds_to_canonical(variant: str, canonical: str, kinds: list[str]) -> None:
    assert canonicalize_url(variant, LEVANT) == canonical
    assert variant_kinds(variant, LEVANT) == kinds
    assert set(kinds) <= set(VARIANT_KINDS)


def test_all_spellings_of_the_seed_article_are_one() -> None:
    spellings = {canonicalize_url(v, LEVANT) for v, c, _ in SITE_CASES if c == ARTICLE}
    assert spellings == {ARTICLE}


# (variant, canonical) without a profile: no host is the site, so scheme and www. stay.
GENERIC_CASES = [
    (
        f"http://thelevantnews.com/article/{SLUG_RAW}",
        f"http://thelevantnews.com/article/{SLUG_UPPER}/",
    ),
    (
        f"https://www.thelevantnews.com/article/{SLUG_UPPER}/amp/",
        f"https://www.thelevantnews.com/article/{SLUG_UPPER}/",
    ),
    (f"https://thelevantnews.com:443/article/{SLUG_LOWER}/?utm_source=x#c", ARTICLE),
    ("https://EXAMPLE.org/a?b=1&a=2&fbclid=x", "https://example.org/a/?a=2&b=1"),
    ("https://مثال.example/أخبار", "https://xn--mgbh0fb.example/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/"),
    ("http://[::0:1]:80/a/../b", "http://[::1]/b/"),
]


@pytest.mark.parametrize(("variant", "canonical"), GENERIC_CASES)
def test_generic_rules_without_profile(variant: str, canonical: str) -> None:
    assert canonicalize_url(variant) == canonical


MIRROR = LEVANT.with_base_url("http://127.0.0.1:8080/")


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("http://127.0.0.1:8080/article/x", "http://127.0.0.1:8080/article/x/"),
        ("https://127.0.0.1:8080/article/x/", "http://127.0.0.1:8080/article/x/"),
        # Another port is another server: not folded.
        ("http://127.0.0.1/article/x/", "http://127.0.0.1/article/x/"),
        ("https://thelevantnews.com/article/x/", "https://thelevantnews.com/article/x/"),
    ],
)
def test_mirror_profile_folds_its_own_host_and_port(variant: str, canonical: str) -> None:
    assert canonicalize_url(variant, MIRROR) == canonical


def test_profile_extends_tracking_params() -> None:
    profile = replace(LEVANT, tracking_params=(*LEVANT.tracking_params, "share", "at_*"))
    url = f"{ARTICLE}?share=wa&at_medium=x&id=1"
    assert canonicalize_url(url, profile) == f"{ARTICLE}?id=1"
    assert canonicalize_url(url, LEVANT) == f"{ARTICLE}?at_medium=x&id=1&share=wa"


@pytest.mark.parametrize(
    "url",
    [
        "mailto:info@thelevantnews.com",
        "javascript:void(0)",
        "data:text/plain;base64,SGVsbG8=",
        "file:///etc/hosts",
        "tel:+4930123456",
        "whatsapp://send?text=x",
        "/article/x",
        "//thelevantnews.com/article/x",
        "",
    ],
)
def test_non_http_urls_are_unchanged(url: str) -> None:
    assert canonicalize_url(url, LEVANT) == url
    assert variant_kinds(url, LEVANT) == []


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1",
        "http://thelevantnews.com:99999/a/",
        "https://",
        "http:foo",
        "http://%zz/a",
        "https://thelevantnews.com/%E2%82/",
        "https://thelevantnews.com/100%-x/%zz/",
        "https://thelevantnews.com/a%2Fb/%3F/",
        "https://user:pa ss@thelevantnews.com/a",
        "https://thelevantnews.com/a b\t/c\n",
    ],
)
def test_garbage_gives_a_stable_string(url: str) -> None:
    canonical = canonicalize_url(url, LEVANT)
    assert isinstance(canonical, str)
    assert canonicalize_url(canonical, LEVANT) == canonical


def test_reserved_escapes_stay_escaped() -> None:
    assert canonicalize_url(f"{S}/a%2fb/%3f/") == f"{S}/a%2Fb/%3F/"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (ARTICLE, True),
        (f"http://www.thelevantnews.com/article/{SLUG_RAW}/", True),
        ("https://thelevantnews.com:443/", True),
        ("https://thelevantnews.com:8443/", False),
        ("https://facebook.com/", False),
        ("https://evilthelevantnews.com/", False),
        ("mailto:info@thelevantnews.com", False),
        ("http://[::1", False),
    ],
)
def test_is_site_url(url: str, expected: bool) -> None:
    assert is_site_url(url, LEVANT) is expected


def test_is_site_url_of_the_mirror() -> None:
    assert is_site_url("http://127.0.0.1:8080/article/x/", MIRROR)
    assert not is_site_url("http://127.0.0.1/article/x/", MIRROR)
    assert not is_site_url(ARTICLE, MIRROR)


@pytest.mark.parametrize(
    ("url", "post_id"),
    [
        (f"{S}/?p=123", 123),
        (f"{S}?p=456", 456),
        (f"{S}/?utm_source=x&p=789", 789),
        (f"{S}/index.php?p=12", 12),
        (f"{S}/?p=0", None),
        (f"{S}/?p=abc", None),
        (f"{S}/?p=\u0661\u0662\u0663", None),  # Arabic-Indic digits: not a WordPress ID
        (f"{S}/?page_id=5", None),
        (f"{S}/article/x/?p=123", None),
        (ARTICLE, None),
        ("mailto:x@y?p=1", None),
    ],
)
def test_shortlink_post_id(url: str, post_id: int | None) -> None:
    assert shortlink_post_id(url) == post_id


@pytest.mark.parametrize(
    ("first", "then", "kinds"),
    [
        (f"{S}/article/{SLUG_LOWER}/?utm_source=x", ARTICLE, []),
        (f"{S}//?p=5", f"{S}/?p=5", ["shortlink"]),  # the fold makes a shortlink
        (f"{S}/?utm_source=x&p=7", f"{S}/?p=7", ["shortlink"]),
    ],
)
def test_a_canonical_form_met_after_its_variant_has_its_own_kinds(
    first: str, then: str, kinds: list[str]
) -> None:
    """The cache remembers a canonical form when it computes it: what it says of
    that form must be what the rules say of it met first."""
    rules = CanonicalRules.for_profile(LEVANT)
    assert rules.canonicalize(first) == then
    assert rules.variant_kinds(then) == kinds
    assert CanonicalRules.for_profile(LEVANT).variant_kinds(then) == kinds
