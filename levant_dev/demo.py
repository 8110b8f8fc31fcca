"""``make demo``: serve the offline mirror, crawl it with ``scrapy crawl levant``, summarise.

    python -m levant_dev.demo [--articles 300] [--port 8090]

Writes ``data/articles.jsonl`` (the feed) and ``data/demo/summary.json``, starts
from an empty state (``data/demo/state.db``) so every run is a full crawl, and
stops the mirror when the crawl ends, however it ends.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys

from levant_dev.launch import PROJECT, free_port, serve_mirror


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m levant_dev.demo", description=__doc__)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--output", default="data/articles.jsonl")
    args = parser.parse_args(argv)

    demo_dir = PROJECT / "data" / "demo"
    shutil.rmtree(demo_dir, ignore_errors=True)
    demo_dir.mkdir(parents=True)
    port = free_port(args.port)
    mirror_args = ("--articles", str(args.articles))
    with serve_mirror(*mirror_args, port=port, access_log=demo_dir / "access.jsonl") as mirror:
        print(f"mirror: {mirror.serving_line}", flush=True)
        summary_file = demo_dir / "summary.json"
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "settings.demo"}
        crawl = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "crawl",
                "levant",
                "-O",
                args.output,
                "-a",
                f"base_url={mirror.base_url}",
                "-s",
                f"LEVANT_SUMMARY_FILE={summary_file}",
                "-s",
                "LOG_LEVEL=WARNING",
            ],
            cwd=PROJECT,
            env=env,
        )
    if crawl.returncode != 0 or not summary_file.exists():
        print("demo: the crawl failed; see the log above", file=sys.stderr)
        return crawl.returncode or 1
    _print_summary(json.loads(summary_file.read_text("utf-8")), args.output)
    return 0


def _print_summary(summary: dict[str, object], output: str) -> None:
    rows = [
        ("articles exported", summary["articles"]),
        ("sections crawled", summary["sections"]),
        ("read-also articles followed", summary["read_also_followed"]),
        ("duplicates collapsed", summary["duplicates_collapsed"]),
        ("dates parsed", f"{summary['dates_parsed']} ({summary['dates_unparsed']} unreadable)"),
        ("requests", summary["requests"]),
        ("time taken", f"{summary['seconds']} s"),
        ("feed", output),
    ]
    width = max(len(name) for name, _ in rows)
    print("\nlevant demo: crawl of the offline mirror")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")


if __name__ == "__main__":
    sys.exit(main())
