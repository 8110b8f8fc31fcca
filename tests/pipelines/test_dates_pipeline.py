"""The date pipeline counts what extraction resolved and distrusts future dates."""

from __future__ import annotations

import logging

from levant.pipelines.dates import DatesPipeline


def build(make_crawler):
    crawler = make_crawler({"LEVANT_SITE_TIMEZONE": "Asia/Damascus"})
    return crawler, DatesPipeline.from_crawler(crawler)


def test_a_resolved_date_is_counted_by_source(make_crawler, article) -> None:
    crawler, pipeline = build(make_crawler)
    item = article(published_at="2021-09-14T09:15:00+03:00", published_source="jsonld")
    assert pipeline.process_item(item) is item
    assert item.published_at == "2021-09-14T09:15:00+03:00"
    assert crawler.stats.get_value("levant/dates/parsed") == 1
    assert crawler.stats.get_value("levant/dates/source/jsonld") == 1


def test_unreadable_date_keeps_the_article_and_is_counted(make_crawler, article, caplog) -> None:
    crawler, pipeline = build(make_crawler)
    item = article(published_raw="95.1%")
    with caplog.at_level(logging.INFO):
        assert pipeline.process_item(item) is item
    assert item.published_at is None and item.published_raw == "95.1%"
    assert crawler.stats.get_value("levant/dates/unparsed") == 1
    assert "95.1%" in caplog.text and item.url in caplog.text


def test_future_date_is_flagged_not_trusted(make_crawler, article) -> None:
    crawler, pipeline = build(make_crawler)
    raw = "2030-01-01T10:00:00+03:00"
    item = article(published_at=raw, published_raw=raw, published_precision="second")
    pipeline.process_item(item)
    assert item.published_at is None and item.published_raw == raw
    assert crawler.stats.get_value("levant/dates/future") == 1
    assert crawler.stats.get_value("levant/dates/parsed") is None


def test_a_future_day_is_flagged_too(make_crawler, article) -> None:
    crawler, pipeline = build(make_crawler)
    item = article(published_at="2030-01-01", published_raw="1 كانون الثاني 2030")
    pipeline.process_item(item)
    assert item.published_at is None
    assert crawler.stats.get_value("levant/dates/future") == 1


def test_today_is_not_the_future(make_crawler, article) -> None:
    _, pipeline = build(make_crawler)
    item = article(published_at="2026-11-20T11:30:00+03:00", published_source="postmeta")
    pipeline.process_item(item)
    assert item.published_at == "2026-11-20T11:30:00+03:00"


def test_page_without_any_date_is_counted(make_crawler, article) -> None:
    crawler, pipeline = build(make_crawler)
    item = article()
    pipeline.process_item(item)
    assert item.published_at is None
    assert crawler.stats.get_value("levant/dates/missing") == 1
