"""Which browser renders pages, how it starts, what it does not download: one typed object.

:meth:`RenderConfig.from_settings` reads and checks every setting once, like
scrapy-playwright's own ``Config.from_settings``; the middleware and the download
handler both build theirs from the same settings, so they agree.

- ``LEVANT_BROWSER_EXECUTABLE`` — path of a Chromium executable. Default: Playwright's
  own browser when ``playwright install`` put one in place (:func:`playwright_browser`),
  else the first of ``/usr/bin/chromium``, ``/usr/bin/chromium-browser`` that exists,
  else none (and :attr:`RenderConfig.problem` says how to fix it).
- ``LEVANT_BROWSER_HEADLESS`` (default ``True``) and ``LEVANT_BROWSER_ARGS`` (default
  :data:`SERVER_ARGS`: the flags a server without sandbox, GPU or network needs).
- ``LEVANT_RENDER_BLOCK_RESOURCES`` (default ``image, font, media``) — Playwright
  resource types the browser never downloads.
- ``LEVANT_RENDER_MAX_CLICKS`` (default 20) — "load more" clicks per listing at most.
- ``LEVANT_RENDER_WAIT_MS`` (default 5000) — how long to wait for a script's content.
- ``LEVANT_RENDER_BUDGET`` (default 30) — seconds a page may take in the browser, all
  in (:mod:`levant.render.handler` closes it then, even against a busy script).
- ``LEVANT_RENDER_MAX_BYTES`` (default ``DOWNLOAD_MAXSIZE``, else 16 MiB) — the largest
  rendered DOM taken as a page; a larger one is measured in the browser and refused
  before its HTML is copied out (``levant/render/failed/too_large``).

``PLAYWRIGHT_LAUNCH_OPTIONS`` set by the user win over these (key by key), and
``PLAYWRIGHT_ABORT_REQUEST`` replaces ``LEVANT_RENDER_BLOCK_RESOURCES``. A remote
browser (``PLAYWRIGHT_CDP_URL``, ``PLAYWRIGHT_CONNECT_URL``) needs no executable.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.settings import BaseSettings

from levant.config import default

SERVER_ARGS: tuple[str, ...] = (
    "--no-sandbox",  # root in a container: no user namespaces for the sandbox
    "--disable-gpu",
    "--disable-dev-shm-usage",  # small /dev/shm in containers
    "--no-first-run",
    "--disable-background-networking",  # no calls home: a closed network refuses them
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
)
SYSTEM_BROWSERS: tuple[str, ...] = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Playwright's request.resource_type values; blocking "document" would block the page.
RESOURCE_TYPES = frozenset(
    {"stylesheet", "image", "media", "font", "script", "texttrack", "xhr", "fetch",
     "eventsource", "websocket", "manifest", "other"}
)  # fmt: skip
SETTING = "LEVANT_BROWSER_EXECUTABLE"


@dataclass(frozen=True)
class RenderConfig:
    executable: str | None  # None: Playwright's own browser (or a remote one)
    source: str  # "setting", "playwright", "system", "remote" or "missing"
    problem: str | None  # why no browser can start, naming the setting to fix
    browser_type: str
    headless: bool
    args: tuple[str, ...]
    block_resources: frozenset[str]
    max_clicks: int
    wait_ms: int
    user_launch_options: dict[str, Any]
    budget: float = 30.0
    max_bytes: int = 16 * 1024 * 1024

    @property
    def available(self) -> bool:
        return self.problem is None

    @classmethod
    def from_settings(
        cls,
        settings: BaseSettings,
        *,
        system_browsers: Sequence[str] = SYSTEM_BROWSERS,
    ) -> RenderConfig:
        browser_type = settings.get("PLAYWRIGHT_BROWSER_TYPE") or "chromium"
        headless = settings.getbool("LEVANT_BROWSER_HEADLESS", default("LEVANT_BROWSER_HEADLESS"))
        user_options = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS") or {}
        wanted = settings.get(SETTING) or None
        if wanted and user_options.get("executable_path") not in (None, wanted):
            raise ValueError(
                f"{SETTING}={wanted!r} and PLAYWRIGHT_LAUNCH_OPTIONS['executable_path']="
                f"{user_options['executable_path']!r} disagree: set one of them"
            )
        wanted = wanted or user_options.get("executable_path")
        remote = bool(settings.get("PLAYWRIGHT_CDP_URL") or settings.get("PLAYWRIGHT_CONNECT_URL"))
        executable, source, problem = _resolve(
            wanted, remote, browser_type, headless, system_browsers
        )
        blocked = frozenset(
            settings.getlist(
                "LEVANT_RENDER_BLOCK_RESOURCES", default("LEVANT_RENDER_BLOCK_RESOURCES")
            )
        )
        if unknown := sorted(blocked - RESOURCE_TYPES):
            raise ValueError(
                f"LEVANT_RENDER_BLOCK_RESOURCES: unknown resource types {', '.join(unknown)}; "
                f"use some of {', '.join(sorted(RESOURCE_TYPES))}"
            )
        return cls(
            executable=executable,
            source=source,
            problem=problem,
            browser_type=browser_type,
            headless=headless,
            args=tuple(settings.getlist("LEVANT_BROWSER_ARGS", list(SERVER_ARGS))),
            block_resources=blocked,
            max_clicks=_positive(settings, "LEVANT_RENDER_MAX_CLICKS"),
            wait_ms=_positive(settings, "LEVANT_RENDER_WAIT_MS"),
            user_launch_options=user_options,
            budget=_positive_float(settings, "LEVANT_RENDER_BUDGET"),
            max_bytes=_positive(
                settings,
                "LEVANT_RENDER_MAX_BYTES",
                settings.getint("DOWNLOAD_MAXSIZE") or 16 * 1024 * 1024,
            ),
        )

    def launch_options(self) -> dict[str, Any]:
        """Options for ``BrowserType.launch``: ours, then the user's on top."""
        options: dict[str, Any] = {"headless": self.headless}
        if self.browser_type == "chromium":
            options["args"] = list(self.args)
        if self.executable:
            options["executable_path"] = self.executable
        return {**options, **self.user_launch_options}

    def blocks(self, request: Any) -> bool:
        """``PLAYWRIGHT_ABORT_REQUEST`` predicate: skip images, fonts, media..."""
        return request.resource_type in self.block_resources

    def describe(self) -> str:
        where = self.executable or f"Playwright's own {self.browser_type}"
        return f"{where} ({self.source})"


def _resolve(
    wanted: str | None,
    remote: bool,
    browser_type: str,
    headless: bool,
    system_browsers: Sequence[str],
) -> tuple[str | None, str, str | None]:
    if wanted:
        if _is_executable(wanted):
            return wanted, "setting", None
        return None, "missing", (
            f"{SETTING}={wanted} is not an executable file; install Chromium "
            f"(apt-get install chromium) or point {SETTING} at a Chromium executable"
        )  # fmt: skip
    if remote:
        return None, "remote", None
    if playwright_browser(browser_type, headless) is not None:
        return None, "playwright", None
    if browser_type == "chromium":
        for path in system_browsers:
            if _is_executable(path):
                return path, "system", None
    return None, "missing", (
        f"no browser to render pages: Playwright's {browser_type} is not installed and "
        f"none of {', '.join(system_browsers)} exists; install one (apt-get install "
        f"chromium, or playwright install {browser_type}) or set {SETTING}"
    )  # fmt: skip


def playwright_browser(browser_type: str, headless: bool) -> Path | None:
    """The folder of the browser ``playwright install`` put in place, if there is one.

    Found by Playwright's documented convention, without starting Playwright (its
    driver takes a second or more): browsers live under ``PLAYWRIGHT_BROWSERS_PATH``,
    else the per-user cache (``~/.cache/ms-playwright`` on Linux), one folder per
    browser build, named ``<browser>-<revision>`` (``chromium-1255``,
    ``chromium_headless_shell-1255``), holding ``INSTALLATION_COMPLETE`` once the
    download finished. Headless Chromium runs Playwright's "headless shell" build.
    The newest complete revision is taken; one older than this Playwright wants
    fails at launch with Playwright's own message (``playwright install`` fixes it).
    ``PLAYWRIGHT_BROWSERS_PATH=0`` (browsers inside the installed package) is not
    looked into: set ``LEVANT_BROWSER_EXECUTABLE`` there.
    """
    root = browsers_root()
    if root is None or not root.is_dir():
        return None
    name = "chromium_headless_shell" if browser_type == "chromium" and headless else browser_type
    found: list[tuple[int, Path]] = []
    for folder in root.glob(f"{name}-*"):
        revision = folder.name.rpartition("-")[2]
        if revision.isdigit() and (folder / "INSTALLATION_COMPLETE").is_file():
            found.append((int(revision), folder))
    return max(found)[1] if found else None


def browsers_root() -> Path | None:
    """Where ``playwright install`` puts browsers (Playwright's documented locations);
    ``None`` for ``PLAYWRIGHT_BROWSERS_PATH=0``."""
    configured = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    if configured == "0":
        return None
    if configured:
        return Path(configured)
    if sys.platform == "darwin":
        return Path.home() / "Library/Caches/ms-playwright"
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "ms-playwright"
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ms-playwright"


def _is_executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def _positive(settings: BaseSettings, name: str, fallback: int | None = None) -> int:
    value = settings.getint(name, default(name) if fallback is None else fallback)
    if value <= 0:
        raise ValueError(f"{name}={value}: must be a positive number")
    return value


def _positive_float(settings: BaseSettings, name: str) -> float:
    value = settings.getfloat(name, default(name))
    if value <= 0:
        raise ValueError(f"{name}={value}: must be a positive number")
    return value
