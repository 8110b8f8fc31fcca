"""Each check, from a run's stats: its verdict, and a message naming stat, setting,
threshold and value."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from levant.extraction.layouts import Layout
from levant.monitors.checks import (
    check_coverage,
    check_finish_reason,
    check_http,
    check_spider_exceptions,
    check_unreadable_dates,
    check_validation,
    evaluate,
    validation_errors_per_field,
)
from levant.monitors.config import MonitorConfig
from levant.monitors.drift import (
    SELECTOR_MISSED,
    check_drift_articles,
    check_drift_listings,
    check_stale,
    describe_missed,
)

CONFIG = MonitorConfig()
NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)


def _responses(**codes: int) -> dict[str, int]:
    stats = {f"downloader/response_status_count/{c.removeprefix('s')}": n for c, n in codes.items()}
    return {"downloader/response_count": sum(codes.values()), **stats, "finish_reason": "finished"}


@pytest.mark.parametrize(
    ("stats", "kind", "status", "value"),
    [
        (_responses(s200=95, s503=5), "5xx", "passed", 0.05),
        (_responses(s200=94, s503=5, s500=1), "5xx", "failed", 0.06),
        (_responses(s200=90, s404=10), "4xx", "passed", 0.1),
        (_responses(s200=80, s404=15, s410=5), "4xx", "failed", 0.2),
        ({"downloader/response_count": 0, "finish_reason": "finished"}, "5xx", "failed", 0),
        ({}, "4xx", "skipped", None),
    ],
)
def test_http_error_shares(stats: dict[str, Any], kind: str, status: str, value: Any) -> None:
    result = check_http(stats, CONFIG, kind)
    assert (result.status, result.value) == (status, value)
    if status == "failed" and stats["downloader/response_count"]:
        assert f"LEVANT_MAX_{kind.upper()}_SHARE" in result.message
        assert result.setting == f"LEVANT_MAX_{kind.upper()}_SHARE"


def test_the_5xx_message_names_codes_stat_setting_threshold_and_value() -> None:
    result = check_http(_responses(s200=50, s503=50), CONFIG, "5xx")
    assert result.message == (
        "50.0% of 100 responses were 5xx (50: 503 x50; downloader/response_status_count/5xx),"
        " above LEVANT_MAX_5XX_SHARE = 5%"
    )
    assert result.details["codes"] == {"503": 50}


def test_validation_errors_are_counted_per_field() -> None:
    prefix = "spidermon/validation/fields/errors"
    stats = {
        "spidermon/validation/validators": 1,
        "spidermon/validation/items": 10,
        prefix: 3,
        f"{prefix}/missing_required_field": 1,
        f"{prefix}/missing_required_field/title": 1,
        f"{prefix}/regex_not_matched/url": 1,
        f"{prefix}/regex_not_matched/published_at": 1,
    }
    assert validation_errors_per_field(stats) == {"published_at": 1, "title": 1, "url": 1}
    result = check_validation(stats, CONFIG)
    assert result.status == "failed"
    assert "3 validation errors" in result.message
    assert "published_at (1), title (1), url (1)" in result.message
    assert check_validation({}, CONFIG).status == "skipped"
    relaxed = MonitorConfig(max_validation_errors=3)
    assert check_validation(stats, relaxed).status == "passed"


def test_field_coverage_per_field_from_spidermon_counts() -> None:
    count = "spidermon_item_scraped_count/Article"
    stats = {
        "item_scraped_count": 20,
        count: 20,
        f"{count}/title": 20,
        f"{count}/body": 20,
        f"{count}/published_at": 18,  # 90 %: below 95 %
        f"{count}/sections": 20,
        f"{count}/authors": 16,  # 80 %: at the threshold
    }
    results = {r.name: r for r in check_coverage(stats, CONFIG)}
    assert {n: r.status for n, r in results.items()} == {
        "coverage/title": "passed",
        "coverage/body": "passed",
        "coverage/published_at": "failed",
        "coverage/sections": "passed",
        "coverage/authors": "passed",
    }
    assert results["coverage/published_at"].value == 0.9
    assert "SPIDERMON_FIELD_COVERAGE_RULES['Article/published_at'] = 95%" in (
        results["coverage/published_at"].message
    )


def test_coverage_is_skipped_without_records_or_counts() -> None:
    assert check_coverage({}, CONFIG)[0].message == "no record was exported"
    skipped = check_coverage({"item_scraped_count": 3}, CONFIG)[0]
    assert "SPIDERMON_ADD_FIELD_COVERAGE is off" in skipped.message


def test_spider_exceptions_dates_and_finish_reason() -> None:
    stats = {"spider_exceptions/count": 2, "spider_exceptions/KeyError": 2}
    exceptions = check_spider_exceptions(stats, CONFIG)
    assert exceptions.status == "failed" and "KeyError x2" in exceptions.message
    dates = check_unreadable_dates({"levant/dates/parsed": 90, "levant/dates/unparsed": 10}, CONFIG)
    assert (dates.status, dates.value) == ("failed", 0.1)
    assert check_unreadable_dates({}, CONFIG).status == "skipped"
    assert check_finish_reason({"finish_reason": "finished"}, CONFIG).status == "passed"
    shutdown = check_finish_reason({"finish_reason": "shutdown"}, CONFIG)
    assert shutdown.status == "failed" and "'shutdown'" in shutdown.message


def test_layout_drift_names_the_selectors_that_stopped_matching() -> None:
    stats = {
        "levant/articles/via/listing": 40,
        "levant/extraction/selector_missed/body": 30,
        "levant/extraction/selector_missed/title": 4,
        "levant/listing/path/generic": 8,
        "levant/listing/path/site": 2,
    }
    articles = check_drift_articles(stats, CONFIG)
    assert (articles.status, articles.value) == ("failed", 0.75)
    assert articles.stat == "levant/extraction/selector_missed/body"
    assert "body: article .entry-content (missed on 30 pages)" in articles.message
    assert "title: h1.entry-title (missed on 4 pages)" in articles.message
    assert articles.details["selectors_missed"] == [
        {"field": "body", "selectors": ["article .entry-content"], "pages": 30},
        {"field": "title", "selectors": ["h1.entry-title"], "pages": 4},
    ]
    listings = check_drift_listings(stats, CONFIG, ".posts-list article.post-item")
    assert listings.status == "failed"
    assert "listing_entries: .posts-list article.post-item" in listings.message
    few = {"levant/articles/via/listing": 3, "levant/extraction/selector_missed/body": 3}
    assert check_drift_articles(few, CONFIG).status == "skipped"


def test_the_selectors_named_are_those_of_the_site_layouts_given() -> None:
    old = Layout(name="old", body=("div.story", "article .entry-content"), title=("h1.x",))
    new = Layout(name="new", body=("main .post-text", "article .entry-content"))
    stats = {"levant/articles/via/listing": 20, "levant/extraction/selector_missed/body": 5}
    result = check_drift_articles(stats, CONFIG, layouts=(new, old))
    assert result.status == "failed"  # 25 % above 20 %
    assert result.details["selectors_missed"] == [
        {"field": "body", "selectors": ["main .post-text", "article .entry-content", "div.story"],
         "pages": 5},
    ]  # fmt: skip
    assert (
        "stopped matching: body: main .post-text, article .entry-content, div.story"
        " (missed on 5 pages)" in result.message
    )
    within = {**stats, "levant/articles/via/listing": 100}
    passed = check_drift_articles(within, CONFIG, layouts=(new, old))
    assert passed.status == "passed" and passed.details["generic"] == 5
    (entry,) = check_drift_articles({**within, SELECTOR_MISSED + "body": 1}, CONFIG).details[
        "selectors_missed"
    ]
    assert describe_missed(entry) == "body: article .entry-content (missed on 1 page)"


def _run(started: str, new: int, newest: str | None = None) -> dict[str, Any]:
    return {
        "run_id": started,
        "started_at": started,
        "finished_at": started,
        "summary": {"new": new, "newest_published": newest},
    }


@pytest.mark.parametrize(
    ("runs", "status", "hours"),
    [
        # this run found a new article published 10 h ago
        ([_run("2026-11-29T11:00:00+00:00", 3, "2026-11-29T02:00:00+00:00")], "passed", 10),
        # nothing new now; the last new article (two runs back) was published 3 days ago
        (
            [
                _run("2026-11-29T11:00:00+00:00", 0),
                _run("2026-11-28T11:00:00+00:00", 0),
                _run("2026-11-27T11:00:00+00:00", 5, "2026-11-26T12:00:00+00:00"),
            ],
            "failed",
            72,
        ),
        # new articles without a date: the end of that run stands for them
        ([_run("2026-11-29T11:00:00+00:00", 0), _run("2026-11-29T06:00:00+00:00", 2)], "passed", 6),
        # never a new article: since the first run of the history
        (
            [_run("2026-11-29T11:00:00+00:00", 0), _run("2026-11-26T00:00:00+00:00", 0)],
            "failed",
            84,
        ),
    ],
)
def test_stale_site_from_the_run_history(
    runs: list[dict[str, Any]], status: str, hours: float
) -> None:
    result = check_stale(runs, CONFIG, NOW)
    assert (result.status, result.value) == (status, hours)
    assert "LEVANT_STALE_HOURS = 48" in result.message


def test_evaluate_mid_crawl_leaves_out_the_checks_of_a_finished_run() -> None:
    names = [r.name for r in evaluate({}, CONFIG, closing=False)]
    assert "errors/finish_reason" not in names and "site/stale" not in names
    assert [r.name for r in evaluate({}, CONFIG, now=NOW)][-1] == "site/stale"
