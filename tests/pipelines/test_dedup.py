"""One record per canonical URL or post ID, within a run and across runs."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem

from levant.pipelines.dedup import DedupPipeline


def open_pipeline(make_crawler, state_uri: str):
    crawler = make_crawler({"LEVANT_STATE_URI": state_uri})
    pipeline = DedupPipeline.from_crawler(crawler)
    pipeline.open_spider()
    return crawler, pipeline


def test_same_canonical_url_twice_in_a_run_is_dropped(make_crawler, article, tmp_path) -> None:
    crawler, pipeline = open_pipeline(make_crawler, f"sqlite:///{tmp_path}/s.db")
    pipeline.process_item(article())
    with pytest.raises(DropItem, match="in_run"):
        pipeline.process_item(article())
    assert crawler.stats.get_value("levant/dedup/items_dropped") == 1
    pipeline.close_spider()


def test_same_post_id_under_another_url_is_dropped(make_crawler, article, tmp_path) -> None:
    _, pipeline = open_pipeline(make_crawler, f"sqlite:///{tmp_path}/s.db")
    pipeline.process_item(article())
    with pytest.raises(DropItem, match="post_id"):
        pipeline.process_item(article(url="https://thelevantnews.com/?p=4103"))
    pipeline.close_spider()


def test_distinct_articles_with_the_same_title_are_both_kept(
    make_crawler, article, tmp_path
) -> None:
    _, pipeline = open_pipeline(make_crawler, f"sqlite:///{tmp_path}/s.db")
    pipeline.process_item(article(title="عاجل: انفجار في دمشق"))
    pipeline.process_item(
        article(title="عاجل: انفجار في دمشق", url="https://thelevantnews.com/article/b/", post_id=9)
    )
    pipeline.close_spider()


def test_seen_article_is_dropped_in_the_next_run(make_crawler, article, tmp_path) -> None:
    uri = f"sqlite:///{tmp_path}/s.db"
    _, first = open_pipeline(make_crawler, uri)
    item = first.process_item(article())
    first.item_scraped(item)
    first.close_spider()
    crawler, second = open_pipeline(make_crawler, uri)
    with pytest.raises(DropItem, match="known"):
        second.process_item(article())
    assert crawler.stats.get_value("levant/dedup/items_dropped/known") == 1
    second.close_spider()


def test_article_is_remembered_only_once_it_reached_the_feed(
    make_crawler, article, tmp_path
) -> None:
    uri = f"sqlite:///{tmp_path}/s.db"
    _, first = open_pipeline(make_crawler, uri)
    first.process_item(article())  # passed the pipeline, but never scraped (e.g. crash)
    first.close_spider()
    _, second = open_pipeline(make_crawler, uri)
    assert second.process_item(article()).url == article().url
    second.close_spider()
