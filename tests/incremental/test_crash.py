"""SIGKILL at random moments, resume each time: every article once, no torn line."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
from collections import Counter

import pytest

from levant.state import open_store
from tests.support.crawl import crawl_command, run_crawl
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
