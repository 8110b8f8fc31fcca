"""Incremental recrawls cost what is new: 2,000 articles, then one epoch of changes."""

from __future__ import annotations

from collections import Counter

import pytest

from levant.state import open_store
from tests.support.crawl import run_crawl
from tests.support.mirror import mirror_args, port_of, present_anchor, start_mirror

pytestmark = pytest.mark.crawl


@pytest.fixture(scope="module")
def recrawl(tmp_path_factory):
    """Run 1 at epoch 0, run 2 at epoch 1 (same host and port), one state and stream."""
    work = tmp_path_factory.mktemp("recrawl")
    anchor = present_anchor()
    args0 = mirror_args(2000, 1, 0, anchor=anchor)
    args1 = mirror_args(2000, 1, 1, anchor=anchor)
    (work / "m0").mkdir()
    (work / "m1").mkdir()
    mirror = start_mirror(work / "m0", args0)
    try:
        run1 = run_crawl(work, mirror.base_url, name="run1")
    finally:
        mirror.stop()
    mirror = start_mirror(work / "m1", args1, port=port_of(mirror))
    try:
        run2 = run_crawl(work, mirror.base_url, name="run2")
    finally:
        mirror.stop()
    return {"work": work, "run1": run1, "run2": run2, "truth1": mirror.truth(),
            "requests": mirror.requests()}  # fmt: skip


def test_first_run_exports_every_article_as_new(recrawl) -> None:
    run1 = recrawl["run1"]
    assert run1.returncode == 0, run1.log[-2000:]
    assert len(run1.records) == 2000
    assert {r["event"] for r in run1.records} == {"new"}
    assert {r["version"] for r in run1.records} == {1}


def test_second_run_exports_exactly_the_new_and_edited(recrawl) -> None:
    run2 = recrawl["run2"]
    truth1 = {t["url"]: t for t in recrawl["truth1"]}
    new = {u for u, t in truth1.items() if t["epoch"] == 1}
    edited = {u for u, t in truth1.items() if t["version"] == 2}
    assert (len(new), len(edited)) == (20, 5)
    got = Counter((r["url"], r["event"]) for r in run2.records)
    assert got == Counter({**{(u, "new"): 1 for u in new}, **{(u, "updated"): 1 for u in edited}})
    for record in run2.records:
        truth = truth1[record["url"]]
        assert record["body"] == truth["body"]
        assert record["version"] == truth["version"]


def test_second_run_costs_what_is_new(recrawl) -> None:
    run2, requests = recrawl["run2"], recrawl["requests"]
    conditional = [r for r in requests if "if-none-match" in r]
    refreshed = len(conditional)  # R: known articles inside the refresh window
    assert refreshed >= 5, "the five edited articles are inside the window"
    budget = 20 + refreshed + 2 * run2.stat("levant/sections") + 5
    assert len(requests) <= budget, Counter(r["status"] for r in requests)
    assert sum(r["status"] == 304 for r in conditional) == refreshed - 5
    assert run2.stat("levant/incremental/not_modified") == refreshed - 5
    # every 304 reached the one writer, which touched the article; one connection per run
    assert run2.stat("levant/incremental/touched") == refreshed - 5
    assert run2.stat("levant/state/opened") == 1


def test_stream_holds_every_version_once_and_the_store_agrees(recrawl) -> None:
    lines = (recrawl["work"] / "stream.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == 2000 + 20 + 5
    store = open_store(f"sqlite:///{recrawl['work'] / 'state.db'}")
    try:
        assert len(store) == 2020
        assert sum(s.version == 2 for s in store) == 5
        runs = store.runs()
        assert [r.mode for r in runs] == ["incremental", "full"]
        assert all(r.finish_reason == "finished" for r in runs)
    finally:
        store.close()
