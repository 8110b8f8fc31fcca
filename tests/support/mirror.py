"""Start the offline mirror as a real HTTP server on 127.0.0.1 and read its truth."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from levant_dev import launch

PROJECT = launch.PROJECT


def present_anchor() -> str:
    """The present hour, as the mirror's "now": recent articles are recent, as on the site."""
    return datetime.now(UTC).replace(minute=0, second=0, microsecond=0).isoformat()


# One "present" for the whole test session, so truths and servers started apart agree.
ANCHOR = present_anchor()


@dataclass
class Mirror:
    process: subprocess.Popen[str]
    base_url: str
    access_log: Path
    args: list[str] = field(default_factory=list)

    def truth(self) -> list[dict[str, Any]]:
        return read_truth(self.args, self.base_url)

    def requests(self) -> list[dict[str, Any]]:
        """Every request the mirror answered, in order (its access log)."""
        if not self.access_log.exists():
            return []
        return [json.loads(line) for line in self.access_log.read_text("utf-8").splitlines()]

    def stop(self) -> None:
        launch.MirrorProcess(self.process, self.base_url, "").stop(timeout=10)


def mirror_args(
    articles: int = 300, seed: int = 1, epoch: int = 0, *extra: str, anchor: str = ANCHOR
) -> list[str]:
    return [
        "--articles", str(articles), "--seed", str(seed), "--epoch", str(epoch),
        "--anchor", anchor, *extra,
    ]  # fmt: skip


def start_mirror(tmp: Path, args: list[str], port: int = 0) -> Mirror:
    """Serve the mirror; ``port`` 0 picks a free one. A restart on the same port (a
    later epoch) keeps URLs, and so the state of earlier crawls, valid."""
    log = tmp / "access.jsonl"
    served = launch.start_mirror(*args, port=port, access_log=log)
    return Mirror(process=served.process, base_url=served.base_url, access_log=log, args=args)


def port_of(mirror: Mirror) -> int:
    return int(mirror.base_url.rstrip("/").rsplit(":", 1)[1])


def read_truth(args: list[str], base_url: str) -> list[dict[str, Any]]:
    out = subprocess.run(
        [sys.executable, "-m", "levant_dev.mirror", "--truth", "--base-url", base_url, *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [json.loads(line) for line in out.splitlines()]
