"""A real ``redis-server`` on a free 127.0.0.1 port, without persistence, for the cluster tests.

It skips (a failure under ``LEVANT_REQUIRE_ALL=1``) only when the binary is
missing: ``apt-get install redis-server``. Each test gets an empty database.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.processes import stop_process

_START_SECONDS = 30.0  # a loaded 2-core machine starts it slowly


@dataclass
class RedisServer:
    process: subprocess.Popen[bytes]
    port: int

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):  # -> redis.Redis
        import redis

        return redis.Redis.from_url(self.url)

    def stop(self) -> None:
        stop_process(self.process, timeout=10)


def start_redis(workdir: Path) -> RedisServer:
    """Start ``redis-server`` on a free port of 127.0.0.1; returns once it answers PING."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    import redis

    for _ in range(5):  # a port found free may be taken before the server binds it
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        command = [binary, "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"]
        command += ["--port", str(port), "--dir", str(workdir)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        server = RedisServer(process, port)
        deadline = time.monotonic() + _START_SECONDS
        while process.poll() is None and time.monotonic() < deadline:
            try:
                with redis.Redis(port=port, socket_connect_timeout=0.5) as client:
                    client.ping()
                return server
            except redis.ConnectionError:
                time.sleep(0.05)
        server.stop()
    raise RuntimeError("redis-server did not start on a free 127.0.0.1 port")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = start_redis(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> Iterator[str]:
    """The URL of an empty Redis database (flushed before the test)."""
    with redis_server.client() as client:
        client.flushall()
    yield redis_server.url
