"""Cheaper discovery: the RSS feed and the sitemap, whose <lastmod> reveals edits."""

from __future__ import annotations

import json
import signal
import subprocess
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.crawl import crawl_command, run_crawl, wait_for_lines
from tests.support.mirror import PROJECT, mirror_args, port_of, start_mirror

pytestmark = pytest.mark.crawl


def test_sitemap_lastmod_finds_edits_outside_the_refresh_window(tmp_path) -> None:
    """The site stood still for five days: no article is inside the two-day window, yet
    the sitemap says which known articles changed, and only those are fetched again."""
    anchor = (datetime.now(UTC) - timedelta(days=5)).replace(minute=0, second=0, microsecond=0)
    (tmp_path / "m0").mkdir()
    (tmp_path / "m1").mkdir()
    args0 = mirror_args(300, 1, 0, anchor=anchor.isoformat())
    mirror = start_mirror(tmp_path / "m0", args0)
    try:
        first = run_crawl(tmp_path, mirror.base_url, name="first")
    finally:
        mirror.stop()
    assert first.returncode == 0 and len(first.records) == 300
    args1 = mirror_args(300, 1, 1, anchor=anchor.isoformat())
    mirror = start_mirror(tmp_path / "m1", args1, port=port_of(mirror))
    try:
        second = run_crawl(tmp_path, mirror.base_url, args={"discover": "sitemap"}, name="second")
        truth = {t["url"]: t for t in mirror.truth()}
        requests = mirror.requests()
    finally:
        mirror.stop()
    assert second.returncode == 0, second.log[-2000:]
    expected = Counter(
        {(u, "new"): 1 for u, t in truth.items() if t["epoch"] == 1}
        | {(u, "updated"): 1 for u, t in truth.items() if t["version"] == 2}
    )
    assert Counter((r["url"], r["event"]) for r in second.records) == expected
    assert second.stat("levant/incremental/fetch/changed") == 5
    articles = [r for r in requests if r["path"].startswith("/article/")]
    assert len(articles) <= 20 + 5 + 1  # one article answers 500 once
    assert not any(r["path"].startswith("/category/") for r in requests)


def test_feed_discovery_finds_the_newest_articles(mirror300, tmp_path) -> None:
    result = run_crawl(tmp_path, mirror300.base_url, args={"discover": "feed"})
    assert result.returncode == 0, result.log[-2000:]
    newest = [t["url"] for t in mirror300.truth() if t["reachable"]][:20]
    assert set(newest) <= {r["url"] for r in result.records}
    assert result.stat("levant/feed/links") == 20


def test_paused_crawl_resumes_from_its_jobdir(mirror300, tmp_path) -> None:
    settings = {
        "JOBDIR": str(tmp_path / "job"),
        "CONCURRENT_REQUESTS": "2",
        "DOWNLOAD_DELAY": "0.02",
    }
    command, env = crawl_command(tmp_path, mirror300.base_url, settings=settings, name="part")
    process = subprocess.Popen(command, cwd=PROJECT, env=env, stderr=subprocess.PIPE, text=True)
    wait_for_lines(tmp_path / "stream.jsonl", 20)
    process.send_signal(signal.SIGINT)  # Ctrl-C: a clean pause
    _, log = process.communicate(timeout=60)
    assert "Received SIGINT" in log
    paused_with = len((tmp_path / "stream.jsonl").read_text("utf-8").splitlines())
    assert 0 < paused_with < 300, "the pause must come mid-crawl"
    resumed = run_crawl(tmp_path, mirror300.base_url, settings=settings, name="rest")
    assert resumed.returncode == 0, resumed.log[-2000:]
    stream = (tmp_path / "stream.jsonl").read_text("utf-8").splitlines()
    urls = Counter(json.loads(line)["url"] for line in stream)
    assert set(urls) == {t["url"] for t in mirror300.truth()}
    assert max(urls.values()) == 1
