"""The date corpora: every row normalises to its expected value.

``corpus.tsv`` holds strings written by the project in the shapes pages print;
``real_corpus.tsv`` holds date lines read on real Arabic pages, each with its source
URL. Each row is a string and its expected ISO value (empty: not a date). Relative
rows resolve against :data:`NOW`, the fetch time of the corpus.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from pathlib import Path

import pytest

from levant.dates import normalise_date

CORPUS = Path(__file__).with_name("corpus.tsv")
REAL_CORPUS = Path(__file__).with_name("real_corpus.tsv")
TZ = "Asia/Damascus"
NOW = datetime.datetime(2024, 12, 19, 10, 45, 37, tzinfo=zoneinfo.ZoneInfo(TZ))

_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def load_corpus(path: Path = CORPUS) -> list[tuple[str, str, str]]:
    """``(raw, expected, source)`` rows; ``\\uXXXX`` in raw stands for that character."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line:
            continue
        raw, expected, *source = line.split("\t")
        rows.append((_ESCAPE.sub(lambda m: chr(int(m[1], 16)), raw), expected, "".join(source)))
    return rows


WRITTEN = load_corpus()
REAL = load_corpus(REAL_CORPUS)
ROWS = [(raw, expected) for raw, expected, _ in WRITTEN + REAL]


def test_corpus_size():
    dates = [raw for raw, expected in ROWS if expected]
    assert len(ROWS) >= 720
    assert len(dates) >= 590
    assert len(ROWS) - len(dates) >= 125
    assert len({raw for raw, _ in ROWS}) == len(ROWS), "duplicate rows"


def test_real_rows_name_their_page():
    assert len(REAL) >= 240
    assert len({source for _, _, source in REAL}) >= 185
    assert all(source.startswith(("http://", "https://")) for _, _, source in REAL)
    assert not any(source for _, _, source in WRITTEN), "a written row claims a source"


@pytest.mark.parametrize(("raw", "expected"), ROWS, ids=[repr(raw) for raw, _ in ROWS])
def test_corpus_row(raw, expected):
    found = normalise_date(raw, now=NOW, tz=TZ)
    assert (found.isoformat() if found else "") == expected
    if found is not None and found.precision != "day":
        assert isinstance(found.value, datetime.datetime)
        assert found.value.utcoffset() is not None
