"""Log lines for items: the URL and the reason, never the item (Arabic bodies stay out).

Scrapy's default formatter logs a dropped item in full at WARNING. Drops here are
expected (duplicates, pages without a body) and are counted in stats, so they log
at INFO with the article URL only. Enabled by ``LOG_FORMATTER``.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy import logformatter
from scrapy.http import Response


class LevantLogFormatter(logformatter.LogFormatter):
    def dropped(  # type: ignore[override]
        self, item: Any, exception: BaseException, response: Response | None, spider: Any = None
    ) -> logformatter.LogFormatterResult:
        return {
            "level": logging.INFO,
            "msg": "Dropped %(url)s: %(reason)s",
            "args": {"url": _url(item, response), "reason": str(exception)},
        }

    def scraped(  # type: ignore[override]
        self, item: Any, response: Response | None, spider: Any = None
    ) -> logformatter.LogFormatterResult:
        return {
            "level": logging.DEBUG,
            "msg": "Scraped %(url)s",
            "args": {"url": _url(item, response)},
        }


def _url(item: Any, response: Response | None) -> str:
    try:
        return str(ItemAdapter(item).get("url") or (response.url if response else "?"))
    except TypeError:
        return response.url if response else "?"
