"""WordPress's REST API on the mirror (``--api``): what ``/wp-json/wp/v2/...`` answers.

Both spellings of a route are served: ``/wp-json/wp/v2/posts?...`` and
``/?rest_route=/wp/v2/posts&...`` (sites without pretty permalinks). As WordPress 6.x:

- ``/wp/v2/posts``: published posts, ``per_page`` (1-100, default 10) and ``page``,
  ``orderby`` (``date`` by default, ``modified``, ``id``, ``slug``, ``title``) and
  ``order``, ``after``/``before`` (publication) and ``modified_after``/
  ``modified_before``, strictly, a value without an offset read as UTC; headers
  ``X-WP-Total``, ``X-WP-TotalPages`` and ``Link``; a page past the last answers 400
  ``rest_post_invalid_page_number``; ``_fields`` keeps the fields named, ``_embed``
  (all, or the relations named) adds ``_embedded`` author and ``wp:term``;
- ``/wp/v2/posts/<id>``, ``/wp/v2/categories``, ``/wp/v2/tags``, ``/wp/v2/users``
  (``post=<id>`` for a post's terms), and the index ``/wp-json/``;
- any other route: 404 ``rest_no_route``; a bad parameter: 400 ``rest_invalid_param``.

A post's ``content.rendered`` is the body markup its article page prints inside
the body container, and its title, dates, link, terms and author are those of the
page, so an API record equals the HTML record field by field. JSON is written as
WordPress writes it (slashes and non-ASCII characters escaped).
"""

from __future__ import annotations

import json
import math
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

from levant.site import Section
from levant_dev.mirror import vocab
from levant_dev.mirror.model import SITE_TZ, MirrorArticle, SiteModel
from levant_dev.mirror.pages import body_html

MAX_PER_PAGE = 100
_ORDERBY = ("author", "date", "id", "include", "modified", "parent", "relevance", "slug",
            "include_slugs", "title")  # fmt: skip
_DATE_PARAMS = ("after", "before", "modified_after", "modified_before")
_TITLE_ENTITIES = {"&": "&#038;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#039;",
                   "\u2013": "&#8211;", "\u2014": "&#8212;", "\u2026": "&#8230;",
                   "\u201c": "&#8220;", "\u201d": "&#8221;", "\u2018": "&#8216;",
                   "\u2019": "&#8217;"}  # fmt: skip
_PAST_LAST = "The page number requested is larger than the number of pages available."
_EXTRA_TAGS = ("حكومة النظام", "بشار الأسد")  # tags of the fixed real articles
_EXTRA_USERS = {"ليفانت-خاص": "levant-special"}


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def answer(
    site: SiteModel, base: str, route: str, query: dict[str, list[str]], *, pretty: bool
) -> Answer:
    """The answer to *route* (``/wp/v2/posts``) with *query* (the request's parameters)."""
    route = "/" + route.strip("/")
    params = {k: v[-1] for k, v in query.items() if k != "rest_route"}
    link = _Links(base, route, params, pretty)
    if route == "/":
        return _json(200, _index(site, base))
    if route == "/wp/v2/posts":
        return _posts(site, base, params, link)
    if route.startswith("/wp/v2/posts/") and route[13:].isdigit():
        article = site.by_id.get(int(route[13:]))
        if article is None:
            return _error(404, "rest_post_invalid_id", "Invalid post ID.")
        return _json(200, _shape(site, _post(site, base, article), base, article, params))
    if route in ("/wp/v2/categories", "/wp/v2/tags", "/wp/v2/users"):
        return _collection(site, base, route.rsplit("/", 1)[1], params, link)
    return _error(404, "rest_no_route", "No route was found matching the URL and request method.")


# -- posts ------------------------------------------------------------------------


def _posts(site: SiteModel, base: str, params: dict[str, str], link: _Links) -> Answer:
    problem = _check(params)
    if problem:
        return problem
    articles = list(site.articles)
    for name in _DATE_PARAMS:
        limit = _date(params[name]) if name in params else None
        if limit is not None:  # strictly after / before, as WordPress compares
            column = "modified" if name.startswith("modified") else "published"
            sign = 1 if name.endswith("after") else -1
            articles = [a for a in articles if _compare(getattr(a, column), limit) == sign]
    articles.sort(
        key=_sort_key(params.get("orderby", "date")), reverse=params.get("order", "desc") == "desc"
    )
    per_page, page = int(params.get("per_page", 10)), int(params.get("page", 1))
    total = len(articles)
    pages = math.ceil(total / per_page)
    if page > pages and total > 0:
        return _error(400, "rest_post_invalid_page_number", _PAST_LAST)
    chunk = articles[(page - 1) * per_page : page * per_page]
    data = [_shape(site, _post(site, base, a), base, a, params) for a in chunk]
    return _json(200, data, _paging(total, pages, page, link))


def _check(params: dict[str, str]) -> Answer | None:
    """A 400 for a parameter WordPress refuses, else None."""
    for name, low, high in (("per_page", 1, MAX_PER_PAGE), ("page", 1, None)):
        value = params.get(name, "1")
        if not value.isdigit() or int(value) < low or (high and int(value) > high):
            limit = f"between {low} and {high}" if high else f"at least {low}"
            return _invalid(name, f"{name} must be {limit}.")
    if params.get("orderby", "date") not in _ORDERBY:
        return _invalid("orderby", "orderby is not one of " + ", ".join(_ORDERBY) + ".")
    if params.get("order", "desc") not in ("asc", "desc"):
        return _invalid("order", "order is not one of asc, desc.")
    for name in _DATE_PARAMS:
        if name in params and _date(params[name]) is None:
            return _invalid(name, "Invalid date.")
    return None


def _compare(one: datetime, other: datetime) -> int:
    return (one > other) - (one < other)


def _sort_key(orderby: str) -> Any:
    if orderby == "modified":
        return lambda a: (a.modified, a.post_id)
    if orderby == "id":
        return lambda a: a.post_id
    if orderby in ("slug", "title"):
        return lambda a: (getattr(a, orderby), a.post_id)
    return lambda a: (a.published, a.post_id)


def _date(value: str) -> datetime | None:
    """An ISO 8601 parameter; without an offset it is UTC (as levant's contract says)."""
    try:
        moment = datetime.fromisoformat(value.replace(" ", "+"))  # a '+' sent unencoded
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _post(site: SiteModel, base: str, article: MirrorArticle) -> dict[str, Any]:
    """The post as ``/wp/v2/posts`` prints it (view context), before ``_fields``."""
    home = base.rstrip("/")
    link = home + article.path
    return {
        "id": article.post_id,
        "date": _local(article.published),
        "date_gmt": _gmt(article.published),
        "guid": {"rendered": f"{base}?p={article.post_id}"},
        "modified": _local(article.modified),
        "modified_gmt": _gmt(article.modified),
        "slug": quote(article.slug).lower(),
        "status": "publish",
        "type": "post",
        "link": link,
        "title": {"rendered": wp_title(article.title)},
        "content": {"rendered": body_html(site, base, article) + "\n", "protected": False},
        "excerpt": {
            "rendered": f"<p>{' '.join(article.paragraphs[0].split()[:55])}</p>\n",
            "protected": False,
        },
        "author": user_id(article.author),
        "featured_media": 0,
        "comment_status": "closed",
        "ping_status": "closed",
        "sticky": False,
        "template": "",
        "format": "standard",
        "meta": [],
        "categories": [category_id(site, s.slug) for s in article.sections],
        "tags": [tag_id(t) for t in article.tags],
    }


def _shape(
    site: SiteModel, post: dict[str, Any], base: str, article: MirrorArticle, params: dict[str, str]
) -> dict[str, Any]:
    """``_fields`` applied; ``_links`` and ``_embedded`` added when asked."""
    fields = None
    if "_fields" in params:  # "title.rendered" keeps "title"
        fields = {name.split(".")[0] for name in params["_fields"].split(",")}
    shaped = {k: v for k, v in post.items() if fields is None or k in fields}
    if fields is None or "_links" in fields:
        shaped["_links"] = _links(base, article)
    if "_embed" in params and (fields is None or "_embedded" in fields):
        wanted = {r for r in params["_embed"].split(",") if r and r not in ("1", "true")}
        embedded: dict[str, Any] = {}
        if not wanted or "author" in wanted:
            embedded["author"] = [_user(base, article.author)]
        if not wanted or "wp:term" in wanted:
            embedded["wp:term"] = [
                [_category(site, base, s) for s in article.sections],
                [_tag(base, t) for t in article.tags],
            ]
        shaped["_embedded"] = embedded
    return shaped


def _links(base: str, article: MirrorArticle) -> dict[str, Any]:
    api = f"{base}wp-json/wp/v2/"
    pid = article.post_id
    return {
        "self": [{"href": f"{api}posts/{pid}"}],
        "collection": [{"href": f"{api}posts"}],
        "author": [{"embeddable": True, "href": f"{api}users/{user_id(article.author)}"}],
        "wp:term": [
            {"taxonomy": "category", "embeddable": True, "href": f"{api}categories?post={pid}"},
            {"taxonomy": "post_tag", "embeddable": True, "href": f"{api}tags?post={pid}"},
        ],
    }


# -- terms and users --------------------------------------------------------------


def category_id(site: SiteModel, slug: str) -> int:
    """Category IDs: 1 is WordPress's "Uncategorized", then the sections in menu order."""
    return 2 + next(n for n, s in enumerate(site.sections) if s.slug == slug)


def tag_id(name: str) -> int:
    known = (*vocab.TAGS, *_EXTRA_TAGS)
    return 20 + known.index(name) if name in known else 1000 + zlib.crc32(name.encode()) % 90000


def _user_names() -> list[str]:
    return [*vocab.AUTHOR_SLUGS, *_EXTRA_USERS]


def user_id(name: str) -> int:
    names = _user_names()
    return 1 + names.index(name) if name in names else 1000 + zlib.crc32(name.encode()) % 90000


def _user(base: str, name: str) -> dict[str, Any]:
    slug = vocab.AUTHOR_SLUGS.get(name) or _EXTRA_USERS.get(name) or f"user-{user_id(name)}"
    return {
        "id": user_id(name),
        "name": name,
        "url": "",
        "description": "",
        "link": f"{base}author/{slug}/",
        "slug": slug,
    }


def _category(site: SiteModel, base: str, section: Section) -> dict[str, Any]:
    return {
        "id": category_id(site, section.slug),
        "link": f"{base}category/{section.slug}/",
        "name": section.name,
        "slug": section.slug,
        "taxonomy": "category",
    }


def _tag(base: str, name: str) -> dict[str, Any]:
    return {
        "id": tag_id(name),
        "link": f"{base}tag/{quote(name)}/",
        "name": name,
        "slug": quote(name.replace(" ", "-")).lower(),
        "taxonomy": "post_tag",
    }


def _collection(
    site: SiteModel, base: str, kind: str, params: dict[str, str], link: _Links
) -> Answer:
    problem = _check({k: v for k, v in params.items() if k in ("per_page", "page")})
    if problem:
        return problem
    post = site.by_id.get(int(params["post"])) if params.get("post", "").isdigit() else None
    if "post" in params and post is None:
        return _json(200, [], _paging(0, 0, 1, link))
    items: list[dict[str, Any]]
    if kind == "categories":
        sections = post.sections if post else site.sections
        items = [_category(site, base, s) for s in sections]
    elif kind == "tags":
        names = post.tags if post else sorted({t for a in site.articles for t in a.tags})
        items = [_tag(base, t) for t in names]
    else:
        names = [post.author] if post else sorted({a.author for a in site.articles})
        items = [_user(base, n) for n in names]
    per_page, page = int(params.get("per_page", 10)), int(params.get("page", 1))
    pages = math.ceil(len(items) / per_page)
    if page > pages and items:
        return _error(
            400,
            "rest_invalid_page_number" if kind == "users" else "rest_term_invalid_page_number",
            _PAST_LAST,
        )
    chunk = items[(page - 1) * per_page : page * per_page]
    return _json(200, chunk, _paging(len(items), pages, page, link))


def _index(site: SiteModel, base: str) -> dict[str, Any]:
    routes = [
        "/",
        "/wp/v2",
        "/wp/v2/posts",
        "/wp/v2/posts/(?P<id>[\\d]+)",
        "/wp/v2/categories",
        "/wp/v2/tags",
        "/wp/v2/users",
    ]
    return {
        "name": vocab.SITE_NAME,
        "description": "",
        "url": base.rstrip("/"),
        "home": base.rstrip("/"),
        "timezone_string": str(SITE_TZ),
        "namespaces": ["oembed/1.0", "wp/v2"],
        "authentication": [],
        "routes": {r: {"namespace": "wp/v2" if r != "/" else ""} for r in routes},
    }


# -- responses --------------------------------------------------------------------


@dataclass
class _Links:
    """URLs of other pages of the same request, in the spelling it used."""

    base: str
    route: str
    params: dict[str, str]
    pretty: bool

    def page(self, number: int) -> str:
        query = {**self.params, "page": str(number)}
        if self.pretty:
            return f"{self.base}wp-json{self.route}?{urlencode(query)}"
        return f"{self.base}?{urlencode({'rest_route': self.route, **query})}"


def _paging(total: int, pages: int, page: int, link: _Links) -> dict[str, str]:
    headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}
    rels = []
    if 1 < page <= pages + 1:
        rels.append(f'<{link.page(page - 1)}>; rel="prev"')
    if page < pages:
        rels.append(f'<{link.page(page + 1)}>; rel="next"')
    if rels:
        headers["Link"] = ", ".join(rels)
    return headers


def _json(status: int, data: Any, headers: dict[str, str] | None = None) -> Answer:
    text = json.dumps(data, separators=(",", ":")).replace("/", "\\/")  # as wp_json_encode
    return Answer(
        status,
        text.encode("ascii"),
        {
            "Content-Type": "application/json; charset=UTF-8",
            "Allow": "GET",
            "Access-Control-Expose-Headers": "X-WP-Total, X-WP-TotalPages, Link",
            **(headers or {}),
        },
    )


def _error(status: int, code: str, message: str, **data: Any) -> Answer:
    return _json(status, {"code": code, "message": message, "data": {"status": status, **data}})


def _invalid(name: str, reason: str) -> Answer:
    return _error(
        400,
        "rest_invalid_param",
        f"Invalid parameter(s): {name}",
        params={name: reason},
        details={},
    )


def wp_title(title: str) -> str:
    """The title as ``title.rendered`` prints it: entities, as WordPress escapes them."""
    return "".join(_TITLE_ENTITIES.get(char, char) for char in title)


def _gmt(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _local(moment: datetime) -> str:
    return moment.astimezone(SITE_TZ).strftime("%Y-%m-%dT%H:%M:%S")
