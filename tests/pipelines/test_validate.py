"""Records without a title or body are dropped with a counted reason."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem

from levant.pipelines.validate import ValidationPipeline


@pytest.mark.parametrize(
    ("fields", "reason"), [({"title": ""}, "no_title"), ({"body": ""}, "no_body")]
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
