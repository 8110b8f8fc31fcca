"""``--api``: the mirror answers WordPress's REST API and core sitemaps as WordPress 6.x does,
and without it looks like a site that has neither."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest

from levant.extraction.api import POST_FIELDS
from levant_dev.mirror.content import SITE_TZ, MirrorConfig, SiteModel, build_site
from levant_dev.mirror.server import MirrorResource
from tests.mirror.inprocess import BASE, SPIDER_QUERY, Headers, get, serve
from tests.mirror.test_mirror import fetch
from tests.support.mirror import Mirror

ANCHOR = datetime(2026, 11, 20, 12, tzinfo=SITE_TZ)
POSTS = "/wp-json/wp/v2/posts"


@pytest.fixture(scope="module")
def site() -> SiteModel:
    return build_site(MirrorConfig(articles=250, epoch=2, anchor=ANCHOR, api=True))


@pytest.fixture(scope="module")
def mirror(site: SiteModel) -> MirrorResource:
    return serve(site)


def _gmt(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def test_a_posts_page_is_wordpress_json_with_the_fields_asked(
    site: SiteModel, mirror: MirrorResource
) -> None:
    reply = get(mirror, f"{POSTS}?{SPIDER_QUERY}&page=1")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/json; charset=UTF-8"
    assert reply.headers["X-WP-Total"] == str(len(site.articles)) == "290"
    assert reply.headers["X-WP-TotalPages"] == "3"
    assert "\\/" in reply.text and "\\u06" in reply.text  # as wp_json_encode writes
    posts = reply.json()
    assert len(posts) == 100
    for post in posts:
        assert set(post) == set(POST_FIELDS.split(","))
        article = site.by_id[post["id"]]
        assert post["link"] == BASE.rstrip("/") + article.path
        assert post["date_gmt"] == _gmt(article.published)
        assert post["modified_gmt"] == _gmt(article.modified)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", post["date_gmt"])  # no offset
        assert post["content"]["protected"] is False
        assert "<p>" in post["content"]["rendered"]
        author, (categories, tags) = post["_embedded"]["author"], post["_embedded"]["wp:term"]
        assert [a["name"] for a in author] == [article.author]
        assert [a["id"] for a in author] == [post["author"]]
        assert [t["name"] for t in categories] == [s.name for s in article.sections]
        assert [t["id"] for t in categories] == post["categories"]
        assert {t["taxonomy"] for t in categories} == {"category"}
        assert [t["name"] for t in tags] == article.tags
        assert [t["id"] for t in tags] == post["tags"]
        assert {t["taxonomy"] for t in tags} <= {"post_tag"}
        assert post["_links"]["author"][0]["embeddable"] is True


def test_without_fields_and_embed_a_post_is_whole_and_has_no_embedded(
    site: SiteModel, mirror: MirrorResource
) -> None:
    post = get(mirror, f"{POSTS}?per_page=1").json()[0]
    assert {"id", "slug", "status", "type", "excerpt", "guid", "date", "_links"} <= set(post)
    assert "_embedded" not in post
    newest = max(site.articles, key=lambda a: (a.published, a.post_id))
    assert post["id"] == newest.post_id  # default: newest publication first
    assert post["date"] == newest.published.strftime("%Y-%m-%dT%H:%M:%S")  # the site's time


def test_pages_cover_every_post_once_and_a_page_past_the_last_is_400(
    site: SiteModel, mirror: MirrorResource
) -> None:
    seen: list[int] = []
    for page in (1, 2, 3):
        reply = get(mirror, f"{POSTS}?{SPIDER_QUERY}&page={page}")
        assert reply.status == 200
        seen += [p["id"] for p in reply.json()]
        assert ('rel="next"' in reply.headers.get("Link", "")) == (page < 3)
    assert sorted(seen) == sorted(a.post_id for a in site.articles)
    past = get(mirror, f"{POSTS}?{SPIDER_QUERY}&page=4")
    assert past.status == 400
    assert past.json()["code"] == "rest_post_invalid_page_number"
    assert past.json()["data"]["status"] == 400


def test_orderby_modified_ascending_puts_the_edited_posts_last(
    site: SiteModel, mirror: MirrorResource
) -> None:
    posts = [p for n in (1, 2, 3) for p in get(mirror, f"{POSTS}?{SPIDER_QUERY}&page={n}").json()]
    stamps = [p["modified_gmt"] for p in posts]
    assert stamps == sorted(stamps)
    position = {p["id"]: n for n, p in enumerate(posts)}
    edited = [a for a in site.articles if a.edits]
    assert len(edited) == 10  # two epochs of five edits
    for article in edited:  # after every post last changed before its edit
        earlier = [a for a in site.articles if a.modified < article.modified]
        assert all(position[a.post_id] < position[article.post_id] for a in earlier)
        assert any(a.published > article.published for a in earlier)  # edits move posts


@pytest.mark.parametrize("spelling", ["naive", "utc", "site"])
def test_modified_after_is_strict_and_reads_a_bare_value_as_utc(
    site: SiteModel, mirror: MirrorResource, spelling: str
) -> None:
    pivot = sorted(site.articles, key=lambda a: a.modified)[-30].modified
    value = {
        "naive": _gmt(pivot),
        "utc": quote(pivot.astimezone(UTC).isoformat()),
        "site": quote(pivot.astimezone(SITE_TZ).isoformat()),
    }[spelling]
    reply = get(mirror, f"{POSTS}?{SPIDER_QUERY}&modified_after={value}")
    expected = {a.post_id for a in site.articles if a.modified > pivot}
    assert 0 < len(expected) < 30
    assert {p["id"] for p in reply.json()} == expected
    assert reply.headers["X-WP-Total"] == str(len(expected))


def test_modified_after_the_newest_change_is_an_empty_page(
    site: SiteModel, mirror: MirrorResource
) -> None:
    newest = max(a.modified for a in site.articles)
    for value in (_gmt(newest), _gmt(newest + timedelta(days=3))):
        reply = get(mirror, f"{POSTS}?{SPIDER_QUERY}&modified_after={value}")
        assert (reply.status, reply.body) == (200, b"[]")
        assert reply.headers["X-WP-Total"] == "0"
        assert reply.headers["X-WP-TotalPages"] == "0"


def test_both_spellings_of_the_route_give_the_same_answer(mirror: MirrorResource) -> None:
    pretty = get(mirror, f"{POSTS}?{SPIDER_QUERY}&page=2")
    plain = get(mirror, f"/?rest_route=/wp/v2/posts&{SPIDER_QUERY}&page=2")
    assert plain.status == pretty.status == 200
    assert plain.body == pretty.body
    assert plain.headers["X-WP-Total"] == pretty.headers["X-WP-Total"]
    assert "rest_route=%2Fwp%2Fv2%2Fposts" in plain.headers["Link"]


def test_a_single_post_and_the_taxonomy_and_user_routes(
    site: SiteModel, mirror: MirrorResource
) -> None:
    article = site.articles[5]
    post = get(mirror, f"{POSTS}/{article.post_id}?_embed").json()
    assert post["id"] == article.post_id
    assert post["_embedded"]["author"][0]["name"] == article.author
    categories = get(mirror, f"/wp-json/wp/v2/categories?post={article.post_id}").json()
    assert [c["name"] for c in categories] == [s.name for s in article.sections]
    users = get(mirror, "/wp-json/wp/v2/users?per_page=100").json()
    assert {u["name"] for u in users} == {a.author for a in site.articles}
    assert get(mirror, f"{POSTS}/999999").json()["code"] == "rest_post_invalid_id"


@pytest.mark.parametrize(
    ("target", "status", "code"),
    [("/wp-json/wp/v2/pages", 404, "rest_no_route"),
     ("/wp-json/levant/v1/anything", 404, "rest_no_route"),
     ("/?rest_route=/wp/v2/nothing", 404, "rest_no_route"),
     (f"{POSTS}?per_page=101", 400, "rest_invalid_param"),
     (f"{POSTS}?page=0", 400, "rest_invalid_param"),
     (f"{POSTS}?orderby=colour", 400, "rest_invalid_param"),
     (f"{POSTS}?modified_after=yesterday", 400, "rest_invalid_param")],
)  # fmt: skip
def test_other_routes_and_bad_parameters_answer_as_wordpress(
    mirror: MirrorResource, target: str, status: int, code: str
) -> None:
    reply = get(mirror, target)
    assert reply.status == status
    assert reply.headers["Content-Type"].startswith("application/json")
    assert reply.json()["code"] == code


def test_core_sitemaps_list_every_post_with_its_lastmod(
    site: SiteModel, mirror: MirrorResource
) -> None:
    moved = get(mirror, "/sitemap.xml")
    assert (moved.status, moved.headers["Location"]) == (301, f"{BASE}wp-sitemap.xml")
    index = get(mirror, "/wp-sitemap.xml")
    assert index.status == 200 and "<sitemapindex" in index.text
    locs = re.findall(r"<loc>([^<]+)</loc>", index.text)
    assert locs[0] == f"{BASE}wp-sitemap-posts-post-1.xml"
    assert f"{BASE}wp-sitemap-taxonomies-category-1.xml" in locs
    assert f"{BASE}wp-sitemap-users-1.xml" in locs
    posts = get(mirror, "/wp-sitemap-posts-post-1.xml").text
    listed = dict(re.findall(r"<loc>([^<]+)</loc><lastmod>([^<]+)</lastmod>", posts))
    expected = {BASE.rstrip("/") + a.path: f"{_gmt(a.modified)}+00:00" for a in site.articles}
    assert listed == expected
    for path in locs[1:]:
        assert get(mirror, path).status == 200
    assert get(mirror, "/wp-sitemap-posts-post-2.xml").status == 404
    assert get(mirror, "/post-sitemap.xml").status == 404  # no Yoast on this site
    assert "Sitemap: " + BASE + "wp-sitemap.xml" in get(mirror, "/robots.txt").text


def test_core_sitemaps_hold_2000_urls_a_file() -> None:
    big = build_site(MirrorConfig(articles=2300, anchor=ANCHOR, api=True))
    mirror = serve(big)
    index = get(mirror, "/wp-sitemap.xml").text
    assert "wp-sitemap-posts-post-2.xml" in index and "posts-post-3" not in index
    first = get(mirror, "/wp-sitemap-posts-post-1.xml").text
    second = get(mirror, "/wp-sitemap-posts-post-2.xml").text
    assert (first.count("<url>"), second.count("<url>")) == (2000, 300)


def test_without_api_there_is_no_rest_api_and_the_yoast_sitemap_stays() -> None:
    mirror = serve(build_site(MirrorConfig(articles=60, anchor=ANCHOR)))
    for target in (f"{POSTS}?{SPIDER_QUERY}", "/wp-json/", "/wp-sitemap.xml"):
        reply = get(mirror, target)
        assert reply.status == 404
        assert reply.headers["Content-Type"] == "text/html; charset=UTF-8"
    home = get(mirror, f"/?rest_route=/wp/v2/posts&{SPIDER_QUERY}")  # the query is ignored
    assert home.status == 200 and home.text.startswith("<!DOCTYPE html>")
    index = get(mirror, "/sitemap.xml")
    assert index.status == 200 and f"{BASE}post-sitemap.xml" in index.text
    assert "Sitemap: " + BASE + "sitemap.xml" in get(mirror, "/robots.txt").text


def test_the_served_mirror_answers_both_spellings_over_http(
    mirror_factory: Callable[..., Mirror],
) -> None:
    with_api, without = mirror_factory("--api", articles=60), mirror_factory(articles=60)
    query = f"{SPIDER_QUERY}&page=1"
    pretty = fetch(f"{with_api.base_url}wp-json/wp/v2/posts?{query}")
    plain = fetch(f"{with_api.base_url}?rest_route=/wp/v2/posts&{query}")
    assert pretty[0] == plain[0] == 200
    assert pretty[2] == plain[2]
    assert {p["link"] for p in json.loads(pretty[2])} == {
        t["url"].lower() for t in with_api.truth()
    }
    assert Headers(pretty[1])["X-WP-TotalPages"] == "1"  # Twisted spells it X-Wp-Totalpages
    status, headers, _ = fetch(f"{without.base_url}wp-json/wp/v2/posts?{query}")
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    logged = [(r["path"].split("?")[0], r["status"]) for r in with_api.requests()]
    assert logged == [("/wp-json/wp/v2/posts", 200), ("/", 200)]
