"""``python -m levant <command>``: the project's command line.

    python -m levant report [--state URI] [--limit N]   run history table (levant.report)
    python -m levant merge PARTS... [-o OUT]           merge per-worker streams (levant.cluster)

Each command lives in its own module, imported only when it runs.
"""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "report": ("levant.report.cli", "print the run history and checks of recent runs"),
    "merge": ("levant.cluster.merge", "merge per-worker stream files in crawl order"),
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help") or args[0] not in COMMANDS:
        print(__doc__.strip())
        for name, (_, help_text) in COMMANDS.items():
            print(f"  {name:<8} {help_text}")
        return 0 if args and args[0] in ("-h", "--help") else 2
    module = importlib.import_module(COMMANDS[args[0]][0])
    return int(module.main(args[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main())
