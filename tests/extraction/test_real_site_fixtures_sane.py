"""The real-site fixtures are well formed and faithful to their own pages.

Each folder in ``real_sites/`` holds ``page.html``, ``meta.json`` and ``expected.json``
(format in ``real_sites/README.md``). These checks read no extractor's output: they hold
the fixtures to the format, and hold every expected title, author, body paragraph and
chrome string to the text a reader sees on the page, so that a fixture cannot promise
what its page does not show, and no chrome string can hide in an expected body.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import lxml.html
import pytest

REAL_SITES = Path(__file__).parent / "real_sites"
FOLDERS = sorted(p for p in REAL_SITES.iterdir() if p.is_dir())
FIELDS = {"title", "body", "published_at", "authors", "sections", "tags", "related_urls"}
REQUIRED = {"title", "body", "published_at"}
LIST_FIELDS = {"authors", "sections", "tags", "related_urls"}
INVISIBLE = ("script", "style", "noscript", "template", "head")
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|_ga|igshid)$", re.IGNORECASE)
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?[+-]\d{2}:\d{2}$")
PLAIN_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A browser finds the charset declared in the first bytes even after <title>; lxml does not.
CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _meta(folder: Path) -> dict[str, object]:
    return json.loads((folder / "meta.json").read_text("utf-8"))


def _expected(folder: Path) -> dict[str, object]:
    return json.loads((folder / "expected.json").read_text("utf-8"))


def _visible_text(folder: Path) -> str:
    """The page's text as a reader sees it: no head, scripts, styles or comments."""
    raw = (folder / "page.html").read_bytes()
    declared = CHARSET.search(raw[:2048])
    tree = lxml.html.fromstring(raw.decode(declared.group(1).decode() if declared else "utf-8"))
    hidden = tree.xpath("//comment() | //processing-instruction()") + list(tree.iter(*INVISIBLE))
    for element in hidden:
        if element.getparent() is not None:
            element.drop_tree()
    return _collapse(tree.text_content())


def _paragraphs(expected: dict[str, object]) -> list[str]:
    return str(expected["body"]).split("\n\n")


def _cases(check: str) -> list[object]:
    return [pytest.param(folder, id=f"{folder.name}/{check}") for folder in FOLDERS]


def test_there_are_fixtures() -> None:
    assert len(FOLDERS) >= 1


@pytest.mark.parametrize("folder", _cases("files"))
def test_folder_holds_the_three_files(folder: Path) -> None:
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == [
        "expected.json",
        "meta.json",
        "page.html",
    ]


@pytest.mark.parametrize("folder", _cases("meta"))
def test_meta_states_where_and_when_the_page_came_from(folder: Path) -> None:
    meta = _meta(folder)
    url = urlsplit(str(meta["url"]))
    assert url.scheme in ("http", "https") and url.netloc, "url must be absolute"
    fetched = datetime.fromisoformat(str(meta["fetched_at"]))
    assert fetched.utcoffset() is not None, "fetched_at must carry an offset"
    for key in ("site", "language", "cms"):
        assert isinstance(meta[key], str) and meta[key].strip(), f"{key} must be a non-empty string"
    try:
        ZoneInfo(str(meta["timezone"]))
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise AssertionError(f"timezone {meta['timezone']!r} is not an IANA zone") from error
    sources = meta["modelled_on"]
    assert isinstance(sources, list) and sources, "modelled_on must name its public sources"
    for source in sources:
        assert isinstance(source, dict)
        assert ("repo" in source and source.get("path")) or "url" in source, source
    assert isinstance(meta["quirks"], list) and all(isinstance(q, str) for q in meta["quirks"])
    assert isinstance(meta["chrome"], list) and all(isinstance(c, str) for c in meta["chrome"])
    assert all(c.strip() for c in meta["chrome"]), "chrome strings must not be blank"


@pytest.mark.parametrize("folder", _cases("expected"))
def test_expected_uses_known_fields_and_no_empty_value(folder: Path) -> None:
    expected = _expected(folder)
    assert set(expected) <= FIELDS, f"unknown fields: {set(expected) - FIELDS}"
    assert set(expected) >= REQUIRED, f"missing fields: {REQUIRED - set(expected)}"
    for field, value in expected.items():
        assert value not in (None, "", [], {}), f"{field} is empty"
        if field in LIST_FIELDS:
            assert isinstance(value, list), f"{field} must be a list"
            assert all(isinstance(v, str) and v.strip() for v in value), f"{field} has a blank"
        else:
            assert isinstance(value, str) and value.strip(), f"{field} must be a non-empty string"
    for paragraph in _paragraphs(expected):
        assert paragraph == _collapse(paragraph) and paragraph, "collapsed, none empty"


@pytest.mark.parametrize("folder", _cases("published_at"))
def test_published_at_is_in_the_site_time_zone_and_before_the_fetch(folder: Path) -> None:
    meta, raw = _meta(folder), str(_expected(folder)["published_at"])
    fetched = datetime.fromisoformat(str(meta["fetched_at"]))
    if PLAIN_DATE.match(raw):
        assert date.fromisoformat(raw) <= fetched.date()
        return
    assert ISO_WITH_OFFSET.match(raw), f"{raw!r} is neither ISO with offset nor a plain date"
    published = datetime.fromisoformat(raw)
    local = published.astimezone(ZoneInfo(str(meta["timezone"])))
    assert published.utcoffset() == local.utcoffset(), "offset is not the site's at that time"
    assert published < fetched, "the page was fetched before it was published"


@pytest.mark.parametrize("folder", _cases("related_urls"))
def test_related_urls_are_canonical(folder: Path) -> None:
    expected = _expected(folder)
    site = urlsplit(str(_meta(folder)["url"])).netloc.removeprefix("www.")
    for url in expected.get("related_urls", []):
        parts = urlsplit(url)
        assert parts.scheme in ("http", "https"), url
        assert parts.netloc.removeprefix("www.") == site, f"{url} is not on the site"
        assert url.isascii(), f"{url} is not percent-encoded"
        assert not re.search(r"%[0-9A-F]?[a-f]", url), f"{url} has lower-case escapes"
        assert not any(TRACKING.match(k) for k, _ in parse_qsl(parts.query)), url


@pytest.mark.parametrize("folder", _cases("title"))
def test_title_is_on_the_page(folder: Path) -> None:
    title = str(_expected(folder)["title"])
    assert title == _collapse(title)
    assert title in _visible_text(folder)


@pytest.mark.parametrize("folder", _cases("authors"))
def test_authors_are_on_the_page(folder: Path) -> None:
    text = _visible_text(folder)
    missing = [a for a in _expected(folder).get("authors", []) if _collapse(a) not in text]
    assert not missing, f"authors not visible on the page: {missing}"


@pytest.mark.parametrize("folder", _cases("body"))
def test_every_body_paragraph_is_on_the_page(folder: Path) -> None:
    text = _visible_text(folder)
    missing = [p for p in _paragraphs(_expected(folder)) if p not in text]
    assert not missing, f"body paragraphs not visible on the page: {missing}"


@pytest.mark.parametrize("folder", _cases("chrome"))
def test_every_chrome_string_is_on_the_page(folder: Path) -> None:
    text = _visible_text(folder)
    missing = [c for c in _meta(folder)["chrome"] if _collapse(c) not in text]
    assert not missing, f"chrome strings not visible on the page: {missing}"


@pytest.mark.parametrize("folder", _cases("chrome-not-in-body"))
def test_no_chrome_string_is_in_the_expected_body(folder: Path) -> None:
    body = str(_expected(folder)["body"])
    leaked = [c for c in _meta(folder)["chrome"] if _collapse(c) in _collapse(body)]
    assert not leaked, f"chrome strings inside the expected body: {leaked}"
