"""Every default of the monitoring settings, in one place.

:class:`levant.monitors.config.MonitorConfig` falls back to the values here when a
settings profile does not set a ``LEVANT_*`` monitoring setting; the run's checks,
its report and its alerts all read them through it. What spidermon reads itself
(``SPIDERMON_*``: its extension, the field coverage it counts, its monitors'
thresholds) it reads from the crawler's settings, so :class:`MonitoringAddon`
(``ADDONS = {"levant.monitors.settings.MonitoringAddon": 0}``) installs all of them
at the add-on priority: a profile, ``-s`` or a spider still override any one of them.
Shares are fractions (0.05 is 5 %).
"""

from __future__ import annotations

from typing import Any

from scrapy.settings import BaseSettings

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
VALIDATION_SCHEMAS = ("levant.items.article_schema",)  # SPIDERMON_VALIDATION_SCHEMAS
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
CLOSE_SUITE = "levant.monitors.suites.CloseMonitorSuite"


def defaults() -> dict[str, Any]:
    """Every monitoring setting and its default, spidermon's and levant's."""
    return {
        # spidermon: on, levant's suite when the spider closes, none periodically
        # (mode=watch adds the periodic suite itself).
        "SPIDERMON_ENABLED": True,
        "SPIDERMON_SPIDER_CLOSE_MONITORS": [CLOSE_SUITE],
        "SPIDERMON_PERIODIC_MONITORS": {},
        "SPIDERMON_VALIDATION_SCHEMAS": list(VALIDATION_SCHEMAS),
        # Field coverage per exported record; a field set to None, "" or [] is not covered.
        "SPIDERMON_ADD_FIELD_COVERAGE": True,
        "SPIDERMON_FIELD_COVERAGE_SKIP_NONE": True,
        "SPIDERMON_FIELD_COVERAGE_SKIP_FALSY": True,
        "SPIDERMON_FIELD_COVERAGE_RULES": dict(FIELD_COVERAGE_RULES),
        "SPIDERMON_MAX_ITEM_VALIDATION_ERRORS": MAX_ITEM_VALIDATION_ERRORS,
        "SPIDERMON_EXPECTED_FINISH_REASONS": list(EXPECTED_FINISH_REASONS),
        "LEVANT_MAX_5XX_SHARE": MAX_5XX_SHARE,
        "LEVANT_MAX_4XX_SHARE": MAX_4XX_SHARE,
        "LEVANT_MAX_SPIDER_EXCEPTIONS": MAX_SPIDER_EXCEPTIONS,
        "LEVANT_MAX_UNREADABLE_DATES_SHARE": MAX_UNREADABLE_DATES_SHARE,
        "LEVANT_MAX_GENERIC_SHARE": MAX_GENERIC_SHARE,
        "LEVANT_MAX_GENERIC_LISTING_SHARE": MAX_GENERIC_LISTING_SHARE,
        "LEVANT_DRIFT_MIN_PAGES": DRIFT_MIN_PAGES,
        "LEVANT_STALE_HOURS": STALE_HOURS,
        "LEVANT_REPORT_DIR": REPORT_DIR,
        "LEVANT_ALERTS": list(ALERTS),
        "LEVANT_ALERT_WEBHOOK_URL": None,
        "LEVANT_ALERT_WEBHOOK_TIMEOUT": WEBHOOK_TIMEOUT,
    }


class MonitoringAddon:
    """A Scrapy add-on: the monitoring settings' defaults, at the ``addon`` priority.

    Below the project's settings: a profile that sets one of them keeps its value.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        for name, value in defaults().items():
            settings.set(name, value, priority="addon")
