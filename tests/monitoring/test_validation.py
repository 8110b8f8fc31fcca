"""Item validation: spidermon's JSON Schema pipeline checks what the feed will hold."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from levant.items import Article, article_schema
from levant.monitors.validation import ArticleValidationPipeline, load_schema_validator
from tests.support.mirror import PROJECT

ERRORS = "spidermon/validation/fields/errors"
URL = "https://thelevantnews.com/article/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7/"
VALID = Article(
    url=URL,
    fetched_url=URL,
    post_id=4100,
    title="عنوان المقال",
    body="نص المقال",
    authors=["ليفانت نيوز"],
    sections=["سياسة"],
    tags=["سوريا"],
    word_count=2,
    content_hash="a" * 64,
    crawled_at="2026-11-29T00:00:00+00:00",
    published_at="2026-11-28T10:00:00+03:00",
    language="ar",
    date_candidates=[{"field": "published", "source": "meta", "raw": "x"}],  # internal
)


def _pipeline(settings: dict[str, object] | None = None) -> ArticleValidationPipeline:
    crawler = get_crawler(Spider, {"SPIDERMON_ENABLED": True, **(settings or {})})
    return ArticleValidationPipeline.from_crawler(crawler)


def test_a_valid_record_counts_no_error_and_internal_fields_are_not_validated() -> None:
    pipeline = _pipeline()
    assert pipeline.process_item(VALID) is VALID
    stats = pipeline.stats.stats.get_stats()
    assert stats["spidermon/validation/items"] == 1
    assert ERRORS not in stats


def test_errors_are_counted_per_field_and_the_record_is_kept() -> None:
    pipeline = _pipeline()
    bad = replace(VALID, title="", published_at="yesterday", url="not a url")
    assert pipeline.process_item(bad) is bad
    stats = pipeline.stats.stats.get_stats()
    assert stats[ERRORS] == 3
    assert stats[f"{ERRORS}/should_be_non_empty/title"] == 1
    assert stats[f"{ERRORS}/regex_not_matched/url"] == 1
    assert stats[f"{ERRORS}/not_valid_under_any_schema/published_at"] == 1
    assert stats["spidermon/validation/items/errors"] == 1


def test_schemas_from_a_dict_a_file_and_an_object_path(tmp_path: Path) -> None:
    path = tmp_path / "article.schema.json"
    path.write_text(json.dumps(article_schema()), "utf-8")
    for source in (article_schema(), str(path), "levant.items.article_schema"):
        ok, errors = load_schema_validator(source).validate({"url": "x"})
        assert not ok and "title" in errors
    pipeline = _pipeline({"SPIDERMON_VALIDATION_SCHEMAS": json.dumps([str(path)])})
    pipeline.process_item(replace(VALID, body=""))
    assert pipeline.stats.stats.get_stats()[f"{ERRORS}/should_be_non_empty/body"] == 1


def test_off_without_spidermon() -> None:
    with pytest.raises(NotConfigured):
        ArticleValidationPipeline.from_crawler(get_crawler(Spider, {"SPIDERMON_ENABLED": False}))
    with pytest.raises(NotConfigured, match="is not a JSON Schema"):
        load_schema_validator("levant.items.EXPORT_FIELDS")


def test_the_default_schema_loads_from_a_zipped_package(tmp_path: Path) -> None:
    """A Scrapyd egg is a zip: the schema is package data read through importlib."""
    egg = tmp_path / "levant.egg"
    with zipfile.ZipFile(egg, "w") as archive:
        for file in (PROJECT / "levant").rglob("*"):
            if file.is_file() and "__pycache__" not in file.parts:
                archive.write(file, file.relative_to(PROJECT).as_posix())
    script = (
        "import levant, sys\n"
        "assert levant.__file__.startswith(sys.argv[1]), levant.__file__\n"
        "from levant.monitors.validation import load_schema_validator\n"
        "ok, errors = load_schema_validator('levant.items.article_schema').validate({})\n"
        "print(sorted(errors)[:2])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(egg)],
        cwd=tmp_path,
        env={"PYTHONPATH": str(egg), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['authors', 'body']"


def test_a_record_with_errors_is_dropped_when_asked_and_counted() -> None:
    from scrapy.exceptions import DropItem

    pipeline = _pipeline({"SPIDERMON_VALIDATION_DROP_ITEMS_WITH_ERRORS": True})
    assert pipeline.process_item(VALID) is VALID
    with pytest.raises(DropItem, match="title"):
        pipeline.process_item(replace(VALID, title=""))
    stats = pipeline.stats.stats.get_stats()
    assert stats["spidermon/validation/items"] == 2
    assert stats["spidermon/validation/items/dropped"] == 1
    assert stats["spidermon/validation/validators/item/jsonschema"] is True


def test_errors_written_into_the_item_when_asked() -> None:
    pipeline = _pipeline({"SPIDERMON_VALIDATION_ADD_ERRORS_TO_ITEMS": True})
    item = {"url": "not a url", "_validation": {"url": ["an earlier error"]}}
    assert pipeline.process_item(item) is item
    errors = item["_validation"]
    assert errors["url"][0] == "an earlier error" and len(errors["url"]) == 2
    assert "title" in errors and "body" in errors
