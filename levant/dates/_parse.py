"""The fast path: absolute dates read by a small regex grammar from folded text.

Forms (on folded text, so every digit set, mark and spelling variant is covered):

* ``19 كانون الأول 2024``, ``2 آذار/مارس 2025``, ``14th of September 2021``,
  ``3 مارس (2020)``, ``الثالث من آذار 2019`` (day, month name, year; a paired name
  must agree with the first one; ordinal days by :mod:`._ordinal`);
* ``September 14, 2021``, ``Friday - May 3 rd - 2018`` (month name, day, year);
* ``19/12/2024``, ``19-12-2024``, ``19.12.2024``, ``19\\12\\2024``, ``14/02/19``
  (numeric, day first; month first only when the day-first reading is impossible,
  as in ``11-30-2022``; a two-digit year is the latest such year up to next year);
* ``2024-12-19``, ``2024/12/19``, ISO 8601 with ``T``, seconds, fractions, offsets;
* ``15 جمادى الآخرة 1446 هـ``, ``15/06/1446 هـ``, ``الخامس من شهر رمضان لعام 1440هـ``
  (Hijri, Umm al-Qura; a printed weekday one day off the table moves the date to it;
  a numeric date in the years 1343-1500 is Hijri with or without ``هـ``: ``24/ 1/ 1441``).

When a string holds a Hijri and a Gregorian date, the Gregorian one the page states
wins; the time may stand anywhere in the line (``الساعة 09:10 (مكة المكرمة)``, a
zone note read by :mod:`._clock`). The string must be a date line as a whole
(:mod:`._line`). A day and month without a year take the latest such day up to the
day after ``now`` and need ``now``. A Gregorian year must lie in 1000-2100 beside a
month name, 1800-2100 in a numeric date.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from typing import NamedTuple

from levant.dates._clock import find_clock, zone_note
from levant.dates._hijri import hijri_to_gregorian
from levant.dates._line import is_date_line
from levant.dates._months import alternation, gregorian_months, hijri_months, month_number
from levant.dates._ordinal import digits_for_ordinals
from levant.dates._result import NormalisedDate, at_day, at_time

_L = r"[^\W\d_]"  # one letter
_DAY = r"(?<![\d:/\\])(?<!\d[.,])(?P<d>\d{1,2})(?:\s?(?:st|nd|rd|th)(?![a-z]))?(?!\d)"
_YEAR = r"\(?\s*(?P<y>\d{4})(?!\d)(?:\s*\))?"
_SEP = r"[\s,./\-]*"
_YEAR_WORD = r"(?:(?:من\s+)?(?:لهذا\s+العام|للعام|العام|لعام|عام|لسنه|سنه|of)\s*)?"
# not inside a longer number; "/" or "-" only after a space or a word ("الإثنين-2017")
_NUMERIC_START = r"(?<![a-z\d.,:\\+])(?<![a-z\d.,:/\\+][/\-])"
_HIJRI_MARK = rf"(?P<h>\s*(?:هجريه|هجري|للهجره|ه|ah|h)(?!{_L}))"
_NAMED_FIRST_YEAR, _NUMERIC_FIRST_YEAR, _LAST_YEAR = 1000, 1800, 2100
_HIJRI_YEARS = (1343, 1500)  # a numeric date in these years is Hijri: "24/ 1/ 1441"
_WEEKDAYS = {
    "الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5,
    "الاحد": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip
_NAMES = ("dmy", "mdy", "num_dmy", "num_dmy2", "num_ymd", "hijri")
_NUMERIC = ("num_dmy", "num_dmy2", "num_ymd")
_NUMERIC_HINT = re.compile(r"\d\s*[/.\-\\]\s*\d")


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
    before_month = r"(?:(?:من|of|the)\s+)?(?:شهر\s+)?"
    numeric = r"(?P<d>\d{1,2})\s*(?P<s>[/.\-\\])\s*(?P<m>\d{1,2})\s*(?P=s)\s*"
    return {
        "dmy": re.compile(
            rf"{_DAY}{_SEP}{before_month}{month}{pair}(?:{_SEP}{_YEAR_WORD}{_YEAR})?"
        ),
        "mdy": re.compile(rf"{month}{pair}{_SEP}{_DAY}{_SEP}{_YEAR}"),
        "hijri": re.compile(
            rf"{_DAY}{_SEP}{before_month}{hijri}{_SEP}{_YEAR_WORD}{_YEAR}{_HIJRI_MARK}?"
        ),
        "month_year": re.compile(rf"(?<![\d.,:/]){month}{pair}{_SEP}{_YEAR_WORD}{_YEAR}"),
        "any_gregorian": re.compile(greg),
        "any_hijri": re.compile(alternation(hijri_months())),
        "display_order": re.compile(
            rf"(?P<d>\d{{1,2}}) (?P<t>\d{{1,2}}:\d{{2}}) (?P<y>\d{{4}}) (?P<m>{greg})"
        ),
        "num_dmy": re.compile(
            rf"{_NUMERIC_START}{numeric}(?P<y>\d{{4}})(?!\d)(?![.,/\\\-]\d|%){_HIJRI_MARK}?"
        ),
        "num_dmy2": re.compile(rf"{_NUMERIC_START}{numeric}(?P<y>\d{{2}})(?![\d%:]|[.,/\\\-]\d)"),
        "num_ymd": re.compile(
            rf"{_NUMERIC_START}(?P<y>\d{{4}})\s*(?P<s>[/.\-\\])\s*(?P<m>\d{{1,2}})\s*(?P=s)\s*"
            rf"(?P<d>\d{{1,2}})(?!\d|[.,/\\\-]\d|%){_HIJRI_MARK}?"
        ),
    }


def parse_absolute(
    text: str, zone: datetime.tzinfo, now: datetime.datetime | None
) -> NormalisedDate | None:
    """The date a folded date line states, with its time if one is printed."""
    text = _reading_order(digits_for_ordinals(text))
    found, spans, strict = _find(text, now, zone)
    if found is None:
        return None
    clock = find_clock(text, spans, found.end)
    note = zone_note(text) if clock is not None and clock[0].offset is None else None
    taken = [*spans, clock[1:]] if clock else list(spans)
    if note is not None:
        taken.append(note[1:])
    if not is_date_line(text, taken, strict=strict):
        return None
    if clock is None:
        return at_day(found.date)
    moment = clock[0].on(found.date, note[0] if note else zone)
    return at_time(moment, seconds=clock[0].seconds)


def _reading_order(text: str) -> str:
    """``30 20:20 2026 جانفي`` (a right-to-left line copied in display order) as
    ``30 جانفي 2026 20:20``; any other text as it is."""
    if not text[:1].isdigit() or ":" not in text:
        return text
    match = _patterns()["display_order"].fullmatch(text)
    return text if match is None else f"{match['d']} {match['m']} {match['y']} {match['t']}"


def has_date_shape(text: str) -> bool:
    """Whether folded ``text`` has the shape of a date the grammar reads, valid or not.

    ``30 فبراير 2024``, ``سبتمبر 2021`` (no day) and ``23 أيلول من كل عام`` (a day and
    month in a sentence) have one: the grammar has already said no, and the
    ``dateparser`` fallback is not asked again.
    """
    patterns = _patterns()
    return any(
        match["y"] is not None or name == "dmy"  # "23 أيلول من كل عام": read, turned down
        for name in (*_NAMES, "month_year")
        for match in patterns[name].finditer(text)
    )


def _find(
    text: str, now: datetime.datetime | None, zone: datetime.tzinfo
) -> tuple[_Found | None, list[tuple[int, int]], bool]:
    """The date the line states, the spans of every date in it, and whether it has no year.

    The leftmost Gregorian date with a year wins, then the leftmost Hijri one, then a
    day and month without a year (with ``now`` only).
    """
    patterns = _patterns()
    today = None if now is None else now.astimezone(zone).date()
    every: list[_Found] = []
    for name in _names(text):
        for match in patterns[name].finditer(text):
            if match["y"] is None:
                continue
            is_hijri = (
                name == "hijri"
                or match.groupdict().get("h") is not None
                or (match["m"].isdigit() and _HIJRI_YEARS[0] <= int(match["y"]) <= _HIJRI_YEARS[1])
            )
            date = _date_of(match, is_hijri, today)
            if date is not None:
                every.append(_Found(date, match.start(), match.end(), is_hijri))
    spans = [(f.start, f.end) for f in every]
    gregorian = [f for f in every if not f.hijri]
    if gregorian:
        return min(gregorian, key=lambda f: f.start), spans, False
    if every:
        return _on_weekday(min(every, key=lambda f: f.start), text), spans, False
    if today is None:
        return None, [], False
    for match in patterns["dmy"].finditer(text):  # no year: the latest such day so far
        if match["y"] is not None:
            continue  # "30 فبراير 2024": a year that makes no day is not left out
        date = _without_year(int(match["d"]), month_number(match["m"]), today)
        if date is not None:
            return _Found(date, match.start(), match.end(), False), [match.span()], True
    return None, [], False


def _names(text: str) -> tuple[str, ...]:
    """The patterns worth running on ``text``: numeric ones need digits split by a
    separator, named ones the name of a month of their calendar (one search each, with
    no look-behind, so the regex engine skips ahead to the names' first letters)."""
    patterns = _patterns()
    names: tuple[str, ...] = ()
    if patterns["any_gregorian"].search(text) is not None:
        names = ("dmy", "mdy")
    if patterns["any_hijri"].search(text) is not None:
        names = (*names, "hijri")
    if _NUMERIC_HINT.search(text) is not None:
        names = (*names, *_NUMERIC)
    return names


def _date_of(
    match: re.Match[str], is_hijri: bool, today: datetime.date | None
) -> datetime.date | None:
    year, day = int(match["y"]), int(match["d"])
    if is_hijri:
        return hijri_to_gregorian(year, _month(match["m"], hijri=True), day)
    month = _month(match["m"])
    second = match.groupdict().get("m2")
    if second is not None and month_number(second) != month:
        return None  # "آذار/أبريل": the pair disagrees
    first_year = _NAMED_FIRST_YEAR
    if match["m"].isdigit():
        first_year = _NUMERIC_FIRST_YEAR
        if month > 12 >= day:  # "11-30-2022": only month first makes a day
            day, month = month, day
        if len(match["y"]) == 2:
            last = (today.year if today else 2069) + 1
            year += 2000 if 2000 + year <= last else 1900
    if not (first_year <= year <= _LAST_YEAR and 1 <= month <= 12):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return datetime.date(year, month, day)


def _on_weekday(found: _Found, text: str) -> _Found:
    """A Hijri date moved by a day when the weekday printed beside it says so."""
    match = _weekday_pattern().search(text)
    if match is not None:
        for shift in (0, 1, -1):
            date = found.date + datetime.timedelta(days=shift)
            if date.weekday() == _WEEKDAYS[match[0]]:
                return found._replace(date=date)
    return found


@functools.cache
def _weekday_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<!{_L})(?:{'|'.join(_WEEKDAYS)})(?!{_L})")


def _without_year(day: int, month: int, today: datetime.date) -> datetime.date | None:
    for year in (today.year, today.year - 1):
        if 1 <= day <= calendar.monthrange(year, month)[1]:
            date = datetime.date(year, month, day)
            if date <= today + datetime.timedelta(days=1):
                return date
    return None


def _month(matched: str, *, hijri: bool = False) -> int:
    return int(matched) if matched.isdigit() else month_number(matched, hijri=hijri)
