"""Crawls of the mirror for the rendering tests (the render wiring comes from levant's
add-on, as in every crawl)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.crawl import CrawlResult, run_crawl
from tests.support.mirror import Mirror, mirror_args, start_mirror

JS_ARTICLES = 200


def crawl(folder: Path, mirror: Mirror, mode: str, **settings: str) -> CrawlResult:
    """Crawl ``mirror`` with ``-a render=MODE`` and ``settings``."""
    return run_crawl(
        folder,
        mirror.base_url,
        args={"render": mode, "discover": "sections"},
        settings=settings,
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
