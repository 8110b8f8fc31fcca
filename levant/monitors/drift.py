"""Checks that the site changed: its layout (drift), or its publishing (stale).

Pure functions of a run's stats and of the run history, like every check
(:mod:`levant.monitors.checks`). Layout drift is read from the pages that went
through extraction's generic fallback because a site layout's selector missed
(``levant/extraction/selector_missed/<field>``, ``levant/listing/path/generic``);
the stats name the field, and the selectors that missed are the site layouts'
(:data:`levant.extraction.layouts.SITE_LAYOUTS`), named in the check's message and
details. A site that stopped publishing is read from the newest article the runs
found new.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from levant.monitors.config import MonitorConfig
from levant.monitors.result import FAILED, PASSED, SKIPPED, CheckResult, judged

if TYPE_CHECKING:
    from levant.extraction.layouts import Layout

SELECTOR_MISSED = "levant/extraction/selector_missed/"
#: The fields whose site selector the page object reports as missed.
MISSED_FIELDS = ("body", "title")
ARTICLES_PARSED = "levant/articles/via/"


# -- layout drift ---------------------------------------------------------------


def missed_selectors(
    stats: Mapping[str, Any], layouts: Sequence[Layout] | None = None
) -> list[dict[str, Any]]:
    """The site selectors that did not match, most pages first: one entry per field,
    ``{"field": "body", "selectors": ["article .entry-content"], "pages": 30}``.

    ``selectors`` are the field's queries in the site ``layouts`` (default
    :data:`~levant.extraction.layouts.SITE_LAYOUTS`), in the order they are tried."""
    if layouts is None:
        from levant.extraction.layouts import SITE_LAYOUTS

        layouts = SITE_LAYOUTS
    found = []
    for name in MISSED_FIELDS:
        pages = int(stats.get(SELECTOR_MISSED + name, 0))
        if pages:
            queries = (query for layout in layouts for query in getattr(layout, name))
            found.append({"field": name, "selectors": list(dict.fromkeys(queries)), "pages": pages})
    return sorted(found, key=lambda entry: -entry["pages"])


def describe_missed(entry: Mapping[str, Any]) -> str:
    """``body: article .entry-content (missed on 30 pages)``."""
    selectors = ", ".join(entry["selectors"]) or "(no site selector)"
    pages = entry["pages"]
    return f"{entry['field']}: {selectors} (missed on {pages} page{'' if pages == 1 else 's'})"


def check_drift_articles(
    stats: Mapping[str, Any], config: MonitorConfig, layouts: Sequence[Layout] | None = None
) -> CheckResult:
    """Share of article pages whose body the site layouts missed (``layouts``:
    default :data:`~levant.extraction.layouts.SITE_LAYOUTS`)."""
    setting, limit = "LEVANT_MAX_GENERIC_SHARE", config.max_generic_share
    stat = SELECTOR_MISSED + "body"
    parsed = sum(int(v) for k, v in stats.items() if k.startswith(ARTICLES_PARSED))
    generic = int(stats.get(stat, 0))
    if parsed < config.drift_min_pages:
        return CheckResult(
            "drift/articles",
            SKIPPED,
            f"{parsed} article pages parsed, fewer"
            f" than LEVANT_DRIFT_MIN_PAGES = {config.drift_min_pages}",
        )
    missed = missed_selectors(stats, layouts)
    share = round(generic / parsed, 4)
    details = {"pages": parsed, "generic": generic, "selectors_missed": missed}
    if share <= limit:
        message = (
            f"{generic} of {parsed} article pages ({share:.1%}) went through the generic"
            f" fallback ({stat}), within {setting} = {limit:.0%}"
        )
        return CheckResult("drift/articles", PASSED, message, stat, setting, limit, share, details)
    names = "; ".join(describe_missed(entry) for entry in missed)
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
    return judged(
        "drift/listings",
        ok,
        message,
        stat,
        setting,
        limit,
        share,
        {
            "pages": pages,
            "generic": generic,
            "selector": listing_selector,
            "selectors_missed": [
                {"field": "listing_entries", "selectors": [listing_selector], "pages": generic}
            ]
            if listing_selector and generic
            else [],
        },
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
    return judged(
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
