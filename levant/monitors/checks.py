"""The checks of a run, as pure functions of its stats (and of the run history).

Each function returns :class:`~levant.monitors.result.CheckResult`\\ s: passed,
failed or skipped, with the stat it read, the setting holding its threshold, the
threshold, the value and a message naming all three. This module holds the run's
health (records, coverage, errors, dates, finish reason) and :func:`evaluate`, every
check at once; :mod:`levant.monitors.drift` holds those of the site changing. The
spidermon monitors (:mod:`levant.monitors.monitors`) and the run report
(:mod:`levant.report`) both use them, so an alert and the report never disagree.
Stats keys are the only coupling with the crawl.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from levant.monitors.config import MonitorConfig
from levant.monitors.drift import check_drift_articles, check_drift_listings, check_stale
from levant.monitors.result import FAILED, PASSED, SKIPPED, CheckResult, judged

if TYPE_CHECKING:
    from levant.extraction.layouts import Layout

VALIDATION_ERRORS = "spidermon/validation/fields/errors"
COVERAGE_COUNT = "spidermon_item_scraped_count"


def evaluate(
    stats: Mapping[str, Any],
    config: MonitorConfig,
    *,
    runs: Iterable[Mapping[str, Any]] = (),
    now: datetime | None = None,
    listing_selector: str | None = None,
    layouts: Sequence[Layout] | None = None,
    closing: bool = True,
) -> list[CheckResult]:
    """Every check of a run. ``runs`` is the run history, newest first, this run
    included (dicts with ``started_at``, ``finished_at`` and ``summary``); the stale
    and finish-reason checks only make sense at the end (``closing``). The drift
    checks name ``listing_selector`` and the site ``layouts``' selectors (default
    :data:`~levant.extraction.layouts.SITE_LAYOUTS`) when they stopped matching."""
    results = [check_validation(stats, config), *check_coverage(stats, config)]
    results += [
        check_http(stats, config, "5xx"),
        check_http(stats, config, "4xx"),
        check_spider_exceptions(stats, config),
        check_unreadable_dates(stats, config),
    ]
    if closing:
        results.append(check_finish_reason(stats, config))
    results += [
        check_drift_articles(stats, config, layouts),
        check_drift_listings(stats, config, listing_selector),
    ]
    if closing:
        results.append(check_stale(runs, config, now or datetime.now(UTC)))
    return results


# -- items ----------------------------------------------------------------------


def check_validation(stats: Mapping[str, Any], config: MonitorConfig) -> CheckResult:
    setting, limit = "SPIDERMON_MAX_ITEM_VALIDATION_ERRORS", config.max_validation_errors
    if "spidermon/validation/validators" not in stats:
        return CheckResult("items/validation", SKIPPED, "item validation is not enabled")
    errors = int(stats.get(VALIDATION_ERRORS, 0))
    per_field = validation_errors_per_field(stats)
    checked = int(stats.get("spidermon/validation/items", 0))
    details = {"records_checked": checked, "errors_per_field": per_field}
    if errors <= limit:
        message = f"{checked} records checked against the JSON Schema, {errors} errors"
        return CheckResult(
            "items/validation", PASSED, message, VALIDATION_ERRORS, setting, limit, errors, details
        )
    fields = ", ".join(f"{name} ({count})" for name, count in per_field.items())
    message = (
        f"{errors} validation errors ({VALIDATION_ERRORS}) in {checked} records, above"
        f" {setting} = {limit}; per field: {fields}"
    )
    return CheckResult(
        "items/validation", FAILED, message, VALIDATION_ERRORS, setting, limit, errors, details
    )


def validation_errors_per_field(stats: Mapping[str, Any]) -> dict[str, int]:
    """``{field: errors}`` from spidermon's ``.../errors/<error>/<field>`` stats."""
    counts: dict[str, int] = {}
    for key, value in stats.items():
        rest = key.removeprefix(VALIDATION_ERRORS + "/")
        if rest != key and "/" in rest:
            name = rest.split("/", 1)[1]
            counts[name] = counts.get(name, 0) + int(value)
    return dict(sorted(counts.items()))


def coverage(stats: Mapping[str, Any], rules: Iterable[str]) -> dict[str, float] | None:
    """Share of exported records having each field (spidermon's field-coverage counts);
    None when nothing was counted."""
    result: dict[str, float] = {}
    for key in rules:
        item_type = key.split("/", 1)[0]
        total = stats.get(f"{COVERAGE_COUNT}/{item_type}")
        if not total:
            return None
        result[key] = round(int(stats.get(f"{COVERAGE_COUNT}/{key}", 0)) / int(total), 4)
    return result


def check_coverage(stats: Mapping[str, Any], config: MonitorConfig) -> list[CheckResult]:
    setting = "SPIDERMON_FIELD_COVERAGE_RULES"
    shares = coverage(stats, config.coverage_rules)
    if shares is None:
        exported = int(stats.get("item_scraped_count", 0))
        reason = (
            "no record was exported"
            if not exported
            else "field coverage is not counted (SPIDERMON_ADD_FIELD_COVERAGE is off)"
        )
        return [CheckResult("coverage", SKIPPED, reason, setting=setting)]
    results = []
    for key, least in config.coverage_rules.items():
        name = key.split("/", 1)[1]
        share = shares[key]
        stat = f"{COVERAGE_COUNT}/{key}"
        ok = share >= least
        message = (
            f"{share:.1%} of exported records have {name} ({stat}),"
            f" {'at or above' if ok else 'below'} {setting}[{key!r}] = {least:.0%}"
        )
        results.append(judged(f"coverage/{name}", ok, message, stat, setting, least, share))
    return results


# -- errors ---------------------------------------------------------------------


def status_counts(stats: Mapping[str, Any], first_digit: str) -> dict[str, int]:
    prefix = "downloader/response_status_count/"
    return {
        key.removeprefix(prefix): int(value)
        for key, value in sorted(stats.items())
        if key.startswith(prefix + first_digit)
    }


def check_http(stats: Mapping[str, Any], config: MonitorConfig, kind: str) -> CheckResult:
    name, setting = f"errors/http_{kind}", f"LEVANT_MAX_{kind.upper()}_SHARE"
    limit = config.max_5xx_share if kind == "5xx" else config.max_4xx_share
    stat = f"downloader/response_status_count/{kind}"
    responses = int(stats.get("downloader/response_count", 0))
    if not responses:
        if kind == "5xx" and "finish_reason" in stats:
            return CheckResult(
                name,
                FAILED,
                "the site sent no HTTP response at all (downloader/response_count = 0)",
                "downloader/response_count",
                setting,
                limit,
                0,
            )
        return CheckResult(name, SKIPPED, "no HTTP response yet")
    codes = status_counts(stats, kind[0])
    count = sum(codes.values())
    share = round(count / responses, 4)
    ok = share <= limit
    message = (
        f"{share:.1%} of {responses} responses were {kind} ({count}: "
        f"{', '.join(f'{c} x{n}' for c, n in codes.items()) or 'none'}; {stat}),"
        f" {'within' if ok else 'above'} {setting} = {limit:.0%}"
    )
    return judged(
        name,
        ok,
        message,
        stat,
        setting,
        limit,
        share,
        {"responses": responses, "codes": codes},
    )


def check_spider_exceptions(stats: Mapping[str, Any], config: MonitorConfig) -> CheckResult:
    setting, stat, limit = (
        "LEVANT_MAX_SPIDER_EXCEPTIONS",
        "spider_exceptions/count",
        (config.max_spider_exceptions),
    )
    count = int(stats.get(stat, 0))
    kinds = {
        k.removeprefix("spider_exceptions/"): int(v)
        for k, v in stats.items()
        if k.startswith("spider_exceptions/") and k != stat
    }
    ok = count <= limit
    message = (
        f"{count} spider exceptions ({stat}), {'within' if ok else 'above'} {setting} = {limit}"
    )
    if kinds:
        message += ": " + ", ".join(f"{k} x{n}" for k, n in kinds.items())
    return judged(
        "errors/spider_exceptions",
        ok,
        message,
        stat,
        setting,
        limit,
        count,
        {"exceptions": kinds},
    )


def check_unreadable_dates(stats: Mapping[str, Any], config: MonitorConfig) -> CheckResult:
    setting, stat = "LEVANT_MAX_UNREADABLE_DATES_SHARE", "levant/dates/unparsed"
    limit = config.max_unreadable_dates_share
    unparsed = int(stats.get(stat, 0))
    found = unparsed + int(stats.get("levant/dates/parsed", 0))
    if not found:
        return CheckResult("errors/unreadable_dates", SKIPPED, "no publication date was found")
    share = round(unparsed / found, 4)
    ok = share <= limit
    message = (
        f"{unparsed} of {found} publication dates could not be read ({stat}, {share:.1%}),"
        f" {'within' if ok else 'above'} {setting} = {limit:.0%}"
    )
    return judged(
        "errors/unreadable_dates",
        ok,
        message,
        stat,
        setting,
        limit,
        share,
        {"unparsed": unparsed, "found": found},
    )


def check_finish_reason(stats: Mapping[str, Any], config: MonitorConfig) -> CheckResult:
    setting, reason = "SPIDERMON_EXPECTED_FINISH_REASONS", stats.get("finish_reason")
    expected = list(config.expected_finish_reasons)
    if reason is None:
        return CheckResult("errors/finish_reason", SKIPPED, "the crawl has not finished")
    ok = reason in expected
    verdict = "in" if ok else "not in"
    message = f"finish reason {reason!r} (finish_reason), {verdict} {setting} = {expected}"
    return judged("errors/finish_reason", ok, message, "finish_reason", setting, expected, reason)
