"""The monitor suites: one run when the spider closes, one to run during long crawls.

``SPIDERMON_SPIDER_CLOSE_MONITORS = ["levant.monitors.suites.CloseMonitorSuite"]``
runs every check, then writes the run report (``LEVANT_REPORT_DIR``) and, if a check
failed, sends the alerts named in ``LEVANT_ALERTS`` (none by default).
``SPIDERMON_PERIODIC_MONITORS = {"levant.monitors.suites.PeriodicMonitorSuite": 600}``
runs the checks that make sense mid-crawl (not the finish reason, coverage or the
stale site) every 600 s, with the same alerts.

Building a suite also silences the one deprecation warning spidermon's own runner
raises (it logs through ``Spider.log()``): :func:`levant.compat.ignore_spidermon_spider_log`.
"""

from __future__ import annotations

from typing import Any

from scrapy.utils.misc import load_object
from spidermon import MonitorSuite

from levant.compat import ignore_spidermon_spider_log
from levant.monitors.config import MonitorConfig
from levant.monitors.monitors import (
    ErrorsMonitor,
    FieldCoverageMonitor,
    FinishReasonMonitor,
    ItemValidationMonitor,
    LayoutDriftMonitor,
    StaleSiteMonitor,
)

REPORT_ACTION = "levant.monitors.actions.WriteReport"


class CloseMonitorSuite(MonitorSuite):
    """levant's checks of a finished run."""

    monitors = [  # noqa: RUF012 - spidermon's declarative API
        ItemValidationMonitor,
        FieldCoverageMonitor,
        ErrorsMonitor,
        FinishReasonMonitor,
        LayoutDriftMonitor,
        StaleSiteMonitor,
    ]

    def __init__(self, *args: Any, crawler: Any = None, **kwargs: Any) -> None:
        ignore_spidermon_spider_log()  # spidermon's runner logs through Spider.log()
        config = MonitorConfig.from_settings(crawler.settings)
        kwargs.setdefault("monitors_finished_actions", [load_object(REPORT_ACTION)])
        kwargs.setdefault("monitors_failed_actions", _actions(config.alerts))
        super().__init__(*args, crawler=crawler, **kwargs)


class PeriodicMonitorSuite(MonitorSuite):
    """levant's checks during a crawl: errors, item validation and layout drift."""

    monitors = [ItemValidationMonitor, ErrorsMonitor, LayoutDriftMonitor]  # noqa: RUF012

    def __init__(self, *args: Any, crawler: Any = None, **kwargs: Any) -> None:
        ignore_spidermon_spider_log()  # spidermon's runner logs through Spider.log()
        config = MonitorConfig.from_settings(crawler.settings)
        kwargs.setdefault("monitors_failed_actions", _actions(config.alerts))
        super().__init__(*args, crawler=crawler, **kwargs)


def _actions(paths: tuple[str, ...]) -> list[type]:
    """The action classes of ``LEVANT_ALERTS`` (a missing extra names its package)."""
    classes = []
    for path in paths:
        try:
            classes.append(load_object(path))
        except ImportError as error:
            raise ValueError(
                f"LEVANT_ALERTS: cannot load {path} ({error}); Slack alerts need slack-sdk"
                " and jinja2, e-mail alerts jinja2 and premailer"
            ) from error
    return classes
