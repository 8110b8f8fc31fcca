"""``python -m levant report``: the run history as a table in the terminal.

    python -m levant report [--state URI] [--limit N] [--json]

The state store is ``--state`` or the ``LEVANT_STATE_URI`` of the project's settings
(``SCRAPY_SETTINGS_MODULE``, else ``scrapy.cfg``). ``--json`` prints the rows as
JSON instead (the ``history`` of the JSON report). Exit status 0; 1 when the store
does not exist or cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from levant.report.build import history_rows
from levant.state import StateStoreError, open_store

COLUMNS = (
    ("run", "run_id"), ("started", "started_at"), ("mode", "mode"),
    ("finish", "finish_reason"), ("requests", "requests"), ("new", "new"),
    ("updated", "updated"), ("dropped", "dropped"), ("coverage", "coverage"),
    ("alerts", "alerts"),
)  # fmt: skip
_NUMERIC = {"requests", "new", "updated", "dropped"}
_SHORT = {"title": "ti", "body": "bo", "published_at": "da", "sections": "se", "authors": "au"}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = argparse.ArgumentParser(
        prog="python -m levant report",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--state", help="state store URI (default: LEVANT_STATE_URI)")
    parser.add_argument("--limit", type=int, default=20, help="newest runs shown (default 20)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(list(argv) if argv is not None else None)
    uri = args.state or _project_state_uri()
    missing = _missing_sqlite_file(uri)
    if missing:  # opening would create an empty store
        print(f"levant report: no state store at {missing} ({uri})", file=sys.stderr)
        return 1
    try:
        with open_store(uri) as store:
            runs = [vars(run).copy() for run in store.runs(args.limit)]
    except StateStoreError as error:
        print(f"levant report: {error}", file=sys.stderr)
        return 1
    rows = history_rows(runs)
    if args.json:
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(format_table(rows, title=f"Run history of {uri} ({len(rows)} runs)"))
    return 0


def format_table(rows: Sequence[Mapping[str, Any]], title: str = "") -> str:
    """The history rows as a fixed-width text table, newest first."""
    cells = [[_cell(key, row.get(key)) for _, key in COLUMNS] for row in rows]
    heads = [head for head, _ in COLUMNS]
    widths = [max([len(h), *(len(c[i]) for c in cells)]) for i, h in enumerate(heads)]

    def line(values: list[str]) -> str:
        return "  ".join(
            v.rjust(w) if COLUMNS[i][1] in _NUMERIC else v.ljust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ).rstrip()

    text = [title] if title else []
    text += [line(heads), line(["-" * w for w in widths]), *(line(c) for c in cells)]
    if not rows:
        text.append("(no run recorded yet)")
    text.append("coverage: ti title, bo body, da published_at, se sections, au authors")
    return "\n".join(text) + "\n"


def _cell(key: str, value: Any) -> str:
    if key == "coverage":
        return " ".join(f"{_SHORT.get(k, k)}{v:.0%}" for k, v in (value or {}).items()) or "-"
    if key == "alerts":
        return ",".join(value or []) or "-"
    if key == "started_at":
        return str(value or "")[:19].replace("T", " ")
    return "" if value is None else str(value)


def _missing_sqlite_file(uri: str) -> str | None:
    scheme, _, rest = uri.partition("://")
    if scheme.lower() != "sqlite" or not rest.startswith("/") or rest.endswith(":memory:"):
        return None
    path = Path(rest[1:])
    return None if path.exists() else str(path)


def _project_state_uri() -> str:
    from scrapy.utils.project import get_project_settings

    from levant.state import DEFAULT_STATE_URI

    return get_project_settings().get("LEVANT_STATE_URI") or DEFAULT_STATE_URI
