"""The result of one check of a run: passed, failed or skipped, and why.

A result names the stat it read, the setting holding its threshold, the threshold
and the value; its message names all of them. Shared by :mod:`levant.monitors.checks`
(the run's health) and :mod:`levant.monitors.drift` (changes of the site).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"


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


def judged(
    name: str, ok: bool, message: str, stat: str | None, setting: str | None,
    threshold: Any, value: Any, details: dict[str, Any] | None = None,
) -> CheckResult:  # fmt: skip
    """A threshold check's result: passed when *ok*, else failed."""
    status = PASSED if ok else FAILED
    return CheckResult(name, status, message, stat, setting, threshold, value, details or {})
