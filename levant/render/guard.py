"""The browser stays on the site: every request Chromium makes is checked like the downloader's.

The check is :func:`levant.downloader.siteonly.refusal_kind`, the downloader's own
(one code path): only the site's host and port, over http(s). It is applied at two
places, so that nothing a page does escapes it:

- :meth:`BrowserGuard.abort` — scrapy-playwright's ``PLAYWRIGHT_ABORT_REQUEST``
  predicate: each request the page's route sees (documents, subresources, ``fetch``,
  XHR, beacons, EventSource, navigations by script, forms, meta refresh) is aborted
  when off the site, and so are the blocked resource types
  (``LEVANT_RENDER_BLOCK_RESOURCES``);
- :class:`GuardProxy` — an HTTP proxy on 127.0.0.1 that Chromium must use for every
  connection, loopback included (``--proxy-bypass-list=<-loopback>``): what Playwright's
  routes do not see (redirect hops, WebSockets, workers, popups, prefetches) reaches
  the proxy, which refuses it (403, or a refused ``CONNECT``) before any connection
  is made. Allowed requests are relayed to the site.

Refusals are counted in ``levant/render/refused`` and ``levant/render/refused/<kind>``
(the downloader's kinds: ``host``, ``port``, ``loopback``, ``private``,
``link_local``, ``scheme``), the first of each kind logged with its URL.
``LEVANT_SITE_ONLY = False`` turns the check off (the proxy then relays everything).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import suppress
from typing import Any
from urllib.parse import urlsplit

from scrapy.statscollectors import StatsCollector

from levant.downloader.siteonly import Refusals
from levant.site import SiteProfile

logger = logging.getLogger(__name__)

PREFIX = "levant/render/refused"
_HEAD_LIMIT = 64 * 1024  # request line and headers of one proxied request
_HEAD_TIMEOUT = 30.0
_HOP_HEADERS = {b"proxy-connection", b"connection", b"keep-alive", b"proxy-authorization"}


class BrowserGuard:
    """The site check for the browser: Playwright's abort predicate and the proxy's rule."""

    def __init__(
        self,
        stats: StatsCollector,
        profile: Callable[[], SiteProfile | None],
        blocked_types: frozenset[str] = frozenset(),
        enabled: bool = True,
    ) -> None:
        self.refusals = Refusals(stats, PREFIX, "in the browser")
        self.stats = stats
        self.profile = profile
        self.blocked_types = blocked_types
        self.enabled = enabled

    def refuses(self, url: str) -> str | None:
        """Why the browser must not request *url* (counted), or None."""
        if not self.enabled:
            return None
        return self.refusals.check(url, self.profile())

    def abort(self, request: Any) -> bool:
        """``PLAYWRIGHT_ABORT_REQUEST``: off the site, or a blocked resource type."""
        if request.url.startswith(("data:", "blob:", "about:")):
            return False  # no connection: inline content
        if self.refuses(request.url) is not None:
            self.stats.inc_value(f"{PREFIX}/type/{request.resource_type}")
            return True
        return request.resource_type in self.blocked_types


class GuardProxy:
    """A small HTTP proxy on 127.0.0.1 that relays only what :class:`BrowserGuard` allows."""

    def __init__(self, guard: BrowserGuard) -> None:
        self.guard = guard
        self.port: int | None = None
        self._server: asyncio.AbstractServer | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
            self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            for task in list(self._tasks):
                task.cancel()
            with suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            await self._relay(reader, writer)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            pass
        except TimeoutError:
            pass
        finally:
            writer.close()
            if task is not None:
                self._tasks.discard(task)

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), _HEAD_TIMEOUT)
        if len(head) > _HEAD_LIMIT:
            return
        line, _, rest = head.partition(b"\r\n")
        method, target, version = line.decode("latin-1").split(" ", 2)
        if method.upper() == "CONNECT":
            host, port = _authority(target)
            profile = self.guard.profile()
            scheme = urlsplit(profile.base_url).scheme if profile else "https"
            url = f"{scheme}://{target}/"
        else:
            url = target
            parts = urlsplit(target)
            default = 443 if parts.scheme == "https" else 80
            host, port = parts.hostname or "", parts.port or default
        if self.guard.refuses(url) is not None:
            writer.write(_refusal(version))
            await writer.drain()
            return
        upstream_reader, upstream_writer = await asyncio.open_connection(host, port)
        try:
            if method.upper() == "CONNECT":
                writer.write(f"{version} 200 Connection Established\r\n\r\n".encode("latin-1"))
            else:
                upstream_writer.write(_origin_form(method, target, version, rest))
            pipes = {
                asyncio.ensure_future(_pipe(reader, upstream_writer)),
                asyncio.ensure_future(_pipe(upstream_reader, writer)),
            }
            try:  # one side closed: the exchange is over
                await asyncio.wait(pipes, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for pipe in pipes:
                    pipe.cancel()
        finally:
            upstream_writer.close()


def _authority(target: str) -> tuple[str, int]:
    parts = urlsplit(f"//{target}")
    return parts.hostname or "", parts.port or 443


def _refusal(version: str) -> bytes:
    body = b"refused: not the site (levant)"
    return (
        f"{version} 403 Forbidden\r\nContent-Type: text/plain\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode("latin-1") + body


def _origin_form(method: str, target: str, version: str, headers: bytes) -> bytes:
    """The request as the site expects it: the path only, one request per connection."""
    parts = urlsplit(target)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    kept = [
        h
        for h in headers.split(b"\r\n")
        if h and h.split(b":", 1)[0].strip().lower() not in _HOP_HEADERS
    ]
    lines = [f"{method} {path} {version}".encode("latin-1"), *kept, b"Connection: close"]
    return b"\r\n".join(lines) + b"\r\n\r\n"


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except OSError:
        pass
