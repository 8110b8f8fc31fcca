"""The process under stress: SIGTERM mid-crawl, a full disk, a state database held by another."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess

import pytest

from levant.state import open_store
from tests.support.crawl import crash_tracebacks, crawl_command, run_crawl, wait_for_lines
from tests.support.mirror import PROJECT

pytestmark = pytest.mark.crawl


def _stream_urls(path) -> list[str]:
    raw = path.read_bytes()
    assert raw == b"" or raw.endswith(b"\n"), "torn line"
    return [json.loads(line)["url"] for line in raw.decode("utf-8").splitlines()]


def test_sigterm_stops_cleanly_and_leaves_a_consistent_state(mirror300, tmp_path) -> None:
    settings = {"CONCURRENT_REQUESTS": "2", "DOWNLOAD_DELAY": "0.02"}
    command, env = crawl_command(tmp_path, mirror300.base_url, settings=settings)
    process = subprocess.Popen(command, cwd=PROJECT, env=env, stderr=subprocess.PIPE, text=True)
    wait_for_lines(tmp_path / "stream.jsonl", 20)
    process.send_signal(signal.SIGTERM)
    _, log = process.communicate(timeout=60)
    assert "Received SIGTERM" in log and crash_tracebacks(log) == []
    urls = _stream_urls(tmp_path / "stream.jsonl")
    assert 0 < len(urls) < 300, "the signal must come mid-crawl"
    with open_store(f"sqlite:///{tmp_path / 'state.db'}") as store:
        assert {s.url for s in store} == set(urls)
        assert store.runs()[0].finish_reason == "shutdown"


def test_full_disk_stops_the_crawl_and_marks_nothing_seen(mirror300, tmp_path) -> None:
    result = run_crawl(tmp_path, mirror300.base_url, stream="/dev/full")
    assert result.stat("finish_reason") == "stream_write_failed"
    assert "Cannot write to the stream /dev/full" in result.log
    assert result.stat("levant/stream/write_failed") >= 1
    with open_store(f"sqlite:///{tmp_path / 'state.db'}") as store:
        assert len(store) == 0


def test_locked_state_database_gives_a_clear_error(mirror300, tmp_path) -> None:
    state = tmp_path / "state.db"
    open_store(f"sqlite:///{state}").close()
    holder = sqlite3.connect(state, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process writing, or a stuck tool
    try:
        result = run_crawl(
            tmp_path,
            mirror300.base_url,
            settings={"LEVANT_LOCK_FILE": str(tmp_path / "elsewhere.lock")},
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.stat("finish_reason") == "state_unavailable"
    assert f"state database {state} is locked by another process" in result.log
    assert crash_tracebacks(result.log) == []
    assert result.stat("downloader/request_count") == 0
    assert not (tmp_path / "stream.jsonl").exists()
