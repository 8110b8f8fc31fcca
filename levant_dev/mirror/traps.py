"""Trap mode of the mirror (``--trap NAME``): a normal small site plus one crawler trap.

A section "ملفات" (``/category/trap/``) joins the menu, so the spider reaches the
trap the way it reaches any section: home, menu, the section's listing, its next
links, its articles and their read-also links. Each trap is a shape real sites
take by accident (a calendar widget, a ``redirect_to`` parameter, a related-posts
plugin gone wrong) and would keep a crawler busy forever, or cost it gigabytes,
unless a bound of the crawl stops it (docs/robustness.md, "Trap sites"):

- ``pagination``: the section's ``next`` link never ends (``/category/trap/page/N/``
  for every N); each page lists the same ten articles of the healthy site.
- ``calendar``: the next link moves a date back a day (``?date=2026-11-30`` ->
  ``?date=2026-11-29`` ...) with a query parameter (``&sort=date``), so no URL repeats.
- ``percent``: the next link carries the current URL, percent-encoded, in a
  parameter (``?from=%2Fcategory%2Ftrap%2F%3Ffrom%3D%252F...``): every ``%`` becomes
  ``%25`` at each turn and the URL roughly triples in length.
- ``fanout``: the section lists ten articles, each with 5,000 read-also links to
  distinct articles of the trap; one link in five is an article (generated, with
  5,000 read-also links of its own, without end), the others answer 404.
- ``huge-listing``: the section's only page is about 16 MiB (just under Scrapy's
  default ``DOWNLOAD_MAXSIZE``) and links about 390,000 distinct trap articles
  (``/article/h-<n>/``, in the generic markup ``.posts-list > h2 > a``).
- ``huge-headers``: the section lists one article answered with 2,000,000 header
  lines (about 40 MB of headers) before its body, and three ordinary trap articles.

Trap articles (``/article/trap-<name>-<n>/``, ``/article/h-<n>/``) are small valid
articles: a title, a date and two paragraphs. Nothing here runs at import time; the
reactor is imported by the one answer that needs it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from html import escape
from typing import Any
from urllib.parse import quote

from twisted.web.server import NOT_DONE_YET, Request

from levant.site import Section
from levant_dev.mirror.model import SiteModel

SECTION = Section("trap", "ملفات")
TRAPS = ("pagination", "calendar", "percent", "fanout", "huge-listing", "huge-headers")
LISTING = "/category/trap/"
FIRST_DATE = date(2026, 11, 30)  # the calendar trap's first page
FANOUT_HUBS = 10  # articles the fan-out trap's listing links
FANOUT_LINKS = 5000  # read-also links of each fan-out article
FANOUT_EVERY = 5  # one read-also link in FANOUT_EVERY is an article, the others 404
HUGE_LISTING_BYTES = 16 * 1024 * 1024 - 64 * 1024  # under DOWNLOAD_MAXSIZE (16 MiB)
HUGE_PREFIX = "/article/h-"  # the huge listing's articles: short links, more of them
HUGE_HEADER_LINES = 2_000_000
_HEADER_CHUNK = 20_000  # header lines written per reactor turn
PUBLISHED = "2026-11-20T10:00:00+03:00"
_P1 = "قالت مصادر محلية إن الاجتماع ناقش ملفات الخدمات العامة في المنطقة."
_P2 = "وأضافت أن اللجان المختصة ستعرض نتائجها خلال الأسبوع المقبل."
_READ_ALSO = "اقرأ أيضاً:"


def apply_trap(site: SiteModel) -> None:
    """The trap's section joins the menu."""
    site.sections = (*site.sections, SECTION)


class TrapRoutes:
    """The pages of one trap; ``route`` answers a request, or None for the healthy site."""

    def __init__(self, site: SiteModel, base: str, name: str) -> None:
        if name not in TRAPS:
            raise ValueError(f"unknown trap {name!r}; one of {', '.join(TRAPS)}")
        self.site = site
        self.base = base
        self.name = name

    def route(self, request: Request, path: str, query: dict[str, list[str]]) -> Answer | None:
        if path == LISTING or path.startswith(LISTING + "page/"):
            return self._listing(request, path, query)
        prefix = HUGE_PREFIX if self.name == "huge-listing" else f"/article/trap-{self.name}-"
        if path.startswith(prefix) and path.endswith("/"):
            number = path[len(prefix) : -1]
            if number.isdigit() and not (len(number) > 1 and number.startswith("0")):
                return self._article(request, int(number))
        return None

    # -- listings ---------------------------------------------------------------

    def _listing(self, request: Request, path: str, query: dict[str, list[str]]) -> Answer:
        here = self.base.rstrip("/") + request.uri.decode("latin-1")
        page = path[len(LISTING + "page/") :].rstrip("/") if path != LISTING else "1"
        if not page.isdigit() or (self.name != "pagination" and page != "1"):
            return _not_found(request)
        links = [self._article_url(n) for n in range(3)]
        following: str | None = None
        if self.name == "pagination":
            links = [self.base.rstrip("/") + a.path for a in self.site.listed()[:10]]
            following = f"{self.base}category/trap/page/{int(page) + 1}/"
        elif self.name == "calendar":
            day = _date(query.get("date", [""])[0]) or FIRST_DATE
            links = [self.base.rstrip("/") + a.path for a in self.site.listed()[:10]]
            following = f"{self.base}category/trap/?date={day - timedelta(days=1)}&sort=date"
        elif self.name == "percent":
            links = [self.base.rstrip("/") + a.path for a in self.site.listed()[:10]]
            following = f"{self.base}category/trap/?from={quote(here, safe='')}"
        elif self.name == "fanout":
            links = [self._article_url(n) for n in range(FANOUT_HUBS)]
        elif self.name == "huge-listing":
            return _html(request, _huge_listing(self.base, self._menu()))
        items = "".join(_entry(url) for url in links)
        main = f'<div class="posts-list">{items}</div>'
        if following:
            main += (
                f'<nav class="pagination"><a class="next" href="{escape(following)}">'
                "التالي</a></nav>"
            )
        return _html(request, _page(SECTION.name, main, self._menu()).encode("utf-8"))

    # -- articles ---------------------------------------------------------------

    def _article(self, request: Request, number: int) -> Answer:
        if self.name == "fanout":
            if number >= FANOUT_HUBS and (number - FANOUT_HUBS) % FANOUT_EVERY:
                return _not_found(request)
            first = FANOUT_HUBS + number * FANOUT_LINKS
            related = [self._article_url(first + j) for j in range(FANOUT_LINKS)]
            return _html(request, self._article_html(number, related).encode("utf-8"))
        if self.name == "huge-headers" and number == 0:
            return _huge_headers(request, self._article_html(0, []).encode("utf-8"))
        return _html(request, self._article_html(number, []).encode("utf-8"))

    def _article_url(self, number: int) -> str:
        if self.name == "huge-listing":
            return f"{self.base.rstrip('/')}{HUGE_PREFIX}{number}/"
        return f"{self.base}article/trap-{self.name}-{number}/"

    def _article_html(self, number: int, related: list[str]) -> str:
        title = f"ملفات الخدمات: تقرير رقم {number} ({self.name})"
        url = self._article_url(number)
        ld = json.dumps(
            {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
             "datePublished": PUBLISHED, "articleSection": [SECTION.name]},
            ensure_ascii=False,
        )  # fmt: skip
        read_also = "".join(
            f'<p><strong>{_READ_ALSO}</strong> <a href="{href}">تقرير آخر</a></p>'
            for href in related
        )
        head = (
            f'<meta charset="UTF-8"><title>{escape(title)}</title>'
            f'<link rel="canonical" href="{url}">'
            f'<meta property="article:published_time" content="{PUBLISHED}">'
            f'<script type="application/ld+json">{ld}</script>'
        )
        body = (
            f'<article><header class="entry-header"><h1 class="entry-title">{escape(title)}</h1>'
            f'</header><div class="entry-content"><p>{_P1}</p>{read_also}<p>{_P2}</p></div>'
            "</article>"
        )
        return (
            f'<!DOCTYPE html><html lang="ar" dir="rtl"><head>{head}</head>'
            f"<body>{self._menu()}{body}</body></html>"
        )

    def _menu(self) -> str:
        links = "".join(
            f'<a href="{self.base}category/{s.slug}/">{escape(s.name)}</a>'
            for s in self.site.sections
        )
        return f'<nav class="main-menu">{links}</nav>'


Answer = tuple[int, bytes | int]


def _entry(url: str) -> str:
    return (
        f'<article class="post-item"><h2 class="post-title"><a href="{escape(url)}">تقرير</a>'
        "</h2></article>"
    )


def _page(title: str, main: str, menu: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="UTF-8">'
        f"<title>{escape(title)}</title></head><body>{menu}<main>{main}</main></body></html>"
    )


@cache
def _huge_listing(base: str, menu: str) -> bytes:
    """One listing page of about 16 MiB: as many short entries as fit."""
    head = _page(SECTION.name, "", menu).split("</main>")[0].encode() + b'<div class="posts-list">'
    tail = b"</div></main></body></html>"
    parts, size, number = [head], len(head) + len(tail), 0
    while True:
        entry = f'<h2><a href="{HUGE_PREFIX}{number}/">x</a></h2>'.encode()
        if size + len(entry) > HUGE_LISTING_BYTES:
            break
        parts.append(entry)
        size += len(entry)
        number += 1
    return b"".join([*parts, tail])


def huge_listing_links(base: str = "http://127.0.0.1/") -> int:
    """How many article links the huge listing holds."""
    return _huge_listing(base, "").count(b"<h2>")


def _huge_headers(request: Request, body: bytes) -> Answer:
    """HUGE_HEADER_LINES header lines, written raw and a chunk per reactor turn, so a
    client that gives up (the crawler, after its header bound) stops the writing."""
    from twisted.internet import reactor as running

    reactor: Any = running

    transport: Any = request.channel.transport  # type: ignore[attr-defined]
    gone: list[bool] = []
    request.notifyFinish().addBoth(lambda _: gone.append(True))
    transport.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n")
    written = [0]

    def step() -> None:
        if gone or transport.disconnected:
            return
        count = min(_HEADER_CHUNK, HUGE_HEADER_LINES - written[0])
        start = written[0]
        transport.write(b"".join(b"X-Filler-%d: x\r\n" % n for n in range(start, start + count)))
        written[0] += count
        if written[0] < HUGE_HEADER_LINES:
            reactor.callLater(0, step)
            return
        transport.write(b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
        transport.loseConnection()

    step()
    return 200, NOT_DONE_YET


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _html(request: Request, body: bytes) -> Answer:
    request.setHeader(b"Content-Type", b"text/html; charset=UTF-8")
    return 200, body


def _not_found(request: Request) -> Answer:
    request.setHeader(b"Content-Type", b"text/html; charset=UTF-8")
    return 404, b"<html><body><h1>404</h1></body></html>"


Route = Callable[[Request, str, dict[str, list[str]]], Answer | None]
