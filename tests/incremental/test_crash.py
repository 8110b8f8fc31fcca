"""SIGKILL at random moments, resume each time: every article once, no torn line."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from collections import Counter

import pytest

from levant.state import open_store
from tests.support.crawl import crash_tracebacks, crawl_command, run_crawl, wait_for_lines
from tests.support.mirror import PROJECT, Mirror

pytestmark = pytest.mark.crawl

KILLS = 5
SLOW = {"CONCURRENT_REQUESTS": "4", "CONCURRENT_REQUESTS_PER_DOMAIN": "4"}


@pytest.fixture(scope="module")
def mirror1000(tmp_path_factory):
    from tests.support.mirror import mirror_args, start_mirror

    mirror = start_mirror(tmp_path_factory.mktemp("m1000"), mirror_args(1000))
    yield mirror
    mirror.stop()


def test_killed_crawls_resume_to_every_article_exactly_once(mirror1000: Mirror, tmp_path) -> None:
    rng = random.Random(20261128)
    moments = sorted(rng.uniform(0.8, 4.0) for _ in range(KILLS))
    killed_with_output = 0
    for number, moment in enumerate(moments):
        command, env = crawl_command(
            tmp_path, mirror1000.base_url, settings=SLOW, name=f"k{number}"
        )
        process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        killed_with_output += (tmp_path / "stream.jsonl").exists()
    assert killed_with_output, f"no kill happened after the crawl started writing: {moments}"

    final = run_crawl(tmp_path, mirror1000.base_url, name="final")
    assert final.returncode == 0, final.log[-3000:]

    raw = (tmp_path / "stream.jsonl").read_bytes()
    assert raw.endswith(b"\n"), "torn last line"
    records = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    counts = Counter(r["url"] for r in records)
    truth = {t["url"] for t in mirror1000.truth()}
    assert set(counts) == truth
    assert [u for u, n in counts.items() if n > 1] == []

    store = open_store(f"sqlite:///{tmp_path / 'state.db'}")
    try:
        assert {s.url for s in store} == set(counts)
        assert {s.url: s.content_hash for s in store} == {
            r["url"]: r["content_hash"] for r in records
        }
    finally:
        store.close()


# -- a store that fails for a moment ---------------------------------------------

ONE_SECOND_GROUPS = {"LEVANT_STATE_COMMIT_EVERY": "100000", "LEVANT_STATE_COMMIT_SECONDS": "0.2"}
# Which commit comes first after the failure is armed: a full group, the periodic
# commit (LEVANT_STATE_COMMIT_SECONDS) or the commit on close.
COMMIT_POINTS = {
    "group": {"LEVANT_STATE_COMMIT_EVERY": "10", "LEVANT_STATE_COMMIT_SECONDS": "3600"},
    "periodic": ONE_SECOND_GROUPS,
    "close": {"LEVANT_STATE_COMMIT_EVERY": "100000", "LEVANT_STATE_COMMIT_SECONDS": "3600"},
}


@pytest.fixture(scope="module")
def mirror200(tmp_path_factory):
    from tests.support.mirror import mirror_args, start_mirror

    mirror = start_mirror(tmp_path_factory.mktemp("m200"), mirror_args(200))
    yield mirror
    mirror.stop()


def _extensions_with(extension: str) -> str:
    """The demo profile's EXTENSIONS plus *extension* (``-s EXTENSIONS`` replaces them)."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("settings.demo", priority="project")
    extensions = dict(settings.getdict("EXTENSIONS"))
    extensions[extension] = 200
    return json.dumps(extensions)


def _assert_every_article_once(workdir, mirror: Mirror) -> None:
    raw = (workdir / "stream.jsonl").read_bytes()
    assert raw.endswith(b"\n"), "torn last line"
    records = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    counts = Counter(r["url"] for r in records)
    assert set(counts) == {t["url"] for t in mirror.truth()}
    assert [u for u, n in counts.items() if n > 1] == []
    assert {r["event"] for r in records} == {"new"}


def _state_errors(log: str) -> list[str]:
    return [line for line in log.splitlines() if "ERROR" in line and "state store" in line]


@pytest.mark.parametrize("point", list(COMMIT_POINTS))
def test_a_commit_refused_once_stops_the_crawl_and_the_next_run_replays_it(
    point: str, mirror200: Mirror, tmp_path
) -> None:
    settings = {
        **COMMIT_POINTS[point],
        "EXTENSIONS": _extensions_with("tests.state.faults.FailOneCommit"),
        "LEVANT_TEST_FAIL_AFTER": "25",
    }
    failed = run_crawl(tmp_path, mirror200.base_url, settings=settings, name="failed")
    assert failed.stat("finish_reason") == "state_write_failed", failed.log[-3000:]
    assert crash_tracebacks(failed.log) == []
    assert len(_state_errors(failed.log)) == 1, _state_errors(failed.log)
    if point != "close":  # the crawl stopped: not every article went out
        assert failed.stat("item_scraped_count") < len(mirror200.truth())

    final = run_crawl(tmp_path, mirror200.base_url, name="final")
    assert final.returncode == 0 and final.stat("finish_reason") == "finished", final.log[-3000:]
    assert final.stat("levant/stream/replayed") > 0
    _assert_every_article_once(tmp_path, mirror200)
    with open_store(f"sqlite:///{tmp_path / 'state.db'}") as store:
        assert [run.finish_reason for run in store.runs()] == ["finished", "state_write_failed"]


def _run_until(command, env, log_path, stream, lines: int, then) -> str:
    """Run a crawl; once *stream* holds *lines* lines, call *then*; the crawl's log."""
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL,
                                   stderr=log)  # fmt: skip
        try:
            wait_for_lines(stream, lines)
            then()
            process.wait(timeout=300)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    return log_path.read_text("utf-8")


def _mount_tmpfs(path, size: str) -> None:
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.strip()}")


def _fill(path) -> None:
    """Write *path* until the file system is full."""
    block = b"\0" * 65536
    with open(path, "wb", buffering=0) as filler:
        try:
            while True:
                filler.write(block)
        except OSError:
            pass
    with open(path, "ab", buffering=0) as filler:  # the last partial block
        try:
            while True:
                filler.write(b"\0" * 512)
        except OSError:
            pass


def test_a_real_disk_full_for_a_moment_under_the_store_loses_and_repeats_nothing(
    mirror1000: Mirror, tmp_path
) -> None:
    disk = tmp_path / "disk"
    _mount_tmpfs(disk, "16m")
    try:
        state = disk / "state.db"
        command, env = crawl_command(tmp_path, mirror1000.base_url, state=state, name="full",
                                     settings={**SLOW, **ONE_SECOND_GROUPS})  # fmt: skip

        def disk_full_for_a_moment() -> None:
            _fill(disk / "filler")
            time.sleep(0.8)  # under a second: the disk frees again
            (disk / "filler").unlink()

        log = _run_until(command, env, tmp_path / "full.log", tmp_path / "stream.jsonl", 100,
                         disk_full_for_a_moment)  # fmt: skip
        stats = json.loads((tmp_path / "full.stats.json").read_text("utf-8"))
        assert stats["finish_reason"] == "state_write_failed", log[-3000:]
        assert crash_tracebacks(log) == []
        assert any("full" in line for line in _state_errors(log)), _state_errors(log)

        final = run_crawl(tmp_path, mirror1000.base_url, state=state, name="final")
        assert final.stat("finish_reason") == "finished", final.log[-3000:]
        _assert_every_article_once(tmp_path, mirror1000)
        with open_store(f"sqlite:///{state}") as store:
            records = [json.loads(x) for x in (tmp_path / "stream.jsonl").read_text().splitlines()]
            assert {s.url: s.content_hash for s in store} == {
                r["url"]: r["content_hash"] for r in records
            }
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_redis_going_away_mid_crawl_stops_it_with_one_error_and_no_traceback(
    mirror1000: Mirror, tmp_path
) -> None:
    from tests.cluster.conftest import start_redis

    (tmp_path / "redis").mkdir()
    server = start_redis(tmp_path / "redis")
    try:
        uri = f"{server.url}?prefix=crash"
        settings = {**SLOW, "LEVANT_STATE_URI": uri, "LEVANT_LOCK_FILE": str(tmp_path / "lock")}
        command, env = crawl_command(tmp_path, mirror1000.base_url, name="redis", settings=settings)
        log = _run_until(command, env, tmp_path / "redis.log", tmp_path / "stream.jsonl", 50,
                         server.stop)  # fmt: skip
    finally:
        server.stop()
    stats = json.loads((tmp_path / "redis.stats.json").read_text("utf-8"))
    assert stats["finish_reason"] in ("state_write_failed", "state_unavailable"), log[-3000:]
    assert crash_tracebacks(log) == []
    errors = _state_errors(log)
    assert len(errors) == 1 and "Redis" in errors[0], errors
    written = (tmp_path / "stream.jsonl").read_bytes().count(b"\n")
    assert written < len(mirror1000.truth())
    # What was scraped after the failure was dropped, and counted: nothing exported past it.
    assert stats.get("levant/stream/written", 0) == written


def test_a_stream_path_that_is_a_directory_stops_the_crawl_before_any_request(
    mirror200: Mirror, tmp_path
) -> None:
    (tmp_path / "stream").mkdir()
    done = run_crawl(tmp_path, mirror200.base_url, stream=tmp_path / "stream", name="dir")
    assert done.stat("finish_reason") == "stream_unavailable", done.log[-3000:]
    assert done.stat("downloader/request_count") == 0
    assert crash_tracebacks(done.log) == []
    assert "Is a directory" in done.log


def test_a_crawl_on_a_hard_link_to_a_state_in_use_is_refused(mirror200: Mirror, tmp_path) -> None:
    from levant.state.crawl import CrawlState

    first = CrawlState(f"sqlite:///{tmp_path / 'state.db'}").open("full")  # a crawl holds it
    try:
        os.link(tmp_path / "state.db", tmp_path / "other.db")
        done = run_crawl(tmp_path, mirror200.base_url, state=tmp_path / "other.db", name="link")
    finally:
        first.close("finished")
    assert done.stat("finish_reason") == "locked", done.log[-3000:]
    assert done.stat("downloader/request_count") == 0
    assert crash_tracebacks(done.log) == []
    assert not (tmp_path / "stream.jsonl").exists() or not (tmp_path / "stream.jsonl").read_bytes()
