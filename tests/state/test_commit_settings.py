"""How often a crawl commits its exports to the store is a setting, checked at start."""

from __future__ import annotations

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from levant.state.crawl import CrawlState


def test_the_crawl_commits_in_groups_of_the_setting(tmp_path) -> None:
    uri = f"sqlite:///{tmp_path / 'state.db'}"
    crawler = get_crawler(Spider, {"LEVANT_STATE_URI": uri, "LEVANT_STATE_COMMIT_EVERY": 25})
    state = CrawlState.from_crawler(crawler)
    assert (state.commit_every, state.commit_seconds) == (25, 1.0)


@pytest.mark.parametrize(
    "settings",
    [{"LEVANT_STATE_COMMIT_EVERY": 0}, {"LEVANT_STATE_COMMIT_SECONDS": 0}],
)
def test_a_group_of_nothing_is_refused_with_the_setting_named(settings: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="LEVANT_STATE_COMMIT_EVERY must be at least 1"):
        CrawlState.from_crawler(get_crawler(Spider, settings))
