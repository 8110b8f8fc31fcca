"""The HTML report: one self-contained page (inline CSS and SVG, no external asset)."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from levant.report.svg import bar_chart

CHART_RUNS = 30  # runs in the per-run chart, newest last
_STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#555}.badge{display:inline-block;padding:2px 10px;border-radius:10px;
color:#fff;font-weight:600}.passed{background:#2e8b57}.failed{background:#c0392b}
.skipped{background:#8a8a8a}table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.row-failed td{background:#fdecea}.chart{display:block;margin:8px 0;max-width:100%;height:auto}
.chart-title{font-size:13px;font-weight:600}.tick,.legend{font-size:11px;fill:#444}
.grid{stroke:#e6e6e6}.axis{stroke:#444}code{font-size:12px}
"""


def render_html(report: Mapping[str, Any]) -> str:
    run = report["run"]
    history = report["history"]
    recent = list(reversed(history[:CHART_RUNS]))
    per_run = bar_chart(
        "New and updated articles per run",
        [str(r["started_at"] or "")[5:16].replace("T", " ") for r in recent],
        {"new": [r["new"] for r in recent], "updated": [r["updated"] for r in recent]},
        "chart-runs",
    )
    days = report["per_day"]
    per_day = bar_chart(
        "New and updated articles per day",
        [d["day"] for d in days],
        {"new": [d["new"] for d in days], "updated": [d["updated"] for d in days]},
        "chart-days",
    )
    status = report["status"]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>levant run {escape(str(run['run_id']))}: {status}</title>"
        f"<style>{_STYLE}</style></head><body>\n"
        f"<h1>levant run <code>{escape(str(run['run_id']))}</code> "
        f'<span class="badge {status}" id="status">{status}</span></h1>\n'
        f'<p class="meta">{escape(str(run["mode"]))} crawl,'
        f" started {escape(str(run['started_at']))},"
        f" finished {escape(str(run['finished_at']))} ({escape(str(run['finish_reason']))});"
        f" {run['requests']} requests, {run['new']} new, {run['updated']} updated,"
        f" {run['dropped']} dropped.{_discovery(run)}"
        f" Report generated {escape(report['generated_at'])}.</p>\n"
        + _alerts(report)
        + "<h2>Checks</h2>\n"
        + _checks(report["checks"])
        + "<h2>New and updated articles</h2>\n"
        + per_run
        + per_day
        + "<h2>Run history</h2>\n"
        + _history(history)
        + "</body></html>\n"
    )


def _alerts(report: Mapping[str, Any]) -> str:
    if not report["alerts"]:
        return '<p id="alerts">No alert: every check passed or was skipped.</p>\n'
    items = "".join(f"<li><code>{escape(a)}</code></li>" for a in report["alerts"])
    return f'<p id="alerts">Alerts raised:</p><ul>{items}</ul>\n'


def _checks(checks: list[Mapping[str, Any]]) -> str:
    rows = "".join(
        f'<tr class="row-{c["status"]}"><td><span class="badge {c["status"]}">{c["status"]}'
        f"</span></td><td><code>{escape(c['name'])}</code></td>"
        f"<td>{escape(c['message'])}</td><td><code>{escape(str(c['setting'] or ''))}</code></td>"
        f"<td class=num>{escape(_value(c['threshold']))}</td>"
        f"<td class=num>{escape(_value(c['value']))}</td></tr>"
        for c in checks
    )
    return (
        '<table id="checks"><thead><tr><th>status</th><th>check</th><th>what was found</th>'
        "<th>setting</th><th>threshold</th><th>value</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>\n"
    )


def _history(history: list[Mapping[str, Any]]) -> str:
    rows = "".join(
        f'<tr class="row-{"failed" if r["alerts"] else "passed"}">'
        f"<td><code>{escape(r['run_id'])}</code></td><td>{escape(str(r['started_at']))}</td>"
        f"<td>{escape(str(r['finished_at']))}</td><td>{escape(str(r['mode']))}</td>"
        f"<td>{escape(str(r['finish_reason']))}</td><td class=num>{r['requests']}</td>"
        f"<td class=num>{r['new']}</td><td class=num>{r['updated']}</td>"
        f'<td class=num title="{escape(_reasons(r["dropped_reasons"]))}">{r["dropped"]}</td>'
        f"<td>{escape(_coverage(r['coverage']))}</td>"
        f"<td>{escape(', '.join(r['alerts']) or '-')}</td></tr>"
        for r in history
    )
    return (
        '<table id="history"><thead><tr><th>run</th><th>started</th><th>finished</th>'
        "<th>mode</th><th>finish</th><th>requests</th><th>new</th><th>updated</th>"
        "<th>dropped</th><th>coverage</th><th>alerts</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>\n"
    )


def _coverage(values: Mapping[str, float]) -> str:
    return " ".join(f"{k} {v:.0%}" for k, v in values.items()) or "-"


def _reasons(values: Mapping[str, int]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in values.items())


def _value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _discovery(run: Mapping[str, Any]) -> str:
    """How articles were found, when the WordPress API was tried: " Articles found
    through the WordPress REST API." or why not."""
    api = (run.get("summary") or {}).get("discovery", {}).get("api")
    if not api:
        return ""
    if api == "used":
        return " Articles found through the WordPress REST API."
    return f" WordPress REST API not used ({escape(str(api))}): articles found from the pages."
