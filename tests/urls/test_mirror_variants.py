"""Every spelling the mirror's pages use for an article canonicalises to its one URL."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from levant.site import LEVANT
from levant.urls import canonicalize_url
from levant_dev.mirror.content import SITE_TZ, MirrorConfig, build_site
from levant_dev.mirror.pages import article_href
from levant_dev.mirror.truth import canonical_url

BASE = "http://127.0.0.1:8090/"
PROFILE = LEVANT.with_base_url(BASE)
FOLDED_KINDS = (0, 1, 2, 3, 4, 5, 7)  # 6 is the shortlink: only the site's redirect folds it


@pytest.fixture(scope="module")
def site():
    return build_site(
        MirrorConfig(articles=10_000, anchor=datetime(2026, 11, 20, 12, tzinfo=SITE_TZ))
    )


def test_distinct_articles_never_collide_on_the_10000_article_site(site) -> None:
    canonical = [canonicalize_url(BASE.rstrip("/") + a.path, PROFILE) for a in site.articles]
    assert len(set(canonical)) == len(site.articles) == 10_000
    assert canonical == [canonical_url(BASE, a.slug) for a in site.articles]


@settings(max_examples=300, deadline=None)
@given(index=st.integers(0, 9_999), kind=st.sampled_from(FOLDED_KINDS))
def test_every_link_spelling_folds_to_the_article(site, index: int, kind: int) -> None:
    article = site.articles[index]
    href = article_href(site, BASE, article, kind)
    assert canonicalize_url(href, PROFILE) == canonical_url(BASE, article.slug)
