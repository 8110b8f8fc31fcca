"""``python -m levant.dates``: normalise one raw date string per stdin line.

Writes ``raw<TAB>normalised`` per line, the second column empty when the line holds
no date. ``--base`` is the reference time for relative forms (ISO 8601; without an
offset it is read in ``--tz``); ``--tz`` is the site timezone (default Asia/Damascus).

    $ printf 'منذ ساعتين\\n' | python -m levant.dates --base 2024-12-19T10:45:00+03:00
    منذ ساعتين<TAB>2024-12-19T08:45:00+03:00
"""

from __future__ import annotations

import argparse
import datetime
import io
import sys
import zoneinfo
from collections.abc import Sequence

from levant.dates._normalise import DEFAULT_TZ, normalise_date


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m levant.dates",
        description="Normalise raw date strings, one per line on stdin.",
    )
    parser.add_argument("--base", help="reference time for relative dates (ISO 8601)")
    parser.add_argument("--tz", default=DEFAULT_TZ, help="site timezone (IANA name)")
    args = parser.parse_args(argv)
    try:
        args.zone = zoneinfo.ZoneInfo(args.tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        parser.error(f"unknown timezone: {args.tz}")
    args.now = None
    if args.base is not None:
        try:
            base = datetime.datetime.fromisoformat(args.base)
        except ValueError:
            parser.error(f"--base is not ISO 8601: {args.base}")
        args.now = base if base.utcoffset() is not None else base.replace(tzinfo=args.zone)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _arguments(argv)
    # Arabic in and out whatever the locale; a stray byte must not end the run
    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(encoding="utf-8", errors="replace")
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")
    for line in sys.stdin:
        raw = line.rstrip("\r\n")
        found = normalise_date(raw, now=args.now, tz=args.zone)
        sys.stdout.write(f"{raw}\t{found.isoformat() if found else ''}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
