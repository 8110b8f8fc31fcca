"""The settings that wire :mod:`levant.render` into Scrapy, as constants.

``settings/base.py`` carries the same lines; tests and benchmarks pass these with
``-s`` (:func:`as_command_line`) so they can run a crawl with or without them.

- ``DOWNLOAD_HANDLERS`` — scrapy-playwright's handler (levant's subclass) for
  ``http``/``https``; it hands requests without ``meta["playwright"]`` to Scrapy's
  own HTTP handler, and starts no browser until the first rendered request.
- ``TWISTED_REACTOR`` — the asyncio reactor scrapy-playwright needs (Scrapy's
  default since 2.13, set explicitly so a profile cannot lose it).
- ``DOWNLOADER_MIDDLEWARES`` — the middleware that decides what is rendered, at
  50: it sees responses last (after redirects and retries) and exceptions last.
"""

from __future__ import annotations

import json

from scrapy.settings import BaseSettings

DOWNLOAD_HANDLERS = {
    "http": "levant.render.handler.RenderDownloadHandler",
    "https": "levant.render.handler.RenderDownloadHandler",
}
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
DOWNLOADER_MIDDLEWARES = {"levant.render.middleware.RenderMiddleware": 50}


def command_line_for(settings: BaseSettings) -> dict[str, str]:
    """``-s NAME=VALUE`` strings for the wiring ``settings`` lacks (dicts as JSON).

    Empty once the profile carries the lines above; otherwise each dict is the
    profile's own merged with ours, so nothing the profile set is lost.
    """
    missing: dict[str, str] = {}
    if settings.get("TWISTED_REACTOR") != TWISTED_REACTOR:
        missing["TWISTED_REACTOR"] = TWISTED_REACTOR
    for name, ours in (
        ("DOWNLOAD_HANDLERS", DOWNLOAD_HANDLERS),
        ("DOWNLOADER_MIDDLEWARES", DOWNLOADER_MIDDLEWARES),
    ):
        own = settings.getdict(name)
        if any(own.get(key) != value for key, value in ours.items()):
            missing[name] = json.dumps({**own, **ours})
    return missing
