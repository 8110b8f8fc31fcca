"""A monitored crawl of the mirror shows its user no deprecation warning.

pytest turns warnings into errors (``filterwarnings = ["error"]`` in pyproject.toml),
but only inside the test process: a crawl runs in a process of its own, as a user
runs it. There ``PYTHONWARNINGS=default`` shows every warning once, deprecations of
any library included (Python hides ``DeprecationWarning`` outside ``__main__`` by
default), and Scrapy logs each one through ``py.warnings``; the log must hold none.
spidermon's own ``Spider.log()`` call is silenced in one place
(:func:`levant.compat.ignore_spidermon_spider_log`); everything else must be fixed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.monitoring.support import monitored_crawl
from tests.support.mirror import Mirror

pytestmark = pytest.mark.crawl


def test_a_monitored_crawl_logs_no_deprecation_warning(
    mirrors: Callable[..., Mirror], workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONWARNINGS", "default")
    result = monitored_crawl(workdir, mirrors().base_url)
    assert result.returncode == 0, result.log[-3000:]
    assert result.stat("finish_reason") == "finished"
    assert re.search(r"\[Spidermon\] \d+ monitors in", result.log), "the monitors did not run"
    warnings = [line for line in result.log.splitlines() if "Warning" in line]
    assert [line for line in warnings if "Deprecation" in line] == [], warnings
