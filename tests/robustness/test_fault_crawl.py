"""A crawl of the mirror in fault mode: it finishes, exports every healthy article once,
names every fault in its stats, and never connects anywhere but the mirror."""

from __future__ import annotations

from collections import Counter

import pytest

from levant_dev.mirror.faults import FAULTS
from tests.robustness.decoy import Decoy
from tests.support.crawl import crash_tracebacks, run_crawl
from tests.support.mirror import mirror_args, start_mirror

pytestmark = pytest.mark.crawl

HOSTILE = {
    "DOWNLOAD_TIMEOUT": "2",  # the slow pages take 4 s
    "DOWNLOAD_MAXSIZE": str(1024 * 1024),  # the large page is 2 MiB (the gzip bomb 100 MiB)
    "RETRY_TIMES": "3",
    "LEVANT_RENDER_BUDGET": "15",  # the busy page of the browser faults spends all of it
}


@pytest.fixture(scope="module")
def fault_crawl(tmp_path_factory):
    work = tmp_path_factory.mktemp("faults")
    decoy = Decoy()
    mirror = start_mirror(work, mirror_args(200, 1, 0, "--faults", "--decoy-port", str(decoy.port)))
    try:
        result = run_crawl(
            work, mirror.base_url, args={"discover": "sitemap,sections"}, settings=HOSTILE
        )
        truth, requests = mirror.truth(), mirror.requests()
    finally:
        mirror.stop()
        decoy.close()
    return {"result": result, "truth": truth, "requests": requests, "decoy": decoy}


def test_the_crawl_finishes(fault_crawl) -> None:
    result = fault_crawl["result"]
    assert result.returncode == 0, result.log[-3000:]
    assert result.stat("finish_reason") == "finished"
    assert crash_tracebacks(result.log) == []


def test_every_healthy_article_is_exported_exactly_once(fault_crawl) -> None:
    result = fault_crawl["result"]
    records = result.records
    counts = Counter(r["url"] for r in records)
    # Without a browser (no Chromium here) the browser's fault pages have no body.
    browser = not result.stat("levant/render/failed/no_browser")
    truth = {t["url"]: t for t in fault_crawl["truth"] if browser or not t.get("needs_browser")}
    assert set(truth) - set(counts) == set()
    assert [u for u, n in counts.items() if n > 1] == []
    assert set(counts) - set(truth) == set(), "an unhealthy page was exported"


@pytest.mark.parametrize("field", ["title", "body", "published_at", "sections"])
def test_recovered_fault_pages_are_clean(fault_crawl, field: str) -> None:
    truth = {t["url"]: t for t in fault_crawl["truth"] if "fault" in t}
    got = {r["url"]: r for r in fault_crawl["result"].records if r["url"] in truth}
    wrong = {truth[u]["fault"]: got[u][field] for u in got if got[u][field] != truth[u][field]}
    assert wrong == {}


@pytest.mark.parametrize(
    ("stat", "fault"),
    [
        ("levant/encoding/repaired/cp1252->utf-8", "header-lies"),
        ("levant/extraction/jsonld_invalid", "conflicting-jsonld"),
        ("levant/retry_after/waited", "retry-after"),
        ("levant/dropped/no_body", "empty-body"),
        ("levant/dropped/no_title", "binary"),
        ("levant/skipped/empty_response", "empty-200, no-content"),
        ("retry/max_reached", "storm, slow-always"),
        ("levant/articles/failed", "too-large, storm, slow-always, redirect loop"),
        ("levant/offsite/refused/host", "redirect-offsite"),
        ("levant/offsite/refused/port", "redirect-other-port"),
        ("levant/offsite/refused/link_local", "redirect-metadata"),
        ("levant/offsite/refused/private", "redirect-private"),
        ("levant/sitemap/too_large", "gzip bomb"),
        ("levant/sitemap/malformed", "malformed sitemap, entity bomb"),
        ("levant/offsite_links", "javascript:, mailto:, data:, file: and other hosts' links"),
        ("levant/dedup/requests_collapsed", "a thousand tracking variants of one link"),
        ("levant/bounds/attributes", "many-attributes"),
        ("levant/bounds/nesting", "nesting-5000"),
        ("levant/bounds/headers", "many-headers"),
        ("levant/bounds/cookies", "many-cookies"),
        ("levant/bounds/url_length", "redirect-long-url"),
    ],
)
def test_stats_name_each_fault(fault_crawl, stat: str, fault: str) -> None:
    assert fault_crawl["result"].stat(stat) > 0, f"{fault}: {stat} not counted"


def test_every_fault_page_was_tried(fault_crawl) -> None:
    paths = {r["path"] for r in fault_crawl["requests"]}
    assert [f.name for f in FAULTS if f.path not in paths] == []


def test_no_connection_leaves_the_mirror(fault_crawl) -> None:
    assert fault_crawl["decoy"].connections == 0
    assert fault_crawl["result"].stat("levant/offsite/refused") >= 4


def test_userinfo_and_backslash_links_are_not_the_site(fault_crawl) -> None:
    """``http://user@SITE/...`` and ``http://DECOY\\@SITE/...`` (a browser's DECOY) are
    neither requested nor exported as the site's URLs."""
    paths = {r["path"] for r in fault_crawl["requests"]}
    assert "/article/fault-userinfo/" not in paths
    assert "/article/fault-backslash/" not in paths
    assert "/userinfo-sitemap.xml" not in paths
    for record in fault_crawl["result"].records:
        for url in [record["url"], *record["related_urls"]]:
            assert "@" not in url.split("/")[2] and "\\" not in url
