"""Benchmark rendering: pages per second static versus in a browser, and what ``auto`` renders.

Run ``python benchmarks/bench_render.py``: serves the offline mirror (``ARTICLES``
articles, seed 1, a fixed anchor), then crawls it three times with the real spider
in a real ``scrapy crawl`` process, each crawl against a mirror of its own:

1. ``render=never`` — every page fetched statically;
2. ``render=always`` — the same pages, every one through headless Chromium;
3. ``render=auto`` on the ``--js`` mirror — the share of pages auto sent to the browser.

Pages per second are given twice: over the whole crawl (process start to finish,
the browser's start included) and from the first page to the last one the mirror
answered (its access log), which leaves out Scrapy's and the browser's start.
``main()`` returns the markdown lines, for a runner that collects them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 100
ANCHOR = "2026-11-20T12:00:00+03:00"


@dataclass
class Crawl:
    mode: str
    seconds: float  # the whole scrapy process
    pages: int  # distinct pages (home, listings, articles) the mirror answered 200
    span: float  # first to last page answered
    stats: dict[str, Any]

    @property
    def per_second(self) -> float:
        return self.pages / self.seconds

    @property
    def per_second_span(self) -> float:
        return self.pages / self.span if self.span else float("nan")


def _is_page(path: str) -> bool:
    return path == "/" or path.startswith(("/article/", "/category/", "/?p="))


def _crawl(folder: Path, mode: str, *mirror_flags: str) -> Crawl:
    sys.path.insert(0, str(ROOT))
    folder.mkdir()
    log = folder / "access.jsonl"
    from levant_dev.launch import start_mirror

    mirror = start_mirror(
        "--articles", str(ARTICLES), "--seed", "1", "--anchor", ANCHOR, *mirror_flags,
        access_log=log,
    )  # fmt: skip
    try:
        base = mirror.base_url
        command = [
            sys.executable, "-m", "scrapy", "crawl", "levant", "-O", str(folder / "out.jsonl"),
            "-a", f"base_url={base}", "-a", f"render={mode}",
            "-s", f"LEVANT_STATE_URI=sqlite:///{folder / 'state.db'}",
            "-s", f"LEVANT_STATS_FILE={folder / 'stats.json'}",
            "-s", f"LEVANT_STREAM_PATH={folder / 'stream.jsonl'}",
            "-s", "LOG_LEVEL=WARNING",
        ]  # fmt: skip
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "settings.demo", "PYTHONPATH": str(ROOT)}
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"crawl render={mode} failed:\n{done.stderr[-3000:]}")
    finally:
        mirror.stop()
    answered = [json.loads(line) for line in log.read_text("utf-8").splitlines() if line.strip()]
    pages = [r for r in answered if r["status"] == 200 and _is_page(r["path"])]
    span = pages[-1]["t"] - pages[0]["t"] if len(pages) > 1 else 0.0
    stats = json.loads((folder / "stats.json").read_text("utf-8"))
    return Crawl(mode, seconds, len({r["path"] for r in pages}), span, stats)


def main() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from scrapy.settings import Settings

    from levant.render.config import RenderConfig

    browser = RenderConfig.from_settings(Settings())
    title = f"## Rendering: static vs headless Chromium (mirror, {ARTICLES} articles)"
    if not browser.available:
        return [title, "", f"Skipped: {browser.problem}."]
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        static = _crawl(Path(tmp) / "never", "never")
        rendered = _crawl(Path(tmp) / "always", "always")
        auto = _crawl(Path(tmp) / "auto", "auto", "--js")
    auto_rendered = auto.stats.get("levant/render/browser", 0)
    truth = subprocess.run(
        [sys.executable, "-m", "levant_dev.mirror", "--truth", "--js", "--articles", str(ARTICLES),
         "--seed", "1", "--anchor", ANCHOR],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    need = sum(json.loads(line)["js"] == "body" for line in truth.splitlines())
    only_needed = (
        auto.stats.get("levant/render/browser/article", 0) == need
        and auto.stats.get("levant/render/browser/listing", 0) == 1
        and auto_rendered == need + 1
    )
    browser_pages = rendered.stats.get("levant/render/browser", 0)
    return [
        title,
        "",
        f"Browser: {browser.describe()}; images, fonts and media not downloaded.",
        "",
        "| crawl | pages | rendered | whole crawl | pages/s | first→last page | pages/s |",
        "|---|---|---|---|---|---|---|",
        *(
            f"| render={c.mode}{' (--js mirror)' if c is auto else ''} | {c.pages} "
            f"| {c.stats.get('levant/render/browser', 0)} | {c.seconds:.1f} s "
            f"| {c.per_second:.1f} | {c.span:.1f} s | {c.per_second_span:.1f} |"
            for c in (static, rendered, auto)
        ),
        "",
        f"- Same pages, static vs browser: {static.per_second / rendered.per_second:.1f}x "
        f"faster static over the whole crawl, "
        f"{static.per_second_span / rendered.per_second_span:.1f}x from first to last page "
        f"({browser_pages} pages rendered in the browser).",
        f"- `auto` on the `--js` mirror rendered {auto_rendered} of {auto.pages} pages "
        f"({100 * auto_rendered / auto.pages:.1f}%): "
        f"{auto.stats.get('levant/render/browser/article', 0)} articles without a static "
        f"body, {auto.stats.get('levant/render/browser/listing', 0)} 'load more' listing.",
        f"- Goal: `auto` renders exactly the pages whose static HTML falls short "
        f"({need} script-filled articles, 1 listing): "
        f"{'meets the goal' if only_needed else 'misses the goal'}.",
    ]


if __name__ == "__main__":
    print("\n".join(main()))
