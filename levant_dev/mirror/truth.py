"""Ground truth of the mirror: what a correct crawl of it must export, article by article."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from levant_dev.mirror.model import MirrorArticle, SiteModel

DELETED_SLUG = "مقال-محذوف"


def canonical_url(base: str, slug: str) -> str:
    """The project's canonical form of an article URL (percent-encoded, upper-case hex)."""
    return f"{base.rstrip('/')}/article/{quote(slug)}/"


def truth_record(site: SiteModel, base: str, article: MirrorArticle) -> dict[str, Any]:
    related = [canonical_url(base, site.by_id[pid].slug) for pid in article.related]
    if article.broken_related:
        related.insert(0, canonical_url(base, DELETED_SLUG))
    record: dict[str, Any] = {
        "url": canonical_url(base, article.slug),
        "post_id": article.post_id,
        "title": article.title,
        "body": "\n\n".join(article.paragraphs),
        "paragraphs": article.paragraphs,
        "published_at": article.published.isoformat(),
        "modified_at": article.modified.isoformat(),
        "sections": [s.name for s in article.sections],
        "tags": list(article.tags),
        "authors": [article.author],
        "source_credit": article.source_credit,
        "related_urls": related,
        "links": [article.embed] if article.embed else [],
        "reachable": article.reachable,
        "epoch": article.epoch,
        "version": article.version,
        "meta_profile": article.meta_profile,
    }
    if site.config.js:  # None, "listing" or "body" (see levant_dev.mirror.js)
        record["js"] = article.js
    return record


def iter_truth(site: SiteModel, base: str) -> Iterator[dict[str, Any]]:
    for article in site.articles:
        yield truth_record(site, base, article)
    if site.config.faults:  # the fault pages a crawl must still export
        from levant_dev.mirror.faults import truth_records

        yield from truth_records(base)
