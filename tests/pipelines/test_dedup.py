"""One record per article and version: dedup by canonical URL / post ID, change detection."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem
from scrapy.statscollectors import MemoryStatsCollector

from levant.pipelines.record import RecordPipeline
from levant.state.crawl import CrawlState


@pytest.fixture
def open_pipeline(make_crawler, tmp_path):
    opened: list[CrawlState] = []

    def open_(name: str = "s.db") -> tuple[MemoryStatsCollector, RecordPipeline]:
        crawler = make_crawler()
        state = CrawlState(f"sqlite:///{tmp_path / name}").open("incremental")
        opened.append(state)
        return crawler.stats, RecordPipeline(crawler.stats, state)

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


def test_an_article_found_again_by_post_id_under_a_new_url_stays_one_article(
    open_pipeline, article
) -> None:
    old_url, new_url = (
        "https://thelevantnews.com/article/old/",
        "https://thelevantnews.com/article/new/",
    )
    _, first = open_pipeline()
    first.item_scraped(first.process_item(article(url=old_url)))
    stored = first.state.store.get(old_url)
    first.state.close("finished")
    stats, second = open_pipeline()
    moved = second.process_item(article(url=new_url))  # renamed: same post ID, same text
    second.item_scraped(moved)
    assert (moved.event, moved.version) == ("updated", 2)
    assert stats.get_value("levant/changes/moved") == 1
    store = second.state.store
    rows = list(store)
    assert [row.url for row in rows] == [new_url]  # one row per article
    assert rows[0].first_seen == stored.first_seen  # the record keeps when it was first seen
    assert store.known([old_url]) == {old_url}  # the old URL is an alias
    assert store.get(old_url).url == new_url
    assert store.get_many([old_url, new_url]).keys() == {old_url, new_url}


def test_a_moved_article_seen_again_at_its_old_url_is_unchanged(open_pipeline, article) -> None:
    old_url, new_url = (
        "https://thelevantnews.com/article/old/",
        "https://thelevantnews.com/article/new/",
    )
    _, first = open_pipeline()
    first.item_scraped(first.process_item(article(url=old_url)))
    first.item_scraped(first.process_item(article(url=new_url, content_hash="b" * 64)))
    first.state.close("finished")
    _, second = open_pipeline()
    with pytest.raises(DropItem, match="unchanged"):
        second.process_item(article(url=new_url, content_hash="b" * 64))
    assert len(second.state.store) == 1
