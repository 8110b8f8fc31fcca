"""``mode=watch`` on a real WordPress: new and edited posts reach the stream as they
appear, an unchanged site costs one request a cycle, and SIGTERM stops it cleanly."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from levant_dev.wordpress.server import WordPress, missing, start_wordpress
from tests.support.crawl import crash_tracebacks, crawl_command
from tests.support.mirror import PROJECT
from tests.support.processes import stop_process

pytestmark = pytest.mark.crawl

INTERVAL = 2.0


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WordPress]:
    """A site of its own: these tests publish and edit posts."""
    if reason := missing():
        pytest.skip(reason)
    wordpress = start_wordpress(tmp_path_factory.mktemp("wordpress-watch"))
    wordpress.configure("twentytwentythree", False)
    yield wordpress
    wordpress.stop()


def _stream(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def _settled(path: Path, quiet: float, timeout: float) -> None:
    """Wait until the stream has lines and has not grown for *quiet* seconds."""
    start, size, since = time.monotonic(), -1, time.monotonic()
    while time.monotonic() - start < timeout:
        now = path.stat().st_size if path.exists() else 0
        if now != size:
            size, since = now, time.monotonic()
        elif size and time.monotonic() - since >= quiet:
            return
        time.sleep(0.1)
    raise TimeoutError(f"{path} did not settle within {timeout} s")


def _wait(predicate, timeout: float) -> float:  # type: ignore[no-untyped-def]
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(0.1)
    raise TimeoutError(f"not within {timeout} s")


@pytest.mark.parametrize("discover", ["api,sections", "feed"])
def test_watch_streams_new_and_edited_posts_and_stops_on_sigterm(
    site: WordPress, tmp_path: Path, discover: str
) -> None:
    command, env = crawl_command(
        tmp_path,
        site.base_url,
        args={"mode": "watch", "interval": str(INTERVAL), "discover": discover},
        settings={"LOG_LEVEL": "INFO"},
    )
    stream = tmp_path / "stream.jsonl"
    with (tmp_path / "watch.log").open("w") as log:  # the child keeps its own descriptor
        process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log, stderr=log, text=True)
    try:
        _settled(stream, quiet=INTERVAL * 3.5, timeout=90)  # the first crawl, then quiet cycles
        before = len(_stream(stream))
        changed = site.publish(new=2, edited=0 if discover == "feed" else 1)
        delay = _wait(
            lambda: (
                {r["post_id"] for r in _stream(stream)[before:]}
                >= set(changed["created"]) | set(changed["edited"])
            ),
            INTERVAL * 2 + 5,
        )
        assert delay <= INTERVAL * 2 + 5
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        stop_process(process)
    records = _stream(stream)
    keys = [(r["url"], r["version"]) for r in records]
    assert len(keys) == len(set(keys)), "a record twice in the stream"
    new = [r for r in records[before:] if r["post_id"] in changed["created"]]
    assert {r["event"] for r in new} == {"new"}
    assert all(
        r["event"] == "updated" for r in records[before:] if r["post_id"] in changed["edited"]
    )
    assert crash_tracebacks((tmp_path / "watch.log").read_text()) == []
    stats = json.loads((tmp_path / "run.stats.json").read_text())
    assert stats["finish_reason"] == "shutdown" and stats["levant/watch/cycles"] >= 3
    assert stats["levant/watch/quiet_cycles"] >= 2
    assert stats["levant/watch/quiet_cycle_requests"] <= 1  # an empty API page, or a 304
