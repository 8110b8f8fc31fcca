"""Monitoring of every run and of the site: spidermon checks, alerts and run reports.

- :mod:`levant.monitors.config`: every threshold and alert setting, read once into
  :class:`~levant.monitors.config.MonitorConfig`;
- :mod:`levant.monitors.checks`: the checks as pure functions over a run's stats;
- :mod:`levant.monitors.monitors` and :mod:`levant.monitors.suites`: the same checks as
  spidermon monitors, run when the spider closes (and, if enabled, periodically);
- :mod:`levant.monitors.validation`: spidermon's JSON Schema item validation of every
  exported record;
- :mod:`levant.monitors.actions`: the report writer and the alert actions (webhook,
  Slack, e-mail), all off by default;
- :mod:`levant.monitors.newest`: the publication time of the newest new article.

``docs/monitoring.md`` lists every check, its stat, its setting and its default.
Nothing here imports spidermon at import time of this package: ``scrapy list`` stays fast.
"""
