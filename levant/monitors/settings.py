"""Defaults of the monitoring settings, used when a settings profile does not set them.

``settings/base.py`` repeats the ones a user is likely to change; the values here
are what :class:`levant.monitors.config.MonitorConfig` falls back to. Shares are
fractions (0.05 is 5 %).
"""

from __future__ import annotations

#: The fields whose coverage is checked, with the least share of exported records
#: that must have them (``SPIDERMON_FIELD_COVERAGE_RULES``, spidermon's own keys).
FIELD_COVERAGE_RULES: dict[str, float] = {
    "Article/title": 1.0,
    "Article/body": 1.0,
    "Article/published_at": 0.95,
    "Article/sections": 0.95,
    "Article/authors": 0.8,
}
MAX_ITEM_VALIDATION_ERRORS = 0  # SPIDERMON_MAX_ITEM_VALIDATION_ERRORS
EXPECTED_FINISH_REASONS = ("finished",)  # SPIDERMON_EXPECTED_FINISH_REASONS
MAX_5XX_SHARE = 0.05  # LEVANT_MAX_5XX_SHARE: of all responses
MAX_4XX_SHARE = 0.10  # LEVANT_MAX_4XX_SHARE: of all responses
MAX_SPIDER_EXCEPTIONS = 0  # LEVANT_MAX_SPIDER_EXCEPTIONS
MAX_UNREADABLE_DATES_SHARE = 0.02  # LEVANT_MAX_UNREADABLE_DATES_SHARE: of dates found
MAX_GENERIC_SHARE = 0.2  # LEVANT_MAX_GENERIC_SHARE: article pages through the fallback
MAX_GENERIC_LISTING_SHARE = 0.2  # LEVANT_MAX_GENERIC_LISTING_SHARE: listing pages
DRIFT_MIN_PAGES = 5  # LEVANT_DRIFT_MIN_PAGES: fewer pages parsed decide nothing
STALE_HOURS = 48.0  # LEVANT_STALE_HOURS
REPORT_DIR = "data/reports"  # LEVANT_REPORT_DIR; empty: no report files
ALERTS: tuple[str, ...] = ()  # LEVANT_ALERTS: webhook, slack, email (off by default)
WEBHOOK_TIMEOUT = 10.0  # LEVANT_ALERT_WEBHOOK_TIMEOUT, seconds
