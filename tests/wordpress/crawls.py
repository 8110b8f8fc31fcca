"""Crawling the test WordPress in one setup: theme, SEO plugin, levant's site layout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from levant_dev.wordpress.server import WordPress
from tests.support.crawl import CrawlResult, run_crawl


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


def crawl(wordpress: WordPress, setup: Setup, workdir: Path, **args: str) -> CrawlResult:
    """Configure the site for *setup*, then one full crawl of it (``scrapy crawl levant``)
    from its pages (``discover=sections``, unless *args* say otherwise)."""
    wordpress.configure(setup.theme, setup.seo)
    arguments: dict[str, Any] = {"mode": "full", "discover": "sections", **args}
    return run_crawl(workdir, wordpress.base_url, args=arguments, settings=setup.settings)
