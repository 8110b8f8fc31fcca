"""What the spider's mixins (:mod:`levant.spiders.api_discovery`,
:mod:`levant.spiders.watching`) use of the spider, declared for the type checker, and
:func:`failed_request`.

:class:`levant.spiders.levant.LevantSpider` defines each of these; the mixins are typed
against this declaration instead of the spider itself, which imports them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import scrapy
from scrapy.http import Response
from twisted.internet.base import DelayedCall
from twisted.python.failure import Failure

from levant.incremental import Conditional, Fetch, RecrawlPolicy
from levant.items import Article
from levant.site import SiteProfile
from levant.spiders import wpapi
from levant.spiders.related import ReadAlsoLinks
from levant.spiders.watch import WatchClock


def failed_request(failure: Failure) -> scrapy.Request:
    """The request of an errback's failure (Scrapy sets it on the failure it hands over)."""
    request: scrapy.Request = failure.request  # type: ignore[attr-defined]
    return request


class SpiderParts(scrapy.Spider):
    profile: SiteProfile
    timezone: str
    discover: tuple[str, ...]
    _api: wpapi.ApiRun
    _api_style: str
    _watch: WatchClock
    _watch_timer: DelayedCall | None
    _cycle_failed: bool
    _last_cycle: tuple[int, int] | None
    _watch_log_every: int
    _feed_validators: Conditional
    _hold: bool

    @property
    def read_also(self) -> ReadAlsoLinks:
        raise NotImplementedError

    @property
    def _policy(self) -> RecrawlPolicy:
        raise NotImplementedError

    def _count(self, key: str, count: int = 1) -> None:
        raise NotImplementedError

    def _links_to(self, request_or_response: scrapy.Request | Response) -> list[str]:
        raise NotImplementedError

    def _discovery_requests(self, ways: Iterable[str]) -> Iterator[scrapy.Request]:
        raise NotImplementedError

    def _article_request(self, fetch: Fetch, via: str, variants: list[str]) -> scrapy.Request:
        raise NotImplementedError

    def _cap_read_also(self, article: Article) -> None:
        raise NotImplementedError

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        raise NotImplementedError

    def _api_request(self, page: int, style: str) -> scrapy.Request:
        raise NotImplementedError

    def poll_failed(self, failure: Failure) -> None:
        raise NotImplementedError
