"""The checks of a run, as pure functions of its stats (and of the run history).

Each function returns :class:`CheckResult`\\ s: passed, failed or skipped, with the
stat it read, the setting holding its threshold, the threshold, the value and a
message naming all three. The spidermon monitors (:mod:`levant.monitors.monitors`)
and the run report (:mod:`levant.report`) both use them, so an alert and the
report never disagree. Stats keys are the only coupling with the crawl.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from levant.monitors.config import MonitorConfig

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"
VALIDATION_ERRORS = "spidermon/validation/fields/errors"
COVERAGE_COUNT = "spidermon_item_scraped_count"
SELECTOR_MISSED = "levant/extraction/selector_missed:"
ARTICLES_PARSED = "levant/articles/via/"


@dataclass(frozen=True)
class CheckResult:
    name: str  # group/what, e.g. "errors/http_5xx"
    status: str  # passed | failed | skipped
    message: str
    stat: str | None = None
    setting: str | None = None
    threshold: Any = None
    value: Any = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _judged(
    name: str, ok: bool, message: str, stat: str | None, setting: str | None,
    threshold: Any, value: Any, details: dict[str, Any] | None = None,
) -> CheckResult:  # fmt: skip
    """A threshold check's result: passed when *ok*, else failed."""
    status = PASSED if ok else FAILED
    return CheckResult(name, status, message, stat, setting, threshold, value, details or {})


def evaluate(
    stats: Mapping[str, Any],
    config: MonitorConfig,
    *,
    runs: Iterable[Mapping[str, Any]] = (),
    now: datetime | None = None,
    listing_selector: str | None = None,
    closing: bool = True,
) -> list[CheckResult]:
    """Every check of a run. ``runs`` is the run history, newest first, this run
    included (dicts with ``started_at``, ``finished_at`` and ``summary``); the stale
    and finish-reason checks only make sense at the end (``closing``)."""
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
        check_drift_articles(stats, config),
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
        results.append(_judged(f"coverage/{name}", ok, message, stat, setting, least, share))
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
    return _judged(
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
    return _judged(
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
    return _judged(
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
    return _judged("errors/finish_reason", ok, message, "finish_reason", setting, expected, reason)


# -- layout drift ---------------------------------------------------------------


def missed_selectors(stats: Mapping[str, Any]) -> dict[str, int]:
    """``{"field: css": pages}``: site-profile selectors that did not match."""
    found = {}
    for key, value in stats.items():
        if key.startswith(SELECTOR_MISSED):
            name, _, css = key.removeprefix(SELECTOR_MISSED).partition(":")
            found[f"{name}: {css}"] = int(value)
    return dict(sorted(found.items(), key=lambda kv: -kv[1]))


def check_drift_articles(stats: Mapping[str, Any], config: MonitorConfig) -> CheckResult:
    setting, limit = "LEVANT_MAX_GENERIC_SHARE", config.max_generic_share
    stat = SELECTOR_MISSED + "body:*"
    parsed = sum(int(v) for k, v in stats.items() if k.startswith(ARTICLES_PARSED))
    generic = sum(int(v) for k, v in stats.items() if k.startswith(SELECTOR_MISSED + "body:"))
    missed = missed_selectors(stats)
    if parsed < config.drift_min_pages:
        return CheckResult(
            "drift/articles",
            SKIPPED,
            f"{parsed} article pages parsed, fewer"
            f" than LEVANT_DRIFT_MIN_PAGES = {config.drift_min_pages}",
        )
    share = round(generic / parsed, 4)
    details = {"pages": parsed, "generic": generic, "selectors_missed": missed}
    if share <= limit:
        message = (
            f"{generic} of {parsed} article pages ({share:.1%}) went through the generic"
            f" fallback ({stat}), within {setting} = {limit:.0%}"
        )
        return CheckResult("drift/articles", PASSED, message, stat, setting, limit, share, details)
    names = "; ".join(f"{selector} (missed on {n} pages)" for selector, n in missed.items())
    message = (
        f"layout drift: {generic} of {parsed} article pages ({share:.1%}) went through the"
        f" generic fallback ({stat}), above {setting} = {limit:.0%}. Site selectors that"
        f" stopped matching: {names}"
    )
    return CheckResult("drift/articles", FAILED, message, stat, setting, limit, share, details)


def check_drift_listings(
    stats: Mapping[str, Any], config: MonitorConfig, listing_selector: str | None = None
) -> CheckResult:
    setting, limit = "LEVANT_MAX_GENERIC_LISTING_SHARE", config.max_generic_listing_share
    stat = "levant/listing/path/generic"
    generic = int(stats.get(stat, 0))
    pages = generic + int(stats.get("levant/listing/path/site", 0))
    if pages < config.drift_min_pages:
        return CheckResult(
            "drift/listings",
            SKIPPED,
            f"{pages} listing pages parsed, fewer"
            f" than LEVANT_DRIFT_MIN_PAGES = {config.drift_min_pages}",
        )
    share = round(generic / pages, 4)
    ok = share <= limit
    message = (
        f"{generic} of {pages} listing pages ({share:.1%}) went through the generic fallback"
        f" ({stat}), {'within' if ok else 'above'} {setting} = {limit:.0%}"
    )
    if not ok:
        message = "layout drift: " + message
        if listing_selector:
            message += f". Site selector that stopped matching: listing_entries: {listing_selector}"
    return _judged(
        "drift/listings",
        ok,
        message,
        stat,
        setting,
        limit,
        share,
        {"pages": pages, "generic": generic, "selector": listing_selector},
    )


# -- the site -------------------------------------------------------------------


def check_stale(
    runs: Iterable[Mapping[str, Any]], config: MonitorConfig, now: datetime
) -> CheckResult:
    """No new article for more than ``LEVANT_STALE_HOURS``, read from the run history.

    The time of the last new article is the newest publication date among the
    articles that runs found new (``newest_published`` in a run's summary), or the
    end of that run when its new articles had no date. Without any new article in
    the history, the history's first run stands for it.
    """
    setting, limit, stat = "LEVANT_STALE_HOURS", config.stale_hours, "levant/changes/new"
    history = list(runs)
    if not history:
        return CheckResult("site/stale", SKIPPED, "no run history")
    latest: datetime | None = None
    for run in history:
        summary = run.get("summary") or {}
        if int(summary.get("new", 0)) > 0:
            when = _time(summary.get("newest_published")) or _time(
                run.get("finished_at") or run.get("started_at")
            )
            if when is not None and (latest is None or when > latest):
                latest = when
    since = "the newest new article"
    if latest is None:
        latest = _time(history[-1].get("started_at"))
        since = "the first run in the history (no new article in any run)"
    if latest is None:
        return CheckResult("site/stale", SKIPPED, "the run history has no times")
    hours = round((now - latest).total_seconds() / 3600, 2)
    ok = hours <= limit
    message = (
        f"{hours:g} h since {since} ({latest.isoformat(timespec='minutes')})"
        f" ({stat} over {len(history)} runs), {'within' if ok else 'above'} {setting} = {limit:g}"
    )
    if not ok:
        message = "the site may have stopped publishing: " + message
    return _judged(
        "site/stale",
        ok,
        message,
        stat,
        setting,
        limit,
        hours,
        {"last_new": latest.isoformat(), "runs": len(history)},
    )


def _time(value: Any) -> datetime | None:
    """An ISO 8601 date or time as an aware datetime (dates at 00:00 UTC)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            return None
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
