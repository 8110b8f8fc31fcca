"""Defaults for crawling the live site politely: robots.txt, AutoThrottle, a named bot.

Every ``LEVANT_*`` setting is documented in ``docs/settings.md``.
"""

from levant.items import EXPORT_FIELDS

BOT_NAME = "levant"
SPIDER_MODULES = ["levant.spiders"]
NEWSPIDER_MODULE = "levant.spiders"

USER_AGENT = "levant/0.1 (+https://github.com/levant-monitor/levant; news monitoring crawler)"
ROBOTSTXT_OBEY = True

# Politeness: one small site, so few parallel requests and an adaptive delay.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024  # no news page is larger; bigger answers are cut off
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_TIMES = 3
# Callbacks yield an article and a few links, and every pipeline is synchronous:
# Scrapy starts CONCURRENT_ITEMS asyncio tasks per response to process them, so the
# default (100) costs more than the work (the 2,000-article mirror crawls ~25%
# faster with 4; 1 is no faster).
CONCURRENT_ITEMS = 4
LEVANT_RETRY_AFTER_MAX = 60

# One spelling per article: canonical URLs in fingerprints and in the dupefilter.
REQUEST_FINGERPRINTER_CLASS = "levant.fingerprint.CanonicalRequestFingerprinter"
DUPEFILTER_CLASS = "levant.dupefilter.CanonicalDupeFilter"

# Rendering (levant.render): headless Chromium only for pages whose static HTML falls
# short (-a render=auto|never|always). Requests without meta["playwright"] keep Scrapy's
# own HTTP handler; no browser (nor Playwright) starts until a page needs one.
DOWNLOAD_HANDLERS = {
    "http": "levant.render.handler.RenderDownloadHandler",
    "https": "levant.render.handler.RenderDownloadHandler",
}
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
DOWNLOADER_MIDDLEWARES = {
    # Only the site's own host and port, redirects included (before anything else).
    "levant.downloader.siteonly.SiteOnlyMiddleware": 10,
    "levant.render.middleware.RenderMiddleware": 50,
    # Wait what Retry-After asks before RetryMiddleware (550) retries a 429/503.
    "levant.downloader.retryafter.RetryAfterMiddleware": 560,
    # After decompression (590): decode pages whose declared charset lies.
    "levant.downloader.encoding.EncodingRepairMiddleware": 580,
    # Bounded work (levant.downloader.bounds): URL length, headers and cookies around
    # the cookies middleware (700); the DOM pre-scan after decompression (590), before
    # anything parses the page.
    "levant.downloader.bounds.RequestBoundsMiddleware": 750,
    "levant.downloader.bounds.PageBoundsMiddleware": 585,
}
LEVANT_BROWSER_EXECUTABLE = None  # None: Playwright's own Chromium, else /usr/bin/chromium
LEVANT_RENDER_BLOCK_RESOURCES = ["image", "font", "media"]
LEVANT_RENDER_BUDGET = 30  # seconds per rendered page, all in; then the page is closed
PLAYWRIGHT_MAX_CONTEXTS = 4  # one browser context per rendered page: 4 pages at once
# Bounded work per response (levant.downloader.bounds); 0 turns one off.
LEVANT_MAX_URL_LENGTH = 2083
LEVANT_MAX_RESPONSE_HEADERS = 200
LEVANT_MAX_HEADER_BYTES = 64 * 1024
LEVANT_MAX_COOKIES = 50
LEVANT_MAX_COOKIE_BYTES = 8192
LEVANT_MAX_ATTRIBUTES = 1000
LEVANT_MAX_NESTING = 3000
# base_url (or LEVANT_BASE_URL) on a private or loopback address: refused unless True
# (link-local and cloud metadata addresses are always refused; levant.spiders.args).
LEVANT_ALLOW_PRIVATE_BASE_URL = False

ITEM_PIPELINES = {
    "levant.pipelines.validate.ValidationPipeline": 100,
    "levant.pipelines.dates.DatesPipeline": 200,
    # Every record against the JSON Schema, before anything is decided or written.
    "levant.monitors.validation.ArticleValidationPipeline": 800,
    # The one writer of articles' state: new / updated / unchanged, the stream, the store.
    "levant.pipelines.record.RecordPipeline": 900,
}
EXTENSIONS = {
    # One crawl at a time per state store; built first, before anything opens the state.
    "levant.joblock.JobLock": -100,
    # Monitoring; before CrawlState (100), so the run's row records the alerts.
    "spidermon.contrib.scrapy.extensions.Spidermon": 50,
    "levant.monitors.newest.NewestArticle": 60,
    "levant.state.crawl.CrawlState": 100,
    "levant.extensions.summary.CrawlSummary": 500,
}
SPIDER_CONTRACTS = {"levant.contracts.SitePathContract": 10}
LOG_FORMATTER = "levant.logformatter.LevantLogFormatter"
LOG_LEVEL = "INFO"

# Feeds: UTF-8 (Arabic stays readable), the schema's fields in the schema's order.
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = EXPORT_FIELDS

# The site and the project's own state.
LEVANT_BASE_URL = "https://thelevantnews.com/"
LEVANT_SITE_TIMEZONE = "Asia/Damascus"
# False: read article pages with the generic layout alone (what a redesign would leave).
LEVANT_SITE_LAYOUT = True
# Hold an article back until its read-also links' pages say which permalink they lead
# to (shortlinks, renamed posts); False exports the links as linked, at once.
LEVANT_HOLD_FOR_READ_ALSO = True
# discover=api: a recrawl asks for posts modified after the last run's newest less this.
LEVANT_API_MARGIN_SECONDS = 600
# mode=watch: the longest wait after failed polls, and how often the monitors run.
LEVANT_WATCH_MAX_BACKOFF = 900
LEVANT_WATCH_MONITOR_SECONDS = 600
LEVANT_WATCH_LOG_EVERY = 100  # a progress line every N cycles (0: none)
# Bounded work by default (docs/robustness.md): listing pages per section (endless
# pagination, calendar and query traps), read-also links kept and followed per article,
# request depth (chains of read-also links and pagination), article links taken from one
# listing page (a listing with 350,000 links is a trap).
LEVANT_MAX_LISTING_PAGES = 1000
LEVANT_MAX_READ_ALSO = 50
LEVANT_MAX_LINKS_PER_PAGE = 1000
# Read-also links kept pending in the state store for later runs (the frontier).
LEVANT_MAX_PENDING = 100_000
DEPTH_LIMIT = 5000
LEVANT_STATE_URI = "sqlite:///.levant/state.db"
# Exports are committed to the state store in groups (a crash loses at most the
# open group, which the stream replays on the next start).
LEVANT_STATE_COMMIT_EVERY = 100
LEVANT_STATE_COMMIT_SECONDS = 1.0
LEVANT_STREAM_PATH = "data/stream.jsonl"
LEVANT_REFRESH_DAYS = 2
LEVANT_STOP_AFTER_KNOWN_PAGES = 1
LEVANT_SUMMARY_FILE = None
LEVANT_STATS_FILE = None
LEVANT_LOCK_ENABLED = True
LEVANT_LOCK_WAIT = 0

# Monitoring (docs/monitoring.md): spidermon runs levant's checks when the spider
# closes, writes the run report and sends the alerts named in LEVANT_ALERTS (none).
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["levant.monitors.suites.CloseMonitorSuite"]
# During long crawls: {"levant.monitors.suites.PeriodicMonitorSuite": 600} (seconds).
SPIDERMON_PERIODIC_MONITORS = {}
SPIDERMON_VALIDATION_SCHEMAS = ["levant.items.article_schema"]
# Field coverage per exported record; a field set to None, "" or [] is not covered.
SPIDERMON_ADD_FIELD_COVERAGE = True
SPIDERMON_FIELD_COVERAGE_SKIP_NONE = True
SPIDERMON_FIELD_COVERAGE_SKIP_FALSY = True
SPIDERMON_FIELD_COVERAGE_RULES = {
    "Article/title": 1.0,
    "Article/body": 1.0,
    "Article/published_at": 0.95,
    "Article/sections": 0.95,
    "Article/authors": 0.8,
}
SPIDERMON_MAX_ITEM_VALIDATION_ERRORS = 0
SPIDERMON_EXPECTED_FINISH_REASONS = ["finished"]
LEVANT_MAX_5XX_SHARE = 0.05
LEVANT_MAX_4XX_SHARE = 0.10
LEVANT_MAX_SPIDER_EXCEPTIONS = 0
LEVANT_MAX_UNREADABLE_DATES_SHARE = 0.02
LEVANT_MAX_GENERIC_SHARE = 0.2
LEVANT_MAX_GENERIC_LISTING_SHARE = 0.2
LEVANT_DRIFT_MIN_PAGES = 5
LEVANT_STALE_HOURS = 48
LEVANT_REPORT_DIR = "data/reports"
# Alerts, off by default: any of "webhook", "slack", "email" (docs/monitoring.md).
LEVANT_ALERTS = []
LEVANT_ALERT_WEBHOOK_URL = None
LEVANT_ALERT_WEBHOOK_TIMEOUT = 10
