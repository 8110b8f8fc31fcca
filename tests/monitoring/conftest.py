"""Mirrors with a present anchor, and the crawls the monitoring tests share."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.mirror import Mirror, mirror_args, present_anchor, start_mirror

ARTICLES = 60  # small: each scenario is one or two real crawls


@pytest.fixture(scope="module")
def mirrors(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Mirror]]:
    """Start mirrors (``--articles 60``) anchored at the present hour unless told;
    all are stopped when the module's tests are done."""
    started: list[Mirror] = []

    def start(*extra: str, anchor: str | None = None, articles: int = ARTICLES) -> Mirror:
        folder = tmp_path_factory.mktemp("mirror")
        args = mirror_args(articles, 1, 0, *extra, anchor=anchor or present_anchor())
        started.append(start_mirror(folder, args))
        return started[-1]

    yield start
    for mirror in started:
        mirror.stop()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return tmp_path
