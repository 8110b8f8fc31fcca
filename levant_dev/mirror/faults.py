"""Fault mode of the mirror (``--faults``): broken and hostile pages beside the healthy site.

A section "أرشيف" (``/category/archive/``) joins the menu. Its listing links every
fault page below, plus links no crawler should follow (``javascript:``,
``mailto:``, ``data:``, ``file:``, other hosts and ports, private and link-local
addresses) and a page of thousands of links. The sitemap index gains an
entity-expansion bomb, a malformed sitemap and a gzip bomb.

Each fault has an expectation, listed by ``--truth --faults`` (the ``fault`` and
``expect`` keys): ``export`` (recoverable: the crawl must still export the
article, cleaned), or ``drop`` / ``refuse`` / ``give_up`` (it must not, and its
stats must say why). docs/robustness.md is the table of these cases.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import Any

from twisted.web.server import NOT_DONE_YET, Request

from levant.site import Section
from levant_dev.mirror import browser_faults as bf
from levant_dev.mirror.model import SiteModel

SECTION = Section("archive", "أرشيف")
PUBLISHED = "2024-03-02T10:30:00+02:00"  # as the fault pages state it
PUBLISHED_IN_SITE_ZONE = "2024-03-02T11:30:00+03:00"  # what levant gives: Damascus time
SLOW_SECONDS = 4.0  # tests set DOWNLOAD_TIMEOUT below this
TOO_LARGE = 2 * 1024 * 1024  # tests set DOWNLOAD_MAXSIZE below this
_P1 = "قال مسؤولون محليون إن الأوضاع في المدينة تشهد تحسناً بطيئاً بعد أسابيع من التوتر."
_P2 = "وأضافوا أن فرق الإغاثة تواصل عملها في الأحياء المتضررة رغم نقص الإمكانات."
_P3 = "ويأمل السكان أن تعود الخدمات الأساسية إلى العمل خلال الأيام المقبلة."


@dataclass(frozen=True)
class Fault:
    name: str
    expect: str  # export | drop | refuse | give_up
    about: str

    @property
    def path(self) -> str:
        return f"/article/fault-{self.name}/"


FAULTS = (
    Fault("cp1256-declared", "export", "windows-1256 bytes, declared in a meta tag"),
    Fault("cp1256-undeclared", "export", "windows-1256 bytes, no charset anywhere"),
    Fault("header-lies", "export", "UTF-8 bytes served as charset=iso-8859-1"),
    Fault("utf8-no-charset", "export", "UTF-8 served without any charset"),
    Fault("invisible-marks", "export", "bidi controls, zero-width characters and NULs in text"),
    Fault("conflicting-jsonld", "export", "invalid JSON-LD, then two NewsArticle blocks"),
    Fault("duplicate-meta", "export", "og:title and article:published_time twice, disagreeing"),
    Fault("truncated", "export", "HTML cut off after the second paragraph"),
    Fault("no-html-body", "export", "no <html>, <head> or <body> tags"),
    Fault("deep-nesting", "export", "the body inside 800 nested elements"),
    Fault("retry-after", "export", "429 with Retry-After: 1, twice, then 200"),
    Fault("storm-recovers", "export", "503 twice, then 200"),
    Fault("reset-once", "export", "connection reset mid-body once, then 200"),
    Fault("slow-once", "export", "slower than the download timeout once, then fast"),
    Fault("empty-body", "drop", "an article page whose body is empty"),
    Fault("empty-200", "drop", "200 with an empty response"),
    Fault("no-content", "drop", "204 No Content"),
    Fault("binary", "drop", "binary bytes labelled text/html"),
    Fault("too-large", "give_up", "larger than DOWNLOAD_MAXSIZE"),
    Fault("slow-always", "give_up", "always slower than the download timeout"),
    Fault("storm", "give_up", "503 every time"),
    Fault("redirect-loop", "give_up", "redirects to itself through a second URL"),
    Fault("redirect-offsite", "refuse", "301 to another domain"),
    Fault("redirect-other-port", "refuse", "301 to 127.0.0.1 on another port"),
    Fault("redirect-metadata", "refuse", "301 to 169.254.169.254"),
    Fault("redirect-private", "refuse", "301 to a private address"),
    # Pages that cost unbounded work unless bounded (levant.downloader.bounds).
    Fault("many-attributes", "drop", "one element with 100,000 attributes"),
    Fault("nesting-5000", "drop", "the body inside 5,000 nested elements"),
    Fault("many-headers", "give_up", "5,000 response headers"),
    Fault("many-cookies", "export", "150 Set-Cookie headers (2,000 are over the header bound)"),
    Fault("redirect-long-url", "refuse", "a redirect to a 10,000-character URL on the site"),
    Fault("retry-after-superscript", "export", "429 with Retry-After: \u00b2, then 200"),
    # Pages that try to take the browser off the site (levant_dev.mirror.browser_faults).
    Fault("browser-subresources", "export", "stylesheets, scripts, frames... on the decoy"),
    Fault("browser-scripts", "export", "fetch, XHR, beacons, WebSockets, workers, popups"),
    Fault("browser-redirect", "export", "subresources on the site that 302 to the decoy"),
    Fault("browser-navigate", "refuse", "a script sends the page to the decoy"),
    Fault("browser-meta-refresh", "refuse", "a meta refresh to the decoy"),
    Fault("browser-form", "refuse", "a form posted to the decoy on load"),
    Fault("browser-redirect-document", "refuse", "the browser is sent to the decoy (302)"),
    Fault("browser-busy", "drop", "a script busy forever after load"),
    Fault("browser-huge-dom", "drop", "a script builds a 3-million-character DOM"),
)
BY_PATH = {f.path: f for f in FAULTS}
EXPORTED = [f for f in FAULTS if f.expect == "export"]


def bad_links(decoy_port: int) -> list[str]:
    return [
        "javascript:alert(1)",
        "mailto:editor@thelevantnews.com",
        "data:text/html;base64,PGgxPng8L2gxPg==",
        "file:///etc/passwd",
        "../../../../etc/passwd",
        f"http://127.0.0.1:{decoy_port}/article/decoy/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/article/x/",
        "http://192.168.1.1/",
        "https://other.example/article/x/",
        "/category/archive/links/",
    ]


def apply_faults(site: SiteModel) -> None:
    site.sections = (*site.sections, SECTION)


def title_of(fault: Fault) -> str:
    return f"تقرير الأرشيف: حالة {fault.name}"


def truth_records(base: str) -> list[dict[str, Any]]:
    """What a crawl must export of the fault pages (the recoverable ones)."""
    records = []
    for fault in EXPORTED:
        body = [_P1, _P2] if fault.name == "truncated" else [_P1, _P2, _P3]
        records.append(
            {
                "url": base.rstrip("/") + fault.path,
                "title": title_of(fault),
                "body": "\n\n".join(body),
                "published_at": PUBLISHED_IN_SITE_ZONE,
                "sections": [SECTION.name],
                "tags": ["أرشيف"],
                "related_urls": [],
                "reachable": True,
                "fault": fault.name,
                "expect": fault.expect,
                "needs_browser": fault.name.startswith("browser-"),
            }
        )
    return records


class FaultRoutes:
    """The fault pages; ``route`` answers a request, or None for the healthy site."""

    def __init__(self, site: SiteModel, base: str, decoy_port: int) -> None:
        self.site = site
        self.base = base
        self.decoy_port = decoy_port
        self.hits: dict[str, int] = {}

    def route(self, request: Request, path: str) -> tuple[int, bytes | int] | None:
        if path == "/category/archive/":
            return self._listing(request)
        if path == "/category/archive/links/":
            return self._many_links(request)
        if path == "/bomb-sitemap.xml":
            return _send(request, _ENTITY_BOMB, "application/xml")
        if path == "/broken-sitemap.xml":
            return _send(request, b"<?xml version='1.0'?><urlset><url><loc>http", "application/xml")
        if path == "/huge-sitemap.xml.gz":
            return _send(request, _gzip_bomb(), "application/x-gzip")
        if path == "/article/fault-redirect-loop-b/":
            return _redirect(request, self.base + "article/fault-redirect-loop/")
        if path.startswith(bf.HOP_PATH) and path[len(bf.HOP_PATH) :].isdigit():
            spellings = bf.decoy_urls(self.decoy_port)
            return _redirect(request, spellings[int(path[len(bf.HOP_PATH) :]) % len(spellings)])
        fault = BY_PATH.get(path)
        if fault is None:
            return None
        self.hits[fault.name] = self.hits.get(fault.name, 0) + 1
        return _HANDLERS[fault.name](self, request, fault, self.hits[fault.name])

    def sitemap_entries(self) -> str:
        names = ("bomb-sitemap.xml", "broken-sitemap.xml", "huge-sitemap.xml.gz")
        userinfo = self.base.replace("//", "//user:secret@", 1) + "userinfo-sitemap.xml"
        return "".join(f"<sitemap><loc>{self.base}{n}</loc></sitemap>" for n in names) + (
            f"<sitemap><loc>{escape(userinfo)}</loc></sitemap>"
        )

    def _listing(self, request: Request) -> tuple[int, bytes]:
        links = [self.base.rstrip("/") + f.path for f in FAULTS] + bad_links(self.decoy_port)
        host = self.base.split("//", 1)[1].rstrip("/")
        links += [  # userinfo, and an authority a browser reads as the decoy's
            f"http://user:secret@{host}/article/fault-userinfo/",
            f"http://127.0.0.1:{self.decoy_port}\\@{host}/article/fault-backslash/",
        ]
        items = "".join(
            f'<article class="post-item"><h2 class="post-title"><a href="{escape(u)}">{n}</a></h2>'
            "</article>"
            for n, u in enumerate(links)
        )
        more = bf.load_more_away(self.decoy_port)
        html = _page("أرشيف", f'<div class="posts-list">{items}</div>{more}', self.site, self.base)
        return _send(request, html.encode("utf-8"), "text/html; charset=UTF-8")

    def _many_links(self, request: Request) -> tuple[int, bytes]:
        target = self.base.rstrip("/") + EXPORTED[0].path
        hrefs = [f"{target}?utm_source=s{n}&fbclid={n}" for n in range(1500)]
        hrefs += [f"javascript:void({n})" for n in range(1500)]
        hrefs += [f"https://spam{n}.example/" for n in range(1500)]
        items = "".join(
            f'<article class="post-item"><h2 class="post-title"><a href="{h}">x</a></h2></article>'
            for h in hrefs
        )
        html = _page("روابط", f'<div class="posts-list">{items}</div>', self.site, self.base)
        return _send(request, html.encode("utf-8"), "text/html; charset=UTF-8")

    def article_html(self, fault: Fault, *, wrapped: bool = True, **parts: Any) -> str:
        head, article = self.article_parts(fault, **parts)
        if not wrapped:  # no <html>, <head> or <body>: what a broken cache may serve
            return head + article
        return (
            '<!DOCTYPE html><html lang="ar" dir="rtl">'
            f"<head>{head}</head><body>{article}</body></html>"
        )

    def article_parts(self, fault: Fault, *, title: str | None = None, body: str | None = None,
                      head_extra: str = "", charset: str = "UTF-8") -> tuple[str, str]:  # fmt: skip
        title = title or title_of(fault)
        body = body if body is not None else "".join(f"<p>{p}</p>" for p in (_P1, _P2, _P3))
        url = self.base.rstrip("/") + fault.path
        ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                         "headline": title, "datePublished": PUBLISHED,
                         "articleSection": [SECTION.name], "keywords": ["أرشيف"]},
                        ensure_ascii=False)  # fmt: skip
        head = (
            (f'<meta charset="{charset}">' if charset else "")
            + f'<title>{escape(title)}</title><link rel="canonical" href="{url}">'
            f'<meta property="og:title" content="{escape(title)}">'
            f'<meta property="article:published_time" content="{PUBLISHED}">{head_extra}'
            f'<script type="application/ld+json">{ld}</script>'
        )
        article = (
            f'<article><header class="entry-header"><h1 class="entry-title">{escape(title)}</h1>'
            f'</header><div class="entry-content">{body}</div></article>'
        )
        return head, article


def _page(title: str, main: str, site: SiteModel, base: str) -> str:
    menu = "".join(
        f'<a href="{base}category/{s.slug}/">{escape(s.name)}</a>' for s in site.sections
    )
    return (
        f'<!DOCTYPE html><html lang="ar"><head><meta charset="UTF-8"><title>{title}</title></head>'
        f'<body><nav class="main-menu">{menu}</nav><main>{main}</main></body></html>'
    )


def _send(request: Request, body: bytes, content_type: str | None, status: int = 200):  # type: ignore[no-untyped-def]
    if content_type:
        request.setHeader(b"Content-Type", content_type.encode())
    return status, body


def _redirect(request: Request, location: str) -> tuple[int, bytes]:
    request.setHeader(b"Location", location.encode("utf-8"))
    return 301, b""


def _html(request: Request, html: str, charset: str | None = "UTF-8", encoding: str = "utf-8"):  # type: ignore[no-untyped-def]
    content_type = "text/html" + (f"; charset={charset}" if charset else "")
    return _send(request, html.encode(encoding), content_type)


def _later(request: Request, seconds: float, body: bytes) -> tuple[int, int]:
    def finish() -> None:
        if not request.finished and not request._disconnected:  # type: ignore[attr-defined]
            request.write(body)
            request.finish()

    from twisted.internet import reactor as running

    reactor: Any = running

    request.setHeader(b"Content-Type", b"text/html; charset=UTF-8")
    reactor.callLater(seconds, finish)
    return 200, NOT_DONE_YET


def _reset(request: Request, body: bytes) -> tuple[int, int]:
    request.setHeader(b"Content-Type", b"text/html; charset=UTF-8")
    request.setHeader(b"Content-Length", str(len(body)).encode())
    request.write(body[: len(body) // 3])
    from twisted.internet import reactor as running

    reactor: Any = running

    reactor.callLater(0.05, request.transport.abortConnection)  # type: ignore[union-attr]
    return 200, NOT_DONE_YET


_INVISIBLE_TITLE = "تقرير الأرشيف:\u200f حالة\u200b invisible-marks\u202e"
_INVISIBLE_BODY = f"<p>{_P1[:10]}\u200b{_P1[10:]}\x00</p><p>\u202b{_P2}\u202c</p><p>{_P3}\u2066</p>"


def _handlers() -> dict[str, Callable[..., Any]]:
    def ok(r: FaultRoutes, request: Request, fault: Fault, hit: int):  # type: ignore[no-untyped-def]
        return _html(request, r.article_html(fault))

    def second_time(first: Callable[..., Any], times: int = 1):  # type: ignore[no-untyped-def]
        def handler(r: FaultRoutes, request: Request, fault: Fault, hit: int):  # type: ignore[no-untyped-def]
            return first(r, request, fault) if hit <= times else ok(r, request, fault, hit)

        return handler

    def status(code: int, retry_after: str | None = None):  # type: ignore[no-untyped-def]
        def answer(r: FaultRoutes, request: Request, fault: Fault):  # type: ignore[no-untyped-def]
            if retry_after:  # latin-1: "\u00b2" is the single byte b"\xb2"
                request.setHeader(b"Retry-After", retry_after.encode("latin-1"))
            return code, b"<html><body>busy</body></html>"

        return answer

    def html(r, request, fault, hit, **kw):  # type: ignore[no-untyped-def]
        charset = kw.pop("header_charset", "UTF-8")
        encoding = kw.pop("encoding", "utf-8")
        return _html(request, r.article_html(fault, **kw), charset, encoding)

    return {
        "cp1256-declared": lambda r, q, f, h: html(r, q, f, h, charset="windows-1256",
                                                   header_charset=None, encoding="cp1256"),
        "cp1256-undeclared": lambda r, q, f, h: _html(q, r.article_html(f, charset=""), None,
                                                      "cp1256"),
        "header-lies": lambda r, q, f, h: html(r, q, f, h, header_charset="iso-8859-1"),
        "utf8-no-charset": lambda r, q, f, h: _html(q, r.article_html(f, charset=""), None),
        "invisible-marks": lambda r, q, f, h: html(r, q, f, h, title=_INVISIBLE_TITLE,
                                                   body=_INVISIBLE_BODY),
        "conflicting-jsonld": lambda r, q, f, h: _conflicting(r, q, f),
        "duplicate-meta": lambda r, q, f, h: html(r, q, f, h, head_extra=(
            '<meta property="og:title" content="عنوان آخر">'
            '<meta property="article:published_time" content="2019-01-01T00:00:00+02:00">')),
        "truncated": lambda r, q, f, h: _html(q, r.article_html(f).split(f"<p>{_P3}")[0]),
        "no-html-body": lambda r, q, f, h: _html(q, r.article_html(f, wrapped=False)),
        "deep-nesting": lambda r, q, f, h: html(r, q, f, h, body="<div>" * 800 + "".join(
            f"<p>{p}</p>" for p in (_P1, _P2, _P3)) + "</div>" * 800),
        "retry-after": second_time(status(429, "1"), times=2),
        "storm-recovers": second_time(status(503), times=2),
        "reset-once": second_time(lambda r, q, f: _reset(q, r.article_html(f).encode())),
        "slow-once": second_time(
            lambda r, q, f: _later(q, SLOW_SECONDS, r.article_html(f).encode())),
        "empty-body": lambda r, q, f, h: html(r, q, f, h, body=""),
        "empty-200": lambda r, q, f, h: _send(q, b"", "text/html; charset=UTF-8"),
        "no-content": lambda r, q, f, h: (204, b""),
        "binary": lambda r, q, f, h: _send(q, bytes(range(256)) * 64, "text/html"),
        "too-large": lambda r, q, f, h: html(r, q, f, h, body="<p>" + "ك" * TOO_LARGE + "</p>"),
        "slow-always": lambda r, q, f, h: _later(q, SLOW_SECONDS, r.article_html(f).encode()),
        "storm": lambda r, q, f, h: status(503)(r, q, f),
        "redirect-loop": lambda r, q, f, h: _redirect(q, r.base + "article/fault-redirect-loop-b/"),
        "redirect-offsite": lambda r, q, f, h: _redirect(q, "https://other.example/article/x/"),
        "redirect-other-port": lambda r, q, f, h: _redirect(
            q, f"http://127.0.0.1:{r.decoy_port}/article/decoy/"),
        "redirect-metadata": lambda r, q, f, h: _redirect(q, "http://169.254.169.254/latest/"),
        "redirect-private": lambda r, q, f, h: _redirect(q, "http://10.0.0.1/article/x/"),
        "many-attributes": lambda r, q, f, h: html(r, q, f, h, body="<p " + " ".join(
            f'a{n}=""' for n in range(100_000)) + f">{_P1}</p>"),
        "nesting-5000": lambda r, q, f, h: html(r, q, f, h, body="<div>" * 5000 + "".join(
            f"<p>{p}</p>" for p in (_P1, _P2, _P3)) + "</div>" * 5000),
        "many-headers": lambda r, q, f, h: _many_headers(r, q, f),
        "many-cookies": lambda r, q, f, h: _many_cookies(r, q, f),
        "redirect-long-url": lambda r, q, f, h: _redirect(
            q, r.base + "article/" + "x" * 10_000 + "/"),
        "retry-after-superscript": second_time(status(429, "\u00b2")),
        "browser-subresources": lambda r, q, f, h: _browser(r, q, f, bf.subresources(
            r.decoy_port, [_P1, _P2, _P3])),
        "browser-scripts": lambda r, q, f, h: _browser(r, q, f, bf.scripts(
            r.decoy_port, [_P1, _P2, _P3])),
        "browser-redirect": lambda r, q, f, h: _browser(r, q, f, bf.redirects(
            r.decoy_port, [_P1, _P2, _P3])),
        "browser-navigate": lambda r, q, f, h: _browser(r, q, f, bf.navigate(r.decoy_port)),
        "browser-meta-refresh": lambda r, q, f, h: _browser(r, q, f, bf.meta_refresh(
            r.decoy_port)),
        "browser-form": lambda r, q, f, h: _browser(r, q, f, bf.form(r.decoy_port)),
        # The first fetch (static, in render=auto) gets the page; later ones a redirect.
        "browser-redirect-document": lambda r, q, f, h: _browser(r, q, f, "") if h == 1
        else _redirect(q, bf.decoy_urls(r.decoy_port)[0] + "document"),
        "browser-busy": lambda r, q, f, h: _browser(r, q, f, bf.BUSY),
        "browser-huge-dom": lambda r, q, f, h: _browser(r, q, f, bf.HUGE_DOM),
    }  # fmt: skip


def _many_headers(r: FaultRoutes, request: Request, fault: Fault):  # type: ignore[no-untyped-def]
    for n in range(5000):
        request.responseHeaders.addRawHeader(f"X-Filler-{n}".encode(), b"x" * 20)
    return _html(request, r.article_html(fault))


def _many_cookies(r: FaultRoutes, request: Request, fault: Fault):  # type: ignore[no-untyped-def]
    for n in range(150):
        request.responseHeaders.addRawHeader(b"Set-Cookie", f"c{n}={'v' * 40}; Path=/".encode())
    return _html(request, r.article_html(fault))


def _browser(r: FaultRoutes, request: Request, fault: Fault, tags: str):  # type: ignore[no-untyped-def]
    """The fault's article with an empty body (a browser is needed) and ``tags`` after it."""
    html = r.article_html(fault, body="").replace("</body>", tags + "</body>")
    return _html(request, html)


def _conflicting(r: FaultRoutes, request: Request, fault: Fault):  # type: ignore[no-untyped-def]
    first = json.dumps(
        {"@type": "NewsArticle", "headline": title_of(fault), "datePublished": PUBLISHED,
         "articleSection": [SECTION.name], "keywords": ["أرشيف"]},
        ensure_ascii=False,
    )  # fmt: skip
    second = json.dumps(
        {
            "@type": "NewsArticle",
            "headline": "عنوان آخر",
            "datePublished": "2019-01-01T00:00:00+02:00",
        },
        ensure_ascii=False,
    )
    extra = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": </script>'
        f'<script type="application/ld+json">{first}</script>'
        f'<script type="application/ld+json">{second}</script>'
    )
    html = r.article_html(fault, head_extra=extra)
    return _html(request, html)


_HANDLERS = _handlers()

_ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode()
        for n in range(1, 10)
    )
    + b']><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol9;</loc></url></urlset>'
)


@cache
def _gzip_bomb() -> bytes:
    """About 100 kB that inflate to 100 MB of nothing."""
    return gzip.compress(b"\0" * (100 * 1024 * 1024), compresslevel=9)
