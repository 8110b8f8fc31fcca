"""Records without a title or body are dropped with a counted reason."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem

from levant.extraction import extract_article
from levant.pipelines.validate import ValidationPipeline


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": None}, "no_title"),  # what extraction gives for a page without one
        ({"body": None}, "no_body"),
        ({"title": None, "body": None}, "no_title"),
        ({"title": ""}, "no_title"),  # an item built by other code with an empty value
        ({"body": ""}, "no_body"),
    ],
)
def test_incomplete_article_is_dropped_and_counted(make_crawler, article, fields, reason) -> None:
    crawler = make_crawler()
    pipeline = ValidationPipeline.from_crawler(crawler)
    with pytest.raises(DropItem, match=reason.replace("_", " ")):
        pipeline.process_item(article(**fields))
    assert crawler.stats.get_value(f"levant/dropped/{reason}") == 1


def test_complete_article_passes_unchanged(make_crawler, article) -> None:
    item = article()
    assert ValidationPipeline.from_crawler(make_crawler()).process_item(item) is item


def test_a_page_extracted_without_title_or_body_is_dropped(make_crawler) -> None:
    crawler = make_crawler()
    pipeline = ValidationPipeline.from_crawler(crawler)
    url = "https://thelevantnews.com/article/%D8%A3/"
    for html in ("<html><body></body></html>", "<html><body><h1>عنوان</h1></body></html>"):
        with pytest.raises(DropItem):
            pipeline.process_item(extract_article(url, html).article)
    assert crawler.stats.get_value("levant/dropped/no_title") == 1
    assert crawler.stats.get_value("levant/dropped/no_body") == 1
