"""settings.demo plus the monitoring lines proposed for settings/base.py (issue 6).

The crawls of tests/monitoring run with this module until the lead copies the
lines below into settings/base.py; they are the same lines, word for word.
"""

from settings.demo import *  # noqa: F403
from settings.demo import EXTENSIONS, ITEM_PIPELINES

# --- proposed for settings/base.py ------------------------------------------------
# Monitoring (docs/monitoring.md): spidermon runs levant's checks when the spider
# closes, writes the run report and sends the alerts named in LEVANT_ALERTS (none).
EXTENSIONS = {
    **EXTENSIONS,
    # Before levant.state.crawl.CrawlState (100): the run's row records the alerts.
    "spidermon.contrib.scrapy.extensions.Spidermon": 50,
    "levant.monitors.newest.NewestArticle": 60,
}
ITEM_PIPELINES = {
    **ITEM_PIPELINES,
    # After dedup (event, version set), before the stream: every exported record.
    "levant.monitors.validation.ArticleValidationPipeline": 800,
}
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
# --- end of the proposed lines ------------------------------------------------------
