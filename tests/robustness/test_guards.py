"""The downloader's guards, component by component: off-site refusal, Retry-After, charsets,
sitemap bombs."""

from __future__ import annotations

import gzip
import tracemalloc
from datetime import UTC, datetime

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from levant.downloader.encoding import true_encoding
from levant.downloader.retryafter import retry_after_seconds
from levant.downloader.siteonly import SiteOnlyMiddleware, refusal_kind
from levant.extraction.sitemap import read_sitemap
from levant.site import LEVANT
from levant_dev.mirror.faults import _ENTITY_BOMB

MIRROR = LEVANT.with_base_url("http://127.0.0.1:8090/")


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://127.0.0.1:9\\@127.0.0.1:8090/article/x/", "host"),  # a browser goes to :9
        ("http://user:pw@127.0.0.1:8090/article/x/", "host"),
        ("http://127.0.0.1:8090@127.0.0.1:9/", "host"),
        ("http://127.0.0.1:8090/article/x/", None),
        ("http://127.0.0.1:8090/robots.txt", None),
        ("http://127.0.0.1:6379/", "port"),
        ("http://localhost:8090/article/x/", "host"),
        ("http://169.254.169.254/latest/meta-data/", "link_local"),
        ("http://10.0.0.1/", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://172.16.0.5:8090/", "private"),
        ("http://127.0.0.2:8090/", "loopback"),
        ("http://[::1]:8090/", "loopback"),
        ("http://0.0.0.0:8090/", "private"),
        ("https://other.example/article/x/", "host"),
        ("file:///etc/passwd", "scheme"),
        ("ftp://127.0.0.1:8090/x", "scheme"),
    ],
)
def test_only_the_site_host_and_port_may_be_requested(url: str, kind: str | None) -> None:
    assert refusal_kind(url, MIRROR) == kind


def test_refusal_is_counted_and_raised_before_download() -> None:
    crawler = get_crawler(Spider, {"LEVANT_ALLOW_PRIVATE_BASE_URL": True})  # the mirror's
    crawler.spider = Spider("levant")
    crawler.spider.profile = MIRROR  # type: ignore[attr-defined]
    middleware = SiteOnlyMiddleware.from_crawler(crawler)
    with pytest.raises(IgnoreRequest, match="link_local"):
        middleware.process_request(Request("http://169.254.169.254/", dont_filter=True))
    assert middleware.process_request(Request("http://127.0.0.1:8090/article/x/")) is None
    assert crawler.stats.get_value("levant/offsite/refused/link_local") == 1


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("5", 5.0),
        ("0", 0.0),
        ("Fri, 20 Nov 2026 09:00:30 GMT", 30.0),
        ("soon", None),
        ("", None),
        ("\u00b2", None),  # str.isdigit() is True, float() raises
        ("\u0663", None),  # an Arabic-Indic 3
    ],
)
def test_retry_after_header(header: str, seconds: float | None) -> None:
    assert retry_after_seconds(header, datetime(2026, 11, 20, 9, tzinfo=UTC)) == seconds


ARABIC = "<html><body><p>بشار الأسد إلى روسيا في زيارة غير معلنة</p></body></html>"


@pytest.mark.parametrize(
    ("body", "declared", "actual"),
    [
        (ARABIC.encode("utf-8"), "cp1252", "utf-8"),  # UTF-8 served as Latin-1
        (ARABIC.encode("cp1256"), "utf-8", "cp1256"),  # windows-1256 served as UTF-8
        (ARABIC.encode("utf-8"), "utf-8", None),  # honest
        (ARABIC.encode("cp1256"), "cp1256", None),  # honest
        ("<p>café crème</p>".encode("cp1252"), "cp1252", None),  # honest Latin
    ],
)
def test_charset_repair(body: bytes, declared: str, actual: str | None) -> None:
    assert true_encoding(body, declared) == actual


def test_entity_bomb_is_not_expanded() -> None:
    tracemalloc.start()
    page = read_sitemap(_ENTITY_BOMB, max_size=1024 * 1024)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5 * 1024 * 1024
    assert page.entries == [] or all(len(e["loc"]) < 100 for e in page.entries)


def test_gzip_bomb_stops_at_the_size_cap() -> None:
    bomb = gzip.compress(b"\0" * (20 * 1024 * 1024))
    assert read_sitemap(bomb, max_size=1024 * 1024).problem == "too_large"


def test_gzipped_sitemap_is_read() -> None:
    xml = (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://thelevantnews.com/article/a/</loc><lastmod>2026-01-01</lastmod>"
        b"</url></urlset>"
    )
    page = read_sitemap(gzip.compress(xml), max_size=1024 * 1024)
    assert page.entries == [
        {"loc": "https://thelevantnews.com/article/a/", "lastmod": "2026-01-01"}
    ]
    assert not page.malformed


def test_malformed_sitemap_is_flagged() -> None:
    assert read_sitemap(b"<?xml version='1.0'?><urlset><url><loc>http", 1024).malformed


def test_cookies_never_fetch_the_public_suffix_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scrapy's cookie middleware asks tldextract, which downloads the list unless told."""
    from scrapy.downloadermiddlewares import cookies

    crawler = get_crawler(Spider)
    SiteOnlyMiddleware.from_crawler(crawler)
    assert cookies._split_domain.suffix_list_urls == ()
    assert cookies._is_public_domain("co.uk") and not cookies._is_public_domain("example.co.uk")


def test_a_site_on_a_metadata_address_stops_the_crawl_being_built(
    caplog: pytest.LogCaptureFixture,
) -> None:
    crawler = get_crawler(Spider, {"LEVANT_ALLOW_PRIVATE_BASE_URL": True})
    crawler.spider = Spider("levant")
    crawler.spider.profile = LEVANT.with_base_url("http://169.254.169.254/")  # type: ignore[attr-defined]
    with pytest.raises(SystemExit) as stopped:
        SiteOnlyMiddleware.from_crawler(crawler)
    assert stopped.value.code == 2
    assert "a cloud metadata service is never crawled" in caplog.text
