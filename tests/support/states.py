"""A sample article state, shared by the seen-store tests of every backend."""

from __future__ import annotations

from levant.state import ArticleState

ARTICLE = (
    "https://thelevantnews.com/article/"
    "%D8%A8%D8%B4%D8%A7%D8%B1-%D8%A7%D9%84%D8%A3%D8%B3%D8%AF-%D8%A5%D9%84%D9%89"
    "-%D8%B1%D9%88%D8%B3%D9%8A%D8%A7/"
)
SEED = ArticleState(
    url=ARTICLE,
    post_id=128734,
    content_hash="sha256:5f0c1e6a",
    published_at="2021-09-14T10:32:00+03:00",
    first_seen="2021-09-14T07:40:12Z",
    last_seen="2021-09-14T07:40:12Z",
    etag='W/"61406ab0-7d2a"',
    last_modified="Tue, 14 Sep 2021 07:35:12 GMT",
)
