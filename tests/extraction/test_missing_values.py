"""A value the page does not give is None, never "": in the item, the record and the schema.

The content hash must not move with that convention: a record crawled before it (with
``""`` for a missing title or body) and the same article crawled after it hash alike,
so a re-crawl does not report the article as updated. The pinned hashes below were
computed with the code that held ``""`` (commit 15fcc84).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from levant.extraction import content_hash, extract_article
from levant.extraction.api import article_from_api
from levant.items import EXPORT_FIELDS, Article, article_schema, export_record
from levant.site import LEVANT

URL = "https://thelevantnews.com/article/%D8%AE%D8%A8%D8%B1/"
FETCHED_AT = datetime.datetime(2026, 11, 28, 21, 0, tzinfo=datetime.UTC)
HERE = Path(__file__).parent
PAGES = sorted([*HERE.glob("fixtures/*/page.html"), *HERE.glob("real_sites/*/page.html")])

SEED = Article(
    url="https://thelevantnews.com/article/x/",
    fetched_url="https://thelevantnews.com/article/x/",
    title="بشار الأسد إلى روسيا في زيارة غير معلنة",
    body="وبحسب موقع الكرملين فإنّ بوتين أشار\n\nكما تحدث الرئيس الروسي",
    sections=["سياسة", "أخبار"],
    tags=["سوريا", "روسيا"],
)
NO_TITLE = Article(url="u", fetched_url="u", body="نص الخبر", tags=["سوريا"])
NOTHING = Article(url="u", fetched_url="u")


@pytest.mark.parametrize(
    ("article", "pinned"),
    [
        (SEED, "7e33e9ae70a642fb20d3a9f3dbed9185ff0df5efca6e4ac91d93bb235572adb4"),
        (NO_TITLE, "dad25de70891544d3dde6512ed2d1544a435b4929da77b7e41eae2f6b2c63ea4"),
        (NOTHING, "72d162f294917b8bfaa5ca093af52184f7c601792a80322d08318257ae1b3b36"),
    ],
)
def test_content_hash_is_the_one_computed_before_none_replaced_empty(
    article: Article, pinned: str
) -> None:
    assert content_hash(article) == pinned
    as_before = replace(article, title=article.title or "", body=article.body or "")
    assert content_hash(as_before) == pinned


def test_content_hash_still_tells_an_edit() -> None:
    edited = replace(SEED, body=f"{SEED.body}\n\nفقرة جديدة")
    assert content_hash(edited) != content_hash(SEED)
    assert content_hash(replace(SEED, tags=["سوريا"])) != content_hash(SEED)


@pytest.mark.parametrize("html", ["", "<html>", "\x00\x00", "<html><body></body></html>"])
def test_a_page_without_anything_gives_none_not_empty_strings(html: str) -> None:
    article = extract_article(URL, html, fetched_at=FETCHED_AT).article
    assert article.title is None
    assert article.body is None
    assert article.word_count is None
    for name in ("post_id", "description", "source_credit", "section", "image", "language"):
        assert getattr(article, name) is None, name
    for name in ("published_at", "published_raw", "published_source", "modified_at"):
        assert getattr(article, name) is None, name
    for name in ("authors", "sections", "tags", "related_urls", "links"):
        assert getattr(article, name) == [], name
    assert article.content_hash == content_hash(NOTHING)


def test_a_page_with_a_title_but_no_paragraph_has_a_title_and_no_body() -> None:
    html = "<html lang='ar'><body><article><h1 class='entry-title'>عنوان الخبر</h1></article>"
    article = extract_article(URL, html, fetched_at=FETCHED_AT).article
    assert article.title == "عنوان الخبر"
    assert article.body is None and article.word_count is None
    assert article.language == "ar"
    assert article.content_hash == content_hash(replace(article, body=""))


def test_an_api_post_without_title_or_content_gives_none() -> None:
    post = {"id": 4103, "link": URL, "date_gmt": "2021-09-14T06:15:00"}
    article = article_from_api(post, LEVANT).article
    assert article.title is None and article.body is None and article.word_count is None
    assert article.source_credit is None and article.modified_at is None
    assert article.published_at == "2021-09-14T09:15:00+03:00"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.parent.name)
def test_no_exported_field_of_a_real_page_is_an_empty_string(page: Path) -> None:
    meta = json.loads((page.parent / "meta.json").read_text("utf-8"))
    article = extract_article(meta["url"], page.read_bytes(), fetched_at=FETCHED_AT).article
    record = export_record(article)
    assert [name for name, value in record.items() if value == ""] == []
    assert all(v != "" for name in ("authors", "sections", "tags") for v in record[name])


def _record(**changes: object) -> dict[str, object]:
    article = replace(
        SEED,
        post_id=4103,
        word_count=12,
        content_hash="a" * 64,
        crawled_at="2026-11-28T21:00:00+00:00",
    )
    return {**export_record(article), **changes}


def test_the_schema_takes_null_for_a_missing_value_and_refuses_an_empty_string() -> None:
    validator = jsonschema.Draft202012Validator(article_schema())
    assert list(validator.iter_errors(_record())) == []
    for name in ("description", "source_credit", "section", "image", "language"):
        assert validator.is_valid(_record(**{name: None})), name
        assert not validator.is_valid(_record(**{name: ""})), name
    for name in ("published_raw", "modified_raw"):
        assert not validator.is_valid(_record(**{name: ""})), name


@pytest.mark.parametrize("name", ["title", "body", "content_hash", "crawled_at", "word_count"])
def test_the_schema_refuses_a_record_without_what_every_record_has(name: str) -> None:
    validator = jsonschema.Draft202012Validator(article_schema())
    assert not validator.is_valid(_record(**{name: None}))


@pytest.mark.parametrize("name", EXPORT_FIELDS)
def test_every_field_is_present_in_a_valid_record(name: str) -> None:
    record = _record()
    del record[name]
    assert not jsonschema.Draft202012Validator(article_schema()).is_valid(record)


def test_lists_are_never_null() -> None:
    validator = jsonschema.Draft202012Validator(article_schema())
    for name in ("authors", "sections", "tags", "related_urls", "links"):
        assert validator.is_valid(_record(**{name: []})), name
        assert not validator.is_valid(_record(**{name: None})), name
