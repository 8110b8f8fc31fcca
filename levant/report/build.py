"""The report's data: this run, its checks, the history table and new/updated per day."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from levant.monitors.config import MonitorConfig
from levant.monitors.result import FAILED, CheckResult

SCHEMA_ID = "levant-run-report/1"


def build_report(
    runs: Sequence[Mapping[str, Any]],
    results: Iterable[CheckResult],
    config: MonitorConfig | None = None,
    *,
    generated_at: datetime | None = None,
) -> dict[str, Any]:
    """The report of ``runs[0]`` (this run), with the history ``runs`` (newest first)."""
    if not runs:
        raise ValueError("a report needs at least the run it reports")
    checks = [r.as_dict() for r in results]
    history = history_rows(runs)
    return {
        "schema": SCHEMA_ID,
        "generated_at": (generated_at or datetime.now(UTC)).isoformat(timespec="seconds"),
        "run": history[0] | {"summary": dict(runs[0].get("summary") or {})},
        "status": "failed" if any(c["status"] == FAILED for c in checks) else "passed",
        "alerts": [c["name"] for c in checks if c["status"] == FAILED],
        "checks": checks,
        "history": history,
        "per_day": per_day(history),
        "thresholds": _thresholds(config or MonitorConfig()),
    }


def history_rows(runs: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per run: start, end, mode, requests, new, updated, drops, coverage, alerts."""
    rows = []
    for run in runs:
        summary = run.get("summary") or {}
        reasons = {str(k): int(v) for k, v in (summary.get("dropped_reasons") or {}).items()}
        if not reasons:  # runs recorded before the monitors: validation drops only
            reasons = {str(k): int(v) for k, v in (summary.get("dropped") or {}).items()}
        rows.append(
            {
                "run_id": str(run.get("run_id")),
                "started_at": run.get("started_at"),
                "finished_at": run.get("finished_at"),
                "mode": run.get("mode"),
                "finish_reason": run.get("finish_reason"),
                "requests": int(summary.get("requests", 0)),
                "articles": int(summary.get("articles", 0)),
                "new": int(summary.get("new", 0)),
                "updated": int(summary.get("updated", 0)),
                "dropped": sum(reasons.values()),
                "dropped_reasons": reasons,
                "coverage": {k: float(v) for k, v in (summary.get("coverage") or {}).items()},
                "alerts": list(summary.get("alerts") or []),
            }
        )
    return rows


def per_day(history: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """New and updated articles per day (UTC day of the run's start), oldest first."""
    days: dict[str, dict[str, Any]] = {}
    for row in history:
        day = str(row.get("started_at") or "")[:10]
        if not day:
            continue
        entry = days.setdefault(day, {"day": day, "runs": 0, "new": 0, "updated": 0})
        entry["runs"] += 1
        entry["new"] += int(row.get("new", 0))
        entry["updated"] += int(row.get("updated", 0))
    return [days[d] for d in sorted(days)]


def write_report(report: Mapping[str, Any], directory: str | Path) -> dict[str, Path]:
    """Write ``<run_id>.json``/``.html`` and ``latest.json``/``.html``; returns the paths."""
    from levant.report.html import render_html

    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    stem = _safe(str(report["run"]["run_id"]))
    text = json.dumps(report, ensure_ascii=False, indent=2, default=str)
    page = render_html(report)
    paths = {"json": folder / f"{stem}.json", "html": folder / f"{stem}.html"}
    for name, content in (("json", text), ("html", page)):
        paths[name].write_text(content, "utf-8")
        (folder / f"latest.{name}").write_text(content, "utf-8")
    return paths


def _thresholds(config: MonitorConfig) -> dict[str, Any]:
    values = asdict(config)
    for private in ("state_uri", "webhook_url", "report_dir"):
        values.pop(private, None)
    values["alerts"] = list(config.alerts)
    values["expected_finish_reasons"] = list(config.expected_finish_reasons)
    return values


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "run"
