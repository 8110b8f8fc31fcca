"""Spider arguments: typed once, a bad one refused with its name, value and remedy."""

from __future__ import annotations

import inspect
from datetime import date

import pytest
from scrapy.utils.test import get_crawler

from levant.spiders.args import SpiderArgs
from levant.spiders.levant import LevantSpider


def test_defaults_crawl_every_section_incrementally() -> None:
    args = SpiderArgs.parse()
    assert args == SpiderArgs(render="auto", mode="incremental", discover=("sections",))
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
        ("mode", "fast", "mode='fast': use one of full, incremental"),
        ("discover", "rss", "discover='rss': use one of feed, sitemap, sections"),
    ],
)
def test_a_bad_argument_is_refused_by_name(argument: str, value: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}$".replace("(", r"\(").replace(")", r"\)")):
        SpiderArgs.parse(**{argument: value})


def test_the_spider_takes_its_arguments_from_the_command_line() -> None:
    crawler = get_crawler(LevantSpider)
    spider = LevantSpider.from_crawler(crawler, sections="politics", max_pages="3", render="never")
    assert (spider.section_filter, spider.max_pages, spider.render_mode) == (
        ("politics",),
        3,
        "never",
    )
    with pytest.raises(ValueError, match="max_pages='many'"):
        LevantSpider.from_crawler(get_crawler(LevantSpider), max_pages="many")
    other = LevantSpider.from_crawler(get_crawler(LevantSpider), note="weekly")
    assert other.note == "weekly"  # an argument of no meaning to levant: an attribute


def test_every_argument_parse_takes_is_a_field() -> None:
    assert SpiderArgs.names() == tuple(inspect.signature(SpiderArgs.parse).parameters)
