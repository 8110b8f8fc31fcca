"""Only the site's own host and port are ever requested, redirects included.

Links are filtered by the spider already; this is the second line, in the
downloader, where every request passes, including those a redirect creates: a
request for another host, another port of the same host, a private or link-local
address (cloud metadata at 169.254.169.254), or a non-HTTP scheme is refused
before any connection is made. Scrapy's own ``OffsiteMiddleware`` compares domains
only (any port passes) and lets ``dont_filter`` requests through, so it does not do.

Scrapy's cookie middleware asks ``tldextract`` whether a cookie's domain is a public
suffix, and ``tldextract`` downloads the Public Suffix List from publicsuffix.org on
first use: this middleware makes it use the copy it ships with, offline.

Stats: ``levant/offsite/refused`` and ``levant/offsite/refused/<kind>`` (``scheme``,
``private``, ``loopback``, ``link_local``, ``host``, ``port``). The first refusal of
each kind is logged at INFO with the URL. ``LEVANT_SITE_ONLY = False`` disables it.
"""

from __future__ import annotations

import ipaddress
import logging
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.statscollectors import StatsCollector

from levant.config import setting
from levant.site import SiteProfile
from levant.urls import has_ambiguous_authority, is_site_url

logger = logging.getLogger(__name__)


def refusal_kind(url: str, profile: SiteProfile) -> str | None:
    """Why *url* must not be requested for *profile*'s site, or None when it may."""
    if is_site_url(url, profile):
        return None
    try:
        if has_ambiguous_authority(url):
            return "host"  # userinfo, or an authority a browser reads differently
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.scheme not in ("http", "https"):
            return "scheme"
        site = urlsplit(profile.base_url)
        if host == site.hostname:
            return "port"
        address = ipaddress.ip_address(host)
    except ValueError:
        return "host"
    if address.is_link_local:
        return "link_local"
    if address.is_loopback:
        return "loopback"
    if address.is_private or address.is_reserved or address.is_unspecified:
        return "private"
    return "host"


class Refusals:
    """Counts and logs refused URLs under one stats prefix, the first of each kind in full.

    The downloader (``levant/offsite/refused``) and the browser
    (``levant/render/refused``, :mod:`levant.render.guard`) each keep one.
    """

    def __init__(self, stats: StatsCollector, prefix: str, where: str) -> None:
        self.stats = stats
        self.prefix = prefix
        self.where = where
        self._logged: set[str] = set()

    def check(self, url: str, profile: SiteProfile | None) -> str | None:
        """Why *url* is refused (counted and logged), or None when it may be requested."""
        if profile is None:
            return None
        kind = refusal_kind(url, profile)
        if kind is not None:
            self.count(kind, url)
        return kind

    def count(self, kind: str, url: str) -> None:
        self.stats.inc_value(self.prefix)
        self.stats.inc_value(f"{self.prefix}/{kind}")
        if kind not in self._logged:
            self._logged.add(kind)
            logger.info(
                "Refused a request off the site (%s) %s: %s; more of this kind are only "
                "counted in %s/%s",
                kind,
                self.where,
                url[:300],
                self.prefix,
                kind,
            )


class SiteOnlyMiddleware:
    def __init__(self, crawler: Crawler, stats: StatsCollector) -> None:
        self.crawler = crawler
        self.stats = stats
        self.refusals = Refusals(stats, "levant/offsite/refused", "in the downloader")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteOnlyMiddleware:
        _check_the_site(crawler)
        if not setting(crawler.settings, "LEVANT_SITE_ONLY"):
            raise NotConfigured("LEVANT_SITE_ONLY is off")
        assert crawler.stats is not None
        _offline_public_suffixes()
        return cls(crawler, crawler.stats)

    def process_request(self, request: Request) -> None:
        profile = getattr(self.crawler.spider, "profile", None)
        if not isinstance(profile, SiteProfile):
            return
        kind = self.refusals.check(request.url, profile)
        if kind is not None:
            raise IgnoreRequest(f"off the site ({kind}): {request.url[:300]}")


def _check_the_site(crawler: Crawler) -> None:
    """The site itself must be one a crawl may request: the base URL is checked
    (:func:`levant.spiders.args.site_base_url`) before anything is; a refused one stops
    the process with one ERROR line and exit status 2."""
    from levant.spiders.args import ArgumentError, exit_on, site_base_url

    spider = crawler.spider
    profile = getattr(spider, "profile", None)
    if not isinstance(profile, SiteProfile):
        return
    try:
        site_base_url(getattr(spider, "_base_url_arg", None), crawler.settings, profile.base_url)
    except ArgumentError as error:
        exit_on(error)


def _offline_public_suffixes() -> None:
    """Scrapy's cookie middleware reads public suffixes from tldextract's own snapshot,
    never from the network (process-wide, once)."""
    from scrapy.downloadermiddlewares import cookies
    from tldextract import TLDExtract

    if getattr(cookies._split_domain, "suffix_list_urls", None) == ():
        return
    cookies._split_domain = TLDExtract(suffix_list_urls=(), include_psl_private_domains=True)
