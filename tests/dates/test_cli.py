"""``python -m levant.dates``: one raw string per stdin line, ``raw<TAB>normalised`` out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "levant.dates", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=False,
    )


def test_one_line_per_input_line_empty_when_not_a_date():
    lines = ["19 كانون الأول 2024", "95.1%", "١٤ سبتمبر ٢٠٢١ - ٩:١٥ م", "", "القرار 2254"]
    result = _run("\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "19 كانون الأول 2024\t2024-12-19",
        "95.1%\t",
        "١٤ سبتمبر ٢٠٢١ - ٩:١٥ م\t2021-09-14T21:15:00+03:00",
        "\t",
        "القرار 2254\t",
    ]


def test_base_resolves_relative_forms():
    result = _run("منذ ساعتين\nأمس\n", "--base", "2024-12-19T10:45:00+03:00")
    assert result.stdout.splitlines() == [
        "منذ ساعتين\t2024-12-19T08:45:00+03:00",
        "أمس\t2024-12-18",
    ]


def test_without_base_relative_forms_are_empty():
    assert _run("منذ ساعتين\n").stdout == "منذ ساعتين\t\n"


def test_tz_and_a_naive_base_read_in_it():
    result = _run("منذ ساعة\n19/12/2024 10:30\n", "--base", "2024-12-19T10:45", "--tz", "UTC")
    assert result.stdout.splitlines() == [
        "منذ ساعة\t2024-12-19T09:45:00+00:00",
        "19/12/2024 10:30\t2024-12-19T10:30:00+00:00",
    ]


def test_bad_arguments_exit_2():
    assert _run("", "--tz", "Mars/Olympus").returncode == 2
    assert _run("", "--base", "yesterday").returncode == 2
