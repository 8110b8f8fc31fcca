"""Spider contracts for ``scrapy check``: sample pages named by path, not by host.

``@site_path /article/slug/`` sets the sample URL to that path on the spider's
site (``-s LEVANT_BASE_URL=...``), so the same contracts check the live site,
a staging copy or the offline mirror. Enabled by ``SPIDER_CONTRACTS``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin

from scrapy.contracts import Contract


class SitePathContract(Contract):
    name = "site_path"

    def __init__(self, method: Callable[..., Any], *args: Any) -> None:
        super().__init__(method, *args)
        self.spider = method.__self__  # type: ignore[attr-defined]

    def adjust_request_args(self, args: dict[str, Any]) -> dict[str, Any]:
        args["url"] = urljoin(self.spider.profile.base_url, self.args[0])
        return args
