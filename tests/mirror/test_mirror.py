"""The offline mirror looks and answers like the WordPress site it replicates."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections import Counter
from datetime import datetime
from urllib.parse import quote

import pytest

from levant_dev.mirror.content import SITE_TZ, MirrorConfig, build_site
from levant_dev.mirror.truth import iter_truth
from tests.support.mirror import Mirror

BASE = "http://127.0.0.1:8090/"
ANCHOR = datetime(2026, 11, 20, 12, tzinfo=SITE_TZ)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


def test_same_arguments_give_the_same_site() -> None:
    one = list(iter_truth(build_site(MirrorConfig(articles=120, seed=3, anchor=ANCHOR)), BASE))
    two = list(iter_truth(build_site(MirrorConfig(articles=120, seed=3, anchor=ANCHOR)), BASE))
    assert one == two


def test_truth_has_sections_hidden_articles_and_the_seed_article() -> None:
    truth = list(iter_truth(build_site(MirrorConfig(articles=300, anchor=ANCHOR)), BASE))
    assert len(truth) == 300
    assert len({s for t in truth for s in t["sections"]}) >= 6
    hidden = sum(not t["reachable"] for t in truth)
    assert 5 <= hidden <= 30
    seed = next(t for t in truth if t["title"] == "بشار الأسد إلى روسيا في زيارة غير معلنة")
    assert seed["published_at"] == "2021-09-14T09:15:00+03:00"
    assert seed["source_credit"] == "ليفانت نيوز_ وكالات"
    assert len({t["url"] for t in truth}) == 300


def test_every_hidden_article_is_linked_from_a_read_also_line() -> None:
    truth = list(iter_truth(build_site(MirrorConfig(articles=300, anchor=ANCHOR)), BASE))
    linked = Counter(u for t in truth if t["reachable"] for u in t["related_urls"])
    assert all(linked[t["url"]] for t in truth if not t["reachable"])


def test_a_10000_article_site_builds_quickly_with_unique_urls() -> None:
    site = build_site(MirrorConfig(articles=10000, anchor=ANCHOR))
    assert len({a.path for a in site.articles}) == 10000


def test_variants_answer_as_wordpress_does(mirror300: Mirror) -> None:
    seed = next(t for t in mirror300.truth() if t["title"].startswith("بشار الأسد"))
    status, headers, _ = fetch(f"{mirror300.base_url}?p={seed['post_id']}")
    assert status == 301 and headers["Location"].lower() == seed["url"].lower()
    status, headers, _ = fetch(seed["url"].rstrip("/"))
    assert status == 301
    status, _, html = fetch(seed["url"] + "amp/")
    assert status == 200 and "<html amp" in html
    status, _, html = fetch(seed["url"] + "?utm_source=facebook&fbclid=X")
    assert status == 200 and "entry-content" in html
    slug = seed["url"].split("/article/")[1].strip("/")
    raw = mirror300.base_url + "article/" + quote(urllib.parse.unquote(slug)).lower() + "/"
    assert fetch(raw)[0] == 200


def test_conditional_requests_get_304(mirror300: Mirror) -> None:
    url = mirror300.truth()[10]["url"]
    status, headers, _ = fetch(url)
    assert status == 200 and headers["ETag"]
    request = urllib.request.Request(url, headers={"If-None-Match": headers["ETag"]})
    try:
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("expected 304")
    except urllib.error.HTTPError as error:
        assert error.code == 304


@pytest.mark.parametrize(
    ("path", "status"),
    [("robots.txt", 200), ("feed/", 200), ("sitemap.xml", 200), ("post-sitemap.xml", 200),
     ("category/politics/page/2/", 200), ("category/politics/page/999/", 404),
     ("no-such-page/", 404), ("category/nope/", 404)],
)  # fmt: skip
def test_site_pages(mirror300: Mirror, path: str, status: int) -> None:
    assert fetch(mirror300.base_url + path)[0] == status


def test_requests_are_logged(mirror300: Mirror) -> None:
    fetch(mirror300.base_url + "robots.txt")
    assert any(r["path"] == "/robots.txt" for r in mirror300.requests())
