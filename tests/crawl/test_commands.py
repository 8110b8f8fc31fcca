"""The Scrapy commands a user runs: list, crawl to stdout, check, parse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.mirror import PROJECT, Mirror

pytestmark = pytest.mark.crawl


def scrapy(
    *args: str, workdir: Path | None = None, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    """Run a scrapy command with the demo profile; with *workdir*, the crawl's state,
    stream and report stay there (not in the project's data/)."""
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "settings.demo"}
    isolated = []
    if workdir is not None:
        isolated = [
            "-s", f"LEVANT_STATE_URI=sqlite:///{workdir / 'state.db'}",
            "-s", f"LEVANT_STREAM_PATH={workdir / 'stream.jsonl'}",
            "-s", f"LEVANT_REPORT_DIR={workdir / 'reports'}",
        ]  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args, *isolated],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_scrapy_list_names_the_spider() -> None:
    done = scrapy("list")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["levant"]


def test_crawl_to_stdout_as_json_lines(mirror300: Mirror, tmp_path: Path) -> None:
    done = scrapy(
        "crawl",
        "levant",
        "-o",
        "-:jsonlines",
        "-a",
        f"base_url={mirror300.base_url}",
        "-a",
        "sections=caricature",
        "-a",
        "max_pages=1",
        workdir=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert sum(r["section"] == "كاريكاتير" for r in records) >= 5
    assert "كاريكاتير" in done.stdout  # UTF-8, not \\u escapes


def test_section_filter_and_max_pages_limit_the_crawl(mirror300: Mirror, tmp_path: Path) -> None:
    done = scrapy(
        "crawl",
        "levant",
        "-O",
        str(tmp_path / "out.jsonl"),
        "-a",
        f"base_url={mirror300.base_url}",
        "-a",
        "sections=politics",
        "-a",
        "max_pages=1",
        "-s",
        f"LEVANT_STATS_FILE={tmp_path / 's.json'}",
        workdir=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    stats = json.loads((tmp_path / "s.json").read_text("utf-8"))
    assert stats["levant/sections"] == 1
    assert stats["levant/listing/pages"] == 1


def test_scrapy_check_passes_on_the_mirror(mirror300: Mirror, tmp_path: Path) -> None:
    done = scrapy(
        "check", "levant", "-s", f"LEVANT_BASE_URL={mirror300.base_url}", workdir=tmp_path
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "OK" in done.stderr


def test_scrapy_parse_extracts_an_article(mirror300: Mirror, tmp_path: Path) -> None:
    seed = next(t for t in mirror300.truth() if t["title"].startswith("بشار الأسد"))
    done = scrapy(
        "parse",
        "--spider",
        "levant",
        "-c",
        "parse_article",
        "-a",
        f"base_url={mirror300.base_url}",
        f"{mirror300.base_url}?p={seed['post_id']}",
        workdir=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert seed["title"] in done.stdout
