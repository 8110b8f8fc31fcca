"""The mirror's ``--js`` pages: what only a script shows is linked from nowhere else."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime
from html import escape, unescape
from urllib.parse import unquote, urlsplit

from levant_dev.mirror.content import SITE_TZ, MirrorConfig, build_site
from levant_dev.mirror.js import JS_SECTION, STATIC_ENTRIES
from levant_dev.mirror.truth import iter_truth
from tests.support.mirror import Mirror

ANCHOR = datetime(2026, 11, 20, 12, tzinfo=SITE_TZ)
BASE = "http://127.0.0.1:8090/"


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def _key(url: str, ids: dict[str, str] | None = None) -> str:
    """One spelling per article: the path, or the article a shortlink stands for."""
    split = urlsplit(url)
    if ids and (shortlink := re.fullmatch(r"p=(\d+)", split.query)):
        return ids.get(shortlink.group(1), url)
    return unquote(split.path).lower().rstrip("/")


def test_without_js_the_truth_has_no_js_field() -> None:
    truth = list(iter_truth(build_site(MirrorConfig(articles=100, anchor=ANCHOR)), BASE))
    assert not any("js" in record for record in truth)


def test_with_js_the_truth_marks_script_only_articles() -> None:
    site = build_site(MirrorConfig(articles=300, anchor=ANCHOR, js=True))
    truth = list(iter_truth(site, BASE))
    kinds = [t["js"] for t in truth]
    assert kinds.count("listing") == len(site.listed(JS_SECTION)) - STATIC_ENTRIES > 5
    assert 0.02 * len(truth) <= kinds.count("body") <= 0.04 * len(truth)
    listed_only = {t["url"] for t in truth if t["js"] == "listing"}
    assert not any(url in listed_only for t in truth for url in t["related_urls"])


def test_script_listed_articles_are_linked_from_no_static_page(
    mirror_factory: Callable[..., Mirror],
) -> None:
    mirror = mirror_factory("--js", articles=150)
    truth = mirror.truth()
    hidden = {_key(t["url"]) for t in truth if t["js"] == "listing"}
    assert hidden
    # every page a static crawl can see: home, listings, articles but the hidden ones
    pages = [mirror.base_url, *(t["url"] for t in truth if t["js"] != "listing")]
    status, home = _get(mirror.base_url)
    assert status == 200
    menu = re.findall(r'href="([^"]*/category/[^"/]+/)"', home)
    for listing in dict.fromkeys(menu):
        number = 1
        while True:
            url = listing if number == 1 else f"{listing}page/{number}/"
            status, _ = _get(url)
            if status != 200:
                break
            pages.append(url)
            number += 1
    ids = {str(t["post_id"]): _key(t["url"]) for t in truth}
    linked = set()
    for url in pages:
        status, html = _get(url)
        if status == 500:  # the mirror's one article that fails once
            status, html = _get(url)
        assert status == 200, url
        linked |= {_key(unescape(href), ids) for href in re.findall(r'href="([^"]+)"', html)}
    assert not hidden & linked
    assert _get(f"{mirror.base_url}category/{JS_SECTION}/page/2/")[0] == 404


def test_load_more_answers_every_script_listed_article(
    mirror_factory: Callable[..., Mirror],
) -> None:
    mirror = mirror_factory("--js", articles=150)
    truth = mirror.truth()
    status, html = _get(f"{mirror.base_url}category/{JS_SECTION}/")
    assert status == 200 and 'class="load-more"' in html
    endpoint = re.search(r'data-endpoint="([^"]+)"', html)
    offset: int | None = int(re.search(r'data-offset="(\d+)"', html).group(1))  # type: ignore[union-attr]
    assert endpoint is not None and offset == STATIC_ENTRIES
    found = set()
    while offset is not None:
        status, text = _get(f"{endpoint.group(1)}&offset={offset}")
        assert status == 200
        data = json.loads(text)
        found |= {_key(h) for h in re.findall(r'href="([^"]+)"', data["html"])}
        offset = data["next"]
    hidden = {_key(t["url"]) for t in truth if t["js"] == "listing"}
    assert hidden <= found


def test_script_filled_articles_serve_an_empty_body_and_the_script(
    mirror_factory: Callable[..., Mirror],
) -> None:
    mirror = mirror_factory("--js", articles=150)
    article = next(t for t in mirror.truth() if t["js"] == "body")
    status, html = _get(article["url"])
    assert status == 200
    assert '<div class="entry-content"></div>' in html
    assert escape(article["paragraphs"][0]) in html  # inside the script
