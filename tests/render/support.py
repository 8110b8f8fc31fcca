"""Crawls of the mirror with the render wiring, for the rendering tests.

Crawls get the wiring with ``-s`` (:func:`levant.render.settings.command_line_for`)
only when the demo profile does not carry it yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.settings import Settings

from levant.render.settings import command_line_for
from tests.support.crawl import CrawlResult, run_crawl
from tests.support.mirror import Mirror, mirror_args, start_mirror

JS_ARTICLES = 200


def wiring() -> dict[str, str]:
    demo = Settings()
    demo.setmodule("settings.demo", priority="project")
    return command_line_for(demo)


def crawl(folder: Path, mirror: Mirror, mode: str, **settings: str) -> CrawlResult:
    """Crawl ``mirror`` with ``-a render=MODE``, the render wiring and ``settings``."""
    return run_crawl(
        folder,
        mirror.base_url,
        args={"render": mode, "discover": "sections"},
        settings={**wiring(), **settings},
    )


def mirror_crawl(
    factory: pytest.TempPathFactory, mode: str, *mirror_flags: str, articles: int = JS_ARTICLES,
    **settings: str,
) -> Iterator[tuple[Mirror, CrawlResult]]:  # fmt: skip
    """A mirror of its own (so its access log is this crawl's) and one crawl of it."""
    folder = factory.mktemp(f"render-{mode}")
    mirror = start_mirror(folder, mirror_args(articles, 1, 0, *mirror_flags))
    try:
        yield mirror, crawl(folder, mirror, mode, **settings)
    finally:
        mirror.stop()
