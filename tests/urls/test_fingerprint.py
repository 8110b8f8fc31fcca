"""Two spellings of one article are one request; two articles are two."""

from __future__ import annotations

import pytest
from scrapy import Request, Spider
from scrapy.utils.request import fingerprint as scrapy_fingerprint
from scrapy.utils.test import get_crawler

from levant.fingerprint import CanonicalRequestFingerprinter

S = "https://thelevantnews.com"
SLUG = "بشار-الأسد-إلى-روسيا"
SLUG_UPPER = (
    "%D8%A8%D8%B4%D8%A7%D8%B1-%D8%A7%D9%84%D8%A3%D8%B3%D8%AF-%D8%A5%D9%84%D9%89"
    "-%D8%B1%D9%88%D8%B3%D9%8A%D8%A7"
)
ARTICLE = f"{S}/article/{SLUG_UPPER}/"


def _fingerprinter(**settings: object) -> CanonicalRequestFingerprinter:
    crawler = get_crawler(
        Spider, {"REQUEST_FINGERPRINTER_CLASS": CanonicalRequestFingerprinter, **settings}
    )
    fingerprinter = crawler.request_fingerprinter
    assert isinstance(fingerprinter, CanonicalRequestFingerprinter)
    return fingerprinter


@pytest.mark.parametrize(
    "spelling",
    [
        f"{S}/article/{SLUG}",
        f"{S}/article/{SLUG_UPPER.lower()}/",
        f"https://www.thelevantnews.com/article/{SLUG}/amp/",
        f"{ARTICLE}?utm_source=facebook&utm_medium=social#comments",
        f"{ARTICLE}?__xts__%5B0%5D=68.ARAVbN2mZW217p0NKf&__tn__=-R",
        f"{ARTICLE}?amp=1",
        f"https://thelevantnews.com:443/article/{SLUG}",
    ],
)
def test_spellings_of_one_article_share_a_fingerprint(spelling: str) -> None:
    fingerprinter = _fingerprinter()
    assert fingerprinter.fingerprint(Request(spelling)) == fingerprinter.fingerprint(
        Request(ARTICLE)
    )


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (ARTICLE, f"{S}/article/%D8%A3%D8%B1%D8%AF%D9%88%D8%BA%D8%A7%D9%86/"),
        (f"{S}/category/politics/page/2/", f"{S}/category/politics/page/3/"),
        (f"{S}/?s=%D8%B3%D9%88%D8%B1%D9%8A%D8%A7", f"{S}/?s=%D9%84%D8%A8%D9%86%D8%A7%D9%86"),
        (f"{S}/?p=123", f"{S}/?p=124"),
        (ARTICLE, f"https://example.org/article/{SLUG_UPPER}/"),
    ],
)
def test_different_pages_have_different_fingerprints(one: str, other: str) -> None:
    fingerprinter = _fingerprinter()
    assert fingerprinter.fingerprint(Request(one)) != fingerprinter.fingerprint(Request(other))


def test_method_and_body_count() -> None:
    fingerprinter = _fingerprinter()
    get = fingerprinter.fingerprint(Request(ARTICLE))
    post = fingerprinter.fingerprint(Request(ARTICLE, method="POST", body=b"a=1"))
    post_other = fingerprinter.fingerprint(Request(ARTICLE, method="POST", body=b"a=2"))
    assert len({get, post, post_other}) == 3


def test_canonical_url_has_scrapys_default_fingerprint() -> None:
    request = Request(ARTICLE)
    assert _fingerprinter().fingerprint(request) == scrapy_fingerprint(request)


def test_extra_tracking_params_setting() -> None:
    shared = f"{ARTICLE}?share=whatsapp"
    plain = _fingerprinter()
    extended = _fingerprinter(LEVANT_EXTRA_TRACKING_PARAMS=["share"])
    assert plain.fingerprint(Request(shared)) != plain.fingerprint(Request(ARTICLE))
    assert extended.fingerprint(Request(shared)) == extended.fingerprint(Request(ARTICLE))


def test_verbatim_url_is_hashed_as_is() -> None:
    fingerprinter = _fingerprinter()
    verbatim = Request(f"{ARTICLE}?utm_source=x", meta={"verbatim_url": True})
    assert fingerprinter.canonical_url(verbatim) == f"{ARTICLE}?utm_source=x"
    assert fingerprinter.fingerprint(verbatim) != fingerprinter.fingerprint(Request(ARTICLE))


def test_fingerprint_is_cached_per_request() -> None:
    fingerprinter = _fingerprinter()
    request = Request(ARTICLE)
    assert fingerprinter.fingerprint(request) is fingerprinter.fingerprint(request)
