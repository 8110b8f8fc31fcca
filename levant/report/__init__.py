"""The run report: JSON for machines, a self-contained HTML page for people.

:func:`build_report` assembles it from the run history (this run first) and the
checks of :mod:`levant.monitors.checks`; :func:`write_report` writes
``<run_id>.json`` and ``<run_id>.html`` (and ``latest.json``/``latest.html``) under
``LEVANT_REPORT_DIR``. The JSON's shape is ``levant/schema/report.schema.json``;
``python -m levant report`` prints the history table (:mod:`levant.report.cli`).
"""

from levant.report.build import build_report, history_rows, per_day, write_report

__all__ = ["build_report", "history_rows", "per_day", "write_report"]
