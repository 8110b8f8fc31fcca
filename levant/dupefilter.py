"""A duplicate filter that counts the URL spellings it collapses (``DUPEFILTER_CLASS``).

Filtering itself is Scrapy's :class:`~scrapy.dupefilters.RFPDupeFilter` over the
crawler's request fingerprinter; with
:class:`levant.fingerprint.CanonicalRequestFingerprinter` two spellings of one
article have one fingerprint. This class adds the record of what was folded:
when a filtered request's URL differs from its canonical form, or the spider set
``request.meta["levant_variants"]`` (the variant kinds of the raw link it
canonicalised before requesting), it increments

- ``levant/dedup/requests_collapsed``, and
- ``levant/dedup/variant/<kind>`` for each kind of :data:`levant.urls.VARIANT_KINDS`,

and logs the first collapse in full at INFO; later ones are only counted.
Scrapy's own ``dupefilter/filtered`` stat and debug log are kept.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.dupefilters import RFPDupeFilter
from scrapy.utils.job import job_dir

from levant.fingerprint import CanonicalRequestFingerprinter
from levant.urls import VARIANT_KINDS, CanonicalRules

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector
    from scrapy.utils.request import RequestFingerprinterProtocol

logger = logging.getLogger(__name__)

STAT_COLLAPSED = "levant/dedup/requests_collapsed"
STAT_VARIANT = "levant/dedup/variant/{kind}"


class CanonicalDupeFilter(RFPDupeFilter):
    """:class:`RFPDupeFilter` that counts collapsed URL variants by kind."""

    def __init__(
        self,
        path: str | None = None,
        debug: bool = False,
        *,
        fingerprinter: RequestFingerprinterProtocol | None = None,
        stats: StatsCollector | None = None,
    ) -> None:
        super().__init__(path, debug, fingerprinter=fingerprinter)
        self.stats = stats
        if isinstance(fingerprinter, CanonicalRequestFingerprinter):
            self.rules = fingerprinter.rules
        else:
            self.rules = CanonicalRules.for_profile(None, fold_www=True)
        self._log_collapses = True

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(
            job_dir(crawler.settings),
            crawler.settings.getbool("DUPEFILTER_DEBUG"),
            fingerprinter=crawler.request_fingerprinter,
            stats=crawler.stats,
        )

    def variant_kinds(self, request: Request) -> list[str]:
        """The variant kinds of *request*: its URL's and those the spider noted.

        A shortlink requested twice is one spelling seen twice, not a collapse, so
        "shortlink" only counts when the spider notes it.
        """
        kinds = set(self.rules.variant_kinds(request.url))
        kinds.discard("shortlink")
        kinds.update(request.meta.get("levant_variants") or ())
        known = [kind for kind in VARIANT_KINDS if kind in kinds]
        return known + sorted(kinds.difference(VARIANT_KINDS))

    def log(self, request: Request, spider: Spider) -> None:
        kinds = self.variant_kinds(request)
        if kinds:
            self._count_collapse(request, kinds)
        super().log(request, spider)

    def _count_collapse(self, request: Request, kinds: list[str]) -> None:
        if self.stats is not None:
            self.stats.inc_value(STAT_COLLAPSED)
            for kind in kinds:
                self.stats.inc_value(STAT_VARIANT.format(kind=kind))
        if self._log_collapses:
            self._log_collapses = False
            logger.info(
                "Collapsed a duplicate spelling of a request: %(request)s is %(canonical)s"
                " (variants: %(kinds)s); further collapses are only counted in %(stat)s",
                {
                    "request": request,
                    "canonical": self.rules.canonicalize(request.url),
                    "kinds": ", ".join(kinds),
                    "stat": STAT_COLLAPSED,
                },
            )
