"""The ``Article`` item: one record of the JSON Lines feed.

Every field is documented with its format; ``docs/schema.md`` and
``levant/schema/article.schema.json`` describe the same record. A raw value
stands beside each normalised one (``published_raw`` beside ``published_at``),
and ``url`` (canonical) is kept apart from ``fetched_url`` (what was fetched).

A scalar value the page does not give is ``None``, never ``""``: "missing" and
"empty" stay apart, and ``if article.title:`` reads the same for both. A list field
is never ``None``: an empty list means none were found on the page.
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
    #: WordPress post ID (shortlink, body class, JSON-LD); None when the page states none.
    post_id: int | None = None
    #: Headline, whitespace-normalised; None when the page has none.
    title: str | None = None
    #: Summary from og:description / meta description; None when neither is given.
    description: str | None = None
    #: Article text: paragraphs joined by a blank line; no read-also lines, embeds,
    #: source credit, share buttons, teasers, newsletter or footer text. None when the
    #: page holds no paragraph.
    body: str | None = None
    #: Author names as the page states them; empty when the page names none.
    authors: list[str] = field(default_factory=list)
    #: The source credit line, e.g. "ليفانت نيوز_ وكالات"; None when the body ends without one.
    source_credit: str | None = None
    #: The primary section's display name (sections[0]); None when sections is empty.
    section: str | None = None
    #: All section names of the article, primary first; empty when none are given.
    sections: list[str] = field(default_factory=list)
    #: Tag names; empty when the article has none.
    tags: list[str] = field(default_factory=list)
    #: Lead image URL (JSON-LD image, og:image); None when the page names none.
    image: str | None = None
    #: ISO 8601 publication time with offset ("2021-09-14T09:15:00+03:00"), or a date
    #: ("2021-09-14") when only the day is known; None when unreadable.
    published_at: str | None = None
    #: The raw string published_at was read from; None when the page states no date.
    published_raw: str | None = None
    #: Where published_raw came from: jsonld, meta, microdata, time, postmeta, api;
    #: None when no publication date was readable.
    published_source: str | None = None
    #: Precision of published_at: "day", "minute" or "second"; None with published_at.
    published_precision: str | None = None
    #: ISO 8601 last-modification time, same format as published_at; None when unstated.
    modified_at: str | None = None
    #: The raw string modified_at was read from; None with modified_at.
    modified_raw: str | None = None
    #: Canonical URLs of the articles linked by "اقرأ أيضاً" lines, in page order; empty
    #: when the body has none.
    related_urls: list[str] = field(default_factory=list)
    #: External links inside the body (embeds, sources), tracking parameters removed;
    #: empty when the body has none.
    links: list[str] = field(default_factory=list)
    #: Page language ("ar"), from <html lang>; None when the page does not say.
    language: str | None = None
    #: Number of words in body; None when body is None.
    word_count: int | None = None
    #: SHA-256 (hex) of title, body, sections and tags: changes when the article is
    #: edited. Set by extraction (a missing title or body hashes as an empty one).
    content_hash: str | None = None
    #: ISO 8601 UTC time the page was fetched; set by the spider (None until then).
    crawled_at: str | None = None
    #: Which extraction path produced the body and title: "site" (site profile
    #: selectors), "generic" (fallback rules) or "api" (WordPress's REST API). Monitors
    #: watch this for layout drift.
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
    schema: dict[str, Any] = json.loads(text)
    return schema
