"""Crawls with the monitoring settings, and local receivers for alerts (127.0.0.1 only)."""

from __future__ import annotations

import json
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

from tests.support.crawl import CrawlResult, run_crawl


def monitored_crawl(
    workdir: Path, base_url: str, *, settings: dict[str, str] | None = None, **options: Any
) -> CrawlResult:
    """``run_crawl`` (settings.demo, monitoring on as in every profile); the run report
    lands in ``workdir/reports``."""
    settings = {"LEVANT_REPORT_DIR": str(workdir / "reports"), **(settings or {})}
    return run_crawl(workdir, base_url, settings=settings, **options)


def report_of(result: CrawlResult) -> dict[str, Any]:
    """The JSON run report the crawl wrote (its path is in the stats)."""
    return json.loads(Path(result.stats["levant/report/json"]).read_text("utf-8"))


def checks_by_name(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {check["name"]: check for check in report["checks"]}


class _Collector(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.server.received.append(  # type: ignore[attr-defined]
            {"path": self.path, "headers": dict(self.headers), "body": self.rfile.read(length)}
        )
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:  # quiet
        pass


@contextmanager
def webhook_receiver() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """An HTTP server on 127.0.0.1 recording every POST; yields (URL, requests)."""
    server = HTTPServer(("127.0.0.1", 0), _Collector)
    server.received = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hooks/levant", server.received  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) to accept one message: no auth, no TLS."""

    def handle(self) -> None:
        self._send("220 levant-test ESMTP")
        message: dict[str, Any] = {"rcpt": []}
        while line := self.rfile.readline():
            verb = line.decode("utf-8", "replace").strip()
            upper = verb.upper()
            if upper.startswith(("EHLO", "HELO")):
                self._send("250 levant-test")
            elif upper.startswith("MAIL FROM"):
                message["from"] = verb[10:].strip()
                self._send("250 OK")
            elif upper.startswith("RCPT TO"):
                message["rcpt"].append(verb[8:].strip())
                self._send("250 OK")
            elif upper == "DATA":
                self._send("354 end with <CRLF>.<CRLF>")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(chunk)
                message["data"] = b"".join(data).decode("utf-8", "replace")
                self.server.received.append(message)  # type: ignore[attr-defined]
                self._send("250 OK queued")
            elif upper == "QUIT":
                self._send("221 bye")
                return
            else:
                self._send("250 OK")

    def _send(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")


@contextmanager
def smtp_receiver() -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """An SMTP server on 127.0.0.1; yields (port, messages)."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.daemon_threads = True
    server.received = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], server.received  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
