"""The mirror's HTTP server: a Twisted Web resource serving a :class:`SiteModel`.

It answers like a WordPress site: 301 from shortlinks (``/?p=ID``) and from paths
without the trailing slash, AMP copies under ``/amp/``, any spelling of an Arabic
slug (raw, percent-encoded in either case, NFD), ``ETag``/``Last-Modified`` with
304 answers to conditional requests, 404 for unknown pages, and one article that
answers 500 once before it answers 200. With ``--js`` it also serves the
JavaScript-only pages of :mod:`levant_dev.mirror.js`; with ``--theme b``, pages under
the other theme of :mod:`levant_dev.mirror.theme_b`; with ``--fail-articles 503``, that
status for every article page; with ``--trap NAME``, one crawler trap
(:mod:`levant_dev.mirror.traps`). With ``--api`` it serves WordPress's REST API
(:mod:`levant_dev.mirror.api`) and core sitemaps (``/wp-sitemap.xml``, to which
``/sitemap.xml`` then redirects); without it ``/wp-json/...`` is an HTML 404, as on a
site that is not WordPress. With ``--epoch-seconds`` the site changes as time passes
(:mod:`levant_dev.mirror.live`), read from *clock* (injectable: tests do not sleep). The
feed answers 304 when no post changed since its validators. Every request is
appended to an access log (JSON Lines) so tests can count exactly what a crawl
asked for.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import IO, Any
from urllib.parse import parse_qs, unquote, urlsplit

from twisted.web import resource
from twisted.web.server import NOT_DONE_YET, Request

from levant_dev.mirror import api, feeds, js, pages, theme_b
from levant_dev.mirror.live import LiveSite, Timeline
from levant_dev.mirror.model import SITE_TZ, MirrorArticle, SiteModel

HOME_SIZE = 12
PAGE_SIZE = 10
_CACHE_SIZE = 2000

_ARTICLE = re.compile(r"^/article/([^/]+)(/|/amp/?)?$")
_SECTION = re.compile(r"^/category/([^/]+)/(?:page/(\d+)/?)?$")
_POST_SITEMAP = re.compile(r"^/post-sitemap(\d*)\.xml$")
_CORE_POSTS_SITEMAP = re.compile(r"^/wp-sitemap-posts-post-(\d+)\.xml$")
_CORE_OTHER_SITEMAP = re.compile(r"^/wp-sitemap-([a-z-]+)-1\.xml$")


class MirrorResource(resource.Resource):
    isLeaf = True

    def __init__(
        self,
        site: SiteModel,
        base_url: str,
        access_log: IO[str] | None = None,
        clock: Callable[[], float] = time.time,
    ):
        super().__init__()
        self.site = site
        self.base = base_url
        self.access_log = access_log
        self.clock = clock
        self.live = None
        if site.config.epoch_seconds:  # site is the live site at epoch 0
            start = site.config.live_start or datetime.fromtimestamp(clock(), SITE_TZ)
            self.live = LiveSite(site, Timeline(start, site.config.epoch_seconds))
        self._failed_once: set[int] = set()
        self._cache: OrderedDict[tuple[str, int, int], bytes] = OrderedDict()
        self.faults = None
        if site.config.faults:
            from levant_dev.mirror.faults import FaultRoutes

            self.faults = FaultRoutes(site, base_url, site.config.decoy_port)
        self.traps = None
        if site.config.trap:
            from levant_dev.mirror.traps import TrapRoutes

            self.traps = TrapRoutes(site, base_url, site.config.trap)

    # -- dispatch ---------------------------------------------------------------

    def render_GET(self, request: Request) -> bytes | int:
        if self.live is not None:
            self.live.sync(self.clock())
        raw = request.uri.decode("utf-8", "replace")
        split = urlsplit(raw)
        path = unicodedata.normalize("NFC", unquote(split.path, errors="replace"))
        answer = self.faults.route(request, path) if self.faults else None
        if answer is None and self.traps is not None:
            answer = self.traps.route(request, path, parse_qs(split.query))
        status, body = answer or self._route(request, path, parse_qs(split.query))
        request.setResponseCode(status)
        self._log(request, raw, status)
        if body is NOT_DONE_YET:  # a fault page that answers later, or never
            return NOT_DONE_YET
        return body if request.method != b"HEAD" else b""

    render_HEAD = render_GET

    def _route(self, request: Request, path: str, query: dict[str, list[str]]) -> tuple[int, bytes]:
        core = self.site.config.api
        if path == "/" and "rest_route" in query and core:
            return self._api(request, query["rest_route"][0], query, pretty=False)
        if path == "/" and "p" in query:
            return self._shortlink(request, query["p"][0])
        if path == "/":
            return self._html(request, self._home())
        if path == "/robots.txt":
            return self._send(request, feeds.robots_txt(self.base, core), "text/plain")
        if path in ("/feed/", "/feed"):
            return self._feed(request)
        if core and (answer := self._core_sitemap(request, path)):
            return answer
        if path == "/sitemap.xml":
            extra = self.faults.sitemap_entries() if self.faults else ""
            return self._xml(request, feeds.sitemap_index(self.site, self.base, extra))
        if path == "/category-sitemap.xml":
            return self._xml(request, feeds.category_sitemap(self.site, self.base))
        if match := _POST_SITEMAP.match(path):
            xml = feeds.post_sitemap(self.site, self.base, int(match.group(1) or 1))
            return self._xml(request, xml) if xml else self._not_found(request)
        if path == js.MORE_PATH and self.site.config.js:
            return self._more(request, query)
        if core and (path == "/wp-json" or path.startswith("/wp-json/")):
            return self._api(request, path[len("/wp-json") :], query, pretty=True)
        if match := _SECTION.match(path):
            return self._section(request, match.group(1), int(match.group(2) or 1))
        if match := _ARTICLE.match(path):
            return self._article(request, match.group(1), match.group(2) or "")
        if path in ("/about/", "/privacy-policy/"):
            return self._html(request, pages.simple_page(self.site, self.base, "ليفانت نيوز", "…"))
        return self._not_found(request)

    # -- pages ------------------------------------------------------------------

    def _home(self) -> str:
        latest = self.site.listed()[:HOME_SIZE]
        return self._listing_page(
            self.site, self.base, "آخر الأخبار", latest, 1, 1, self.base, pages.HOME_VARIANTS
        )

    def _section(self, request: Request, slug: str, number: int) -> tuple[int, bytes]:
        section = next((s for s in self.site.sections if s.slug == slug), None)
        if section is None:
            return self._not_found(request)
        if request.path.decode().endswith("/page/1/"):
            return self._redirect(request, f"{self.base}category/{slug}/")
        if js.is_js_section(self.site, slug):
            if number > 1:
                return self._not_found(request)
            return self._html(request, js.listing_page(self.site, self.base, slug))
        entries = self.site.listed(slug)
        count = max(1, -(-len(entries) // PAGE_SIZE))
        if number > count:
            return self._not_found(request)
        chunk = entries[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        url = f"{self.base}category/{slug}/page/{{n}}/"
        html = self._listing_page(self.site, self.base, section.name, chunk, number, count, url)
        return self._html(
            request,
            html.replace(f"{self.base}category/{slug}/page/1/", f"{self.base}category/{slug}/"),
        )

    def _article(self, request: Request, slug: str, tail: str) -> tuple[int, bytes]:
        article = self.site.by_slug.get(slug)
        if article is None:
            return self._not_found(request)
        if self.site.config.fail_articles:  # --fail-articles: every article page fails
            return self.site.config.fail_articles, b"<html><body><h1>Unavailable</h1></body></html>"
        canonical = self.base.rstrip("/") + article.path
        if tail == "":
            return self._redirect(request, canonical)
        if tail.startswith("/amp"):
            return self._html(request, pages.amp_page(self.site, self.base, article))
        if (
            article.post_id == self.site.error_once_post_id
            and article.post_id not in self._failed_once
        ):
            self._failed_once.add(article.post_id)
            return 500, b"<html><body><h1>Internal Server Error</h1></body></html>"
        etag = f'"{article.post_id}-{article.version}"'
        request.setHeader(b"ETag", etag.encode())
        request.setHeader(
            b"Last-Modified", format_datetime(article.modified, usegmt=False).encode()
        )
        if self._not_modified(request, article, etag):
            return 304, b""
        return self._html(request, self._cached("a", article))

    @property
    def _listing_page(self) -> Any:
        """The listing page renderer of the theme served (``--theme``)."""
        return (
            theme_b.listing_page if self.site.config.theme == theme_b.THEME else pages.listing_page
        )

    def _more(self, request: Request, query: dict[str, list[str]]) -> tuple[int, bytes]:
        offset, section = query.get("offset", [""])[0], query.get("section", [""])[0]
        data = (
            js.more_entries(self.site, self.base, section, int(offset))
            if offset.isdigit()
            else None
        )
        if data is None:
            return self._not_found(request)
        return self._send(request, json.dumps(data, ensure_ascii=False), "application/json")

    def _feed(self, request: Request) -> tuple[int, bytes]:
        etag, last_modified = feeds.feed_validators(self.site)
        request.setHeader(b"ETag", etag.encode())
        request.setHeader(b"Last-Modified", last_modified.encode())
        if _feed_not_modified(request, etag, last_modified):
            return 304, b""
        return self._send(request, feeds.rss_feed(self.site, self.base), "application/rss+xml")

    def _core_sitemap(self, request: Request, path: str) -> tuple[int, bytes] | None:
        """WordPress core's sitemaps (``--api``); Yoast's names then answer 404."""
        if path == "/sitemap.xml":
            return self._redirect(request, f"{self.base}wp-sitemap.xml")
        if path == "/wp-sitemap.xml":
            extra = self.faults.sitemap_entries() if self.faults else ""
            return self._xml(request, feeds.core_sitemap_index(self.site, self.base, extra))
        xml = None
        if match := _CORE_POSTS_SITEMAP.match(path):
            xml = feeds.core_posts_sitemap(self.site, self.base, int(match.group(1)))
        elif match := _CORE_OTHER_SITEMAP.match(path):
            xml = feeds.core_other_sitemap(self.site, self.base, match.group(1))
        elif not (_POST_SITEMAP.match(path) or path == "/category-sitemap.xml"):
            return None
        return self._xml(request, xml) if xml else self._not_found(request)

    def _api(
        self, request: Request, route: str, query: dict[str, list[str]], *, pretty: bool
    ) -> tuple[int, bytes]:
        query = parse_qs(urlsplit(request.uri.decode("utf-8", "replace")).query, True)  # _embed=
        found = api.answer(self.site, self.base, route, query, pretty=pretty)
        for name, value in found.headers.items():
            request.setHeader(name.encode(), value.encode())
        return found.status, found.body

    def _cached(self, kind: str, article: MirrorArticle) -> str:
        key = (kind, article.post_id, article.version)  # live mode edits articles
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key].decode("utf-8")
        if article.js == "body":
            html = js.article_page(self.site, self.base, article)
        elif self.site.config.theme == theme_b.THEME:
            html = theme_b.article_page(self.site, self.base, article)
        else:
            html = pages.article_page(self.site, self.base, article)
        self._cache[key] = html.encode("utf-8")
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return html

    @staticmethod
    def _not_modified(request: Request, article: MirrorArticle, etag: str) -> bool:
        if_none_match = request.getHeader(b"If-None-Match")
        if if_none_match is not None:
            return etag in if_none_match.decode("latin-1")
        since = request.getHeader(b"If-Modified-Since")
        if since:
            try:
                return article.modified <= parsedate_to_datetime(since.decode("latin-1"))
            except (TypeError, ValueError):
                return False
        return False

    def _shortlink(self, request: Request, value: str) -> tuple[int, bytes]:
        article = self.site.by_id.get(int(value)) if value.isdigit() else None
        if article is None:
            return self._not_found(request)
        return self._redirect(request, self.base.rstrip("/") + article.path)

    # -- responses --------------------------------------------------------------

    def _send(self, request: Request, text: str, content_type: str) -> tuple[int, bytes]:
        request.setHeader(b"Content-Type", f"{content_type}; charset=UTF-8".encode())
        return 200, text.encode("utf-8")

    def _html(self, request: Request, html: str) -> tuple[int, bytes]:
        return self._send(request, html, "text/html")

    def _xml(self, request: Request, xml: str) -> tuple[int, bytes]:
        return self._send(request, xml, "application/xml")

    def _redirect(self, request: Request, location: str) -> tuple[int, bytes]:
        request.setHeader(b"Location", location.encode("utf-8"))
        return 301, b""

    def _not_found(self, request: Request) -> tuple[int, bytes]:
        html = pages.simple_page(self.site, self.base, "الصفحة غير موجودة", "404")
        request.setHeader(b"Content-Type", b"text/html; charset=UTF-8")
        return 404, html.encode("utf-8")

    def _log(self, request: Request, raw: str, status: int) -> None:
        if self.access_log is None:
            return
        entry: dict[str, Any] = {
            "t": round(self.clock(), 3),
            "method": request.method.decode(),
            "path": raw,
            "status": status,
            "ua": (request.getHeader(b"User-Agent") or b"").decode("utf-8", "replace"),
        }
        for header in ("If-None-Match", "If-Modified-Since"):
            value = request.getHeader(header.encode())
            if value:
                entry[header.lower()] = value.decode("latin-1")
        self.access_log.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.access_log.flush()


def _feed_not_modified(request: Request, etag: str, last_modified: str) -> bool:
    """WordPress's rule: both validators must match when both are sent, else either."""
    sent_etag = request.getHeader(b"If-None-Match")
    sent_since = request.getHeader(b"If-Modified-Since")
    etag_ok = sent_etag is not None and etag in sent_etag.decode("latin-1")
    since_ok = False
    if sent_since:
        try:
            since = parsedate_to_datetime(sent_since.decode("latin-1"))
            since_ok = since >= parsedate_to_datetime(last_modified)
        except (TypeError, ValueError):
            since_ok = False
    if sent_etag is not None and sent_since:
        return etag_ok and since_ok
    return etag_ok or since_ok
