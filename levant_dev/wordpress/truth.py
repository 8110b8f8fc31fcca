"""What a crawl of the test WordPress must export, read from WordPress's database.

The expected values come from ``php/dump.php`` (WordPress's API over its own
tables), never from levant: the permalink (``get_permalink``), ``post_title``, the
categories and tags, ``post_date`` with the offset WordPress stored beside it
(``post_date - post_date_gmt``), and the read-also targets as WordPress resolves
them (``url_to_postid``). The body is parsed from ``post_content`` by the simple
rules below, independent of levant's extraction: one paragraph per ``<p>`` block
(block editor) or per blank-line-separated chunk (classic editor), tags stripped,
entities decoded, whitespace collapsed; images with captions and read-also
paragraphs left out.

:func:`score` compares a crawl's records with these values, field by field.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import unquote

FIELDS = ("title", "body", "published_at", "sections", "tags", "related_urls")

# Read-also paragraphs, however the editor spelled "اقرأ أيضاً" (see content.READ_ALSO).
_READ_ALSO = re.compile(r"^\s*[اأإ]قرأ\s+[اأ]يض")
_BLOCK_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)
_FIGURE = re.compile(r"<figure\b.*?</figure>", re.S)
_CAPTION = re.compile(r"\[caption\b[^\]]*\].*?\[/caption\]", re.S)
_TAG = re.compile(r"<[^>]+>")
_HREF = re.compile(r'href="([^"]*)"')


@dataclass(frozen=True)
class Paragraph:
    text: str
    hrefs: tuple[str, ...]

    @property
    def read_also(self) -> bool:
        return bool(_READ_ALSO.match(self.text))


@dataclass(frozen=True)
class ExpectedPost:
    post_id: int
    url: str
    title: str
    body: str
    published_at: datetime
    sections: tuple[str, ...]
    tags: tuple[str, ...]
    related_urls: tuple[str, ...]
    author: str
    edited: bool
    editor: str  # "block" or "classic"
    paragraphs: tuple[Paragraph, ...] = field(repr=False, default=())


def paragraphs(content: str) -> list[Paragraph]:
    """The paragraphs of a post's stored content, captions and images left out."""
    if "<!-- wp:" in content:
        chunks = _BLOCK_PARAGRAPH.findall(_FIGURE.sub("", content))
    else:
        chunks = re.split(r"\n\s*\n", _CAPTION.sub("", content))
    found = []
    for chunk in chunks:
        text = " ".join(html.unescape(_TAG.sub(" ", chunk)).split())
        if text:
            hrefs = tuple(html.unescape(h) for h in _HREF.findall(chunk))
            found.append(Paragraph(text, hrefs))
    return found


def expected_posts(dump: dict[str, Any]) -> list[ExpectedPost]:
    """One expected record per published post of the dump."""
    permalinks = {p["id"]: p["permalink"] for p in dump["posts"]}
    posts = []
    for post in dump["posts"]:
        resolved = {link["href"]: link["post_id"] for link in post["links"]}
        found = paragraphs(post["content"])
        related = []
        for paragraph in found:
            if paragraph.read_also:
                for href in paragraph.hrefs:
                    target = resolved.get(href)
                    if not target or target not in permalinks:
                        raise ValueError(f"post {post['id']}: WordPress cannot resolve {href}")
                    related.append(permalinks[target])
        posts.append(
            ExpectedPost(
                post_id=post["id"],
                url=post["permalink"],
                title=html.unescape(post["title"]),
                body="\n\n".join(p.text for p in found if not p.read_also),
                published_at=_local_time(post["post_date"], post["post_date_gmt"]),
                sections=tuple(post["categories"]),
                tags=tuple(post["tags"]),
                related_urls=tuple(related),
                author=post["author"],
                edited=post["post_modified"] > post["post_date"],
                editor="block" if "<!-- wp:" in post["content"] else "classic",
                paragraphs=tuple(found),
            )
        )
    return posts


def _local_time(local: str, utc: str) -> datetime:
    """``post_date`` with the offset WordPress computed for it when the post was saved."""
    wall = datetime.fromisoformat(local)
    offset = wall - datetime.fromisoformat(utc)
    return wall.replace(tzinfo=timezone(offset))


# -- comparing a crawl with the database ----------------------------------------------


def url_key(url: str) -> str:
    """A URL without percent-encoding: equal for two spellings of one URL."""
    return unquote(url)


def _same_minute(got: Any, expected: datetime) -> bool:
    if not isinstance(got, str) or "T" not in got:
        return False
    try:
        value = datetime.fromisoformat(got)
    except ValueError:
        return False
    return (
        value.tzinfo is not None
        and value.utcoffset() == expected.utcoffset()
        and value.replace(second=0, microsecond=0, tzinfo=None)
        == expected.replace(second=0, microsecond=0, tzinfo=None)
    )


def _as_set(values: Any) -> list[str] | None:
    return sorted(values) if isinstance(values, list) else None


Check = Callable[[dict[str, Any], ExpectedPost], tuple[bool, Any, Any]]

CHECKS: dict[str, Check] = {
    "title": lambda r, e: (r.get("title") == e.title, r.get("title"), e.title),
    "body": lambda r, e: (r.get("body") == e.body, r.get("body"), e.body),
    "published_at": lambda r, e: (
        _same_minute(r.get("published_at"), e.published_at),
        r.get("published_at"),
        e.published_at.isoformat(timespec="minutes"),
    ),
    # Section and tag order carries no meaning in WordPress: compared as sets.
    "sections": lambda r, e: (
        _as_set(r.get("sections")) == sorted(e.sections),
        r.get("sections"),
        list(e.sections),
    ),
    "tags": lambda r, e: (_as_set(r.get("tags")) == sorted(e.tags), r.get("tags"), list(e.tags)),
    "related_urls": lambda r, e: (
        [url_key(u) for u in r.get("related_urls") or []] == [url_key(u) for u in e.related_urls],
        [url_key(u) for u in r.get("related_urls") or []],
        [url_key(u) for u in e.related_urls],
    ),
    "authors": lambda r, e: (r.get("authors") == [e.author], r.get("authors"), [e.author]),
}


@dataclass
class FieldScore:
    field: str
    matched: int
    total: int
    mismatches: list[tuple[str, Any, Any]]  # (url, got, expected), a missing record as got=None

    @property
    def share(self) -> float:
        return self.matched / self.total if self.total else 0.0

    def describe(self, first: int = 5) -> str:
        lines = [f"{self.field}: {self.matched}/{self.total} = {self.share:.3f}"]
        for url, got, expected in self.mismatches[:first]:
            lines.append(f"  {url_key(url)}\n    got      {got!r}\n    expected {expected!r}")
        return "\n".join(lines)


def by_url(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Records keyed by their URL without percent-encoding (the last one wins)."""
    return {url_key(r.get("url", "")): r for r in records}


def score(
    records: list[dict[str, Any]], expected: list[ExpectedPost], fields: Iterable[str] = FIELDS
) -> dict[str, FieldScore]:
    """Per field, how many posts' records equal the database's values."""
    found = by_url(records)
    scores = {}
    for name in fields:
        check = CHECKS[name]
        result = FieldScore(name, 0, len(expected), [])
        for post in expected:
            record = found.get(url_key(post.url))
            if record is None:
                result.mismatches.append((post.url, None, "(no record for this post)"))
                continue
            ok, got, want = check(record, post)
            if ok:
                result.matched += 1
            else:
                result.mismatches.append((post.url, got, want))
        scores[name] = result
    return scores
