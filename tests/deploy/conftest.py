"""A real Scrapyd on a free 127.0.0.1 port, started with the project's deploy/ files.

Scrapyd runs from a temporary directory (its eggs, logs, queue and levant's data
all land there), with the shipped ``deploy/scrapyd.conf`` (polling every 0.2 s
instead of 5 s) and basic authentication, through ``deploy/run-scrapyd``. Its
environment has no ``PYTHONPATH``: jobs can import levant only from the egg.
"""

from __future__ import annotations

import base64
import configparser
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.support.mirror import PROJECT
from tests.support.processes import stop_process

DEPLOY = PROJECT / "deploy"
BIN = Path(sys.executable).parent
USERNAME = "levant-test"
# A colon, quotes, a backslash, % and $ on purpose (curl's config, scrapy.cfg's
# interpolation); ASCII, since requests (scrapyd-deploy) sends passwords as Latin-1.
PASSWORD = 'pa:ss "w0rd" \\ %1 $HOME'
# Variables of the outer shell that would let jobs run the checkout instead of the egg.
_SCRUBBED = ("PYTHONPATH", "SCRAPY_SETTINGS_MODULE", "SCRAPY_PROJECT", "LEVANT_DATA_DIR")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in _SCRUBBED and not k.startswith("SCRAPYD")
    }
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return {**env, **extra}


@dataclass
class HTTPAnswer:
    status: int
    body: dict[str, Any]


@dataclass
class Scrapyd:
    process: subprocess.Popen[bytes]
    home: Path
    port: int
    output: Path
    credentials: tuple[str, str] = (USERNAME, PASSWORD)
    env: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def data_dir(self) -> Path:
        return self.home / "levant"

    def call(
        self,
        endpoint: str,
        params: list[tuple[str, str]] | None = None,
        *,
        post: bool = False,
        auth: tuple[str, str] | None = (USERNAME, PASSWORD),
    ) -> HTTPAnswer:
        """GET (or POST) one API endpoint; the answer's status and JSON body."""
        query = urllib.parse.urlencode(params or [])
        url = self.url + endpoint
        request = urllib.request.Request(
            url if post or not query else f"{url}?{query}",
            data=query.encode() if post else None,
        )
        if auth is not None:
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return HTTPAnswer(response.status, json.loads(response.read()))
        except urllib.error.HTTPError as error:
            with error:
                text = error.read().decode("utf-8", "replace")
            try:
                body = json.loads(text)
            except ValueError:
                body = {"text": text}
            return HTTPAnswer(error.code, body)

    def schedule(self, **params: str | list[str]) -> str:
        pairs = [("project", "levant"), ("spider", "levant")]
        for key, value in params.items():
            pairs += [(key, v) for v in (value if isinstance(value, list) else [value])]
        answer = self.call("schedule.json", pairs, post=True)
        assert answer.status == 200 and answer.body.get("status") == "ok", answer
        return answer.body["jobid"]

    def wait_for(self, job: str, timeout: float = 150) -> dict[str, Any]:
        """Poll listjobs.json until *job* is finished; its entry."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log()
            jobs = self.call("listjobs.json", [("project", "levant")]).body
            for entry in jobs.get("finished", []):
                if entry["id"] == job:
                    return entry
            time.sleep(0.5)
        raise AssertionError(f"job {job} did not finish in {timeout} s: {self.job_log(job)}")

    def job_log(self, job: str) -> str:
        path = self.home / "logs" / "levant" / "levant" / f"{job}.log"
        return path.read_text("utf-8") if path.exists() else f"(no log at {path})"

    def log(self) -> str:
        return self.output.read_text("utf-8", "replace")[-5000:]

    def stop(self) -> None:
        stop_process(self.process, timeout=20)


def start_scrapyd(home: Path) -> Scrapyd:
    """Start Scrapyd with the shipped configuration in *home*; wait until it answers."""
    home.mkdir(parents=True, exist_ok=True)
    conf = configparser.ConfigParser()
    conf.read(DEPLOY / "scrapyd.conf", encoding="utf-8")
    conf["scrapyd"]["poll_interval"] = "0.2"
    with (home / "scrapyd.conf").open("w", encoding="utf-8") as out:
        conf.write(out)
    port = free_port()
    env = clean_env(
        SCRAPYD_HOME=str(home),
        SCRAPYD=str(BIN / "scrapyd"),
        SCRAPYD_USERNAME=USERNAME,
        SCRAPYD_PASSWORD=PASSWORD,
        SCRAPYD_HTTP_PORT=str(port),
    )
    output = home / "scrapyd.out"
    with output.open("wb") as out:
        process = subprocess.Popen(
            [str(DEPLOY / "run-scrapyd"), "--pidfile="],
            cwd=home,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Scrapyd(process, home, port, output, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Scrapyd exited with {process.returncode}: {server.log()}")
        try:
            if server.call("daemonstatus.json").status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"Scrapyd did not answer on port {port}: {server.log()}")


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scrapyd]:
    """A running Scrapyd with authentication, shared by the tests of one module."""
    from importlib.util import find_spec

    for module, package in (("scrapyd", "scrapyd"), ("scrapyd_client", "scrapyd-client")):
        if find_spec(module) is None:
            pytest.skip(f"the {package} package is not installed (requirements-dev.txt)")
    server = start_scrapyd(tmp_path_factory.mktemp("scrapyd"))
    yield server
    server.stop()
