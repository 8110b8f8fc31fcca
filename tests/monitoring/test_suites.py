"""The monitor suites through spidermon's own runner, from stats alone (no crawl)."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler
from spidermon.contrib.scrapy.runners import SpiderMonitorRunner

from levant.monitors.suites import CloseMonitorSuite, PeriodicMonitorSuite

DRIFTING = {
    "downloader/response_count": 50,
    "downloader/response_status_count/200": 50,
    "levant/articles/via/listing": 40,
    "levant/extraction/selector_missed/body": 40,
    "levant/listing/path/generic": 9,
}


def _run(suite_class: type, stats: dict[str, Any], **settings: Any) -> Any:
    crawler = get_crawler(Spider, {"LEVANT_REPORT_DIR": "", **settings})
    spider = Spider("levant")
    suite = suite_class(crawler=crawler)
    data = {"stats": stats, "crawler": crawler, "spider": spider, "stats_history": [], "job": None}
    result = SpiderMonitorRunner(spider=spider).run(suite, **data)
    return crawler, result


# spidermon 1.27 logs through Spider.log(), deprecated since Scrapy 2.19 (a crawl logs
# the warning once; here it would turn into an error).
@pytest.mark.filterwarnings("ignore:Spider.log:scrapy.exceptions.ScrapyDeprecationWarning")
def test_the_periodic_suite_checks_drift_mid_crawl() -> None:
    crawler, result = _run(PeriodicMonitorSuite, DRIFTING)
    failed = sorted(r.item.name for r in result.monitors_failed_results)
    assert failed == [
        "Layout drift/Article pages through the site selectors",
        "Layout drift/Listing pages through the site selectors",
    ]
    assert crawler.stats.get_value("levant/monitors/failed/drift/articles") == 1
    names = {m.monitor_name for m in PeriodicMonitorSuite(crawler=crawler).all_monitors}
    assert names == {"Item validation", "Errors", "Layout drift"}


def test_alert_actions_are_off_by_default_and_loaded_when_named() -> None:
    crawler = get_crawler(Spider, {})
    assert CloseMonitorSuite(crawler=crawler).monitors_failed_actions == []
    named = get_crawler(
        Spider, {"LEVANT_ALERTS": "webhook", "LEVANT_ALERT_WEBHOOK_URL": "http://127.0.0.1:9/"}
    )
    (action,) = CloseMonitorSuite(crawler=named).monitors_failed_actions
    assert (type(action).__name__, action.url) == ("WebhookAlert", "http://127.0.0.1:9/")
