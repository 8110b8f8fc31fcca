"""The cluster's duplicate filter: one set of canonical fingerprints in Redis.

``DUPEFILTER_CLASS = "levant.cluster.dupefilter.ClusterDupeFilter"`` (``settings.cluster``):
:class:`levant.dupefilter.CanonicalDupeFilter` (the counting of collapsed URL
spellings, the crawler's :class:`levant.fingerprint.CanonicalRequestFingerprinter`)
with its set of seen fingerprints in Redis instead of memory, so every worker
of a cluster filters against what any worker has scheduled: one fetch per
article across the cluster. ``SADD`` answers "seen?" and records it in one atomic
step; :class:`levant.cluster.scheduler.ClusterScheduler` does it in the same Redis
script that queues the request, so no request is marked seen and then lost. The
set is at ``SCHEDULER_DUPEFILTER_KEY`` (default ``<spider>:dupefilter``) of
``REDIS_URL``; it outlives each worker and is emptied by the scheduler when the
cluster's crawl ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from levant.dupefilter import CanonicalDupeFilter

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector
    from scrapy.utils.request import RequestFingerprinterProtocol

DEFAULT_KEY = "%(spider)s:dupefilter"


class ClusterDupeFilter(CanonicalDupeFilter):
    """:class:`CanonicalDupeFilter` over a Redis set shared by every worker."""

    def __init__(
        self,
        server: Any,  # redis.Redis
        key: str,
        debug: bool = False,
        *,
        fingerprinter: RequestFingerprinterProtocol | None = None,
        stats: StatsCollector | None = None,
    ) -> None:
        super().__init__(None, debug, fingerprinter=fingerprinter, stats=stats)
        self.server = server
        self.key = key

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        from scrapy_redis.connection import get_redis_from_settings

        settings = crawler.settings
        name = crawler.spidercls.name if crawler.spidercls else "spider"
        key = (settings.get("SCHEDULER_DUPEFILTER_KEY") or DEFAULT_KEY) % {"spider": name}
        return cls(
            get_redis_from_settings(settings),
            key,
            settings.getbool("DUPEFILTER_DEBUG"),
            fingerprinter=crawler.request_fingerprinter,
            stats=crawler.stats,
        )

    def fingerprint(self, request: Request) -> str:
        """The member of the Redis set that stands for *request*."""
        return self.fingerprinter.fingerprint(request).hex()

    def request_seen(self, request: Request) -> bool:
        return not self.server.sadd(self.key, self.fingerprint(request))

    def close(self, reason: str) -> None:
        """Keep the fingerprints: other workers still filter against them."""

    def clear(self) -> None:
        """Forget every fingerprint (the cluster's crawl is over)."""
        self.server.delete(self.key)
