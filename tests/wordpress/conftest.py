"""A real WordPress for the whole test session, and crawls of it cached per setup.

The site starts once (``server.start_wordpress``: MariaDB, PHP's server, WordPress
installed and filled through its own API) and is stopped and deleted at the end.
It skips (a failure under ``LEVANT_REQUIRE_ALL=1``) when Debian's packages are
missing; ``.ci/run`` installs them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from levant_dev.wordpress.server import WordPress, installed_themes, missing, start_wordpress
from levant_dev.wordpress.truth import ExpectedPost, expected_posts
from tests.support.crawl import CrawlResult
from tests.wordpress.crawls import Setup, crawl


@pytest.fixture(scope="session")
def wordpress(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WordPress]:
    reason = missing()
    if reason:
        pytest.skip(reason)
    site = start_wordpress(tmp_path_factory.mktemp("wordpress"))
    yield site
    site.stop()


@pytest.fixture(scope="session")
def database_posts(wordpress: WordPress) -> list[ExpectedPost]:
    """Every published post as WordPress's database holds it."""
    return expected_posts(wordpress.dump())


@pytest.fixture(scope="session")
def crawl_wordpress(
    wordpress: WordPress, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[Setup], CrawlResult]:
    """A full crawl of the site in a given setup; each setup is crawled once a session."""
    done: dict[Setup, CrawlResult] = {}

    def crawl_once(setup: Setup) -> CrawlResult:
        if setup not in done:
            if setup.theme not in installed_themes():
                pytest.skip(f"theme {setup.theme} is not installed "
                            f"(apt-get install -y wordpress-theme-{setup.theme})")  # fmt: skip
            done[setup] = crawl(wordpress, setup, tmp_path_factory.mktemp(setup.id))
        return done[setup]

    return crawl_once
