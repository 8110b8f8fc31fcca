"""The date corpus (``corpus.tsv``): every row normalises to its expected value.

Each row is a string as printed on a page and its expected ISO value (empty: not a
date). Relative rows resolve against :data:`NOW`, the fetch time of the corpus.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from pathlib import Path

import pytest

from levant.dates import normalise_date

CORPUS = Path(__file__).with_name("corpus.tsv")
TZ = "Asia/Damascus"
NOW = datetime.datetime(2024, 12, 19, 10, 45, 37, tzinfo=zoneinfo.ZoneInfo(TZ))

_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def load_corpus(path: Path = CORPUS) -> list[tuple[str, str]]:
    """``(raw, expected)`` rows; ``\\uXXXX`` in raw stands for that character."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line:
            continue
        raw, expected = line.split("\t")
        rows.append((_ESCAPE.sub(lambda m: chr(int(m[1], 16)), raw), expected))
    return rows


ROWS = load_corpus()


def test_corpus_size():
    dates = [raw for raw, expected in ROWS if expected]
    assert len(dates) >= 250
    assert len(ROWS) - len(dates) >= 30
    assert len({raw for raw, _ in ROWS}) == len(ROWS), "duplicate rows"


@pytest.mark.parametrize(("raw", "expected"), ROWS, ids=[repr(raw) for raw, _ in ROWS])
def test_corpus_row(raw, expected):
    found = normalise_date(raw, now=NOW, tz=TZ)
    assert (found.isoformat() if found else "") == expected
    if found is not None and found.precision != "day":
        assert isinstance(found.value, datetime.datetime)
        assert found.value.utcoffset() is not None
