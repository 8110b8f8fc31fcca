"""Fixtures of the rendering tests: a real browser (skipped, with the reason, if none)."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from levant.render.config import RenderConfig


@pytest.fixture(scope="session")
def browser() -> RenderConfig:
    """The browser the default settings pick; skips with the reason when there is none."""
    config = RenderConfig.from_settings(Settings())
    if not config.available:
        pytest.skip(f"no browser for rendering: {config.problem}")
    return config
