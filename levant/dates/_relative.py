"""Relative dates, resolved against the fetch time ``now``.

* ``منذ 5 دقائق``, ``قبل 3 ساعات``, ``منذ ساعة`` (one), ``منذ ساعتين`` (dual: two),
  ``منذ ثلاث ساعات`` (number words up to ten), ``5 minutes ago``, ``an hour ago``;
* ``أمس``/``البارحة``, ``أول أمس``, ``اليوم``, ``yesterday``, ``today``, optionally
  with a time (``أمس الساعة 10:30 م``);
* ``الآن``, ``منذ لحظات``, ``just now``.

Seconds give second precision; minutes and hours give minute precision (seconds
dropped); days, weeks, months and years give day precision, counted in the site's
timezone. A vague plural without a number (``منذ ساعات``) is no date.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from collections.abc import Iterable

from levant.dates._clock import find_clock
from levant.dates._line import is_date_line
from levant.dates._result import NormalisedDate, at_day, at_time

_L = r"[^\W\d_]"

# unit -> folded words: singular (count 1), dual (count 2), plural (needs a number)
_UNIT_WORDS = {
    "seconds": ("ثانيه", "ثانيتين ثانيتان", "ثوان ثواني"),
    "minutes": ("دقيقه", "دقيقتين دقيقتان", "دقائق دقايق"),
    "hours": ("ساعه", "ساعتين ساعتان", "ساعات"),
    "days": ("يوم يوما", "يومين يومان", "ايام"),
    "weeks": ("اسبوع اسبوعا", "اسبوعين اسبوعان", "اسابيع"),
    "months": ("شهر شهرا", "شهرين شهران", "اشهر شهور"),
    "years": ("سنه عام عاما", "سنتين سنتان عامين عامان", "سنوات سنين اعوام"),
}
_NUMBER_WORDS = {
    "واحد": 1, "واحده": 1, "اثنين": 2, "اثنتين": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4,
    "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثماني": 8,
    "ثمانيه": 8, "ثمان": 8, "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10,
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
}  # fmt: skip
_DAYS_BACK = {
    "اول من امس": 2, "اول امس": 2, "امس": 1, "الامس": 1, "البارحه": 1, "يوم امس": 1,
    "اليوم": 0, "yesterday": 1, "today": 0,
}  # fmt: skip
_NOW_WORDS = ("الان", "منذ لحظات", "قبل لحظات", "just now")
_MAX_COUNT = 10_000
_MAX_SPAN = datetime.timedelta(days=200 * 366)


def _alt(words: Iterable[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@functools.cache
def _units() -> dict[str, tuple[str, int]]:
    """Unit word -> (unit, count the word implies; 0 for a plural)."""
    units: dict[str, tuple[str, int]] = {}
    for unit, words in _UNIT_WORDS.items():
        for count, group in zip((1, 2, 0), words, strict=True):
            units.update(dict.fromkeys(group.split(), (unit, count)))
        units[unit[:-1]] = (unit, 1)  # English: "an hour ago", "1 minute ago"
        units[unit] = (unit, 0)
    return units


@functools.cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    numbers, units = _alt(_NUMBER_WORDS), _alt(_units())
    one = rf"(?:(?:\d{{1,6}}|{numbers})\s*)?(?:{units})(?!{_L})"
    amount = re.compile(rf"(?:(?P<n>\d{{1,6}})|(?P<w>{numbers}))?\s*(?P<u>{units})(?!{_L})")
    ago_ar = re.compile(rf"(?<!{_L})(?:منذ|قبل)\s*(?P<a>{one}(?:\s*و\s*{one})*)")
    ago_en = re.compile(rf"(?<!{_L})(?P<a>{one}(?:\s*(?:,|and)\s*{one})*)\s+ago(?!{_L})")
    days = re.compile(rf"(?<!{_L})(?P<k>{_alt(_DAYS_BACK)})(?!{_L})")
    now = re.compile(rf"(?<!{_L})(?:{_alt(_NOW_WORDS)})(?!{_L})")
    return amount, ago_ar, ago_en, days, now


def parse_relative(
    text: str, now: datetime.datetime, zone: datetime.tzinfo
) -> NormalisedDate | None:
    """A relative date line in folded ``text`` resolved against aware ``now``, or ``None``.

    The relative words must be the whole line but for its labels (see :mod:`._line`):
    ``اليوم السابق`` and ``اليوم`` inside a sentence are no dates.
    """
    amount, ago_ar, ago_en, days, just_now = _patterns()
    match = ago_ar.search(text) or ago_en.search(text)
    if match is not None:
        found = _ago(amount.finditer(match["a"]), now, zone)
        return found if found and is_date_line(text, [match.span()], strict=True) else None
    match = days.search(text)
    if match is not None:
        date = now.astimezone(zone).date() - datetime.timedelta(days=_DAYS_BACK[_key(match["k"])])
        clock = find_clock(text, [match.span()], match.end())
        taken = [match.span(), clock[1:]] if clock else [match.span()]
        if not is_date_line(text, taken, strict=True):
            return None
        if clock is None:
            return at_day(date)
        return at_time(clock[0].on(date, zone), seconds=clock[0].seconds)
    match = just_now.search(text)
    if match is not None and is_date_line(text, [match.span()], strict=True):
        return at_time(now.astimezone(zone), seconds=False)
    return None


def _key(matched: str) -> str:
    return " ".join(matched.split())


def _ago(
    amounts: Iterable[re.Match[str]], now: datetime.datetime, zone: datetime.tzinfo
) -> NormalisedDate | None:
    """``now`` minus "5 minutes", "an hour and 20 minutes", "يومين و3 ساعات"."""
    delta, months, finest = datetime.timedelta(), 0, "days"
    for match in amounts:
        unit, count = _units()[match["u"]]
        if match["n"] is not None:
            count = int(match["n"])
        elif match["w"] is not None:
            count = _NUMBER_WORDS[match["w"]]
        if count <= 0 or count > _MAX_COUNT:
            return None  # "منذ ساعات": no number, no date
        if unit in ("months", "years"):
            months += count if unit == "months" else 12 * count
        else:
            delta += datetime.timedelta(**{unit: count})
        if unit in ("seconds", "minutes", "hours") and finest != "seconds":
            finest = "seconds" if unit == "seconds" else "minutes"
    if delta > _MAX_SPAN or months > _MAX_SPAN.days // 28:
        return None  # "منذ 10000 أسبوع و10000 أسبوع ...": past any date a page prints
    local = now.astimezone(zone)
    start = _months_back(local.date(), months)
    if start is None:
        return None
    if finest == "days":
        return at_day(start - delta)
    moment = (now.astimezone(datetime.UTC) - delta).astimezone(zone)  # keeps the DST fold
    if months:
        moment = moment - (local.date() - start)  # months, counted on the calendar
    return at_time(moment.replace(microsecond=0), seconds=finest == "seconds")


def _months_back(date: datetime.date, months: int) -> datetime.date | None:
    index = date.year * 12 + date.month - 1 - months
    year, month = divmod(index, 12)
    if year < 1:
        return None
    day = min(date.day, calendar.monthrange(year, month + 1)[1])
    return datetime.date(year, month + 1, day)
