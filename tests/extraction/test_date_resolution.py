"""Extraction resolves the article's dates: best-supported reading, the site's zone, no crash."""

from __future__ import annotations

import datetime

from levant.extraction.datepick import pick_dates

NOW = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
URL = "https://thelevantnews.com/article/%D8%A3/"
TZ = "Asia/Damascus"


def candidates(*triples: tuple[str, str, str]) -> list[dict[str, str]]:
    return [{"field": f, "source": s, "raw": r} for f, s, r in triples]


def resolve(*triples: tuple[str, str, str], url: str = URL, notes: list[str] | None = None):
    return pick_dates(candidates(*triples), url=url, now=NOW, timezone=TZ, notes=notes)


def test_best_source_wins() -> None:
    published, modified = resolve(
        ("published", "jsonld", "2021-09-14T09:15:00+03:00"),
        ("modified", "jsonld", "2021-09-15T10:00:00+03:00"),
        ("published", "postmeta", "December 19, 2024"),
    )
    assert published.value.isoformat() == "2021-09-14T09:15:00+03:00"
    assert (published.source, published.value.precision) == ("jsonld", "second")
    assert modified.value.isoformat() == "2021-09-15T10:00:00+03:00"


def test_unreadable_first_source_falls_back_to_the_next() -> None:
    published, _ = resolve(
        ("published", "jsonld", "not a date"),
        ("published", "postmeta", "14 أيلول 2021 - 09:15 ص"),
    )
    assert published.value.isoformat() == "2021-09-14T09:15:00+03:00"
    assert (published.source, published.value.precision) == ("postmeta", "minute")


def test_visible_date_without_offset_takes_the_site_timezone() -> None:
    published, _ = resolve(("published", "postmeta", "2 كانون الثاني 2021 - 08:00 م"))
    assert published.value.isoformat() == "2021-01-02T20:00:00+02:00"  # +02:00 in winter 2021


def test_relative_date_is_read_against_the_fetch_time() -> None:
    published, _ = resolve(("published", "postmeta", "منذ 3 ساعات"))
    assert published.value.isoformat() == "2026-11-20T09:00:00+03:00"


def test_unreadable_date_gives_none() -> None:
    assert resolve(("published", "postmeta", "95.1%")) == (None, None)


def test_utc_metadata_is_given_in_the_site_offset() -> None:
    published, _ = resolve(("published", "meta", "2021-09-14T06:15:00+00:00"))
    assert published.value.isoformat() == "2021-09-14T09:15:00+03:00"


def test_local_time_labelled_utc_is_read_as_local_when_the_page_prints_it() -> None:
    notes: list[str] = []
    published, _ = resolve(
        ("published", "meta", "2023-05-04T14:30:00Z"),
        ("published", "postmeta", "4 أيار 2023 - 14:30"),
        notes=notes,
    )
    assert published.value.isoformat() == "2023-05-04T14:30:00+03:00"
    assert "dates/utc_mislabelled" in notes


def test_utc_metadata_stays_utc_when_the_page_prints_the_converted_time() -> None:
    published, _ = resolve(
        ("published", "meta", "2023-05-04T14:30:00Z"),
        ("published", "postmeta", "4 أيار 2023 - 17:30"),
    )
    assert published.value.isoformat() == "2023-05-04T17:30:00+03:00"


def test_the_better_supported_reading_wins_and_a_permalink_mismatch_is_noted() -> None:
    notes: list[str] = []
    published, _ = resolve(
        ("published", "meta", "2020-01-01T00:00:00+02:00"),  # a theme default, wrong
        ("published", "time", "2023-05-04T10:00:00+03:00"),
        ("published", "postmeta", "4 أيار 2023"),
        url="https://example.com/2023/05/04/slug/",
        notes=notes,
    )
    assert published.value.isoformat() == "2023-05-04T10:00:00+03:00"
    assert "dates/permalink_mismatch" not in notes
    resolve(
        ("published", "meta", "2023-05-04T10:00:00+03:00"),
        url="https://e.com/2022/01/x/",
        notes=notes,
    )
    assert "dates/permalink_mismatch" in notes


def test_a_day_is_made_precise_by_an_agreeing_time() -> None:
    published, _ = resolve(
        ("published", "postmeta", "4 أيار 2023"),
        ("published", "time", "2023-05-04T10:00:00+03:00"),
    )
    assert published.value.isoformat() == "2023-05-04T10:00:00+03:00"
