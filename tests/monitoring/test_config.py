"""MonitorConfig: every monitoring setting read once, with a clear error on bad values."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from levant.monitors.config import MonitorConfig


def test_defaults_when_no_setting_is_given() -> None:
    config = MonitorConfig.from_settings(Settings())
    assert config == MonitorConfig()
    assert config.alerts == ()
    assert config.report_dir == "data/reports"
    assert config.stale_hours == 48
    assert config.coverage_rules["Article/published_at"] == 0.95


def test_values_from_the_command_line_are_strings() -> None:
    config = MonitorConfig.from_settings(
        Settings(
            {
                "LEVANT_STALE_HOURS": "12",
                "LEVANT_MAX_5XX_SHARE": "0.5",
                "SPIDERMON_FIELD_COVERAGE_RULES": '{"title": 1, "Article/authors": 0.5}',
                "LEVANT_ALERTS": "webhook,email",
                "LEVANT_ALERT_WEBHOOK_URL": "http://127.0.0.1:9/hook",
                "SPIDERMON_EXPECTED_FINISH_REASONS": "finished,closespider_itemcount",
            }
        )
    )
    assert config.stale_hours == 12.0 and config.max_5xx_share == 0.5
    assert config.coverage_rules == {"Article/title": 1.0, "Article/authors": 0.5}
    assert config.alerts == (
        "levant.monitors.actions.WebhookAlert",
        "levant.monitors.mail.EmailAlert",
    )
    assert config.expected_finish_reasons == ("finished", "closespider_itemcount")


@pytest.mark.parametrize(
    ("settings", "error"),
    [
        ({"LEVANT_MAX_5XX_SHARE": "1.5"}, "LEVANT_MAX_5XX_SHARE must be between 0 and 1, got 1.5"),
        ({"LEVANT_STALE_HOURS": "soon"}, "LEVANT_STALE_HOURS must be a number"),
        ({"LEVANT_MAX_SPIDER_EXCEPTIONS": "-1"}, "LEVANT_MAX_SPIDER_EXCEPTIONS must be 0 or more"),
        ({"LEVANT_ALERTS": "pager"}, "unknown alert 'pager'"),
        ({"LEVANT_ALERTS": "webhook"}, "set LEVANT_ALERT_WEBHOOK_URL to an http(s) URL"),
        ({"SPIDERMON_FIELD_COVERAGE_RULES": {"title": 2}}, "between 0 and 1, got 2"),
    ],
)
def test_bad_values_name_the_setting(settings: dict[str, object], error: str) -> None:
    with pytest.raises(ValueError, match=error.replace("(", r"\(").replace(")", r"\)")):
        MonitorConfig.from_settings(Settings(settings))


def test_the_addon_installs_every_default_below_the_profile() -> None:
    from scrapy import Spider
    from scrapy.utils.test import get_crawler

    from levant.monitors.settings import FIELD_COVERAGE_RULES, defaults

    addon = {"levant.monitors.settings.MonitoringAddon": 0}
    settings = get_crawler(Spider, {"ADDONS": addon}).settings
    for name, value in defaults().items():
        assert settings[name] == value, name
    assert settings.getdict("SPIDERMON_FIELD_COVERAGE_RULES") == FIELD_COVERAGE_RULES
    assert settings.getint("SPIDERMON_MAX_ITEM_VALIDATION_ERRORS") == 0  # spidermon has none
    assert MonitorConfig.from_settings(settings) == MonitorConfig()

    profile = {"ADDONS": addon, "LEVANT_STALE_HOURS": 6, "SPIDERMON_ENABLED": False}
    settings = get_crawler(Spider, profile).settings
    assert settings.getfloat("LEVANT_STALE_HOURS") == 6
    assert settings.getbool("SPIDERMON_ENABLED") is False
    assert settings.getfloat("LEVANT_MAX_5XX_SHARE") == 0.05
