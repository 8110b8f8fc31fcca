"""A real WordPress for the whole test session, and crawls of it cached per setup.

The site starts once (``server.start_wordpress``: MariaDB, PHP's server, WordPress
installed and filled through its own API) and is stopped and deleted at the end.
It skips (a failure under ``LEVANT_REQUIRE_ALL=1``) when Debian's packages are
missing; ``.ci/run`` installs them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.crawl import CrawlResult, run_crawl
from tests.wordpress.server import WordPress, installed_themes, missing, start_wordpress
from tests.wordpress.truth import ExpectedPost, expected_posts


@dataclass(frozen=True)
class Setup:
    """One way to crawl the site: its theme, the SEO plugin on or off, and whether
    levant may use its site layout (``generic`` sets ``LEVANT_SITE_LAYOUT=False``)."""

    theme: str
    seo: bool
    layout: str  # "site" or "generic"

    @property
    def id(self) -> str:
        return f"{self.theme}-{'seo' if self.seo else 'noseo'}-{self.layout}"

    @property
    def settings(self) -> dict[str, str]:
        return {"LEVANT_SITE_LAYOUT": "False"} if self.layout == "generic" else {}


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

    def crawl(setup: Setup) -> CrawlResult:
        if setup not in done:
            if setup.theme not in installed_themes():
                pytest.skip(f"theme {setup.theme} is not installed "
                            f"(apt-get install -y wordpress-theme-{setup.theme})")  # fmt: skip
            wordpress.configure(setup.theme, setup.seo)
            workdir: Path = tmp_path_factory.mktemp(setup.id)
            done[setup] = run_crawl(
                workdir, wordpress.base_url, args={"mode": "full"}, settings=setup.settings
            )
        return done[setup]

    return crawl
