"""Decode pages with the charset their bytes are really in, whatever the header claims.

Scrapy trusts the ``Content-Type`` charset over everything else, so a UTF-8 page
served as ``charset=iso-8859-1`` (or a windows-1256 page served as UTF-8) turns
every Arabic letter into garbage. For an HTML response:

1. bytes that are valid UTF-8 and contain multi-byte sequences are UTF-8 (legacy
   encodings almost never form valid UTF-8 by chance);
2. otherwise, if the declared or guessed charset is a Latin one or UTF-8, and
   windows-1256 decodes the bytes to mostly Arabic letters, they are windows-1256.

Stats: ``levant/encoding/repaired/<from>-><to>``. Always on; no settings.
"""

from __future__ import annotations

import logging
import re

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
_LATIN = {"cp1252", "iso8859-1", "latin-1", "ascii", "utf-8", "utf8"}
_ARABIC = re.compile("[\u0600-\u06ff]")
_LETTERS = re.compile(r"[^\W\d_]")


def true_encoding(body: bytes, declared: str) -> str | None:
    """The encoding *body* is really in, when it is not *declared*; else None."""
    declared = declared.lower().replace("_", "-")
    if declared not in ("utf-8", "utf8") and _MULTIBYTE.search(body):
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "utf-8"
    if declared in _LATIN and not _is_utf8(body):
        text = body.decode("cp1256", errors="replace")
        letters = len(_LETTERS.findall(text))
        if letters and len(_ARABIC.findall(text)) / letters > 0.5:
            return "cp1256"
    return None


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class EncodingRepairMiddleware:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EncodingRepairMiddleware:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, HtmlResponse) or not response.body:
            return response
        declared = response.encoding
        actual = true_encoding(response.body, declared)
        if actual is None:
            return response
        self.stats.inc_value(f"levant/encoding/repaired/{declared}->{actual}")
        logger.info("Decoded %s as %s, not %s as served", response.url, actual, declared)
        return response.replace(encoding=actual)
