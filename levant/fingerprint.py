"""Request fingerprints over canonical URLs (``REQUEST_FINGERPRINTER_CLASS``).

Scrapy's default fingerprinter already sorts the query and normalises
percent-encoding (w3lib), but two spellings of one article still differ in
tracking parameters, AMP suffixes, trailing slashes, NFC or ``www.``. This one
hashes the method, the URL in the form of :func:`levant.urls.canonicalize_url`
(generic rules, no site profile, plus a ``www.`` fold on every host) and the
body, exactly as Scrapy structures its own fingerprint, so the duplicate filter
and the HTTP cache see one request per article.

Settings:

- ``LEVANT_EXTRA_TRACKING_PARAMS`` (list, default empty): query parameters
  removed on top of :data:`levant.site.TRACKING_PARAMS`; ``name*`` is a prefix.

A request with ``meta["verbatim_url"]`` is hashed with its URL as is, as in Scrapy.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from levant.config import setting
from levant.urls import CanonicalRules

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler


class CanonicalRequestFingerprinter:
    """Scrapy's fingerprint (sha1 of method, URL and body) over canonical URLs."""

    def __init__(self, extra_tracking_params: Iterable[str] = ()) -> None:
        self.rules = CanonicalRules.for_profile(
            None, extra_tracking=extra_tracking_params, fold_www=True
        )
        self._cache: WeakKeyDictionary[Request, bytes] = WeakKeyDictionary()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(setting(crawler.settings, "LEVANT_EXTRA_TRACKING_PARAMS"))

    def canonical_url(self, request: Request) -> str:
        """The URL this fingerprinter hashes for *request*."""
        if request.meta.get("verbatim_url"):
            return request.url
        return self.rules.canonicalize(request.url)

    def fingerprint(self, request: Request) -> bytes:
        cached = self._cache.get(request)
        if cached is None:
            data = {
                "method": request.method,
                "url": self.canonical_url(request),
                "body": (request.body or b"").hex(),
                "headers": {},
            }
            encoded = json.dumps(data, sort_keys=True).encode()
            cached = self._cache[request] = hashlib.sha1(encoded).digest()
        return cached
