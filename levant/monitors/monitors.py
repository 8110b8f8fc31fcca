"""The checks of :mod:`levant.monitors.checks` as spidermon monitors, and spidermon's own.

Each test method runs one or more checks on the run's stats and fails with the
check's message (stat, setting, threshold, value). A failed check also sets
``levant/monitors/failed/<check>`` = 1, so the run history keeps the alerts raised
(``alerts`` in the run's summary).

The finish reason is spidermon's own ``FinishReasonMonitor`` (same setting, same
rule). Item validation and field coverage stay levant's: spidermon's monitors refuse
to run (``NotConfigured``) without their thresholds in the settings, fail a run that
exported nothing, and read only ``Article/<field>`` rule keys, where levant's checks
skip an empty run, take ``title`` for ``Article/title``, fall back to
:mod:`levant.monitors.settings` and are the ones the run report shows.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from spidermon import monitors
from spidermon.contrib.scrapy import monitors as spidermon_monitors
from spidermon.contrib.scrapy.monitors import BaseScrapyMonitor

from levant.monitors import checks, drift
from levant.monitors.config import MonitorConfig
from levant.monitors.history import run_history
from levant.monitors.result import SKIPPED, CheckResult

FAILED_PREFIX = "levant/monitors/failed/"


class LevantMonitor(BaseScrapyMonitor):
    """Shared by levant's monitors: the typed config and the verdict of checks."""

    @property
    def config(self) -> MonitorConfig:
        if not hasattr(self, "_config"):
            self._config = MonitorConfig.from_settings(self.crawler.settings)
        return self._config

    @property
    def run_stats(self) -> dict[str, Any]:
        return dict(self.data.stats)

    def verdict(self, results: list[CheckResult]) -> None:
        failed = [r for r in results if r.failed]
        for result in failed:
            self.crawler.stats.set_value(FAILED_PREFIX + result.name, 1)
        if failed:
            self.fail("\n".join(r.message for r in failed))
        if results and all(r.status == SKIPPED for r in results):
            self.skipTest("; ".join(r.message for r in results))


@monitors.name("Item validation")
class ItemValidationMonitor(LevantMonitor):
    """Every exported record validates against the JSON Schema."""

    @monitors.name("Records validate against levant/schema/article.schema.json")
    def test_records_validate(self) -> None:
        self.verdict([checks.check_validation(self.run_stats, self.config)])


@monitors.name("Field coverage")
class FieldCoverageMonitor(LevantMonitor):
    """Enough exported records have each monitored field."""

    @monitors.name("Coverage at or above SPIDERMON_FIELD_COVERAGE_RULES")
    def test_field_coverage(self) -> None:
        self.verdict(checks.check_coverage(self.run_stats, self.config))


@monitors.name("Errors")
class ErrorsMonitor(LevantMonitor):
    """HTTP errors, spider exceptions and unreadable dates stay within their shares."""

    @monitors.name("5xx responses")
    def test_http_5xx(self) -> None:
        self.verdict([checks.check_http(self.run_stats, self.config, "5xx")])

    @monitors.name("4xx responses")
    def test_http_4xx(self) -> None:
        self.verdict([checks.check_http(self.run_stats, self.config, "4xx")])

    @monitors.name("Spider exceptions")
    def test_spider_exceptions(self) -> None:
        self.verdict([checks.check_spider_exceptions(self.run_stats, self.config)])

    @monitors.name("Unreadable dates")
    def test_unreadable_dates(self) -> None:
        self.verdict([checks.check_unreadable_dates(self.run_stats, self.config)])


@monitors.name("Finish reason")
class FinishReasonMonitor(spidermon_monitors.FinishReasonMonitor):
    """spidermon's: the crawl finished for a reason in ``SPIDERMON_EXPECTED_FINISH_REASONS``
    (``mode=watch`` adds ``shutdown``); a failure also sets
    ``levant/monitors/failed/errors/finish_reason``."""

    check_name = "errors/finish_reason"

    @monitors.name("Finish reason in SPIDERMON_EXPECTED_FINISH_REASONS")
    def test_should_finish_with_expected_reason(self) -> None:
        try:
            super().test_should_finish_with_expected_reason()
        except AssertionError:
            self.crawler.stats.set_value(FAILED_PREFIX + self.check_name, 1)
            raise


@monitors.name("Layout drift")
class LayoutDriftMonitor(LevantMonitor):
    """Pages are read with the site profile's selectors, not the generic fallback."""

    @monitors.name("Article pages through the site selectors")
    def test_articles(self) -> None:
        self.verdict([drift.check_drift_articles(self.run_stats, self.config)])

    @monitors.name("Listing pages through the site selectors")
    def test_listings(self) -> None:
        profile = getattr(self.data.get("spider"), "profile", None)
        selector = profile.selectors.listing_entries if profile else None
        self.verdict([drift.check_drift_listings(self.run_stats, self.config, selector)])


@monitors.name("Site publishing")
class StaleSiteMonitor(LevantMonitor):
    """The site published a new article within LEVANT_STALE_HOURS (run history)."""

    @monitors.name("A new article within LEVANT_STALE_HOURS")
    def test_not_stale(self) -> None:
        now = datetime.now(UTC)
        runs = run_history(self.crawler, self.run_stats, now)
        self.verdict([drift.check_stale(runs, self.config, now)])
