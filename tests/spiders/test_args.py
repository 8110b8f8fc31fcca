"""Spider arguments: typed once, a bad one refused with its name, value and remedy."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from datetime import date

import pytest
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from levant.site import LEVANT
from levant.spiders.args import ArgumentError, SpiderArgs, check_site_url, site_base_url
from levant.spiders.levant import LevantSpider
from tests.support.mirror import PROJECT


def test_defaults_crawl_every_section_incrementally_after_the_api() -> None:
    args = SpiderArgs.parse()
    assert args == SpiderArgs(render="auto", mode="incremental", discover=("api", "sections"))
    assert (args.sections, args.max_pages, args.since, args.base_url) == ((), None, None, None)


def test_arguments_as_the_command_line_gives_them() -> None:
    args = SpiderArgs.parse(
        base_url=" http://127.0.0.1:8080/ ",
        sections="politics, caricature,",
        max_pages="2",
        since="2026-01-31",
        render="never",
        mode="full",
        discover="feed,sitemap",
    )
    assert args.base_url == "http://127.0.0.1:8080/"
    assert args.sections == ("politics", "caricature")
    assert (args.max_pages, args.since) == (2, date(2026, 1, 31))
    assert (args.render, args.mode, args.discover) == ("never", "full", ("feed", "sitemap"))


@pytest.mark.parametrize(
    ("argument", "value", "message"),
    [
        ("max_pages", "abc", "max_pages='abc': use a whole number of at least 1"),
        ("max_pages", "0", "max_pages='0': use a whole number of at least 1"),
        ("max_pages", "-3", "max_pages='-3': use a whole number of at least 1"),
        ("since", "31/01/2026", "since='31/01/2026': use a date as YYYY-MM-DD"),
        ("render", "sometimes", "render='sometimes': use one of auto, never, always"),
        ("mode", "fast", "mode='fast': use one of full, incremental, watch"),
        ("discover", "rss", "discover='rss': use one of api, feed, sitemap, sections"),
    ],
)
def test_a_bad_argument_is_refused_by_name(argument: str, value: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}$".replace("(", r"\(").replace(")", r"\)")):
        SpiderArgs.parse(**{argument: value})


def test_the_spider_takes_its_arguments_from_the_command_line(caplog) -> None:
    crawler = get_crawler(LevantSpider)
    spider = LevantSpider.from_crawler(crawler, sections="politics", max_pages="3", render="never")
    assert (spider.section_filter, spider.max_pages, spider.render_mode) == (
        ("politics",),
        3,
        "never",
    )
    with pytest.raises(SystemExit) as stopped:  # one line, exit status 2, no traceback
        LevantSpider.from_crawler(get_crawler(LevantSpider), max_pages="many")
    assert stopped.value.code == 2
    assert "Bad argument, nothing crawled: max_pages='many'" in caplog.text
    other = LevantSpider.from_crawler(get_crawler(LevantSpider), note="weekly")
    assert other.note == "weekly"  # an argument of no meaning to levant: an attribute


def test_every_argument_parse_takes_is_a_field() -> None:
    assert SpiderArgs.names() == tuple(inspect.signature(SpiderArgs.parse).parameters)


@pytest.mark.parametrize(
    ("url", "private_ok", "why"),
    [
        ("https://thelevantnews.com/", False, None),
        ("http://127.0.0.1:8090/", True, None),
        ("http://127.0.0.1:8090/", False, "a private, loopback or reserved address"),
        ("http://localhost:8090/", False, "a private, loopback or reserved address"),
        ("http://127.1:8090/", False, "a private, loopback or reserved address"),
        ("http://2130706433/", False, "a private, loopback or reserved address"),
        ("http://10.1.2.3/", False, "a private, loopback or reserved address"),
        ("http://[::1]:8090/", False, "a private, loopback or reserved address"),
        ("http://0.0.0.0/", False, "a private, loopback or reserved address"),
        ("http://169.254.169.254/", True, "a cloud metadata service is never crawled"),
        ("http://[::ffff:169.254.169.254]/", True, "a cloud metadata service is never crawled"),
        ("http://0xa9fea9fe/", True, "a cloud metadata service is never crawled"),
        ("http://metadata.google.internal/", True, "a cloud metadata service is never crawled"),
        ("http://[fd00:ec2::254]/", True, "a cloud metadata service is never crawled"),
        ("http://169.254.1.1/", True, "a link-local address is never crawled"),
        ("http://[fe80::1]/", True, "a link-local address is never crawled"),
        ("ftp://thelevantnews.com/", True, "use an http(s) URL with a host"),
        ("thelevantnews.com", True, "use an http(s) URL with a host"),
        ("http://user@thelevantnews.com/", True, "a URL with user information or a backslash"),
        ("http://127.0.0.1:1\\@thelevantnews.com/", True, "a URL with user information"),
        ("http://thelevantnews.com:99999/", True, "not a URL"),
    ],
)
def test_a_site_url_is_checked(url: str, private_ok: bool, why: str | None) -> None:
    if why is None:
        assert check_site_url("base_url", url, allow_private=private_ok) == url
        return
    with pytest.raises(ArgumentError) as refused:
        check_site_url("base_url", url, allow_private=private_ok)
    assert str(refused.value).startswith(f"base_url={url!r}: {why}")


def test_the_base_url_a_crawl_uses_is_checked_with_the_setting() -> None:
    closed, open_ = Settings(), Settings({"LEVANT_ALLOW_PRIVATE_BASE_URL": True})
    mirror = "http://127.0.0.1:8090/"
    assert site_base_url(mirror, open_, LEVANT.base_url) == mirror
    assert site_base_url(None, closed, LEVANT.base_url) == LEVANT.base_url
    with pytest.raises(ArgumentError, match=r"^base_url='http://127\.0\.0\.1:8090/'"):
        site_base_url(mirror, closed, LEVANT.base_url)
    with pytest.raises(ArgumentError, match=r"^LEVANT_BASE_URL='http://10\.0\.0\.1/'"):
        site_base_url(None, Settings({"LEVANT_BASE_URL": "http://10.0.0.1/"}), LEVANT.base_url)


@pytest.mark.parametrize(
    ("profile", "value", "message"),
    [
        ("settings.base", "http://169.254.169.254/latest/", "a cloud metadata service"),
        ("settings.base", "http://127.0.0.1:8090/", "set LEVANT_ALLOW_PRIVATE_BASE_URL=True"),
        ("settings.demo", "http://169.254.169.254/", "a cloud metadata service"),
    ],
)
def test_a_refused_base_url_is_one_line_and_a_failed_exit(
    tmp_path, profile: str, value: str, message: str
) -> None:
    command = [
        sys.executable, "-m", "scrapy", "crawl", "levant", "-a", f"base_url={value}",
        "-s", f"LEVANT_STATE_URI=sqlite:///{tmp_path / 'state.db'}",
        "-s", f"LEVANT_STREAM_PATH={tmp_path / 'stream.jsonl'}",
        "-s", f"LEVANT_REPORT_DIR={tmp_path / 'reports'}",
    ]  # fmt: skip
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": profile, "PYTHONPATH": str(PROJECT)}
    done = subprocess.run(
        command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if " ERROR: " in line]
    assert len(errors) == 1 and f"base_url={value!r}: " in errors[0] and message in errors[0]
    assert "Traceback" not in done.stderr and "Crawled (" not in done.stderr
    assert not (tmp_path / "stream.jsonl").exists()


def test_watch_mode_polls_every_interval_seconds() -> None:
    assert SpiderArgs.parse(mode="watch").interval == 60.0
    assert SpiderArgs.parse(mode="watch", interval="2.5").interval == 2.5
    assert SpiderArgs.parse().interval is None


@pytest.mark.parametrize(
    ("mode", "interval", "message"),
    [
        ("watch", "0", "interval='0': use a number of seconds above 0"),
        ("watch", "soon", "interval='soon': use a number of seconds above 0"),
        ("incremental", "60", "interval='60': only mode=watch polls at an interval"),
    ],
)
def test_a_bad_interval_is_refused_by_name(mode: str, interval: str, message: str) -> None:
    with pytest.raises(ArgumentError, match=re.escape(message)):
        SpiderArgs.parse(mode=mode, interval=interval)
