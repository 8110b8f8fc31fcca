"""``scrapy list`` with monitoring enabled does not import spidermon."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.monitoring.support import SETTINGS_MODULE
from tests.support.mirror import PROJECT


def test_scrapy_list_does_not_import_spidermon() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "scrapy", "list"],
        cwd=PROJECT,
        env={**os.environ, "SCRAPY_SETTINGS_MODULE": SETTINGS_MODULE, "PYTHONPATH": str(PROJECT)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["levant"]
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()]
    assert "levant.items" in imported  # the settings module was read
    assert not [name for name in imported if name.startswith(("spidermon", "levant.monitors.v"))]
