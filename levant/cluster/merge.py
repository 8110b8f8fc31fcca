"""``python -m levant merge``: the workers' stream files as one stream, in crawl order.

    python -m levant merge 'data/cluster/stream/*.jsonl' -o data/cluster/stream.jsonl
    python -m levant merge data/cluster/stream/ > stream.jsonl

Each worker of a cluster appends to a file of its own (``LEVANT_STREAM_PATH`` with
``{host}`` and ``{pid}``). This command reads them all (files, directories of
``*.jsonl``, or glob patterns) and writes one JSON Lines stream:

- in crawl order: by ``crawled_at`` (a UTC time to the second), then by file (the
  order of the arguments, each expanded in name order), then by line, so records
  of one second keep each file's order;
- each ``(url, version)`` once: the first in that order is kept (a record a killed
  worker wrote and a later worker wrote again is one record);
- whole records only: a torn last line (the worker was killed mid-write) and an
  unreadable line are skipped and counted.

With ``-o``, the output is written to a temporary file beside it and renamed over
it, so a reader never sees a half-merged stream; without, it goes to stdout. The
counts go to stderr. The files are read twice (keys, then lines), never held whole
in memory. Exit status 0, or 2 when no file matches.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO


@dataclass(order=True)
class _Entry:
    crawled_at: str
    part: int
    line: int
    offset: int = field(compare=False)
    length: int = field(compare=False)
    key: tuple[str, int] = field(compare=False)


@dataclass
class MergeResult:
    """What :func:`merge` did."""

    parts: list[Path]
    written: int = 0
    duplicates: int = 0
    torn: int = 0
    unreadable: int = 0

    def summary(self) -> str:
        return (
            f"merged {self.written} records from {len(self.parts)} files;"
            f" skipped {self.duplicates} duplicates of (url, version),"
            f" {self.torn} torn last lines, {self.unreadable} unreadable lines"
        )


def expand(patterns: list[str], exclude: Path | None = None) -> list[Path]:
    """The files named by *patterns* (files, directories of ``*.jsonl``, globs), in order."""
    found: list[Path] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            matches = sorted(path.glob("*.jsonl"))
        elif glob.has_magic(pattern):
            matches = sorted(Path(p) for p in glob.glob(pattern))
        else:
            matches = [path] if path.is_file() else []
        for match in matches:
            if match.is_file() and match not in found and _not_same(match, exclude):
                found.append(match)
    return found


def merge(parts: list[Path], out: BinaryIO) -> MergeResult:
    """Write the records of *parts* to *out* in crawl order, each (url, version) once."""
    result = MergeResult(parts)
    entries: list[_Entry] = []
    for number, part in enumerate(parts):
        entries.extend(_entries(part, number, result))
    entries.sort()
    seen: set[tuple[str, int]] = set()
    files = [part.open("rb") for part in parts]
    try:
        for entry in entries:
            if entry.key in seen:
                result.duplicates += 1
                continue
            seen.add(entry.key)
            source = files[entry.part]
            source.seek(entry.offset)
            out.write(source.read(entry.length))
            result.written += 1
    finally:
        for source in files:
            source.close()
    return result


def _entries(part: Path, number: int, result: MergeResult) -> list[_Entry]:
    entries = []
    offset = 0
    with part.open("rb") as stream:
        for line_number, line in enumerate(stream, 1):
            start, offset = offset, offset + len(line)
            if not line.endswith(b"\n"):
                result.torn += 1  # only the last line can lack its newline
                continue
            try:
                record = json.loads(line)
                key = (str(record["url"]), int(record.get("version", 1)))
            except (ValueError, KeyError, TypeError):
                result.unreadable += 1
                continue
            crawled_at = str(record.get("crawled_at") or "")
            entries.append(_Entry(crawled_at, number, line_number, start, len(line), key))
    return entries


def _not_same(path: Path, other: Path | None) -> bool:
    if other is None or not other.exists():
        return True
    return not os.path.samefile(path, other)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m levant merge",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    parser.add_argument(
        "parts", nargs="+", metavar="PART", help="stream files, directories or glob patterns"
    )
    parser.add_argument(
        "-o", "--output", type=Path, help="the merged stream (default: stdout)", default=None
    )
    args = parser.parse_args(argv)
    parts = expand(args.parts, exclude=args.output)
    if not parts:
        print(f"merge: no stream file matches {' '.join(args.parts)}", file=sys.stderr)
        return 2
    if args.output is None:
        result = merge(parts, sys.stdout.buffer)
        sys.stdout.flush()
    else:
        result = _merge_to_file(parts, args.output)
    print(f"merge: {result.summary()}", file=sys.stderr)
    return 0


def _merge_to_file(parts: list[Path], output: Path) -> MergeResult:
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            result = merge(parts, out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return result
