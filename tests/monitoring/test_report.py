"""The run report and the stale-site check over two runs of an epoch with nothing new.

The HTML report is opened in headless Chromium: a screenshot lands in
``test-artifacts/monitoring/``, and the rendered page holds the charts. Text from the
crawl (run ids, messages, URLs, selectors, stats keys) is shown as text, never markup.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import lxml.html
import pytest

from levant.monitors.result import FAILED, PASSED, CheckResult
from levant.report import build_report, write_report
from levant.report.cli import main as report_main
from tests.monitoring.support import checks_by_name, monitored_crawl, report_of
from tests.support.crawl import CrawlResult
from tests.support.mirror import PROJECT, Mirror

ARTIFACTS = PROJECT / "test-artifacts" / "monitoring"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-quic",
]  # fmt: skip


@pytest.fixture(scope="module")
def two_runs(
    mirrors: Callable[..., Mirror], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, CrawlResult, CrawlResult]:
    """Two crawls of one epoch whose newest article is six days old (anchor five days
    ago, newest article a day before it): the second finds nothing new."""
    anchor = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=5)
    mirror, work = mirrors(anchor=anchor.isoformat()), tmp_path_factory.mktemp("stale")
    first = monitored_crawl(work, mirror.base_url, name="first")
    second = monitored_crawl(work, mirror.base_url, name="second")
    return work, first, second


@pytest.mark.crawl
def test_an_epoch_without_new_articles_raises_the_stale_alert(
    two_runs: tuple[Path, CrawlResult, CrawlResult],
) -> None:
    _, first, second = two_runs
    assert first.returncode == 0 and second.returncode == 0
    assert first.stats["levant/changes/new"] == len(first.records) > 0
    assert "levant/changes/new" not in second.stats
    report = report_of(second)
    stale = checks_by_name(report)["site/stale"]
    assert stale["status"] == "failed"
    assert stale["message"].startswith("the site may have stopped publishing: ")
    assert "above LEVANT_STALE_HOURS = 48" in stale["message"]
    assert stale["value"] > 48
    assert stale["details"]["runs"] == 2
    assert report["alerts"] == ["site/stale"]
    assert [row["new"] for row in report["history"]] == [0, len(first.records)]
    assert report["history"][0]["mode"] == "incremental"


@pytest.mark.crawl
def test_the_json_report_validates_against_its_documented_shape(
    two_runs: tuple[Path, CrawlResult, CrawlResult],
) -> None:
    schema = json.loads((PROJECT / "levant/schema/report.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for result in two_runs[1:]:
        jsonschema.validate(report_of(result), schema, cls=jsonschema.Draft202012Validator)
    latest = Path(two_runs[2].stats["levant/report/json"]).with_name("latest.json")
    assert json.loads(latest.read_text("utf-8")) == report_of(two_runs[2])


@pytest.mark.crawl
def test_the_html_report_is_self_contained(two_runs: tuple[Path, CrawlResult, CrawlResult]) -> None:
    page = Path(two_runs[2].stats["levant/report/html"]).read_text("utf-8")
    for external in ("<link", "<script", "<img", "src=", "url(", "@import"):
        assert external not in page
    assert page.count("<svg") == 2 and 'id="history"' in page and 'id="checks"' in page


def _chromium(*args: str) -> subprocess.CompletedProcess[str]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    return subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, *args], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.crawl
def test_the_html_report_opens_in_chromium_and_shows_the_chart(
    two_runs: tuple[Path, CrawlResult, CrawlResult],
) -> None:
    page = Path(two_runs[2].stats["levant/report/html"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screenshot = ARTIFACTS / "report.png"
    screenshot.unlink(missing_ok=True)
    shot = _chromium(f"--screenshot={screenshot}", "--window-size=1100,1400", page.as_uri())
    assert shot.returncode == 0, shot.stderr[-2000:]
    data = screenshot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000
    shutil.copy(page, ARTIFACTS / "report.html")
    dom = _chromium("--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert 'id="chart-runs"' in dom.stdout and 'id="chart-days"' in dom.stdout
    assert dom.stdout.count('class="bar bar-new"') >= 3  # two runs, one day
    assert '<span class="badge failed" id="status">failed</span>' in dom.stdout


@pytest.mark.crawl
def test_python_m_levant_report_prints_the_history_table(
    two_runs: tuple[Path, CrawlResult, CrawlResult],
) -> None:
    work, first, _ = two_runs
    out = io.StringIO()
    assert report_main(["--state", f"sqlite:///{work / 'state.db'}"], out=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].endswith("(2 runs)")
    assert lines[1].split() == [
        "run", "started", "mode", "finish", "requests", "new", "updated", "dropped",
        "coverage", "alerts",
    ]  # fmt: skip
    newest, oldest = lines[3].split(), lines[4].split()
    assert newest[3:5] == ["incremental", "finished"] and newest[-1] == "site/stale"
    requests = str(first.stats["downloader/request_count"])
    assert oldest[3:7] == ["full", "finished", requests, str(len(first.records))]
    data = io.StringIO()
    assert report_main(["--state", f"sqlite:///{work / 'state.db'}", "--json"], out=data) == 0
    rows = json.loads(data.getvalue())
    assert [row["new"] for row in rows] == [0, len(first.records)]
    assert rows[1]["requests"] == first.stats["downloader/request_count"]


def test_the_report_command_does_not_create_a_missing_store(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "state.db"
    assert report_main(["--state", f"sqlite:///{missing}"], out=io.StringIO()) == 1
    assert not missing.parent.exists()


# What a hostile or merely unusual site can put into a run: markup that would run a
# script or load an image, an attribute break-out, Arabic with a right-to-left mark
# and a right-to-left override (U+202E) that would reverse the text after it.
SCRIPT = '</script><img src=x onerror="alert(1)">'
ATTRIBUTE = 'x" onmouseover="alert(2)'
ARABIC = "\u0639\u0627\u062c\u0644 \u200f\u0627\u0644\u0623\u062e\u0628\u0627\u0631"
OVERRIDE = "\u202erun-evil"
URL = f"http://127.0.0.1/{ARABIC}?q={SCRIPT}"
SELECTOR = 'article[data-x="</style><script>alert(3)</script>"]'


def _hostile_report() -> dict[str, Any]:
    run = {
        "run_id": f"{OVERRIDE}{SCRIPT}",
        "started_at": "2026-11-29T10:00:00+00:00",
        "finished_at": "2026-11-29T10:05:00+00:00",
        "mode": f"full {ARABIC}",
        "finish_reason": SCRIPT,
        "summary": {
            "requests": 7,
            "new": 2,
            "dropped_reasons": {ATTRIBUTE: 1},
            "coverage": {SCRIPT: 0.5},
            "alerts": [SCRIPT],
            "discovery": {"api": f"fallback: {URL}"},
        },
    }
    results = [
        CheckResult(
            "drift/articles",
            FAILED,
            f"the page {URL} titled {ARABIC} (levant/extraction/{SCRIPT})",
            f"levant/extraction/{SCRIPT}",
            ATTRIBUTE,
            0.2,
            SCRIPT,
            {"selectors_missed": [{"field": "body", "selectors": [SELECTOR], "pages": 3}]},
        ),
        CheckResult("site/stale", PASSED, OVERRIDE, setting=SCRIPT),
    ]
    return build_report([run], results, generated_at=datetime(2026, 11, 29, 10, 6, tzinfo=UTC))


def _assert_only_text(root: Any) -> None:
    """No element, attribute or style came from the run's text."""
    tags = {element.tag for element in root.iter() if isinstance(element.tag, str)}
    assert not tags & {"script", "img", "iframe", "object"}, tags
    handlers = [
        (element.tag, name)
        for element in root.iter()
        if isinstance(element.tag, str)
        for name in element.attrib
        if name.lower().startswith("on")
    ]
    assert handlers == []
    (style,) = root.iter("style")
    assert "alert" not in style.text_content()


def test_hostile_text_in_the_report_is_shown_as_text_never_markup(tmp_path: Path) -> None:
    page = write_report(_hostile_report(), tmp_path)["html"]
    html = page.read_text("utf-8")
    root = lxml.html.document_fromstring(html)
    _assert_only_text(root)
    text = root.text_content()
    for shown in (SCRIPT, ARABIC, OVERRIDE, URL, f"body: {SELECTOR} (missed on 3 pages)"):
        assert shown in text, shown
    assert f"levant/extraction/{SCRIPT}" in text  # a stats key, in a message
    (dropped,) = root.xpath('//table[@id="history"]//td[@title]')
    assert dropped.get("title") == f"{ATTRIBUTE}: 1"
    # The override stays inside its own bidi isolate: it cannot reverse the heading.
    (heading_id,) = root.xpath("//h1/code/bdi")
    assert heading_id.text_content() == f"{OVERRIDE}{SCRIPT}"
    assert f"levant run {OVERRIDE}{SCRIPT}: failed" == root.findtext(".//title")
    # Chromium's own parser reads the page the same way.
    dom = _chromium("--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    rendered = lxml.html.document_fromstring(dom.stdout)
    _assert_only_text(rendered)
    assert ARABIC in rendered.text_content() and URL in rendered.text_content()
