"""The HTML report: one self-contained page (inline CSS and SVG, no external asset).

The page is the Jinja2 template ``levant/report/templates/report.html.j2``, shipped
in the package (package data, inside the Scrapyd egg too) and rendered with
autoescape on. Jinja2 is imported on first use, so ``scrapy list`` stays fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from levant.monitors.drift import describe_missed
from levant.report.svg import bar_chart

CHART_RUNS = 30  # runs in the per-run chart, newest last
TEMPLATE = "report.html.j2"


def render_html(report: Mapping[str, Any]) -> str:
    """The report (:func:`levant.report.build.build_report`'s shape) as an HTML page."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("levant.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["number"] = _number
    environment.filters["percent"] = _percent
    history = report["history"]
    recent = list(reversed(history[:CHART_RUNS]))
    days = report["per_day"]
    return environment.get_template(TEMPLATE).render(
        run=report["run"],
        status=report["status"],
        generated_at=report["generated_at"],
        api=(report["run"].get("summary") or {}).get("discovery", {}).get("api"),
        alerts=report["alerts"],
        checks=[{**check, "missed": _missed(check)} for check in report["checks"]],
        history=history,
        per_run=bar_chart(
            "New and updated articles per run",
            [str(r["started_at"] or "")[5:16].replace("T", " ") for r in recent],
            {"new": [r["new"] for r in recent], "updated": [r["updated"] for r in recent]},
            "chart-runs",
        ),
        per_day=bar_chart(
            "New and updated articles per day",
            [d["day"] for d in days],
            {"new": [d["new"] for d in days], "updated": [d["updated"] for d in days]},
            "chart-days",
        ),
    )


def _missed(check: Mapping[str, Any]) -> list[str]:
    """The site selectors a drift check found missing, one line each:
    ``body: article .entry-content (missed on 40 pages)``."""
    details = check.get("details") or {}
    return [describe_missed(entry) for entry in details.get("selectors_missed") or ()]


def _number(value: Any) -> str:
    """A threshold or value: empty for None, ``0.05`` not ``0.05000``."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _percent(value: float) -> str:
    return f"{value:.0%}"
