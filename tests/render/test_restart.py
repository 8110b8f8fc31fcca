"""A browser, or Playwright's driver, that dies mid-crawl is started again: the pages
after it are rendered, not failed for the rest of the run (a huge DOM can kill the driver)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from levant.render.config import RenderConfig
from tests.support.crawl import crash_tracebacks, crawl_command
from tests.support.mirror import PROJECT, mirror_args, start_mirror

pytestmark = pytest.mark.crawl


def _descendants(pid: int) -> list[tuple[int, str]]:
    listing = subprocess.run(
        ["ps", "-ww", "-e", "-o", "pid=,ppid=,args="], capture_output=True, text=True, check=True
    )
    rows = [line.split(None, 2) for line in listing.stdout.splitlines()]
    found: list[tuple[int, str]] = []
    parents = {str(pid)}
    while parents:
        children = [r for r in rows if len(r) == 3 and r[1] in parents]
        found += [(int(r[0]), r[2]) for r in children]
        parents = {r[0] for r in children}
    return found


def _is(target: str, command: str) -> bool:
    if target == "driver":
        return "playwright/driver/node" in command
    return "chrom" in command.split()[0] and "--type=" not in command  # the browser process


@pytest.mark.parametrize("target", ["driver", "browser"])
def test_rendering_goes_on_after_the_browser_dies(
    browser: RenderConfig, tmp_path: Path, target: str
) -> None:
    mirror = start_mirror(tmp_path, mirror_args(40))
    command, env = crawl_command(
        tmp_path, mirror.base_url, args={"render": "always"}, settings={"CONCURRENT_REQUESTS": "2"}
    )
    process = subprocess.Popen(command, cwd=PROJECT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while sum(r["path"].startswith("/article/") for r in mirror.requests()) < 5:
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.1)
        victims = [pid for pid, args in _descendants(process.pid) if _is(target, args)]
        assert victims, f"no {target} process found in {_descendants(process.pid)}"
        os.kill(victims[0], signal.SIGKILL)
        _, log = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
        mirror.stop()
    stats = json.loads((tmp_path / "run.stats.json").read_text("utf-8"))
    # Playwright logs its own event listeners cut off by the kill (TargetClosedError):
    # the kill's echo, not a crash of the crawl.
    crashes = [r for r in crash_tracebacks(log) if "TargetClosedError" not in r]
    assert process.returncode == 0 and crashes == []
    assert stats["levant/render/browser_restarts"] == 1
    assert stats.get("levant/render/failed", 0) <= 2  # the pages open at that moment
    assert stats["item_scraped_count"] == len(mirror.truth())
