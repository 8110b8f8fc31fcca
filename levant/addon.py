"""levant's wiring as a Scrapy add-on: ``ADDONS = {"levant.addon.Levant": 0}``.

It installs, at the add-on priority (a settings profile, ``-s`` or a spider still
override any one of them), the components that make a crawl a levant crawl (the
canonical fingerprinter and dupefilter, the download handler and middlewares, the
item pipelines, the extensions, the feed format) and the default of every
``LEVANT_*`` setting (:mod:`levant.config`). Then it checks every ``LEVANT_*`` value:
a bad one stops the crawl before anything starts, with one ERROR line that names it
and exit status 2, no traceback.
"""

from __future__ import annotations

from typing import Any

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from levant.config import SETTINGS, stop_on_bad_settings

PRIORITY = "addon"  # 15

#: Component dicts, merged into what the profile sets.
COMPONENTS: dict[str, dict[str, int]] = {
    "DOWNLOADER_MIDDLEWARES": {
        # Only the site's own host and port, redirects included (before anything else).
        "levant.downloader.siteonly.SiteOnlyMiddleware": 10,
        "levant.render.middleware.RenderMiddleware": 50,
        # Wait what Retry-After asks before RetryMiddleware (550) retries a 429/503.
        "levant.downloader.retryafter.RetryAfterMiddleware": 560,
        # After decompression (590): decode pages whose declared charset lies.
        "levant.downloader.encoding.EncodingRepairMiddleware": 580,
        # Bounded work: the DOM pre-scan after decompression, before anything parses
        # the page; URL length, headers and cookies around the cookies middleware (700).
        "levant.downloader.bounds.PageBoundsMiddleware": 585,
        "levant.downloader.bounds.RequestBoundsMiddleware": 750,
    },
    "ITEM_PIPELINES": {
        "levant.pipelines.validate.ValidationPipeline": 100,
        "levant.pipelines.dates.DatesPipeline": 200,
        # Every record against the JSON Schema, before anything is decided or written.
        "levant.monitors.validation.ArticleValidationPipeline": 800,
        # The one writer of articles' state: new / updated / unchanged, stream, store.
        "levant.pipelines.record.RecordPipeline": 900,
    },
    "EXTENSIONS": {
        # One crawl at a time per state store; built first, before anything opens it.
        "levant.joblock.JobLock": -100,
        # Monitoring (levant.monitors); before CrawlState, so the run's row records alerts.
        "spidermon.contrib.scrapy.extensions.Spidermon": 50,
        "levant.monitors.newest.NewestArticle": 60,
        "levant.state.crawl.CrawlState": 100,
        "levant.extensions.summary.CrawlSummary": 500,
    },
}
#: Headless Chromium only for pages whose static HTML falls short (levant.render).
HANDLERS = {
    "http": "levant.render.handler.RenderDownloadHandler",
    "https": "levant.render.handler.RenderDownloadHandler",
}
#: Single-valued settings.
PLAIN: dict[str, Any] = {
    # One spelling per article: canonical URLs in fingerprints and in the dupefilter.
    "REQUEST_FINGERPRINTER_CLASS": "levant.fingerprint.CanonicalRequestFingerprinter",
    "DUPEFILTER_CLASS": "levant.dupefilter.CanonicalDupeFilter",
    "LOG_FORMATTER": "levant.logformatter.LevantLogFormatter",
    # Every request's URL length is levant's bound (LEVANT_MAX_URL_LENGTH, counted in
    # levant/bounds/url_length, redirects included), not Scrapy's spider middleware's.
    "URLLENGTH_LIMIT": 0,
    # Feeds: UTF-8 (Arabic stays readable).
    "FEED_EXPORT_ENCODING": "utf-8",
}


class Levant:
    """The add-on (Scrapy >= 2.10 calls :meth:`update_settings` before building anything)."""

    def update_settings(self, settings: BaseSettings) -> None:
        wiring: dict[str, dict[str, Any]] = {**COMPONENTS, "DOWNLOAD_HANDLERS": HANDLERS}
        for name, components in wiring.items():
            _merge(settings, name, components)
        for name, value in PLAIN.items():
            settings.set(name, value, priority=PRIORITY)
        if settings.get("FEED_EXPORT_FIELDS") is None:
            from levant.items import EXPORT_FIELDS  # the schema's fields in its order

            settings.set("FEED_EXPORT_FIELDS", EXPORT_FIELDS, priority=PRIORITY)
        for name, spec in SETTINGS.items():
            settings.set(name, spec.default, priority=PRIORITY)
        stop_on_bad_settings(settings)


def _merge(settings: BaseSettings, name: str, components: dict[str, Any]) -> None:
    """Add *components* to the dict setting *name*, as Scrapy adds its ``*_BASE``
    components: what a profile, ``-s`` or a spider says of one wins (``None`` switches it
    off), and components they add run beside levant's."""
    priority = settings.getpriority(name) or 0
    merged = {**components, **settings.getdict(name)}
    settings.set(name, merged, priority=max(priority, SETTINGS_PRIORITIES[PRIORITY]))
