"""Every ``LEVANT_*`` setting the crawler reads: its default, its type and its range, here once.

Components read their settings with :func:`setting` (``setting(crawler.settings,
"LEVANT_MAX_READ_ALSO")``), which falls back to the default below, so a component
built without a settings profile (a test, a script) behaves as in a crawl.
:class:`levant.addon.Levant` installs these defaults and checks every value when the
crawl starts: a bad one stops the crawl with one line that names it
(:func:`check_settings`). ``docs/settings.md`` documents each of them.

The monitoring settings have their own table (:mod:`levant.monitors.settings`); two
rendering settings default to what other settings or the browser setup say
(``LEVANT_RENDER_MAX_BYTES``: ``DOWNLOAD_MAXSIZE``; ``LEVANT_BROWSER_ARGS``:
:data:`levant.render.config.SERVER_ARGS`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Spec:
    """A setting's default, its type (``int``, ``float``, ``bool``, ``str``, ``list``,
    ``zone``: an IANA time zone name) and, for numbers, its least value (``None``: any)."""

    default: Any
    kind: str
    minimum: float | None = 0
    optional: bool = False  # None is a value (``str`` settings: not set)


SETTINGS: dict[str, Spec] = {
    # The site.
    # None: the site profile's own (levant/site.py), the one place they are written.
    "LEVANT_BASE_URL": Spec(None, "str", optional=True),
    "LEVANT_SITE_TIMEZONE": Spec(None, "zone", optional=True),
    "LEVANT_SITE_LAYOUT": Spec(True, "bool"),
    "LEVANT_ALLOW_PRIVATE_BASE_URL": Spec(False, "bool"),
    "LEVANT_SITE_ONLY": Spec(True, "bool"),
    "LEVANT_EXTRA_TRACKING_PARAMS": Spec([], "list"),
    # The crawl.
    "LEVANT_HOLD_FOR_READ_ALSO": Spec(True, "bool"),
    "LEVANT_API_MARGIN_SECONDS": Spec(600.0, "float"),
    "LEVANT_REFRESH_DAYS": Spec(2.0, "float"),
    "LEVANT_STOP_AFTER_KNOWN_PAGES": Spec(1, "int"),
    "LEVANT_RETRY_AFTER_MAX": Spec(60.0, "float"),
    "LEVANT_WATCH_MAX_BACKOFF": Spec(900.0, "float"),
    "LEVANT_WATCH_MONITOR_SECONDS": Spec(600.0, "float", minimum=1),
    "LEVANT_WATCH_LOG_EVERY": Spec(100, "int"),
    # Bounded work (docs/robustness.md); 0 turns a bound off.
    "LEVANT_MAX_LISTING_PAGES": Spec(1000, "int"),
    "LEVANT_MAX_READ_ALSO": Spec(50, "int"),
    "LEVANT_MAX_LINKS_PER_PAGE": Spec(1000, "int"),
    "LEVANT_MAX_PENDING": Spec(100_000, "int"),
    "LEVANT_MAX_URL_LENGTH": Spec(2083, "int"),
    "LEVANT_MAX_RESPONSE_HEADERS": Spec(200, "int"),
    "LEVANT_MAX_HEADER_BYTES": Spec(64 * 1024, "int"),
    "LEVANT_MAX_COOKIES": Spec(50, "int"),
    "LEVANT_MAX_COOKIE_BYTES": Spec(8192, "int"),
    "LEVANT_MAX_ATTRIBUTES": Spec(1000, "int"),
    "LEVANT_MAX_NESTING": Spec(3000, "int"),
    "LEVANT_MAX_LISTING_BYTES": Spec(4 * 1024 * 1024, "int"),
    # State and stream.
    "LEVANT_STATE_URI": Spec("sqlite:///.levant/state.db", "str"),
    "LEVANT_STATE_COMMIT_EVERY": Spec(100, "int", minimum=1),
    "LEVANT_STATE_COMMIT_SECONDS": Spec(1.0, "float", minimum=0.001),
    "LEVANT_STREAM_PATH": Spec("data/stream.jsonl", "str", optional=True),
    "LEVANT_SUMMARY_FILE": Spec(None, "str", optional=True),
    "LEVANT_STATS_FILE": Spec(None, "str", optional=True),
    "LEVANT_LOCK_ENABLED": Spec(True, "bool"),
    "LEVANT_LOCK_FILE": Spec(None, "str", optional=True),
    "LEVANT_LOCK_WAIT": Spec(0.0, "float"),
    # Rendering (levant.render.config reads its own settings with these defaults).
    "LEVANT_RENDER_ENABLED": Spec(True, "bool"),
    "LEVANT_RENDER_BUDGET": Spec(30.0, "float", minimum=0.001),
    "LEVANT_RENDER_MAX_CLICKS": Spec(20, "int", minimum=1),
    "LEVANT_RENDER_WAIT_MS": Spec(5000, "int", minimum=1),
    "LEVANT_RENDER_BLOCK_RESOURCES": Spec(["image", "font", "media"], "list"),
    "LEVANT_BROWSER_HEADLESS": Spec(True, "bool"),
    "LEVANT_BROWSER_EXECUTABLE": Spec(None, "str", optional=True),
    # A cluster's workers (settings.cluster).
    "LEVANT_CLUSTER_HEARTBEAT_TTL": Spec(30.0, "float", minimum=0.001),
    "LEVANT_CLUSTER_POLL": Spec(0.5, "float", minimum=0.001),
    "LEVANT_CLUSTER_WORKER": Spec(None, "str", optional=True),
}


class SettingError(ValueError):
    """A setting with a value of the wrong type or out of range; the message names it."""


def setting(settings: BaseSettings, name: str) -> Any:
    """The value of a ``LEVANT_*`` setting, read with its type, else its default.

    :class:`SettingError` names the setting when its value is unusable.
    """
    spec = SETTINGS[name]
    raw = settings.get(name)
    if raw is None:
        return spec.default
    try:
        value = _read(settings, name, spec)
    except (TypeError, ValueError) as error:
        raise SettingError(f"{name}={raw!r}: not a {_KINDS[spec.kind]} ({error})") from error
    if spec.kind in ("int", "float") and spec.minimum is not None and value < spec.minimum:
        least = int(spec.minimum) if spec.minimum == int(spec.minimum) else spec.minimum
        hint = " (0 turns it off)" if spec.minimum == 0 else ""
        raise SettingError(f"{name}={raw!r}: must be {least} or more{hint}")
    return value


def default(name: str) -> Any:
    """The default of a ``LEVANT_*`` setting (for a component built without settings)."""
    return SETTINGS[name].default


def check_settings(settings: BaseSettings) -> None:
    """:class:`SettingError` for the first ``LEVANT_*`` setting whose value is unusable."""
    for name in SETTINGS:
        setting(settings, name)


def stop_on_bad_settings(settings: BaseSettings) -> None:
    """Check every ``LEVANT_*`` setting; on a bad one, stop the process before anything
    starts: one ERROR line naming it, exit status 2, no traceback."""
    try:
        check_settings(settings)
    except SettingError as error:
        logger.error("Bad setting, nothing crawled: %s", error)
        raise SystemExit(2) from None


_KINDS = {
    "int": "whole number",
    "float": "number",
    "bool": "boolean",
    "str": "text",
    "list": "list",
    "zone": "time zone name (IANA, e.g. Asia/Damascus)",
}


def _read(settings: BaseSettings, name: str, spec: Spec) -> Any:
    if spec.kind == "int":
        return settings.getint(name)
    if spec.kind == "float":
        return settings.getfloat(name)
    if spec.kind == "bool":
        return settings.getbool(name)
    if spec.kind == "list":
        return settings.getlist(name)
    value = settings.get(name)
    if not isinstance(value, str):
        raise TypeError(type(value).__name__)
    if spec.kind == "zone":
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"no such time zone: {error}") from None
    return value
