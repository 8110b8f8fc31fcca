"""Do two versions of levant export the same records? ``python -m levant_dev.compare REV``.

A restructuring must not change what users get. This crawls the offline mirror twice
with the crawler at git revision *REV* (checked out in a temporary worktree) and twice
with the working tree, on the same mirror: a full crawl at epoch 0, then an
incremental crawl of the same state at epoch 1 (new and edited articles). It compares
the stream records of each pair field by field, ``crawled_at`` aside (the fetch time),
and prints one line per crawl; exit status 1 when any record differs.

    python -m levant_dev.compare e82ef0d            # 300 articles
    python -m levant_dev.compare e82ef0d --articles 1000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from levant_dev.launch import PROJECT, free_port, start_mirror

ANCHOR = "2026-11-20T12:00:00+03:00"
IGNORED = {"crawled_at"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", help="the git revision to compare with (e.g. a tag)")
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="levant-compare-") as tmp:
        work = Path(tmp)
        old = work / "tree"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(old), args.revision],
            cwd=PROJECT, check=True, capture_output=True,
        )  # fmt: skip
        try:
            port = free_port(18090)  # one port for every crawl: URLs name it
            streams = {name: _crawls(tree, work / name, args.articles, port)
                       for name, tree in (("old", old), ("new", PROJECT))}  # fmt: skip
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=PROJECT,
                           check=False, capture_output=True)  # fmt: skip
    same = True
    for crawl in ("full", "incremental"):
        before, after = streams["old"][crawl], streams["new"][crawl]
        differences = _differences(before, after)
        same = same and not differences
        print(
            f"{crawl}: {len(before)} records before, {len(after)} after;"
            f" {'identical' if not differences else f'{len(differences)} differ'}"
            " (crawled_at aside)"
        )
        for line in differences[:10]:
            print("  " + line)
    return 0 if same else 1


def _crawls(tree: Path, work: Path, articles: int, port: int) -> dict[str, list[dict[str, Any]]]:
    """The full crawl's records and the incremental crawl's, with the crawler in *tree*."""
    work.mkdir()
    found: dict[str, list[dict[str, Any]]] = {}
    seen = 0
    for epoch, crawl in ((0, "full"), (1, "incremental")):
        mirror = start_mirror(
            "--articles", str(articles), "--seed", "1", "--epoch", str(epoch),
            "--anchor", ANCHOR, port=port,
        )  # fmt: skip
        try:
            _crawl(tree, work, mirror.base_url, crawl)
        finally:
            mirror.stop()
        lines = (work / "stream.jsonl").read_text("utf-8").splitlines()
        found[crawl] = [json.loads(line) for line in lines[seen:]]
        seen = len(lines)
    return found


def _crawl(tree: Path, work: Path, base_url: str, mode: str) -> None:
    command = [
        sys.executable, "-m", "scrapy", "crawl", "levant",
        "-a", f"base_url={base_url}", "-a", f"mode={mode}", "-a", "render=never",
        "-s", f"LEVANT_STATE_URI=sqlite:///{work / 'state.db'}",
        "-s", f"LEVANT_STREAM_PATH={work / 'stream.jsonl'}",
        "-s", f"LEVANT_REPORT_DIR={work / 'reports'}",
        "-s", "LOG_LEVEL=WARNING",
    ]  # fmt: skip
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "settings.demo", "PYTHONPATH": str(tree)}
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the crawl in {tree} failed:\n{done.stderr[-3000:]}")


def _differences(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[str]:
    old = {record["url"]: record for record in before}
    new = {record["url"]: record for record in after}
    lines = [f"only before: {url}" for url in sorted(old.keys() - new.keys())]
    lines += [f"only after: {url}" for url in sorted(new.keys() - old.keys())]
    for url in sorted(old.keys() & new.keys()):
        for name in sorted((old[url].keys() | new[url].keys()) - IGNORED):
            if old[url].get(name) != new[url].get(name):
                lines.append(f"{url}: {name} {old[url].get(name)!r} -> {new[url].get(name)!r}")
    return lines


if __name__ == "__main__":
    sys.exit(main())
