"""A post of WordPress's REST API (``/wp-json/wp/v2/posts?_embed``) as an article.

The API hands over in one response what the HTML path reads from each article
page, so a backfill costs a page of the API per hundred posts, not a page per
post. The record must not depend on the way it was found, so each field comes
through the same rules as on the page:

- ``url`` from ``link`` (canonical), ``post_id`` from ``id``;
- ``title`` from ``title.rendered`` (HTML entities and tags removed);
- ``body``, ``related_urls``, ``links`` and ``source_credit`` from
  ``content.rendered`` through :func:`levant.extraction.body.split_body`, the HTML
  path's body rules (read-also lines included);
- ``published_at`` / ``modified_at`` from ``date_gmt`` / ``modified_gmt`` (UTC),
  given in the site's time zone (``published_source`` ``"api"``);
- ``sections``, ``tags`` and ``authors`` by name from ``_embedded`` (``wp:term``,
  ``author``); a field the API leaves out is reported in ``missing`` so the crawl
  can fetch the page for it.

No engine, no I/O: :func:`article_from_api` takes one post's JSON.
"""

from __future__ import annotations

import datetime
import html
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lxml_html
from parsel import Selector

from levant.extraction.body import split_body
from levant.extraction.page import content_hash, offsite_links, read_also_urls, word_count
from levant.extraction.text import clean_text
from levant.items import Article
from levant.site import SiteProfile
from levant.urls import canonicalize_url

#: What a posts request asks for: the fields an article needs, and the embedded terms
#: and author (no second request per taxonomy or user).
POST_FIELDS = "id,link,date_gmt,modified_gmt,title,content,author,categories,tags,_links,_embedded"


@dataclass
class ApiExtraction:
    """The article, and the fields the API did not give (the page may)."""

    article: Article
    missing: list[str] = field(default_factory=list)


def article_from_api(
    post: dict[str, Any], profile: SiteProfile, *, timezone: str | None = None
) -> ApiExtraction:
    """One post of ``/wp/v2/posts?_embed`` as the :class:`Article` its page would give."""
    link = str(post.get("link") or "")
    url = canonicalize_url(link, profile) if link else ""
    body = _body(post)
    parts = split_body(body, profile, "api")
    terms = _embedded_terms(post)
    zone = zoneinfo.ZoneInfo(timezone or profile.timezone)
    article = Article(
        url=url,
        fetched_url=link,
        post_id=post.get("id") if isinstance(post.get("id"), int) else None,
        title=clean_text(_text(_rendered(post.get("title")))) or None,
        body="\n\n".join(parts.paragraphs) or None,
        authors=_authors(post),
        source_credit=parts.source_credit,
        sections=terms.get("category", []),
        tags=terms.get("post_tag", []),
        related_urls=read_also_urls(link, parts.read_also, profile),
        links=offsite_links(link, parts.links, profile),
        language=profile.language,
        extraction="api",
    )
    _dates(article, post, zone)
    article.section = article.sections[0] if article.sections else None
    article.word_count = word_count(article.body)
    article.content_hash = content_hash(article)
    missing = [name for name in ("authors", "sections") if not getattr(article, name)]
    return ApiExtraction(article, missing)


def _rendered(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("rendered")
    return value if isinstance(value, str) else ""


def _text(markup: str) -> str:
    if "<" not in markup:
        return html.unescape(markup)
    return lxml_html.fragment_fromstring(markup, create_parent="div").text_content()


def _body(post: dict[str, Any]) -> lxml_html.HtmlElement:
    """``content.rendered`` parsed as the page's body container is (the same parser)."""
    markup = _rendered(post.get("content"))
    root = Selector(text=f"<html><body><div>{markup}</div></body></html>").root
    body: lxml_html.HtmlElement = root.find("body/div")  # parsel's root is untyped
    return body


def _embedded_terms(post: dict[str, Any]) -> dict[str, list[str]]:
    """Term names by taxonomy, from ``_embedded["wp:term"]`` (a list per taxonomy)."""
    found: dict[str, list[str]] = {}
    for group in (post.get("_embedded") or {}).get("wp:term") or []:
        for term in group if isinstance(group, list) else []:
            if isinstance(term, dict) and isinstance(term.get("name"), str):
                name = clean_text(html.unescape(term["name"]))
                found.setdefault(str(term.get("taxonomy")), []).append(name)
    return found


def _authors(post: dict[str, Any]) -> list[str]:
    names = []
    for author in (post.get("_embedded") or {}).get("author") or []:
        if isinstance(author, dict) and isinstance(author.get("name"), str):
            names.append(clean_text(html.unescape(author["name"])))
    return [n for n in names if n]


def _dates(article: Article, post: dict[str, Any], zone: zoneinfo.ZoneInfo) -> None:
    published = _utc(post.get("date_gmt"))
    if published is not None:
        article.published_at = published.astimezone(zone).isoformat()
        article.published_raw = f"{post['date_gmt']}Z"
        article.published_source, article.published_precision = "api", "second"
    modified = _utc(post.get("modified_gmt"))
    if modified is not None:
        article.modified_at = modified.astimezone(zone).isoformat()
        article.modified_raw = f"{post['modified_gmt']}Z"


def _utc(value: Any) -> datetime.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=datetime.UTC) if moment.tzinfo is None else moment
