"""The browser stays on the site: fault-mode crawls with ``render=auto`` and ``render=always``
against pages that try every way out (levant_dev.mirror.browser_faults), with a decoy
listening on 127.0.0.1 and [::1] at the port those pages point at.

Nothing may reach the decoy, from the crawler or from Chromium; no page the browser
ended on off the site is exported; the busy and huge pages cost a bounded time.
"""

from __future__ import annotations

import fcntl
import signal
import subprocess
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy.settings import Settings

from levant.render.config import RenderConfig
from levant.state import open_store
from tests.robustness.decoy import Decoy
from tests.support.crawl import crash_tracebacks, crawl_command, run_crawl
from tests.support.mirror import PROJECT, mirror_args, start_mirror

pytestmark = pytest.mark.crawl

BUDGET = 15  # seconds per rendered page (the busy page spends all of it)
HOSTILE = {
    "DOWNLOAD_TIMEOUT": "2",
    "DOWNLOAD_MAXSIZE": str(1024 * 1024),  # LEVANT_RENDER_MAX_BYTES follows it
    "RETRY_TIMES": "1",
    "LEVANT_RENDER_BUDGET": str(BUDGET),
    # Two shared cores, one of them spent by the busy page: fewer pages at once, and
    # time for the scripts that fill bodies.
    "CONCURRENT_REQUESTS": "4",
    "LEVANT_RENDER_WAIT_MS": "10000",
}


@pytest.fixture(scope="module")
def browser() -> RenderConfig:
    config = RenderConfig.from_settings(Settings())
    if not config.available:
        pytest.skip(f"no browser for rendering: {config.problem}")
    return config


def _crawl(factory: pytest.TempPathFactory, mode: str) -> dict[str, Any]:
    work = factory.mktemp(f"browser-{mode}")
    decoy = Decoy()
    mirror = start_mirror(work, mirror_args(30, 1, 0, "--faults", "--decoy-port", str(decoy.port)))
    started = time.monotonic()
    try:
        result = run_crawl(
            work, mirror.base_url, args={"render": mode, "discover": "sitemap,sections"},
            settings=HOSTILE,
        )  # fmt: skip
        truth = mirror.truth()
    finally:
        mirror.stop()
        decoy.close()
    return {"result": result, "truth": truth, "decoy": decoy, "base": mirror.base_url,
            "seconds": time.monotonic() - started}  # fmt: skip


@pytest.fixture(scope="module")
def auto(browser: RenderConfig, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    yield _crawl(tmp_path_factory, "auto")


@pytest.fixture(scope="module")
def always(browser: RenderConfig, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    yield _crawl(tmp_path_factory, "always")


@pytest.fixture(params=["auto", "always"])
def crawl(request: pytest.FixtureRequest) -> dict[str, Any]:
    return request.getfixturevalue(request.param)


def test_nothing_reaches_the_decoy(crawl: dict[str, Any]) -> None:
    decoy = crawl["decoy"]
    assert decoy.ipv6, "the decoy must listen on [::1] too"
    assert decoy.connections == 0, decoy.seen[:5]


def test_the_browser_refusals_are_counted_by_kind(crawl: dict[str, Any]) -> None:
    result = crawl["result"]
    assert result.stat("levant/render/refused") > 0
    for kind in ("port", "host", "loopback", "private", "popup"):
        assert result.stat(f"levant/render/refused/{kind}") > 0, kind
    for kind in ("stylesheet", "script", "fetch", "xhr", "ping", "eventsource", "document"):
        assert result.stat(f"levant/render/refused/type/{kind}") > 0, kind


def test_the_crawl_finishes_cleanly_within_the_budgets(crawl: dict[str, Any]) -> None:
    result = crawl["result"]
    assert result.returncode == 0, result.log[-3000:]
    assert result.stat("finish_reason") == "finished"
    assert crash_tracebacks(result.log) == []
    assert result.stat("levant/render/failed/budget") >= 1  # the busy page, closed
    assert result.stat("levant/render/failed/too_large") >= 1  # the huge DOM
    assert crawl["seconds"] < 240


def test_no_foreign_page_is_exported(crawl: dict[str, Any]) -> None:
    site = urlsplit(crawl["base"]).netloc
    urls = [r["url"] for r in crawl["result"].records]
    assert urls and [u for u in urls if urlsplit(u).netloc != site] == []
    names = {urlsplit(u).path for u in urls}
    for refused in ("navigate", "meta-refresh", "form", "busy", "huge-dom"):
        assert f"/article/fault-browser-{refused}/" not in names


def test_pages_that_left_the_site_are_named(crawl: dict[str, Any]) -> None:
    result = crawl["result"]
    left = result.stat("levant/render/failed/offsite_final") + result.stat(
        "levant/render/failed/error_page"
    )
    # navigate, meta refresh, form: ended off the site or on Chromium's error page (a
    # refresh that interrupts the first navigation fails it: counted as an error)
    assert left >= 2
    assert left + result.stat("levant/render/failed/error") >= 3


def test_hostile_pages_with_a_body_are_exported_whole(crawl: dict[str, Any]) -> None:
    truth = {t["url"]: t for t in crawl["truth"] if t.get("needs_browser")}
    got = {r["url"]: r for r in crawl["result"].records}
    assert len(truth) == 3
    assert {u: got.get(u, {}).get("body") for u in truth} == {
        u: t["body"] for u, t in truth.items()
    }


def test_a_navigating_load_more_keeps_the_listed_entries(auto: dict[str, Any]) -> None:
    result = auto["result"]
    assert result.stat("levant/render/failed/load_more_navigated") == 1
    exported = {urlsplit(r["url"]).path for r in result.records}
    assert "/article/fault-cp1256-declared/" in exported  # listed only on that listing


def test_one_sigterm_stops_a_crawl_stuck_in_the_browser(browser: RenderConfig, tmp_path) -> None:
    decoy = Decoy()
    mirror = start_mirror(
        tmp_path, mirror_args(10, 1, 0, "--faults", "--decoy-port", str(decoy.port))
    )
    command, env = crawl_command(
        tmp_path, mirror.base_url, args={"sections": "archive"},
        settings={"LEVANT_RENDER_BUDGET": "600", "DOWNLOAD_TIMEOUT": "2"},
    )  # fmt: skip
    process = subprocess.Popen(command, cwd=PROJECT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        busy = "/article/fault-browser-busy/"
        deadline = time.monotonic() + 180
        while sum(r["path"] == busy for r in mirror.requests()) < 2:  # static, then browser
            assert time.monotonic() < deadline and process.poll() is None, "never rendered"
            time.sleep(0.2)
        time.sleep(3)  # the script is spinning now
        assert process.poll() is None
        sent = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _, log = process.communicate(timeout=60)
        stopped = time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
        mirror.stop()
        decoy.close()
    assert stopped < 10, f"{stopped:.1f} s after SIGTERM"
    assert log.count("Received SIGTERM") == 1 and crash_tracebacks(log) == []
    assert "levant/render/failed/shutdown" in log or "failed (shutdown)" in log
    with open_store(f"sqlite:///{tmp_path / 'state.db'}") as store:
        assert store.runs()[0].finish_reason == "shutdown"
    with open(tmp_path / "state.db.lock", "a") as lock:  # released: free to take at once
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
