"""Ask the mirror's resource a request in-process: no port, and a clock the test moves."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from twisted.web.test.requesthelper import DummyRequest

from levant.extraction.api import POST_FIELDS
from levant_dev.mirror.content import SiteModel
from levant_dev.mirror.server import MirrorResource

BASE = "http://127.0.0.1:8090/"
#: The query levant's spider sends (levant.spiders.wpapi.posts_url), less the page.
SPIDER_QUERY = (
    f"per_page=100&orderby=modified&order=asc&_fields={POST_FIELDS}&_embed=wp:term,author"
)


class Headers(dict[str, str]):
    """Response headers by name in any case (Twisted writes ``X-Wp-Total``)."""

    def __init__(self, pairs: dict[str, str]) -> None:
        super().__init__({k.lower(): v for k, v in pairs.items()})

    def __getitem__(self, name: str) -> str:
        return super().__getitem__(name.lower())

    def get(self, name: str, default: str | None = None) -> str | None:  # type: ignore[override]
        return super().get(name.lower(), default)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and super().__contains__(name.lower())


@dataclass
class Reply:
    status: int
    headers: Headers
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class FakeClock:
    """POSIX seconds that move only when the test says."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def serve(site: SiteModel, clock: FakeClock | None = None) -> MirrorResource:
    if clock is None:
        return MirrorResource(site, BASE)
    return MirrorResource(site, BASE, clock=clock)


def get(resource: MirrorResource, target: str, headers: dict[str, str] | None = None) -> Reply:
    """GET *target* (a path and query, or a URL on BASE) from *resource*."""
    split = urlsplit(target)
    uri = split.path + (f"?{split.query}" if split.query else "")
    request = DummyRequest([])
    request.method = b"GET"
    request.uri = uri.encode("utf-8")
    request.path = split.path.encode("utf-8")
    for name, value in (headers or {}).items():
        request.requestHeaders.setRawHeaders(name, [value])
    body = resource.render_GET(request)
    assert isinstance(body, bytes)
    found = {
        name.decode(): values[-1].decode("latin-1")
        for name, values in request.responseHeaders.getAllRawHeaders()
    }
    return Reply(request.responseCode or 200, Headers(found), body)
