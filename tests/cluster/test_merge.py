"""``python -m levant merge``: the workers' stream files as one stream, in crawl order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from levant.__main__ import main as levant_main
from levant.cluster.merge import expand, main
from levant.pipelines.stream import stream_path


def _line(url: str, crawled_at: str, version: int = 1, **extra: object) -> str:
    record = {"url": url, "version": version, "crawled_at": crawled_at, "title": "خبر", **extra}
    return json.dumps(record, ensure_ascii=False) + "\n"


def _records(path: Path) -> list[tuple[str, int, str]]:
    lines = path.read_text("utf-8").splitlines()
    return [(r["url"], r["version"], r["crawled_at"]) for r in map(json.loads, lines)]


@pytest.fixture
def parts(tmp_path: Path) -> Path:
    folder = tmp_path / "stream"
    folder.mkdir()
    (folder / "node1-100.jsonl").write_text(
        _line("/a", "2026-11-20T10:00:02+00:00")
        + _line("/b", "2026-11-20T10:00:05+00:00")
        + _line("/c", "2026-11-20T10:00:05+00:00"),
        "utf-8",
    )
    (folder / "node2-200.jsonl").write_text(
        _line("/d", "2026-11-20T10:00:01+00:00")
        + _line("/e", "2026-11-20T10:00:05+00:00")
        + _line("/f", "2026-11-20T10:00:09+00:00")[:25],  # killed mid-write
        "utf-8",
    )
    (folder / "node1-300.jsonl").write_text(  # a restarted worker wrote /b again
        _line("/b", "2026-11-20T10:00:07+00:00") + _line("/b", "2026-11-20T10:00:08+00:00", 2),
        "utf-8",
    )
    return folder


def test_records_come_in_crawl_order_then_file_then_line(parts: Path, tmp_path: Path) -> None:
    out = tmp_path / "merged.jsonl"
    assert main([str(parts), "-o", str(out)]) == 0
    assert _records(out) == [
        ("/d", 1, "2026-11-20T10:00:01+00:00"),
        ("/a", 1, "2026-11-20T10:00:02+00:00"),
        ("/b", 1, "2026-11-20T10:00:05+00:00"),  # node1-100 before node2-200 (name order)
        ("/c", 1, "2026-11-20T10:00:05+00:00"),
        ("/e", 1, "2026-11-20T10:00:05+00:00"),
        ("/b", 2, "2026-11-20T10:00:08+00:00"),  # a new version is a record of its own
    ]


def test_counts_of_what_was_skipped_go_to_stderr(parts: Path, tmp_path: Path, capsys) -> None:
    assert main([str(parts / "*.jsonl"), "-o", str(tmp_path / "merged.jsonl")]) == 0
    assert capsys.readouterr().err.strip() == (
        "merge: merged 6 records from 3 files; skipped 1 duplicates of (url, version),"
        " 1 torn last lines, 0 unreadable lines"
    )


def test_without_output_the_stream_goes_to_stdout(parts: Path, capsysbinary) -> None:
    assert main([str(parts)]) == 0
    lines = capsysbinary.readouterr().out.decode("utf-8").splitlines()
    assert [json.loads(line)["url"] for line in lines] == ["/d", "/a", "/b", "/c", "/e", "/b"]
    assert "خبر" in lines[0]  # UTF-8 bytes as written, not re-encoded


def test_unreadable_lines_are_skipped(tmp_path: Path, capsys) -> None:
    part = tmp_path / "w.jsonl"
    part.write_text(_line("/a", "2026-11-20T10:00:00+00:00") + "{not json\n" + '{"no": 1}\n')
    assert main([str(part), "-o", str(tmp_path / "out.jsonl")]) == 0
    assert _records(tmp_path / "out.jsonl") == [("/a", 1, "2026-11-20T10:00:00+00:00")]
    assert "2 unreadable lines" in capsys.readouterr().err


def test_the_output_is_replaced_whole_and_never_read_as_a_part(parts: Path) -> None:
    out = parts / "merged.jsonl"  # inside the folder being merged
    out.write_text("old\n")
    assert main([str(parts), "-o", str(out)]) == 0
    assert main([str(parts), "-o", str(out)]) == 0  # the second merge skips its own output
    assert len(_records(out)) == 6
    assert sorted(p.name for p in parts.iterdir()) == [
        "merged.jsonl", "node1-100.jsonl", "node1-300.jsonl", "node2-200.jsonl",
    ]  # fmt: skip


def test_no_matching_file_is_an_error(tmp_path: Path, capsys) -> None:
    assert main([str(tmp_path / "nothing-*.jsonl")]) == 2
    assert "no stream file matches" in capsys.readouterr().err


def test_the_dispatcher_runs_it(parts: Path, tmp_path: Path) -> None:
    out = tmp_path / "merged.jsonl"
    assert levant_main(["merge", str(parts), "-o", str(out)]) == 0
    assert len(_records(out)) == 6


def test_patterns_expand_in_argument_then_name_order(parts: Path) -> None:
    names = [p.name for p in expand([str(parts / "node2-*.jsonl"), str(parts)])]
    assert names == ["node2-200.jsonl", "node1-100.jsonl", "node1-300.jsonl"]


def test_stream_path_names_the_host_and_the_process() -> None:
    import os

    from levant.cluster import host_name

    path = stream_path("data/stream/{host}-{pid}.jsonl")
    assert path == f"data/stream/{host_name()}-{os.getpid()}.jsonl"
    assert stream_path("data/stream.jsonl") == "data/stream.jsonl"
