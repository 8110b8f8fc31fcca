"""Finding articles through WordPress's REST API, on a real WordPress.

``discover=api`` lists posts a hundred a request with their content and terms; the
records must equal the HTML path's, field by field, at a fraction of the requests.
A recrawl asks only for what changed since the last run. A site whose API is closed
(no routes, 403, 401) is crawled from its pages, and the run says why.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from levant_dev.wordpress.server import WordPress, missing, start_wordpress
from levant_dev.wordpress.truth import FIELDS, ExpectedPost, expected_posts, score, url_key
from tests.support.crawl import CrawlResult, run_crawl
from tests.wordpress.crawls import Setup, crawl

pytestmark = pytest.mark.crawl

SETUP = Setup("twentytwentythree", False, "site")
# Fields a record must have whichever way it was found.
SAME = (
    "url", "post_id", "title", "body", "authors", "sections", "tags", "published_at",
    "related_urls", "links", "source_credit", "language", "word_count", "content_hash",
)  # fmt: skip


@pytest.fixture(scope="module")
def api_crawl(
    wordpress: WordPress, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., CrawlResult]]:
    """A full crawl of the session's site with a given API state and discovery (each
    done once)."""
    done: dict[tuple[str, str], CrawlResult] = {}

    def run(api: str = "open", discover: str = "api,sections") -> CrawlResult:
        if (api, discover) not in done:
            wordpress.api_mode(api)
            workdir = tmp_path_factory.mktemp(f"api-{api}-{discover.replace(',', '-')}")
            done[api, discover] = crawl(wordpress, SETUP, workdir, discover=discover)
        return done[api, discover]

    yield run
    wordpress.api_mode("open")


def test_api_and_pages_give_the_same_records(
    api_crawl: Callable[..., CrawlResult], database_posts: list[ExpectedPost]
) -> None:
    through_api, from_pages = api_crawl(), api_crawl(discover="sections")
    assert through_api.stat("levant/discovery/api") == "used"
    assert through_api.stat("levant/articles/via/api") == len(database_posts)
    pages = {url_key(r["url"]): r for r in from_pages.records}
    differ = [
        (record["url"], name)
        for record in through_api.records
        for name in SAME
        if record[name] != pages[url_key(record["url"])][name]
    ]
    assert differ == []
    assert len(through_api.records) == len(from_pages.records) == len(database_posts)


def test_api_records_equal_the_database(
    api_crawl: Callable[..., CrawlResult], database_posts: list[ExpectedPost]
) -> None:
    result = api_crawl()
    for name, found in score(result.records, database_posts, FIELDS).items():
        assert found.share == 1.0, f"{name}: {found.describe()}"


def test_a_backfill_costs_a_request_per_fifty_posts(
    api_crawl: Callable[..., CrawlResult], database_posts: list[ExpectedPost]
) -> None:
    result = api_crawl()
    budget = len(database_posts) / 50 + 5
    assert result.stat("downloader/request_count") <= budget, _requests(result)


@pytest.mark.parametrize(
    ("api", "reason"),
    [("disabled", "not_found"), ("forbidden", "forbidden"), ("unauthorized", "unauthorized")],
)
def test_a_closed_api_falls_back_to_the_pages_and_says_why(
    api_crawl: Callable[..., CrawlResult],
    database_posts: list[ExpectedPost],
    api: str,
    reason: str,
) -> None:
    result = api_crawl(api=api)
    assert result.returncode == 0, result.log[-3000:]
    assert result.stat(f"levant/discovery/api/fallback/{reason}") == 1
    assert "WordPress REST API not available at" in result.log and f"({reason})" in result.log
    report = json.loads(next(Path(result.output.parent, "reports").glob("*.json")).read_text())
    assert report["run"]["summary"]["discovery"] == {"api": f"fallback: {reason}"}
    assert result.stat("levant/articles/via/api") == 0
    for name, found in score(result.records, database_posts, FIELDS).items():
        assert found.share == 1.0, f"{name}: {found.describe()}"


@pytest.fixture(scope="module")
def own_wordpress(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WordPress]:
    """A site of its own: this test publishes and edits posts."""
    if reason := missing():
        pytest.skip(reason)
    site = start_wordpress(tmp_path_factory.mktemp("wordpress-api"))
    site.configure(SETUP.theme, SETUP.seo)
    yield site
    site.stop()


def test_a_recrawl_asks_the_api_only_for_what_changed(
    own_wordpress: WordPress, tmp_path: Path
) -> None:
    first = run_crawl(tmp_path, own_wordpress.base_url, name="first", args={"mode": "full"})
    assert first.returncode == 0 and first.stat("levant/discovery/api") == "used"
    changed = own_wordpress.publish(new=5, edited=2)
    posts = {p.post_id: p for p in expected_posts(own_wordpress.dump())}
    second = run_crawl(tmp_path, own_wordpress.base_url, name="second")
    assert second.returncode == 0, second.log[-3000:]
    events = sorted((r["post_id"], r["event"], r["version"]) for r in second.records)
    assert events == sorted(
        [(i, "new", 1) for i in changed["created"]] + [(i, "updated", 2) for i in changed["edited"]]
    )
    for record in second.records:
        assert record["body"] == posts[record["post_id"]].body
    assert second.stat("downloader/request_count") <= 5, _requests(second)


def _requests(result: CrawlResult) -> str:
    prefixes = ("levant/discovery", "downloader/request")
    return f"requests: { {k: v for k, v in result.stats.items() if k.startswith(prefixes)} }"


def test_core_sitemaps_list_every_post_and_nothing_else(
    api_crawl: Callable[..., CrawlResult], database_posts: list[ExpectedPost]
) -> None:
    result = api_crawl(discover="sitemap")
    assert sorted(url_key(r["url"]) for r in result.records) == sorted(
        url_key(p.url) for p in database_posts
    )
    assert result.stat("levant/discovery/api") == 0  # the API was not asked
