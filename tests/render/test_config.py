"""RenderConfig from a ``Settings`` object alone: which browser, which flags, clear errors."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from scrapy.settings import Settings

from levant.render.config import SERVER_ARGS, RenderConfig, browsers_root, playwright_browser


@pytest.fixture
def executable(tmp_path: Path) -> str:
    path = tmp_path / "chromium"
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


@pytest.fixture
def no_playwright_browser(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Playwright's browser folder, empty: ``playwright install`` never ran."""
    root = tmp_path / "ms-playwright"
    root.mkdir()
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(root))
    return root


def _install_playwright_browser(
    root: Path, folder: str = "chromium_headless_shell-1255", complete: bool = True
) -> Path:
    """What ``playwright install`` leaves: a folder per build, marked complete at the end."""
    path = root / folder
    path.mkdir()
    if complete:
        (path / "INSTALLATION_COMPLETE").write_text("")
    return path


def test_the_setting_names_the_executable(executable: str) -> None:
    config = RenderConfig.from_settings(Settings({"LEVANT_BROWSER_EXECUTABLE": executable}))
    assert (config.executable, config.source, config.available) == (executable, "setting", True)
    options = config.launch_options()
    assert options["executable_path"] == executable
    assert options["headless"] is True
    assert options["args"] == list(SERVER_ARGS)


def test_a_missing_executable_is_a_problem_naming_the_setting() -> None:
    config = RenderConfig.from_settings(Settings({"LEVANT_BROWSER_EXECUTABLE": "/nonexistent"}))
    assert not config.available
    assert config.source == "missing"
    assert "LEVANT_BROWSER_EXECUTABLE=/nonexistent" in (config.problem or "")


def test_playwrights_own_browser_comes_first(no_playwright_browser: Path, executable: str) -> None:
    folder = _install_playwright_browser(no_playwright_browser)
    assert playwright_browser("chromium", headless=True) == folder
    config = RenderConfig.from_settings(Settings(), system_browsers=(executable,))
    assert (config.executable, config.source) == (None, "playwright")
    assert "executable_path" not in config.launch_options()


def test_headful_chromium_needs_playwrights_full_build(no_playwright_browser: Path) -> None:
    _install_playwright_browser(no_playwright_browser)
    assert playwright_browser("chromium", headless=False) is None
    full = _install_playwright_browser(no_playwright_browser, "chromium-1255")
    assert playwright_browser("chromium", headless=False) == full


def test_the_newest_complete_build_is_taken(no_playwright_browser: Path) -> None:
    _install_playwright_browser(no_playwright_browser, "chromium_headless_shell-999")
    newest = _install_playwright_browser(no_playwright_browser, "chromium_headless_shell-1255")
    _install_playwright_browser(no_playwright_browser, "chromium_headless_shell-1300", False)
    _install_playwright_browser(no_playwright_browser, "chromium_headless_shell-x")
    assert playwright_browser("chromium", headless=True) == newest


def test_an_interrupted_download_is_not_a_browser(
    no_playwright_browser: Path, executable: str
) -> None:
    _install_playwright_browser(no_playwright_browser, complete=False)
    assert playwright_browser("chromium", headless=True) is None
    config = RenderConfig.from_settings(Settings(), system_browsers=(executable,))
    assert (config.executable, config.source) == (executable, "system")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"PLAYWRIGHT_BROWSERS_PATH": "/srv/browsers"}, Path("/srv/browsers")),
        ({"XDG_CACHE_HOME": "/var/cache/u"}, Path("/var/cache/u/ms-playwright")),
        ({"PLAYWRIGHT_BROWSERS_PATH": "0"}, None),  # inside the package: not looked into
    ],
)
def test_where_playwright_keeps_browsers(
    monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], expected: Path | None
) -> None:
    monkeypatch.delenv("PLAYWRIGHT_BROWSERS_PATH", raising=False)
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    assert browsers_root() == expected


def test_then_the_system_chromium(no_playwright_browser: Path, executable: str) -> None:
    config = RenderConfig.from_settings(Settings(), system_browsers=("/nope", executable))
    assert (config.executable, config.source) == (executable, "system")


def test_no_browser_at_all_says_how_to_fix_it(no_playwright_browser: Path) -> None:
    config = RenderConfig.from_settings(Settings(), system_browsers=("/nope",))
    assert not config.available
    assert "LEVANT_BROWSER_EXECUTABLE" in (config.problem or "")
    assert "apt-get install chromium" in (config.problem or "")


def test_a_remote_browser_needs_no_executable(no_playwright_browser: Path) -> None:
    settings = Settings({"PLAYWRIGHT_CDP_URL": "http://127.0.0.1:9222"})
    config = RenderConfig.from_settings(settings, system_browsers=())
    assert (config.available, config.source) == (True, "remote")


def test_the_users_launch_options_win_key_by_key(executable: str) -> None:
    settings = Settings(
        {
            "LEVANT_BROWSER_EXECUTABLE": executable,
            "PLAYWRIGHT_LAUNCH_OPTIONS": {"headless": False, "slow_mo": 50},
            "LEVANT_BROWSER_ARGS": "--no-sandbox,--disable-gpu",
        }
    )
    options = RenderConfig.from_settings(settings).launch_options()
    assert options == {
        "headless": False,
        "slow_mo": 50,
        "args": ["--no-sandbox", "--disable-gpu"],
        "executable_path": executable,
    }


def test_two_executables_that_disagree_are_an_error(executable: str) -> None:
    settings = Settings(
        {
            "LEVANT_BROWSER_EXECUTABLE": executable,
            "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": "/usr/bin/other"},
        }
    )
    with pytest.raises(ValueError, match="disagree"):
        RenderConfig.from_settings(settings)


def test_chromium_flags_are_not_given_to_firefox(executable: str) -> None:
    settings = Settings(
        {"PLAYWRIGHT_BROWSER_TYPE": "firefox", "LEVANT_BROWSER_EXECUTABLE": executable}
    )
    assert "args" not in RenderConfig.from_settings(settings).launch_options()


@pytest.mark.parametrize(
    ("value", "blocked"),
    [
        (None, {"image", "font", "media"}),
        ("image,stylesheet", {"image", "stylesheet"}),
        ([], set()),
    ],
)
def test_blocked_resources(value: object, blocked: set[str], executable: str) -> None:
    settings = Settings({"LEVANT_BROWSER_EXECUTABLE": executable})
    if value is not None:
        settings.set("LEVANT_RENDER_BLOCK_RESOURCES", value)
    config = RenderConfig.from_settings(settings)
    assert config.block_resources == blocked

    class Request:
        resource_type = "image"

    assert config.blocks(Request()) is ("image" in blocked)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("LEVANT_RENDER_BLOCK_RESOURCES", "document", "unknown resource types document"),
        ("LEVANT_RENDER_MAX_CLICKS", 0, "LEVANT_RENDER_MAX_CLICKS=0"),
        ("LEVANT_RENDER_WAIT_MS", -1, "LEVANT_RENDER_WAIT_MS=-1"),
    ],
)
def test_bad_values_are_clear_errors(name: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RenderConfig.from_settings(Settings({name: value}))
