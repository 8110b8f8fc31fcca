"""All monitoring settings, read and validated once into a :class:`MonitorConfig`.

Thresholds come from ``LEVANT_*`` settings and, where spidermon already names one,
from spidermon's own (``SPIDERMON_FIELD_COVERAGE_RULES``,
``SPIDERMON_MAX_ITEM_VALIDATION_ERRORS``, ``SPIDERMON_EXPECTED_FINISH_REASONS``).
Defaults are in :mod:`levant.monitors.settings`. A bad value raises ``ValueError``
naming the setting, when the crawl starts rather than when it ends.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from scrapy.settings import BaseSettings

from levant.monitors import settings as defaults

#: ``LEVANT_ALERTS`` names and the spidermon actions they stand for.
ALERT_ACTIONS: dict[str, str] = {
    "webhook": "levant.monitors.actions.WebhookAlert",
    "slack": "spidermon.contrib.actions.slack.notifiers.SendSlackMessageSpiderFinished",
    "email": "levant.monitors.mail.EmailAlert",
}


@dataclass(frozen=True)
class MonitorConfig:
    coverage_rules: dict[str, float] = field(
        default_factory=lambda: dict(defaults.FIELD_COVERAGE_RULES)
    )
    max_validation_errors: int = defaults.MAX_ITEM_VALIDATION_ERRORS
    expected_finish_reasons: tuple[str, ...] = defaults.EXPECTED_FINISH_REASONS
    max_5xx_share: float = defaults.MAX_5XX_SHARE
    max_4xx_share: float = defaults.MAX_4XX_SHARE
    max_spider_exceptions: int = defaults.MAX_SPIDER_EXCEPTIONS
    max_unreadable_dates_share: float = defaults.MAX_UNREADABLE_DATES_SHARE
    max_generic_share: float = defaults.MAX_GENERIC_SHARE
    max_generic_listing_share: float = defaults.MAX_GENERIC_LISTING_SHARE
    drift_min_pages: int = defaults.DRIFT_MIN_PAGES
    stale_hours: float = defaults.STALE_HOURS
    report_dir: str = defaults.REPORT_DIR
    state_uri: str | None = None
    alerts: tuple[str, ...] = defaults.ALERTS  # action object paths
    webhook_url: str | None = None
    webhook_timeout: float = defaults.WEBHOOK_TIMEOUT

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> MonitorConfig:
        rules = settings.getdict("SPIDERMON_FIELD_COVERAGE_RULES") or defaults.FIELD_COVERAGE_RULES
        config = cls(
            coverage_rules={
                _rule_key(k): _share("SPIDERMON_FIELD_COVERAGE_RULES", v) for k, v in rules.items()
            },
            max_validation_errors=_int(
                settings,
                "SPIDERMON_MAX_ITEM_VALIDATION_ERRORS",
                defaults.MAX_ITEM_VALIDATION_ERRORS,
            ),
            expected_finish_reasons=tuple(
                settings.getlist("SPIDERMON_EXPECTED_FINISH_REASONS")
                or defaults.EXPECTED_FINISH_REASONS
            ),
            max_5xx_share=_float(settings, "LEVANT_MAX_5XX_SHARE", defaults.MAX_5XX_SHARE, 1),
            max_4xx_share=_float(settings, "LEVANT_MAX_4XX_SHARE", defaults.MAX_4XX_SHARE, 1),
            max_spider_exceptions=_int(
                settings, "LEVANT_MAX_SPIDER_EXCEPTIONS", defaults.MAX_SPIDER_EXCEPTIONS
            ),
            max_unreadable_dates_share=_float(
                settings,
                "LEVANT_MAX_UNREADABLE_DATES_SHARE",
                defaults.MAX_UNREADABLE_DATES_SHARE,
                1,
            ),
            max_generic_share=_float(
                settings, "LEVANT_MAX_GENERIC_SHARE", defaults.MAX_GENERIC_SHARE, 1
            ),
            max_generic_listing_share=_float(
                settings, "LEVANT_MAX_GENERIC_LISTING_SHARE", defaults.MAX_GENERIC_LISTING_SHARE, 1
            ),
            drift_min_pages=_int(settings, "LEVANT_DRIFT_MIN_PAGES", defaults.DRIFT_MIN_PAGES),
            stale_hours=_float(settings, "LEVANT_STALE_HOURS", defaults.STALE_HOURS),
            report_dir=settings.get("LEVANT_REPORT_DIR", defaults.REPORT_DIR) or "",
            state_uri=settings.get("LEVANT_STATE_URI") or None,
            alerts=tuple(_alert_action(name) for name in _names(settings.get("LEVANT_ALERTS"))),
            webhook_url=settings.get("LEVANT_ALERT_WEBHOOK_URL") or None,
            webhook_timeout=_float(
                settings, "LEVANT_ALERT_WEBHOOK_TIMEOUT", defaults.WEBHOOK_TIMEOUT
            ),
        )
        if ALERT_ACTIONS["webhook"] in config.alerts and not (
            config.webhook_url and urlsplit(config.webhook_url).scheme.lower() in ("http", "https")
        ):
            raise ValueError(
                "LEVANT_ALERTS includes 'webhook': set LEVANT_ALERT_WEBHOOK_URL to an"
                f" http(s) URL (got {config.webhook_url!r})"
            )
        return config


def _rule_key(key: str) -> str:
    """``title`` and ``Article/title`` are one rule: spidermon's key form."""
    return key if "/" in key else f"Article/{key}"


def _alert_action(name: str) -> str:
    name = name.strip()
    if name in ALERT_ACTIONS:
        return ALERT_ACTIONS[name]
    if "." in name:  # a dotted path to another spidermon action
        return name
    known = ", ".join(ALERT_ACTIONS)
    raise ValueError(f"LEVANT_ALERTS: unknown alert {name!r}; use {known} or an action path")


def _float(settings: BaseSettings, name: str, default: float, most: float | None = None) -> float:
    try:
        value = settings.getfloat(name, default)
    except ValueError as error:
        raise ValueError(f"{name} must be a number: {error}") from None
    if value < 0 or (most is not None and value > most):
        bound = f"between 0 and {most:g}" if most is not None else "0 or more"
        raise ValueError(f"{name} must be {bound}, got {value:g}")
    return value


def _int(settings: BaseSettings, name: str, default: int) -> int:
    try:
        value = settings.getint(name, default)
    except ValueError as error:
        raise ValueError(f"{name} must be an integer: {error}") from None
    if value < 0:
        raise ValueError(f"{name} must be 0 or more, got {value}")
    return value


def _share(name: str, value: Any) -> float:
    share = float(value)
    if not 0 <= share <= 1:
        raise ValueError(f"{name}: a coverage share is between 0 and 1, got {share:g}")
    return share


def _names(value: Any) -> list[str]:
    """``LEVANT_ALERTS`` as a list: a list, a comma-separated string, or a JSON list
    (``-s 'LEVANT_ALERTS=["webhook"]'``)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except ValueError as error:
                raise ValueError(f"LEVANT_ALERTS: not a JSON list: {text!r}") from error
            return [str(name).strip() for name in parsed if str(name).strip()]
        return [name.strip() for name in text.split(",") if name.strip()]
    return [str(name).strip() for name in value if str(name).strip()]
