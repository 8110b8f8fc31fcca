"""levant's add-on installs its components and the default of every LEVANT_* setting
(one place: levant.config); a bad setting or argument stops `scrapy crawl` with one
line that names it and exit status 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from scrapy.settings import Settings

from levant.addon import Levant
from levant.config import SETTINGS, SettingError, setting
from tests.support.mirror import PROJECT


def test_the_add_on_installs_every_default_and_a_profile_still_wins() -> None:
    settings = Settings({"LEVANT_MAX_READ_ALSO": 7}, priority="project")
    settings.set("ITEM_PIPELINES", {"levant.pipelines.dates.DatesPipeline": None}, "project")
    Levant().update_settings(settings)
    assert settings.getint("LEVANT_MAX_READ_ALSO") == 7
    assert settings.getint("LEVANT_MAX_PENDING") == SETTINGS["LEVANT_MAX_PENDING"].default
    pipelines = settings.getdict("ITEM_PIPELINES")
    assert pipelines["levant.pipelines.record.RecordPipeline"] == 900
    assert pipelines["levant.pipelines.dates.DatesPipeline"] is None  # switched off stays off
    assert settings["FEED_EXPORT_ENCODING"] == "utf-8"


def test_components_given_for_the_crawl_run_beside_levants_unless_switched_off() -> None:
    settings = Settings()
    pipelines = {"levant.pipelines.dates.DatesPipeline": None, "my.Pipeline": 500}
    settings.set("ITEM_PIPELINES", pipelines, "cmdline")  # -s ITEM_PIPELINES='{...}'
    Levant().update_settings(settings)
    merged = settings.getdict("ITEM_PIPELINES")
    assert merged["my.Pipeline"] == 500 and merged["levant.pipelines.record.RecordPipeline"] == 900
    assert merged["levant.pipelines.dates.DatesPipeline"] is None


def test_a_component_built_without_the_add_on_reads_the_same_defaults() -> None:
    assert setting(Settings(), "LEVANT_MAX_LINKS_PER_PAGE") == 1000
    assert setting(Settings({"LEVANT_MAX_LINKS_PER_PAGE": "20"}), "LEVANT_MAX_LINKS_PER_PAGE") == 20
    with pytest.raises(SettingError, match="LEVANT_MAX_LINKS_PER_PAGE='x': not a whole number"):
        setting(Settings({"LEVANT_MAX_LINKS_PER_PAGE": "x"}), "LEVANT_MAX_LINKS_PER_PAGE")


@pytest.mark.parametrize(
    ("option", "named"),
    [
        ("-s", "LEVANT_MAX_PENDING=abc"),
        ("-s", "LEVANT_STATE_COMMIT_EVERY=0"),
        ("-s", "LEVANT_MAX_READ_ALSO=-5"),
        ("-s", "LEVANT_SITE_LAYOUT=maybe"),
        ("-s", "LEVANT_SITE_TIMEZONE=Mars/Base"),
        ("-a", "max_pages=abc"),
        ("-a", "discover=x"),
    ],
)
def test_a_bad_setting_or_argument_is_one_line_and_exit_status_2(
    tmp_path, option: str, named: str
) -> None:
    command = [
        sys.executable, "-m", "scrapy", "crawl", "levant", option, named,
        "-s", f"LEVANT_STATE_URI=sqlite:///{tmp_path / 'state.db'}",
        "-s", f"LEVANT_STREAM_PATH={tmp_path / 'stream.jsonl'}",
        "-s", f"LEVANT_REPORT_DIR={tmp_path / 'reports'}",
    ]  # fmt: skip
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "settings.demo", "PYTHONPATH": str(PROJECT)}
    done = subprocess.run(
        command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2, done.stderr[-2000:]
    errors = [line for line in done.stderr.splitlines() if " ERROR: " in line]
    assert len(errors) == 1 and named.split("=")[0] in errors[0]
    assert "Traceback" not in done.stderr and "Crawled (" not in done.stderr
    assert not (tmp_path / "stream.jsonl").exists()
