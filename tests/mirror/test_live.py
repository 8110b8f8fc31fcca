"""``--epoch-seconds``: the live mirror changes as its clock moves, everywhere at once;
the feed and the API answer a poller cheaply when nothing changed."""

from __future__ import annotations

import json
import tracemalloc
import urllib.request
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from levant_dev.mirror.__main__ import main
from levant_dev.mirror.content import SITE_TZ, MirrorConfig, SiteModel, build_site
from levant_dev.mirror.live import Timeline, site_at
from levant_dev.mirror.server import MirrorResource
from levant_dev.mirror.truth import iter_truth
from tests.mirror.inprocess import BASE, SPIDER_QUERY, FakeClock, get, serve
from tests.support.mirror import start_mirror

ANCHOR = datetime(2026, 11, 20, 12, tzinfo=SITE_TZ)
START = datetime(2026, 11, 20, 12, 5, 3, tzinfo=SITE_TZ)  # epoch 0 of the live site
SECONDS = 10.0
POSTS = f"/wp-json/wp/v2/posts?{SPIDER_QUERY}"


def live_site(articles: int = 80, new: int = 2, edits: int = 1) -> SiteModel:
    config = MirrorConfig(
        articles=articles, anchor=ANCHOR, api=True, new_per_epoch=new, edits_per_epoch=edits,
        epoch_seconds=SECONDS, live_start=START,
    )  # fmt: skip
    return build_site(config)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START.timestamp() + 1)


def _gmt(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _api_ids(mirror: MirrorResource, since: str | None = None) -> list[int]:
    query = f"&modified_after={since}" if since else ""
    return [p["id"] for p in get(mirror, POSTS + query).json()]


def test_the_epoch_follows_the_clock_and_new_articles_appear_everywhere(clock: FakeClock) -> None:
    site = live_site()
    mirror = serve(site, clock)
    before = {a.post_id for a in site.articles}
    assert get(mirror, "/").status == 200 and mirror.live and mirror.live.epoch == 0
    clock.now += 3 * SECONDS - 2  # still epoch 2
    get(mirror, "/robots.txt")
    assert mirror.live.epoch == 2
    new = [a for a in site.articles if a.post_id not in before]
    assert len(new) == 4 and {a.epoch for a in new} == {1, 2}
    newest = site.articles[0]
    assert newest.epoch == 2
    assert newest.published == (START + timedelta(seconds=2 * SECONDS)).replace(microsecond=0)
    page = get(mirror, newest.path)
    assert page.status == 200 and f"postid-{newest.post_id} " in page.text
    item = f'class="post-item post-{newest.post_id}"'
    assert item in get(mirror, "/").text
    assert item in get(mirror, f"/category/{newest.sections[0].slug}/").text
    assert newest.path in get(mirror, "/feed/").text
    assert newest.path in get(mirror, "/wp-sitemap-posts-post-1.xml").text
    assert get(mirror, POSTS + "&order=desc").json()[0]["id"] == newest.post_id
    assert get(mirror, f"/?p={newest.post_id}").status == 301


def test_an_edit_moves_modified_gmt_to_the_edit_time_in_the_api_and_the_page(
    clock: FakeClock,
) -> None:
    site = live_site()
    mirror = serve(site, clock)
    before = {a.post_id: a.modified for a in site.articles}
    first = [pid for pid in before if pid != site.error_once_post_id][:40]  # that one 500s once
    etags = {pid: get(mirror, site.by_id[pid].path).headers["ETag"] for pid in first}
    clock.now += 5 * SECONDS
    assert get(mirror, "/").status == 200
    step_times = {_gmt(START + timedelta(seconds=k * SECONDS)) for k in range(1, 6)}
    edits = [(a, e) for a in site.articles for e in a.edits if _gmt(e) in step_times]
    assert len(edits) == 5  # one a step, of older or of newly published articles
    edited = list({a.post_id: a for a, _ in edits}.values())
    for article in edited:
        post = get(mirror, f"/wp-json/wp/v2/posts/{article.post_id}").json()
        assert post["modified_gmt"] == _gmt(article.edits[-1])
        assert post["modified_gmt"] > post["date_gmt"]
        assert f"({article.version - 1})" in post["content"]["rendered"]  # the edit's paragraph
        page = get(mirror, article.path)
        assert page.headers["Last-Modified"] == format_datetime(article.edits[-1])
        assert article.modified.isoformat() in page.text
        if article.post_id in etags:
            assert page.headers["ETag"] != etags[article.post_id]
    untouched = [a for a in site.articles if a.post_id in before and a not in edited]
    assert len(untouched) >= len(before) - 5
    assert all(a.modified == before[a.post_id] for a in untouched)


def test_a_poller_gets_an_empty_page_until_something_changes(clock: FakeClock) -> None:
    site = live_site(new=1, edits=1)
    mirror = serve(site, clock)
    posts = get(mirror, POSTS).json()  # every post, oldest modification first
    high_water = posts[-1]["modified_gmt"]  # what a poller keeps
    assert high_water == max(_gmt(a.modified) for a in site.articles)
    for _ in range(3):  # within the epoch, the same empty answer
        clock.now += SECONDS / 4
        reply = get(mirror, f"{POSTS}&modified_after={high_water}")
        assert (reply.status, reply.body, reply.headers["X-WP-Total"]) == (200, b"[]", "0")
        assert reply.headers["X-WP-TotalPages"] == "0"
    clock.now += SECONDS
    changed = get(mirror, f"{POSTS}&modified_after={high_water}").json()
    assert len(changed) == 2  # the new article and the edited one
    assert {p["id"] for p in changed} == {
        a.post_id for a in site.articles if _gmt(a.modified) > high_water
    }
    assert {p["modified_gmt"] for p in changed} == {_gmt(START + timedelta(seconds=SECONDS))}


def test_the_feed_answers_304_until_a_post_changes(clock: FakeClock) -> None:
    mirror = serve(live_site(), clock)
    first = get(mirror, "/feed/")
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.status == 200 and etag.startswith('"') and last_modified.endswith("GMT")
    for headers in (
        {"If-None-Match": etag},
        {"If-Modified-Since": last_modified},
        {"If-None-Match": etag, "If-Modified-Since": last_modified},
    ):
        reply = get(mirror, "/feed/", headers)
        assert (reply.status, reply.body) == (304, b"")
    stale = {"If-None-Match": '"other"', "If-Modified-Since": last_modified}
    assert get(mirror, "/feed/", stale).status == 200  # both sent: both must match
    clock.now += SECONDS
    after = get(mirror, "/feed/", {"If-None-Match": etag, "If-Modified-Since": last_modified})
    assert after.status == 200 and "<rss" in after.text
    assert after.headers["ETag"] != etag
    assert get(mirror, "/feed/", {"If-None-Match": after.headers["ETag"]}).status == 304


def test_the_fixed_mirror_feed_answers_304_too() -> None:
    mirror = serve(build_site(MirrorConfig(articles=40, anchor=ANCHOR)))
    first = get(mirror, "/feed/")
    assert get(mirror, "/feed/", {"If-None-Match": first.headers["ETag"]}).status == 304
    since = {"If-Modified-Since": "Thu, 01 Jan 2015 00:00:00 GMT"}
    assert get(mirror, "/feed/", since).status == 200


def test_steps_add_and_edit_but_never_rewrite_what_was_published(clock: FakeClock) -> None:
    site = live_site()
    mirror = serve(site, clock)
    clock.now += 4 * SECONDS
    get(mirror, "/")
    earlier = {t["post_id"]: t for t in iter_truth(site, BASE)}
    clock.now += 6 * SECONDS
    get(mirror, "/")
    later = {t["post_id"]: t for t in iter_truth(site, BASE)}
    assert len(later) == len(earlier) + 12
    for post_id, record in earlier.items():
        if later[post_id]["version"] == record["version"]:
            assert later[post_id] == record
        else:
            assert later[post_id]["related_urls"] == record["related_urls"]
            assert later[post_id]["url"] == record["url"]


def test_truth_at_an_epoch_is_what_the_live_server_shows(
    clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    site = live_site()
    mirror = serve(site, clock)
    clock.now += 7 * SECONDS
    get(mirror, "/")
    served = list(iter_truth(site, BASE))
    args = ["--truth", "--articles", "80", "--anchor", ANCHOR.isoformat(), "--new-per-epoch",
            "2", "--edits-per-epoch", "1", "--epoch-seconds", str(SECONDS), "--live-start",
            START.isoformat(), "--base-url", BASE, "--epoch", "7"]  # fmt: skip
    assert main(args) == 0
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert printed == served
    assert max(t["epoch"] for t in printed) == 7
    rebuilt = site_at(live_site(), Timeline(START, SECONDS), 7)
    assert list(iter_truth(rebuilt, BASE)) == served
    assert main([a for a in args if a not in ("--live-start", START.isoformat())]) == 2


def test_live_pages_show_seconds_the_api_also_gives() -> None:
    site = site_at(live_site(articles=40, new=20), Timeline(START, 7.5), 9)
    new = [a for a in site.articles if a.epoch > 0]
    assert {a.meta_profile for a in new} <= {"full", "no_jsonld", "time_only"}
    assert any(a.published.second for a in new)  # 7.5 s epochs fall between minutes


def test_serving_for_many_epochs_keeps_memory_to_the_articles(clock: FakeClock) -> None:
    site = live_site(articles=200, new=1, edits=2)
    mirror = serve(site, clock)
    article = next(a for a in site.articles if a.post_id != site.error_once_post_id)
    targets = ["/", "/feed/", POSTS, "/wp-sitemap-posts-post-1.xml", article.path]

    def poll(cycles: int, step: float) -> int:
        for _ in range(cycles):
            clock.now += step
            for target in targets:
                assert get(mirror, target).status == 200
        return tracemalloc.get_traced_memory()[0]

    poll(20, SECONDS)
    tracemalloc.start()
    try:
        settled = poll(5, SECONDS)
        grown = poll(40, SECONDS)  # 40 epochs, an article each
        still = poll(40, 0)  # as many requests, no epoch
    finally:
        tracemalloc.stop()
    assert len(site.articles) == 200 + 65
    per_epoch = (grown - settled) / 40
    assert per_epoch < 10_000, f"{per_epoch:.0f} bytes an epoch"  # an article is about 4 kB
    assert still - grown < 20_000, f"{still - grown} bytes more for requests alone"


def test_a_live_server_started_late_is_at_the_epoch_of_the_wall_clock(tmp_path: Path) -> None:
    start = datetime.now(UTC) - timedelta(seconds=95)
    args = ["--articles", "50", "--anchor", ANCHOR.isoformat(), "--api", "--new-per-epoch",
            "1", "--epoch-seconds", "10", "--live-start", start.isoformat()]  # fmt: skip
    mirror = start_mirror(tmp_path, args)
    try:
        url = f"{mirror.base_url}?rest_route=/wp/v2/posts&per_page=1"
        with urllib.request.urlopen(url, timeout=10) as response:
            total = int(response.headers["X-WP-Total"])
            newest = json.loads(response.read())[0]
        assert total in (59, 60)  # 50, and one an epoch for 95 s
        assert newest["date_gmt"] == _gmt(start + timedelta(seconds=10 * (total - 50)))
    finally:
        mirror.stop()
