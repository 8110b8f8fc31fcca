"""One record per article and version: dedup by canonical URL / post ID, change detection."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem
from scrapy.statscollectors import MemoryStatsCollector

from levant.pipelines.dedup import DedupPipeline
from levant.state.crawl import CrawlState


@pytest.fixture
def open_pipeline(make_crawler, tmp_path):
    opened: list[CrawlState] = []

    def open_(name: str = "s.db") -> tuple[MemoryStatsCollector, DedupPipeline]:
        crawler = make_crawler()
        state = CrawlState(f"sqlite:///{tmp_path / name}").open("incremental")
        opened.append(state)
        return crawler.stats, DedupPipeline(crawler.stats, state, record_on_scraped=True)

    yield open_
    for state in opened:
        state.close("finished")


def test_same_canonical_url_twice_in_a_run_is_dropped(open_pipeline, article) -> None:
    stats, pipeline = open_pipeline()
    pipeline.process_item(article())
    with pytest.raises(DropItem, match="in_run"):
        pipeline.process_item(article())
    assert stats.get_value("levant/dedup/items_dropped") == 1


def test_same_post_id_under_another_url_is_dropped(open_pipeline, article) -> None:
    _, pipeline = open_pipeline()
    pipeline.process_item(article())
    with pytest.raises(DropItem, match="post_id"):
        pipeline.process_item(article(url="https://thelevantnews.com/?p=4103"))


def test_distinct_articles_with_the_same_title_are_both_kept(open_pipeline, article) -> None:
    _, pipeline = open_pipeline()
    first = pipeline.process_item(article(title="عاجل: انفجار في دمشق"))
    second = pipeline.process_item(
        article(title="عاجل: انفجار في دمشق", url="https://thelevantnews.com/article/b/", post_id=9)
    )
    assert (first.event, second.event) == ("new", "new")


def test_unchanged_article_is_dropped_in_the_next_run(open_pipeline, article) -> None:
    _, first = open_pipeline()
    first.item_scraped(first.process_item(article()))
    first.state.close("finished")
    stats, second = open_pipeline()
    with pytest.raises(DropItem, match="unchanged"):
        second.process_item(article())
    assert stats.get_value("levant/dedup/items_dropped/unchanged") == 1


def test_changed_article_is_exported_as_a_new_version(open_pipeline, article) -> None:
    _, first = open_pipeline()
    first.item_scraped(first.process_item(article()))
    first.state.close("finished")
    stats, second = open_pipeline()
    updated = second.process_item(article(content_hash="b" * 64, body="نص معدّل."))
    assert (updated.event, updated.version) == ("updated", 2)
    assert stats.get_value("levant/changes/updated") == 1


def test_article_is_remembered_only_once_it_reached_the_feed(open_pipeline, article) -> None:
    _, first = open_pipeline()
    first.process_item(article())  # passed the pipeline, but never scraped (e.g. a crash)
    first.state.close("finished")
    _, second = open_pipeline()
    assert second.process_item(article()).event == "new"
