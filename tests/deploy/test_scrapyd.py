"""Deployed to a real Scrapyd with scrapyd-deploy, scheduled over its API, against the mirror.

One Scrapyd (``conftest.py``) serves the whole module, in this order: the egg is
built and deployed; a full job crawls the 300-article mirror at epoch 0; the
mirror moves to epoch 1 on the same port; a job scheduled while the test holds
the state's lock stops with finish reason ``locked``; an incremental job, scheduled
with the shipped ``deploy/schedule-recrawl`` (curl), exports only the articles
that are new or edited at epoch 1.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import socket
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from levant.joblock import JobLock
from levant.state import open_store
from tests.deploy.conftest import BIN, DEPLOY, PASSWORD, USERNAME, Scrapyd, clean_env
from tests.support.mirror import (
    PROJECT,
    Mirror,
    mirror_args,
    present_anchor,
    read_truth,
    start_mirror,
)

pytestmark = pytest.mark.crawl

ARTICLES = 300
# The live-site politeness of settings.base, lifted for the local mirror: per-job
# settings travel as schedule.json's setting=NAME=value parameters.
FAST = [
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=False",
    "CONCURRENT_REQUESTS=16",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "LEVANT_ALLOW_PRIVATE_BASE_URL=True",  # the mirror is on 127.0.0.1
]
COMPARED_FIELDS = ("title", "body", "published_at", "sections", "tags")


@dataclass
class JobRun:
    id: str
    log: str
    feed: list[dict[str, Any]]  # the job's own JSONL file (jobs/<id>.jsonl)
    stream: list[dict[str, Any]]  # the whole shared stream after the job
    state: dict[str, int]  # canonical URL -> version in the seen-store after the job
    mirror_requests: int  # requests the mirror answered during the job

    @property
    def finish_reason(self) -> str | None:
        found = re.findall(r"'finish_reason': '(\w+)'", self.log)
        return found[-1] if found else None


class Site:
    """The mirror, which moves to a later epoch on the same port (as the live site would)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.anchor = present_anchor()  # edits fall inside the refresh window
        self.epoch = 0
        self.mirror = self._start(0, "0")
        self.base_url = self.mirror.base_url

    def _start(self, epoch: int, port: str) -> Mirror:
        folder = self.folder / f"epoch{epoch}"
        folder.mkdir()
        return start_mirror(
            folder, mirror_args(ARTICLES, 1, epoch, "--port", port, anchor=self.anchor)
        )

    def advance(self) -> None:
        port = self.base_url.rstrip("/").rsplit(":", 1)[1]
        self.mirror.stop()
        self.epoch += 1
        self.mirror = self._start(self.epoch, port)
        assert self.mirror.base_url == self.base_url

    def truth(self, epoch: int) -> dict[str, dict[str, Any]]:
        return {
            t["url"]: t
            for t in read_truth(mirror_args(ARTICLES, 1, epoch, anchor=self.anchor), self.base_url)
        }

    def stop(self) -> None:
        self.mirror.stop()


def _jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def _state(data_dir: Path) -> dict[str, int]:
    with open_store(f"sqlite:///{data_dir / 'state.db'}") as store:
        return {state.url: state.version for state in store}


def _run(server: Scrapyd, site: Site, job: str) -> JobRun:
    before = len(site.mirror.requests())
    server.wait_for(job)
    data = server.data_dir
    return JobRun(
        id=job,
        log=server.job_log(job),
        feed=_jsonl(data / "jobs" / f"{job}.jsonl"),
        stream=_jsonl(data / "stream.jsonl"),
        state=_state(data),
        mirror_requests=len(site.mirror.requests()) - before,
    )


# -- fixtures: one scenario, built step by step ------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    site = Site(tmp_path_factory.mktemp("site"))
    yield site
    site.stop()


@pytest.fixture(scope="module")
def egg(scrapyd: Scrapyd, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The egg exactly as scrapyd-deploy builds it for a deploy."""
    path = tmp_path_factory.mktemp("egg") / "levant.egg"
    done = subprocess.run(
        [str(BIN / "scrapyd-deploy"), "--build-egg", str(path)],
        cwd=PROJECT, env=clean_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture(scope="module")
def deployed(scrapyd: Scrapyd, tmp_path_factory: pytest.TempPathFactory) -> str:
    """``scrapyd-deploy test``: scrapy.cfg's [deploy] section, plus a target on this port.

    The target comes from a user-level scrapy.cfg (``$XDG_CONFIG_HOME``), as a user
    would add one; the project name and the credentials come from the project's.
    """
    config = tmp_path_factory.mktemp("xdg")
    (config / "scrapy.cfg").write_text(f"[deploy:test]\nurl = {scrapyd.url}\n", "utf-8")
    env = clean_env(
        XDG_CONFIG_HOME=str(config), SCRAPYD_USERNAME=USERNAME, SCRAPYD_PASSWORD=PASSWORD
    )
    done = subprocess.run(
        [str(BIN / "scrapyd-deploy"), "test", "--version", "r1"],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def full_job(scrapyd: Scrapyd, deployed: str, site: Site) -> JobRun:
    job = scrapyd.schedule(mode="full", base_url=site.base_url, setting=FAST)
    return _run(scrapyd, site, job)


@pytest.fixture(scope="module")
def locked_job(scrapyd: Scrapyd, full_job: JobRun, site: Site) -> JobRun:
    """Epoch 1 is online, but this test process holds the lock of the state."""
    site.advance()
    lock = JobLock(scrapyd.data_dir / "state.db.lock")
    assert lock.try_acquire()
    try:
        job = scrapyd.schedule(mode="incremental", base_url=site.base_url, setting=FAST)
        return _run(scrapyd, site, job)
    finally:
        lock.release()


@pytest.fixture(scope="module")
def incremental_job(scrapyd: Scrapyd, locked_job: JobRun, site: Site) -> JobRun:
    """Scheduled by deploy/schedule-recrawl, as the cron line and the systemd timer do."""
    args = ["mode=incremental", f"base_url={site.base_url}", *(f"setting={s}" for s in FAST)]
    env = clean_env(SCRAPYD_URL=scrapyd.url, SCRAPYD_USERNAME=USERNAME, SCRAPYD_PASSWORD=PASSWORD)
    done = subprocess.run(
        [str(DEPLOY / "schedule-recrawl"), *args],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return _run(scrapyd, site, json.loads(done.stdout)["jobid"])


# -- packaging and deployment ------------------------------------------------------


def test_scrapy_cfg_names_the_local_target() -> None:
    config = configparser.ConfigParser(interpolation=None)
    config.read(PROJECT / "scrapy.cfg", encoding="utf-8")
    assert config["deploy:local"]["url"] == "http://127.0.0.1:6800/"
    assert config["deploy"]["project"] == "levant"
    assert config["deploy"]["username"] == "${SCRAPYD_USERNAME}"
    assert config["deploy"]["password"] == "${SCRAPYD_PASSWORD}"


def test_egg_holds_every_package_file_and_no_tests(egg: Path) -> None:
    with zipfile.ZipFile(egg) as archive:
        names = {n for n in archive.namelist() if not n.endswith("/")}
    assert {n.split("/")[0] for n in names} == {"EGG-INFO", "levant", "settings"}
    on_disk = {
        str(path.relative_to(PROJECT))
        for top in ("levant", "settings")
        for path in (PROJECT / top).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    } - {"settings/demo.py"}  # the mirror's profile: checkouts only (setup.py)
    assert on_disk - names == set(), "files of the packages missing from the egg"
    assert "levant/schema/article.schema.json" in names
    assert "levant/report/templates/report.html.j2" in names


def test_egg_holds_only_the_crawler(egg: Path) -> None:
    """No mirror, demo or test module ships to production (they live in levant_dev/)."""
    listing = subprocess.run(
        [sys.executable, "-m", "zipfile", "-l", str(egg)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    files = [line.split()[0] for line in listing.splitlines()[1:] if line.strip()]
    assert any(name.startswith("levant/spiders/") for name in files)
    unwanted = [
        name
        for name in files
        if "mirror" in name or "demo" in name or "test" in name.split("/")[-1]
        or name.startswith(("levant_dev/", "tests/", "benchmarks/"))
    ]  # fmt: skip
    assert unwanted == []


def test_egg_runs_the_production_settings(egg: Path) -> None:
    with zipfile.ZipFile(egg) as archive:
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode()
    assert re.search(r"^\[scrapy\]\s*\nsettings = settings\.production$", entry_points, re.M), (
        entry_points
    )


def test_deployed_project_lists_its_spider(scrapyd: Scrapyd, deployed: str, tmp_path: Path) -> None:
    assert json.loads(deployed)["status"] == "ok"
    # Outside the checkout, the virtualenv alone cannot import levant: jobs run the egg.
    outside = subprocess.run(
        [sys.executable, "-c", "import levant"],
        cwd=tmp_path, env=clean_env(), capture_output=True, text=True,
    )  # fmt: skip
    assert outside.returncode != 0
    assert scrapyd.call("listversions.json", [("project", "levant")]).body["versions"] == ["r1"]
    # listspiders.json runs the egg in a new process: it imports without the checkout.
    spiders = scrapyd.call("listspiders.json", [("project", "levant")])
    assert spiders.body.get("spiders") == ["levant"], spiders


# -- authentication ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "post"),
    [
        ("", False),
        ("daemonstatus.json", False),
        ("listjobs.json", False),
        ("schedule.json", True),
        ("addversion.json", True),
    ],
)
@pytest.mark.parametrize("auth", [None, (USERNAME, "wrong"), ("intruder", PASSWORD)])
def test_requests_without_the_credentials_are_refused(
    scrapyd: Scrapyd, endpoint: str, post: bool, auth: tuple[str, str] | None
) -> None:
    params = [("project", "levant"), ("spider", "levant")] if post else []
    answer = scrapyd.call(endpoint, params, post=post, auth=auth)
    assert answer.status == 401
    assert scrapyd.call("daemonstatus.json").body["pending"] == 0


def test_scrapyd_listens_on_127_0_0_1_only(scrapyd: Scrapyd) -> None:
    log = scrapyd.output.read_text("utf-8", "replace")
    assert f"available at http://127.0.0.1:{scrapyd.port}/" in log
    assert "Basic authentication enabled" in log
    # Bound to 0.0.0.0 it would answer on every loopback address; bound to 127.0.0.1, not.
    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection(("127.0.0.2", scrapyd.port), 5),
    ):
        pass


def test_run_scrapyd_refuses_to_start_without_credentials(tmp_path: Path) -> None:
    for missing in ("SCRAPYD_USERNAME", "SCRAPYD_PASSWORD"):
        env = clean_env(SCRAPYD_HOME=str(tmp_path), SCRAPYD_USERNAME="u", SCRAPYD_PASSWORD="p")
        del env[missing]
        done = subprocess.run(
            [str(DEPLOY / "run-scrapyd")], env=env, capture_output=True, text=True, timeout=30
        )
        assert done.returncode == 2
        assert "refusing to start Scrapyd without authentication" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_schedule_recrawl_with_a_wrong_password_fails(scrapyd: Scrapyd) -> None:
    env = clean_env(SCRAPYD_URL=scrapyd.url, SCRAPYD_USERNAME=USERNAME, SCRAPYD_PASSWORD="x")
    done = subprocess.run(
        [str(DEPLOY / "schedule-recrawl")], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert "Scrapyd refused" in done.stderr and "401" in done.stderr


# -- the full job ------------------------------------------------------------------


def test_full_job_finishes_and_logs_to_scrapyd(full_job: JobRun) -> None:
    assert full_job.finish_reason == "finished", full_job.log[-3000:]
    assert "Job lock" in full_job.log  # levant.joblock runs in production
    assert "] ERROR:" not in full_job.log, full_job.log[-3000:]


def test_full_job_exports_every_article_once(full_job: JobRun, site: Site) -> None:
    truth = site.truth(0)
    urls = [r["url"] for r in full_job.feed]
    assert len(urls) == len(set(urls)), "an article exported twice"
    assert set(urls) == set(truth)
    wrong = [
        (r["url"], f) for r in full_job.feed for f in COMPARED_FIELDS if r[f] != truth[r["url"]][f]
    ]
    assert wrong == []


def test_full_job_state_remembers_every_article(full_job: JobRun, site: Site) -> None:
    assert set(full_job.state) == set(site.truth(0))
    assert set(full_job.state.values()) == {1}


def test_full_job_stream_holds_every_article_as_new(full_job: JobRun) -> None:
    assert [r["url"] for r in full_job.stream] == [r["url"] for r in full_job.feed]
    assert {(r["event"], r["version"]) for r in full_job.stream} == {("new", 1)}


# -- overlapping jobs -------------------------------------------------------------


def test_job_started_while_the_lock_is_held_stops_at_once(
    locked_job: JobRun, full_job: JobRun, scrapyd: Scrapyd
) -> None:
    assert locked_job.finish_reason == "locked", locked_job.log[-3000:]
    errors = [line for line in locked_job.log.splitlines() if "] ERROR:" in line]
    assert len(errors) == 1, errors
    lock_file = scrapyd.data_dir / "state.db.lock"
    assert f"lock {lock_file} (PID {os.getpid()})" in errors[0]
    assert locked_job.mirror_requests == 0
    assert locked_job.feed == []
    assert locked_job.state == full_job.state
    assert locked_job.stream == full_job.stream


# -- the incremental job ------------------------------------------------------------


def test_incremental_job_exports_only_new_and_edited_articles(
    incremental_job: JobRun, site: Site
) -> None:
    assert incremental_job.finish_reason == "finished", incremental_job.log[-3000:]
    before, after = site.truth(0), site.truth(1)
    new = {url for url, t in after.items() if t["epoch"] == 1}
    edited = {
        url for url, t in after.items() if url in before and t["version"] > before[url]["version"]
    }
    assert len(new) == 20 and len(edited) == 5
    urls = [r["url"] for r in incremental_job.feed]
    assert len(urls) == len(set(urls)), "an article exported twice"
    assert {
        "new, not exported": len(new - set(urls)),
        "edited, not exported": len(edited - set(urls)),
        "exported, neither new nor edited": len(set(urls) - new - edited),
    } == dict.fromkeys(
        ("new, not exported", "edited, not exported", "exported, neither new nor edited"), 0
    )
    wrong = [
        (r["url"], f)
        for r in incremental_job.feed
        for f in COMPARED_FIELDS
        if r[f] != after[r["url"]][f]
    ]
    assert wrong == []


def test_incremental_job_updates_the_state(
    incremental_job: JobRun, full_job: JobRun, site: Site
) -> None:
    assert set(incremental_job.state) == set(site.truth(1))
    changed = {url for url, v in incremental_job.state.items() if v != full_job.state.get(url)}
    exported = {r["url"] for r in incremental_job.feed}
    assert changed == exported


def test_incremental_job_appends_to_the_stream(
    incremental_job: JobRun, full_job: JobRun, site: Site
) -> None:
    assert incremental_job.stream[: len(full_job.stream)] == full_job.stream
    appended = incremental_job.stream[len(full_job.stream) :]
    assert [r["url"] for r in appended] == [r["url"] for r in incremental_job.feed]
    before = site.truth(0)
    for record in appended:
        expected = ("updated", 2) if record["url"] in before else ("new", 1)
        assert (record["event"], record["version"]) == expected, record["url"]


def test_run_scrapyd_by_a_relative_path_finds_its_configuration(tmp_path: Path) -> None:
    """As the README runs it: ``deploy/run-scrapyd`` from the project directory."""
    home = tmp_path / "home"
    env = clean_env(SCRAPYD_HOME=str(home), SCRAPYD_USERNAME="u", SCRAPYD_PASSWORD="p",
                    SCRAPYD="true")  # fmt: skip
    done = subprocess.run(
        ["deploy/run-scrapyd"], cwd=DEPLOY.parent, env=env, capture_output=True, text=True,
        timeout=30,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    shipped = (DEPLOY / "scrapyd.conf").read_text("utf-8")
    assert (home / "scrapyd.conf").read_text("utf-8") == shipped
