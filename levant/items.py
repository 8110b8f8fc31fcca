"""The ``Article`` item: one record of the JSON Lines feed.

Every field is documented with its format; ``docs/schema.md`` and
``levant/schema/article.schema.json`` describe the same record. A raw value
stands beside each normalised one (``published_raw`` beside ``published_at``),
and ``url`` (canonical) is kept apart from ``fetched_url`` (what was fetched).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from importlib import resources
from typing import Any


@dataclass
class Article:
    #: Canonical URL of the article (levant.urls form: percent-encoded, upper-case hex).
    url: str
    #: The URL that was actually fetched (after redirects).
    fetched_url: str
    #: WordPress post ID, when the page states it (shortlink, body class, JSON-LD).
    post_id: int | None = None
    #: Headline, whitespace-normalised.
    title: str = ""
    #: Summary from og:description / meta description.
    description: str | None = None
    #: Article text: paragraphs joined by a blank line; no read-also lines, embeds,
    #: source credit, share buttons, teasers, newsletter or footer text.
    body: str = ""
    #: Author names as the page states them.
    authors: list[str] = field(default_factory=list)
    #: The source credit line, e.g. "ليفانت نيوز_ وكالات".
    source_credit: str | None = None
    #: The primary section's display name.
    section: str | None = None
    #: All section names of the article, primary first.
    sections: list[str] = field(default_factory=list)
    #: Tag names.
    tags: list[str] = field(default_factory=list)
    #: Lead image URL (og:image).
    image: str | None = None
    #: ISO 8601 publication time with offset ("2021-09-14T09:15:00+03:00"), or a date
    #: ("2021-09-14") when only the day is known; None when unreadable.
    published_at: str | None = None
    #: The raw string published_at was read from.
    published_raw: str | None = None
    #: Where published_raw came from: jsonld, meta, microdata, time, postmeta.
    published_source: str | None = None
    #: Precision of published_at: "day", "minute" or "second".
    published_precision: str | None = None
    #: ISO 8601 last-modification time, same format as published_at.
    modified_at: str | None = None
    #: The raw string modified_at was read from.
    modified_raw: str | None = None
    #: Canonical URLs of the articles linked by "اقرأ أيضاً" lines, in page order.
    related_urls: list[str] = field(default_factory=list)
    #: External links inside the body (embeds, sources), tracking parameters removed.
    links: list[str] = field(default_factory=list)
    #: Page language ("ar").
    language: str | None = None
    #: Number of words in body.
    word_count: int = 0
    #: SHA-256 (hex) of title + body + dates: changes when the article is edited.
    content_hash: str = ""
    #: ISO 8601 UTC time the page was fetched.
    crawled_at: str = ""
    #: Which extraction path produced the body and title: "site" (site profile
    #: selectors) or "generic" (fallback rules). Monitors watch this for layout drift.
    extraction: str = "site"
    #: "new" (first time in the stream) or "updated" (content changed since).
    event: str = "new"
    #: 1 for a new article, incremented each time its content changes.
    version: int = 1
    #: Internal, not exported: every raw date the page states about the article, best
    #: source first ({"field", "source", "raw"}); extraction resolved the dates from them.
    date_candidates: list[dict[str, str]] = field(
        default_factory=list, metadata={"export": False}, repr=False
    )
    #: Internal, not exported: the response's ETag and Last-Modified headers, kept
    #: in the seen-store for conditional requests.
    etag: str | None = field(default=None, metadata={"export": False}, repr=False)
    last_modified_header: str | None = field(default=None, metadata={"export": False}, repr=False)


#: The fields of one feed record, in order (``FEED_EXPORT_FIELDS``).
EXPORT_FIELDS: list[str] = [f.name for f in fields(Article) if f.metadata.get("export", True)]


def export_record(article: Article) -> dict[str, Any]:
    """The feed record of an article: its exported fields, in order."""
    return {name: getattr(article, name) for name in EXPORT_FIELDS}


def article_schema() -> dict[str, Any]:
    """The JSON Schema of one feed record (``levant/schema/article.schema.json``)."""
    text = resources.files("levant").joinpath("schema/article.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]
