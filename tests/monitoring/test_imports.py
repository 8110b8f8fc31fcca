"""``scrapy list`` in the project (monitoring on in settings.base) does not import spidermon."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.support.mirror import PROJECT


def test_scrapy_list_does_not_import_spidermon() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "scrapy", "list"],
        cwd=PROJECT,
        env={k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["levant"]
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()]
    assert "levant.items" in imported  # the settings module was read
    assert not [name for name in imported if name.startswith(("spidermon", "levant.monitors.v"))]
