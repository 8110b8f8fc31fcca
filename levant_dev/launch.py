"""Start the offline mirror in a process of its own: the one launcher of the demo, the
tests and the benchmarks.

    with serve_mirror("--articles", "300", "--trap", "fanout") as mirror:
        crawl(mirror.base_url)

:func:`start_mirror` runs ``python -m levant_dev.mirror --port PORT ARGS...`` on
127.0.0.1 (port 0: a free one), waits for its first stdout line (``Serving <base
URL> ...``) and returns a :class:`MirrorProcess`; :meth:`MirrorProcess.stop` ends it
(SIGTERM, then SIGKILL after a grace period). :func:`serve_mirror` does both around
a ``with`` block. A mirror that does not start raises :class:`MirrorDidNotStart`
with what it printed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


class MirrorDidNotStart(RuntimeError):
    """The mirror exited, or printed something else, before its ``Serving`` line."""


@dataclass
class MirrorProcess:
    process: subprocess.Popen[str]
    base_url: str
    serving_line: str

    @property
    def port(self) -> int:
        return int(self.base_url.rstrip("/").rsplit(":", 1)[1])

    def cpu_seconds(self) -> float:
        """User + system CPU time the mirror process has used so far (Linux)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self, timeout: float = 10) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


def start_mirror(
    *args: str,
    port: int = 0,
    access_log: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | str = PROJECT,
) -> MirrorProcess:
    """Serve the mirror with *args* (``--articles``, ``--trap``...) on 127.0.0.1."""
    command = [sys.executable, "-m", "levant_dev.mirror", "--port", str(port)]
    if access_log is not None:
        command += ["--access-log", str(access_log)]
    path = os.pathsep.join(p for p in (str(PROJECT), os.environ.get("PYTHONPATH", "")) if p)
    process = subprocess.Popen(
        [*command, *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": path, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("Serving "):
        process.kill()
        rest = process.stdout.read()
        process.wait()
        process.stdout.close()
        raise MirrorDidNotStart(f"the mirror did not start: {line}{rest}")
    return MirrorProcess(process=process, base_url=line.split()[1], serving_line=line.strip())


@contextmanager
def serve_mirror(
    *args: str,
    port: int = 0,
    access_log: Path | str | None = None,
    env: Mapping[str, str] | None = None,
) -> Iterator[MirrorProcess]:
    """:func:`start_mirror` for the length of a ``with`` block."""
    mirror = start_mirror(*args, port=port, access_log=access_log, env=env)
    try:
        yield mirror
    finally:
        mirror.stop()


def free_port(preferred: int) -> int:
    """*preferred* if it is free on 127.0.0.1, else any free port."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            probe.bind(("127.0.0.1", 0))
            return int(probe.getsockname()[1])
