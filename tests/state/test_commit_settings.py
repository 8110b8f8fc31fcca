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
    ("name", "least"),
    [("LEVANT_STATE_COMMIT_EVERY", "1"), ("LEVANT_STATE_COMMIT_SECONDS", "0.001")],
)
def test_a_group_of_nothing_is_refused_with_the_setting_named(name: str, least: str) -> None:
    with pytest.raises(ValueError, match=f"{name}=0: must be {least} or more"):
        CrawlState.from_crawler(get_crawler(Spider, {name: 0}))
