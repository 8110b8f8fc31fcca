"""A full crawl of the 300-article mirror through the real engine, against its truth."""

from __future__ import annotations

from collections import Counter

import jsonschema
import pytest

from levant.items import EXPORT_FIELDS, article_schema
from tests.support.crawl import CrawlResult
from tests.support.mirror import Mirror

pytestmark = pytest.mark.crawl

COMPARED_FIELDS = ("url", "title", "body", "published_at", "sections", "tags", "related_urls")
CHROME = ("قد تحب أيضا", "منشورات شائعة", "النشرة الإخبارية", "اقرأ أيضاً", "اقرأ أيضا", "إقرأ أيضاً")


def test_crawl_finishes_cleanly(crawl300: CrawlResult) -> None:
    assert crawl300.returncode == 0, crawl300.log[-3000:]
    assert crawl300.stat("finish_reason") == "finished"
    assert crawl300.stat("log_count/ERROR") == 0, crawl300.log[-3000:]


def test_every_article_exported_exactly_once(crawl300: CrawlResult, mirror300: Mirror) -> None:
    truth_urls = {t["url"] for t in mirror300.truth()}
    counts = Counter(r["url"] for r in crawl300.records)
    assert [url for url, n in counts.items() if n > 1] == []
    assert truth_urls - set(counts) == set(), "articles missing from the feed"
    assert set(counts) - truth_urls == set(), "records that are not articles"


def test_read_also_only_articles_are_found(crawl300: CrawlResult, mirror300: Mirror) -> None:
    hidden = {t["url"] for t in mirror300.truth() if not t["reachable"]}
    assert len(hidden) >= 5  # about 5% of 300
    assert hidden <= {r["url"] for r in crawl300.records}
    assert crawl300.stat("levant/articles/via/read_also") >= len(hidden)


@pytest.mark.parametrize("field", COMPARED_FIELDS)
def test_fields_equal_the_truth(crawl300: CrawlResult, mirror300: Mirror, field: str) -> None:
    truth = {t["url"]: t for t in mirror300.truth()}
    wrong = [r["url"] for r in crawl300.records if r[field] != truth[r["url"]][field]]
    assert wrong == [], f"{len(wrong)} articles with a wrong {field}, first: {wrong[:1]}"


def test_seed_article_is_dated_september_2021(crawl300: CrawlResult) -> None:
    seed = next(
        r for r in crawl300.records if r["title"] == "بشار الأسد إلى روسيا في زيارة غير معلنة"
    )
    assert seed["published_at"].startswith("2021-09-")
    assert "95.1%" in seed["body"] and "2254" in seed["body"]
    assert seed["source_credit"] == "ليفانت نيوز_ وكالات"
    assert seed["links"] == ["https://www.facebook.com/SyrianPresidency/videos/374138110716572/"]
    assert len(seed["related_urls"]) == 1


def test_no_body_holds_page_chrome(crawl300: CrawlResult) -> None:
    leaks = [r["url"] for r in crawl300.records if any(c in r["body"] for c in CHROME)]
    assert leaks == []
    credits = [
        r["url"] for r in crawl300.records if r["source_credit"] and r["source_credit"] in r["body"]
    ]
    assert credits == []


def test_every_record_validates_against_the_schema(crawl300: CrawlResult) -> None:
    validator = jsonschema.Draft202012Validator(article_schema())
    for record in crawl300.records:
        errors = [e.message for e in validator.iter_errors(record)]
        assert errors == [], record["url"]
        assert list(record) == EXPORT_FIELDS


def test_feed_is_utf8_without_escapes(crawl300: CrawlResult) -> None:
    raw = crawl300.output.read_bytes()
    text = raw.decode("utf-8")
    assert "\\u06" not in text and "ليفانت" in text
    assert raw.endswith(b"\n") and text.count("\n") == len(crawl300.records)


def test_stats_name_what_happened(crawl300: CrawlResult) -> None:
    assert crawl300.stat("levant/sections") == 7
    assert crawl300.stat("levant/dates/parsed") == len(crawl300.records)
    assert crawl300.stat("levant/dates/unparsed") == 0
    assert crawl300.stat("retry/reason_count/500 Internal Server Error") == 1
    assert crawl300.stat("levant/dedup/requests_collapsed") > 0


def test_the_state_store_is_opened_once_per_crawl(crawl300: CrawlResult) -> None:
    assert crawl300.stat("levant/state/opened") == 1
