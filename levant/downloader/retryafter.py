"""Honour ``Retry-After``: a 429 or 503 is retried after the delay the site asked for.

Scrapy's ``RetryMiddleware`` retries 429 and 503 at once, which a rate-limited
site answers with another 429. Placed closer to the downloader than the retry
middleware, this one waits the ``Retry-After`` delay (seconds or an HTTP date)
before handing the response on to be retried, up to ``LEVANT_RETRY_AFTER_MAX``
seconds (default 60; a longer delay is not waited for and the retry middleware
decides). Stats: ``levant/retry_after/waited`` and ``levant/retry_after/seconds``.

The wait is Twisted's public ``deferLater`` on the running reactor, awaited through
Scrapy's documented ``maybe_deferred_to_future`` (a Deferred under any reactor, an
asyncio future under the asyncio one): the download slot is not blocked meanwhile.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from levant.config import default

logger = logging.getLogger(__name__)

STATUSES = (429, 503)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """The delay a ``Retry-After`` header asks for, or None when unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # not "²" or "٣": str.isdigit() takes them
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class RetryAfterMiddleware:
    def __init__(self, stats: StatsCollector, max_wait: float) -> None:
        self.stats = stats
        self.max_wait = max_wait

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        assert crawler.stats is not None
        return cls(
            crawler.stats,
            crawler.settings.getfloat("LEVANT_RETRY_AFTER_MAX", default("LEVANT_RETRY_AFTER_MAX")),
        )

    async def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in STATUSES or request.meta.get("dont_retry"):
            return response
        header = response.headers.get(b"Retry-After")
        delay = retry_after_seconds(header.decode("latin-1") if header else None, datetime.now(UTC))
        if delay is None or delay > self.max_wait:
            return response
        self.stats.inc_value("levant/retry_after/waited")
        self.stats.inc_value("levant/retry_after/seconds", int(delay))
        logger.info("%d with Retry-After %.0f s: waiting before the retry of %s",
                    response.status, delay, request.url)  # fmt: skip
        from twisted.internet import reactor  # the running one (at import: a default one)

        await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
        return response
