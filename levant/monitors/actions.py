"""spidermon actions: the run report, and alerts by webhook and e-mail.

- :class:`WriteReport` (run when the close suite finishes) writes the run report,
  JSON and HTML, under ``LEVANT_REPORT_DIR`` (:mod:`levant.report`);
- :class:`WebhookAlert` POSTs the run's summary and failed checks as JSON to
  ``LEVANT_ALERT_WEBHOOK_URL``;
- :class:`levant.monitors.mail.EmailAlert` sends it by e-mail (its own module:
  spidermon's e-mail actions need jinja2 and premailer).

Alerts are off unless named in ``LEVANT_ALERTS``. An alert that cannot be
delivered logs one ERROR line, counts ``levant/alerts/failed/<alert>`` and is
reported by spidermon as skipped; it never stops the crawl.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from datetime import UTC, datetime
from typing import Any

from scrapy.crawler import Crawler
from spidermon.core.actions import Action
from spidermon.exceptions import NotConfigured, SkipAction

from levant.monitors.config import MonitorConfig
from levant.monitors.history import current_run

logger = logging.getLogger(__name__)


class WriteReport(Action):
    """Write the run report (JSON and HTML) under ``LEVANT_REPORT_DIR``."""

    def __init__(self, crawler: Crawler | None = None) -> None:
        super().__init__()
        self.crawler = crawler

    @classmethod
    def from_crawler_kwargs(cls, crawler: Crawler) -> dict[str, Any]:
        return {"crawler": crawler}

    def run_action(self) -> None:
        from levant.monitors.checks import evaluate
        from levant.monitors.history import run_history
        from levant.report import build_report, write_report

        crawler = self.crawler or self.data.crawler
        config = MonitorConfig.from_settings(crawler.settings)
        if not config.report_dir:
            raise SkipAction("LEVANT_REPORT_DIR is empty")
        now = datetime.now(UTC)
        stats = crawler.stats.get_stats()
        runs = run_history(crawler, stats, now)
        profile = getattr(self.data.get("spider"), "profile", None)
        selector = profile.selectors.listing_entries if profile else None
        results = evaluate(stats, config, runs=runs, now=now, listing_selector=selector)
        report = build_report(runs, results, config, generated_at=now)
        paths = write_report(report, config.report_dir)
        crawler.stats.set_value("levant/report/html", str(paths["html"]))
        crawler.stats.set_value("levant/report/json", str(paths["json"]))
        failed = [r.name for r in results if r.failed]
        logger.info(
            "Run report: %s (%d checks, %d failed%s)",
            paths["html"],
            len(results),
            len(failed),
            f": {', '.join(failed)}" if failed else "",
        )


def alert_payload(crawler: Crawler, result: Any) -> dict[str, Any]:
    """What an alert says: the run, its summary and the failed checks."""
    stats = crawler.stats.get_stats() if crawler.stats else {}
    run = current_run(crawler, stats, datetime.now(UTC))
    failed = [
        {
            "monitor": item.item.monitor_name,
            "check": item.item.method_name,
            "message": item.reason or item.error,
        }
        for item in result.monitors_failed_results
    ]
    return {
        "source": "levant",
        "spider": crawler.spider.name if crawler.spider else None,
        "run": {k: v for k, v in run.items() if k != "summary"},
        "summary": run["summary"],
        "failed": failed,
        "report": {
            "html": stats.get("levant/report/html"),
            "json": stats.get("levant/report/json"),
        },
    }


class WebhookAlert(Action):
    """POST the alert as JSON (``LEVANT_ALERT_WEBHOOK_URL``)."""

    def __init__(self, url: str, timeout: float = 10.0, crawler: Crawler | None = None) -> None:
        super().__init__()
        self.url, self.timeout, self.crawler = url, timeout, crawler

    @classmethod
    def from_crawler_kwargs(cls, crawler: Crawler) -> dict[str, Any]:
        config = MonitorConfig.from_settings(crawler.settings)
        if not config.webhook_url:
            raise NotConfigured("set LEVANT_ALERT_WEBHOOK_URL to send webhook alerts")
        return {"url": config.webhook_url, "timeout": config.webhook_timeout, "crawler": crawler}

    def run_action(self) -> None:
        crawler = self.crawler or self.data.crawler
        body = json.dumps(alert_payload(crawler, self.result), ensure_ascii=False, default=str)
        request = urllib.request.Request(
            self.url,
            data=body.encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "levant"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status = response.status
        except (OSError, ValueError) as error:  # URLError, HTTPError, timeouts
            delivery_failed(crawler, "webhook", self.url, error)
        crawler.stats.inc_value("levant/alerts/sent/webhook")
        logger.info("Alert sent to the webhook %s (HTTP %d)", self.url, status)


def delivery_failed(crawler: Crawler, alert: str, target: str, error: Exception) -> None:
    crawler.stats.inc_value(f"levant/alerts/failed/{alert}")
    logger.error("Cannot deliver the %s alert to %s: %s", alert, target, error)
    raise SkipAction(f"delivery to {target} failed: {error}")
