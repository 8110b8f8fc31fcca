"""The fast path: absolute dates found in folded text by a small regex grammar.

Forms (on folded text, so every digit set, mark and spelling variant is covered):

* ``19 كانون الأول 2024``, ``2 آذار/مارس 2025``, ``14th of September 2021``
  (day, month name, optional year; a paired name must agree with the first one);
* ``September 14, 2021``, ``سبتمبر 14، 2021`` (month name, day, year);
* ``19/12/2024``, ``19-12-2024``, ``19.12.2024`` (numeric, day first, 4-digit year);
* ``2024-12-19``, ``2024/12/19``, ISO 8601 with ``T``, seconds, fractions, offsets;
* ``15 جمادى الآخرة 1446 هـ``, ``15/06/1446 هـ`` (Hijri, Umm al-Qura).

The date is searched for, so weekday names, labels (``آخر تحديث:``) and separators
around it need no rule. When a string holds a Hijri and a Gregorian date, the
Gregorian one wins. A day and month without a year take the latest such day up to
the day after ``now`` (a day of clock skew is tolerated), and need ``now``. A
Gregorian year must lie in 1900-2100; numeric dates are always read day first.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from typing import NamedTuple

from levant.dates._clock import Clock, clock_after, clock_before
from levant.dates._hijri import hijri_to_gregorian
from levant.dates._months import alternation, gregorian_months, hijri_months, month_number
from levant.dates._result import NormalisedDate, at_day, at_time

_L = r"[^\W\d_]"  # one letter
_DAY = r"(?<![\d.,:/])(?P<d>\d{1,2})(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<y>\d{4})(?!\d)"
_SEP = r"[\s,./\-]*"
_HIJRI_MARK = rf"(?P<h>\s*(?:هجريه|هجري|للهجره|ه|ah|h)(?!{_L}))"
_FIRST_YEAR, _LAST_YEAR = 1900, 2100


class _Found(NamedTuple):
    date: datetime.date
    start: int
    end: int
    hijri: bool


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    greg = alternation(gregorian_months())
    month = rf"(?<!{_L})(?P<m>{greg})\.?(?!{_L})"
    pair = rf"(?:\s*[/(\-]\s*(?P<m2>{greg})\.?(?!{_L})\s*\)?)?"
    hijri = rf"(?<!{_L})(?P<m>{alternation(hijri_months())})(?!{_L})"
    year_word = r"(?:(?:عام|لعام|سنه|of)\s*)?"
    return {
        "dmy": re.compile(
            rf"{_DAY}{_SEP}(?:من\s+|of\s+)?{month}{pair}(?:{_SEP}{year_word}{_YEAR})?"
        ),
        "mdy": re.compile(rf"{month}{pair}{_SEP}{_DAY}[\s,]*{_YEAR}"),
        "hijri": re.compile(rf"{_DAY}{_SEP}{hijri}{_SEP}{_YEAR}{_HIJRI_MARK}?"),
        "month_year": re.compile(rf"(?<![\d.,:/]){month}{pair}{_SEP}{year_word}{_YEAR}"),
        "num_dmy": re.compile(
            r"(?<![\d.,:/\-+])(?P<d>\d{1,2})\s*(?P<s>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=s)\s*"
            rf"{_YEAR}(?![.,/\-]\d|%){_HIJRI_MARK}?"
        ),
        "num_ymd": re.compile(
            r"(?<![\d.,:/\-+])(?P<y>\d{4})\s*(?P<s>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=s)\s*"
            rf"(?P<d>\d{{1,2}})(?!\d|[.,/\-]\d|%){_HIJRI_MARK}?"
        ),
    }


def parse_absolute(
    text: str, zone: datetime.tzinfo, now: datetime.datetime | None
) -> NormalisedDate | None:
    """The first absolute date in folded ``text``, with its time if one is printed."""
    found = _find(text, now, zone)
    if found is None:
        return None
    clock = clock_after(text, found.end) or clock_before(text, found.start)
    if clock is None:
        return at_day(found.date)
    return _combine(found.date, clock, zone)


def has_date_shape(text: str) -> bool:
    """Whether folded ``text`` has the shape of a date the grammar reads, valid or not.

    ``30 فبراير 2024`` and ``سبتمبر 2021`` (no day) have one: the grammar has already
    said no, and the ``dateparser`` fallback is not asked again.
    """
    patterns = _patterns()
    return any(
        match["y"] is not None
        for name in ("dmy", "mdy", "month_year", "hijri", "num_dmy", "num_ymd")
        for match in patterns[name].finditer(text)
    )


def _combine(date: datetime.date, clock: Clock, zone: datetime.tzinfo) -> NormalisedDate:
    moment = datetime.datetime.combine(date, clock.time, tzinfo=clock.offset or zone)
    return at_time(moment, seconds=clock.seconds)


def _find(text: str, now: datetime.datetime | None, zone: datetime.tzinfo) -> _Found | None:
    """Gregorian dates with a year first (leftmost), then Hijri, then no-year dates."""
    patterns = _patterns()
    best: _Found | None = None
    best_hijri: _Found | None = None
    for name in ("dmy", "mdy", "num_dmy", "num_ymd", "hijri"):
        found = _first(patterns[name], text, hijri=name == "hijri")
        if found is None:
            continue
        if found.hijri:
            if best_hijri is None or found.start < best_hijri.start:
                best_hijri = found
        elif best is None or found.start < best.start:
            best = found
    if best is not None or best_hijri is not None:
        return best or best_hijri
    if now is None:
        return None
    for match in patterns["dmy"].finditer(text):  # no year: the latest such day so far
        if match["y"] is not None:
            continue  # "30 فبراير 2024": a year that makes no day is not left out
        date = _without_year(int(match["d"]), month_number(match["m"]), now.astimezone(zone).date())
        if date is not None:
            return _Found(date, match.start(), match.end(), False)
    return None


def _first(pattern: re.Pattern[str], text: str, *, hijri: bool) -> _Found | None:
    """The first match of ``pattern`` with a year that names a real day."""
    for match in pattern.finditer(text):
        if match["y"] is None:
            continue
        is_hijri = hijri or match.groupdict().get("h") is not None
        date = _date_of(match, is_hijri)
        if date is not None:
            return _Found(date, match.start(), match.end(), is_hijri)
    return None


def _date_of(match: re.Match[str], is_hijri: bool) -> datetime.date | None:
    year, day = int(match["y"]), int(match["d"])
    if is_hijri:
        month = _month(match["m"], hijri=True)
        return hijri_to_gregorian(year, month, day)
    month = _month(match["m"])
    second = match.groupdict().get("m2")
    if second is not None and month_number(second) != month:
        return None  # "آذار/أبريل": the pair disagrees
    if not (_FIRST_YEAR <= year <= _LAST_YEAR and 1 <= month <= 12):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return datetime.date(year, month, day)


def _without_year(day: int, month: int, today: datetime.date) -> datetime.date | None:
    for year in (today.year, today.year - 1):
        if 1 <= day <= calendar.monthrange(year, month)[1]:
            date = datetime.date(year, month, day)
            if date <= today + datetime.timedelta(days=1):
                return date
    return None


def _month(matched: str, *, hijri: bool = False) -> int:
    return int(matched) if matched.isdigit() else month_number(matched, hijri=hijri)
