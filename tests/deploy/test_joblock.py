"""One job at a time per state store: real processes contending for the lock file."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from levant.joblock import JobLock, lock_path_for
from tests.support.crawl import run_crawl
from tests.support.mirror import PROJECT, Mirror

# A second process that takes the lock, says so, and holds it until its stdin closes.
HOLDER = """
import sys
from levant.joblock import JobLock
lock = JobLock(sys.argv[1])
assert lock.try_acquire()
print("held", flush=True)
sys.stdin.read()
lock.release()
"""


@pytest.fixture
def hold_lock() -> Iterator[Callable[[Path], subprocess.Popen[str]]]:
    """Start processes that hold a lock file; each is ended after the test."""
    started: list[subprocess.Popen[str]] = []

    def start(path: Path) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path)],
            cwd=PROJECT,
            env={**os.environ, "PYTHONPATH": str(PROJECT)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        assert process.stdout is not None
        assert process.stdout.readline() == "held\n"
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate()


def _extensions_with_the_lock() -> str:
    """EXTENSIONS of settings.demo plus the lock, for ``-s EXTENSIONS=...``."""
    settings = Settings()
    settings.setmodule("settings.demo")
    return json.dumps({**settings.getdict("EXTENSIONS"), "levant.joblock.JobLock": -100})


# -- configuration -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "lock"),
    [
        ("sqlite:///.levant/state.db", ".levant/state.db.lock"),
        ("sqlite:///data/demo/state.db", "data/demo/state.db.lock"),
        ("sqlite:////var/lib/scrapyd/levant/state.db", "/var/lib/scrapyd/levant/state.db.lock"),
        ("SQLITE:///state.db", "state.db.lock"),
        ("sqlite://:memory:", None),
        ("sqlite:///:memory:", None),
        ("sqlite:///", None),
        ("redis://127.0.0.1:6379/0", None),
    ],
)
def test_default_lock_file_sits_beside_the_state_file(uri: str, lock: str | None) -> None:
    assert lock_path_for(uri) == (Path(lock) if lock else None)


def test_disabled_lock_is_not_configured() -> None:
    crawler = get_crawler(Spider, {"LEVANT_LOCK_ENABLED": False})
    with pytest.raises(NotConfigured):
        JobLock.from_crawler(crawler)


def test_store_without_a_file_needs_a_lock_file() -> None:
    crawler = get_crawler(Spider, {"LEVANT_STATE_URI": "sqlite://:memory:"})
    with pytest.raises(NotConfigured, match="set LEVANT_LOCK_FILE"):
        JobLock.from_crawler(crawler)


def test_free_lock_is_taken_and_released_when_the_engine_stops(tmp_path: Path) -> None:
    crawler = get_crawler(Spider, {"LEVANT_STATE_URI": f"sqlite:///{tmp_path}/s.db"})
    lock = JobLock.from_crawler(crawler)
    assert lock.held and lock.path == tmp_path / "s.db.lock"
    assert lock.holder() == str(os.getpid())
    assert crawler.stats.get_value("levant/joblock/acquired") == 1
    lock.release()
    assert not lock.held and lock.holder() == "unknown"
    assert lock.path.exists()  # never deleted: no job ever locks an unlinked file


def test_lock_file_setting_wins_over_the_state_file(tmp_path: Path) -> None:
    crawler = get_crawler(
        Spider,
        {"LEVANT_STATE_URI": "sqlite://:memory:", "LEVANT_LOCK_FILE": str(tmp_path / "x.lock")},
    )
    lock = JobLock.from_crawler(crawler)
    assert lock.path == tmp_path / "x.lock" and lock.held
    lock.release()


# -- two processes ---------------------------------------------------------------------


def test_lock_held_by_another_process_is_refused_with_its_pid(
    tmp_path: Path, hold_lock: Callable[[Path], subprocess.Popen[str]]
) -> None:
    path = tmp_path / "state.db.lock"
    holder = hold_lock(path)
    lock = JobLock(path)
    assert not lock.try_acquire()
    assert lock.holder() == str(holder.pid)
    holder.communicate("")  # the holder releases and exits
    assert lock.try_acquire()
    lock.release()


def test_lock_of_a_killed_process_is_free(
    tmp_path: Path, hold_lock: Callable[[Path], subprocess.Popen[str]]
) -> None:
    path = tmp_path / "state.db.lock"
    holder = hold_lock(path)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    lock = JobLock(path)
    assert lock.try_acquire()  # the kernel released it: no stale lock after a crash
    assert lock.holder() == str(os.getpid())
    lock.release()


def test_refused_job_keeps_away_from_the_shared_data(
    tmp_path: Path,
    hold_lock: Callable[[Path], subprocess.Popen[str]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    state = tmp_path / "state.db"
    holder = hold_lock(tmp_path / "state.db.lock")
    crawler = get_crawler(
        Spider,
        {
            "LEVANT_STATE_URI": f"sqlite:///{state}",
            "LEVANT_STREAM_PATH": str(tmp_path / "stream.jsonl"),
            "ITEM_PIPELINES": {"levant.pipelines.record.RecordPipeline": 900},
            "FEEDS": {str(tmp_path / "out.jsonl"): {"format": "jsonlines"}},
        },
    )
    crawler.settings.frozen = False  # as while Scrapy builds extensions, before it freezes them
    with caplog.at_level(logging.INFO, logger="levant.joblock"):
        lock = JobLock.from_crawler(crawler)
    assert not lock.held
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == [
        f"Another job holds the lock {tmp_path / 'state.db.lock'} (PID {holder.pid}); this job "
        "stops without crawling (finish reason 'locked', after waiting 0 s: LEVANT_LOCK_WAIT) "
        "(levant/joblock/refused)"
    ]
    assert crawler.settings.getdict("ITEM_PIPELINES") == {}
    assert crawler.settings.getdict("FEEDS") == {}
    assert crawler.settings.get("LEVANT_STREAM_PATH") == ""
    assert crawler.settings.get("LEVANT_STATE_URI") == "sqlite://:memory:"


@pytest.mark.crawl
def test_crawl_started_while_the_lock_is_held_stops_before_any_request(
    tmp_path: Path,
    mirror_factory: Callable[..., Mirror],
    hold_lock: Callable[[Path], subprocess.Popen[str]],
) -> None:
    mirror = mirror_factory(articles=20)
    holder = hold_lock(tmp_path / "state.db.lock")
    result = run_crawl(
        tmp_path, mirror.base_url, settings={"EXTENSIONS": _extensions_with_the_lock()}
    )
    assert result.stat("finish_reason") == "locked", result.log[-3000:]
    assert result.stat("levant/joblock/refused") == 1
    errors = [line for line in result.log.splitlines() if "] ERROR:" in line]
    assert len(errors) == 1 and f"(PID {holder.pid})" in errors[0], errors
    assert result.records == []
    assert mirror.requests() == []
    assert not (tmp_path / "stream.jsonl").exists()
    assert not (tmp_path / "state.db").exists()


@pytest.mark.crawl
def test_crawl_waits_for_the_lock_then_runs(
    tmp_path: Path,
    mirror_factory: Callable[..., Mirror],
    hold_lock: Callable[[Path], subprocess.Popen[str]],
) -> None:
    mirror = mirror_factory(articles=20)
    holder = hold_lock(tmp_path / "state.db.lock")
    log = tmp_path / "crawl.log"
    settings = {
        "EXTENSIONS": _extensions_with_the_lock(),
        "LEVANT_LOCK_WAIT": "300",
        "LOG_FILE": str(log),
    }
    with ThreadPoolExecutor(1) as pool:
        crawl = pool.submit(run_crawl, tmp_path, mirror.base_url, settings=settings)
        deadline = time.monotonic() + 120
        while "waiting up to 300 s" not in (log.read_text("utf-8") if log.exists() else ""):
            assert time.monotonic() < deadline and not crawl.done(), "the crawl never waited"
            time.sleep(0.2)
        assert mirror.requests() == []  # nothing is fetched while waiting
        holder.communicate("")  # the first job ends and releases the lock
        result = crawl.result()
    assert result.stat("finish_reason") == "finished", log.read_text("utf-8")[-3000:]
    assert result.stat("levant/joblock/acquired") == 1
    assert len(result.records) >= 20
