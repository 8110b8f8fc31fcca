"""published_at / modified_at from the best source the page states; never a crash."""

from __future__ import annotations

import logging

import pytest

from levant.pipelines.dates import DatesPipeline


def candidates(*triples: tuple[str, str, str]) -> list[dict[str, str]]:
    return [{"field": f, "source": s, "raw": r} for f, s, r in triples]


def build(make_crawler):
    crawler = make_crawler({"LEVANT_SITE_TIMEZONE": "Asia/Damascus"})
    return crawler, DatesPipeline.from_crawler(crawler)


def test_best_source_wins(make_crawler, article) -> None:
    crawler, pipeline = build(make_crawler)
    item = article(
        date_candidates=candidates(
            ("published", "jsonld", "2021-09-14T09:15:00+03:00"),
            ("modified", "jsonld", "2021-09-15T10:00:00+03:00"),
            ("published", "postmeta", "December 19, 2024"),
        )
    )
    pipeline.process_item(item)
    assert item.published_at == "2021-09-14T09:15:00+03:00"
    assert (item.published_source, item.published_precision) == ("jsonld", "second")
    assert item.modified_at == "2021-09-15T10:00:00+03:00"
    assert crawler.stats.get_value("levant/dates/source/jsonld") == 1


def test_unreadable_first_source_falls_back_to_the_next(make_crawler, article) -> None:
    _, pipeline = build(make_crawler)
    item = article(
        date_candidates=candidates(
            ("published", "jsonld", "not a date"),
            ("published", "postmeta", "14 أيلول 2021 - 09:15 ص"),
        )
    )
    pipeline.process_item(item)
    assert item.published_at == "2021-09-14T09:15:00+03:00"
    assert item.published_source == "postmeta"
    assert item.published_precision == "minute"


def test_visible_date_without_offset_takes_the_site_timezone(make_crawler, article) -> None:
    _, pipeline = build(make_crawler)
    item = article(
        date_candidates=candidates(("published", "postmeta", "2 كانون الثاني 2021 - 08:00 م"))
    )
    pipeline.process_item(item)
    assert item.published_at == "2021-01-02T20:00:00+02:00"  # Damascus was on +02:00 in winter 2021


def test_relative_date_is_read_against_the_fetch_time(make_crawler, article) -> None:
    _, pipeline = build(make_crawler)
    item = article(
        crawled_at="2026-11-20T09:00:00+00:00",
        date_candidates=candidates(("published", "postmeta", "منذ 3 ساعات")),
    )
    pipeline.process_item(item)
    assert item.published_at == "2026-11-20T09:00:00+03:00"


def test_unreadable_date_keeps_the_article_and_is_counted(make_crawler, article, caplog) -> None:
    crawler, pipeline = build(make_crawler)
    item = article(date_candidates=candidates(("published", "postmeta", "95.1%")))
    with caplog.at_level(logging.INFO):
        assert pipeline.process_item(item) is item
    assert item.published_at is None and item.published_raw == "95.1%"
    assert crawler.stats.get_value("levant/dates/unparsed") == 1
    assert "95.1%" in caplog.text and item.url in caplog.text


def test_future_date_is_flagged_not_trusted(make_crawler, article) -> None:
    crawler, pipeline = build(make_crawler)
    item = article(date_candidates=candidates(("published", "meta", "2030-01-01T10:00:00+03:00")))
    pipeline.process_item(item)
    assert item.published_at is None and item.published_raw == "2030-01-01T10:00:00+03:00"
    assert crawler.stats.get_value("levant/dates/future") == 1


@pytest.mark.parametrize("count_key", ["levant/dates/missing"])
def test_page_without_any_date_is_counted(make_crawler, article, count_key) -> None:
    crawler, pipeline = build(make_crawler)
    item = article()
    pipeline.process_item(item)
    assert item.published_at is None
    assert crawler.stats.get_value(count_key) == 1
