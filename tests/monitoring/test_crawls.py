"""Monitoring real crawls of the mirror: a normal crawl passes every check, a redesign
raises layout drift, a failing site raises the error alert, and alerts reach their
receivers (or fail without harm)."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from levant.state import open_store
from tests.monitoring.support import (
    checks_by_name,
    monitored_crawl,
    report_of,
    smtp_receiver,
    webhook_receiver,
)
from tests.support.crawl import CrawlResult
from tests.support.mirror import Mirror

pytestmark = pytest.mark.crawl


def _closed_port_url() -> str:
    with socket.socket() as probe:  # a port nothing listens on once the probe closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


@pytest.fixture(scope="module")
def normal(
    mirrors: Callable[..., Mirror], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Mirror, Path, CrawlResult]:
    mirror, work = mirrors(), tmp_path_factory.mktemp("normal")
    return mirror, work, monitored_crawl(work, mirror.base_url)


def test_a_normal_crawl_passes_every_check(normal: tuple[Mirror, Path, CrawlResult]) -> None:
    mirror, _, result = normal
    assert result.returncode == 0, result.log[-2000:]
    listed = {t["url"] for t in mirror.truth() if t["reachable"]}
    assert listed <= {r["url"] for r in result.records}
    report = report_of(result)
    statuses = {name: check["status"] for name, check in checks_by_name(report).items()}
    assert set(statuses.values()) == {"passed"}, statuses
    assert len(statuses) == 14
    assert report["status"] == "passed" and report["alerts"] == []
    assert "[Spidermon] 10 monitors in" in result.log
    assert "... FAIL" not in result.log
    assert not [k for k in result.stats if k.startswith("levant/monitors/failed/")]


def test_the_run_history_keeps_one_row_per_run(normal: tuple[Mirror, Path, CrawlResult]) -> None:
    _, work, result = normal
    with open_store(f"sqlite:///{work / 'state.db'}") as store:
        (run,) = store.runs()
    summary = run.summary
    assert (run.mode, run.finish_reason) == ("full", "finished")
    assert run.started_at <= run.finished_at  # type: ignore[operator]
    assert summary["requests"] == result.stats["downloader/request_count"]
    assert summary["new"] == len(result.records) and summary["updated"] == 0
    assert summary["coverage"] == {
        "title": 1.0,
        "body": 1.0,
        "published_at": 1.0,
        "sections": 1.0,
        "authors": 1.0,
    }
    assert summary["dropped_reasons"] == {}
    assert summary["alerts"] == []
    assert summary["extraction"] == {"site": len(result.records), "generic": 0}
    assert summary["newest_published"] == max(
        _utc(r["published_at"]) for r in result.records if r["published_at"]
    )


def _utc(value: str) -> str:
    from levant.monitors.newest import utc_iso

    return utc_iso(value) or ""


@pytest.fixture(scope="module")
def theme_b(
    mirrors: Callable[..., Mirror], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Mirror, CrawlResult, list[dict[str, Any]]]:
    """A crawl of the mirror under theme B, alerting by a webhook nobody listens to
    and by e-mail to an SMTP server of the test."""
    mirror, work = mirrors("--theme", "b"), tmp_path_factory.mktemp("theme_b")
    with smtp_receiver() as (port, mails):
        result = monitored_crawl(
            work,
            mirror.base_url,
            settings={
                "LEVANT_ALERTS": "webhook,email",
                "LEVANT_ALERT_WEBHOOK_URL": _closed_port_url(),
                "SPIDERMON_EMAIL_TO": "desk@example.org",
                "SPIDERMON_EMAIL_SENDER": "levant@example.org",
                "SPIDERMON_SMTP_HOST": "127.0.0.1",
                "SPIDERMON_SMTP_PORT": str(port),
            },
        )
    return mirror, result, list(mails)


def test_theme_b_raises_layout_drift_naming_the_selectors(
    theme_b: tuple[Mirror, CrawlResult, list[dict[str, Any]]],
) -> None:
    _, result, _ = theme_b
    checks = checks_by_name(report_of(result))
    failed = {name for name, check in checks.items() if check["status"] == "failed"}
    assert failed == {"drift/articles", "drift/listings"}
    assert checks["drift/articles"]["value"] == 1.0
    assert "body: article .entry-content (missed on" in checks["drift/articles"]["message"]
    assert "listing_entries: .posts-list article.post-item" in checks["drift/listings"]["message"]
    assert result.stats["levant/monitors/failed/drift/articles"] == 1


def test_theme_b_still_exports_every_article_through_the_fallback(
    theme_b: tuple[Mirror, CrawlResult, list[dict[str, Any]]],
) -> None:
    mirror, result, _ = theme_b
    truth = {t["url"]: t for t in mirror.truth()}
    listed = {url for url, t in truth.items() if t["reachable"]}
    assert listed <= {r["url"] for r in result.records}
    for record in result.records:
        expected = truth[record["url"]]
        assert record["extraction"] == "generic"
        for name in ("title", "body", "sections", "tags", "authors", "related_urls"):
            assert record[name] == expected[name], (name, record["url"])
        assert record["published_at"][:10] == expected["published_at"][:10]


def test_a_failed_alert_delivery_is_logged_and_the_crawl_finishes(
    theme_b: tuple[Mirror, CrawlResult, list[dict[str, Any]]],
) -> None:
    _, result, mails = theme_b
    assert result.returncode == 0
    assert result.stats["finish_reason"] == "finished"
    assert result.stats["levant/alerts/failed/webhook"] == 1
    assert "ERROR: Cannot deliver the webhook alert to http://127.0.0.1:" in result.log
    assert "[Spidermon] WebhookAlert... SKIPPED (delivery to" in result.log
    assert result.records  # the feed was written all the same
    # ... while the e-mail alert reached the SMTP server
    assert result.stats["levant/alerts/sent/email"] == 1
    (mail,) = mails
    assert mail["rcpt"] == ["<desk@example.org>"]
    assert "Subject: levant: 2 checks failed" in mail["data"]
    assert "Layout drift/Article pages through the site selectors" in mail["data"]


def test_503_on_every_article_raises_the_error_alert_by_webhook(
    mirrors: Callable[..., Mirror], tmp_path: Path
) -> None:
    mirror = mirrors("--fail-articles", "503")
    with webhook_receiver() as (url, received):
        result = monitored_crawl(
            tmp_path,
            mirror.base_url,
            settings={"LEVANT_ALERTS": "webhook", "LEVANT_ALERT_WEBHOOK_URL": url},
        )
    assert result.returncode == 0 and result.records == []
    report = report_of(result)
    check = checks_by_name(report)["errors/http_5xx"]
    assert check["status"] == "failed"
    assert "503 x" in check["message"] and "above LEVANT_MAX_5XX_SHARE = 5%" in check["message"]
    assert report["alerts"] == ["errors/http_5xx"]
    (post,) = received
    assert post["path"] == "/hooks/levant"
    assert post["headers"]["Content-Type"].startswith("application/json")
    body = json.loads(post["body"])
    assert body["run"]["run_id"] == report["run"]["run_id"]
    assert body["summary"]["requests"] == result.stats["downloader/request_count"]
    assert (
        body["summary"]["http_errors"]["5xx"]
        == result.stats["downloader/response_status_count/503"]
    )
    assert body["summary"]["alerts"] == ["errors/http_5xx"]
    assert [f["check"] for f in body["failed"]] == ["5xx responses"]
    assert "503 x" in body["failed"][0]["message"]
    assert body["report"]["html"] == result.stats["levant/report/html"]
