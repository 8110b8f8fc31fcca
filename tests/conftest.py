"""Shared fixtures: the offline mirror as a real server, and crawls of it.

With ``LEVANT_REQUIRE_ALL=1`` (set by ``.ci/run``), a test that skips because a
real component (Chromium, Redis, Scrapyd, WordPress) is missing fails instead (an
expected failure, ``xfail``, stays one), and hypothesis
draws the same examples every run (``derandomize``): CI judges the change, not the
luck of the draw. Elsewhere examples are random, and ``make fuzz`` runs many.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.support.crawl import CrawlResult, run_crawl
from tests.support.mirror import Mirror, mirror_args, start_mirror

REQUIRE_ALL = os.environ.get("LEVANT_REQUIRE_ALL") == "1"

settings.register_profile("ci", derandomize=True, print_blob=True)
if REQUIRE_ALL:
    settings.load_profile("ci")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    # An expected failure (xfail: a known gap, listed with its reason) is not a skip.
    expected_failure = hasattr(report, "wasxfail")
    if REQUIRE_ALL and report.skipped and not expected_failure and call.when in ("setup", "call"):
        report.outcome = "failed"
        report.longrepr = f"skipped, but LEVANT_REQUIRE_ALL=1 forbids skips: {report.longrepr}"


@pytest.fixture
def mirror_factory(tmp_path: Path) -> Iterator[Callable[..., Mirror]]:
    """Start mirrors on free 127.0.0.1 ports; all are stopped after the test."""
    started: list[Mirror] = []

    def start(*args: str, articles: int = 300, seed: int = 1, epoch: int = 0) -> Mirror:
        folder = tmp_path / f"mirror{len(started)}"
        folder.mkdir()
        mirror = start_mirror(folder, mirror_args(articles, seed, epoch, *args))
        started.append(mirror)
        return mirror

    yield start
    for mirror in started:
        mirror.stop()


@pytest.fixture(scope="module")
def mirror300(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mirror]:
    """The 300-article mirror, shared by the tests of one module."""
    mirror = start_mirror(tmp_path_factory.mktemp("mirror300"), mirror_args(300))
    yield mirror
    mirror.stop()


@pytest.fixture(scope="module")
def crawl300(mirror300: Mirror, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    """One full crawl of the 300-article mirror, shared by the tests of one module."""
    return run_crawl(tmp_path_factory.mktemp("crawl300"), mirror300.base_url)
