"""Times of day: ``09:15``, ``09:15:30.250``, ``9:15 ص``, ``الساعة 9 مساءً``, offsets.

Reads folded text (see :mod:`levant.dates._text`). A time is looked for anywhere in
the line outside its dates, the first after the date first (:func:`find_clock`); a
named zone note (``بتوقيت دمشق``, ``(مكة المكرمة)``) is read by :func:`zone_note`.
12-hour markers: ``ص صباحاً فجراً am`` (morning),
``م مساءً عصراً pm`` (afternoon), ``ظهراً`` (noon), ``ليلاً`` (night). An hour above 12
beside a marker is read as a 24-hour time. ``Z``, ``GMT``/``UTC`` with an optional
offset, ``بتوقيت غرينتش`` and ISO offsets (``+03:00``, ``+0300``) give a fixed offset.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
import zoneinfo

_L = r"[^\W\d_]"  # one letter

_MORNING = ("ص", "صباحا", "صباح", "فجرا", "am", "a.m.", "a.m")
_EVENING = ("م", "مساء", "مساءا", "مسا", "عصرا", "pm", "p.m.", "p.m")
_NOON = ("ظهرا", "ظهر", "الظهر")
_NIGHT = ("ليلا", "ليل")
_UTC_WORDS = ("بتوقيت غرينتش", "بتوقيت جرينتش", "توقيت غرينتش", "gmt", "utc")


@dataclasses.dataclass(frozen=True)
class Clock:
    """A time of day as printed, with the fixed offset it states (if any)."""

    time: datetime.time
    seconds: bool  # seconds were printed
    offset: datetime.timezone | None

    def on(self, date: datetime.date, zone: datetime.tzinfo) -> datetime.datetime:
        """This time on *date*, at its stated offset, else in *zone*."""
        return datetime.datetime.combine(date, self.time, tzinfo=self.offset or zone)


def _words(words: tuple[str, ...]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s*") for w in ordered)


@functools.cache
def _time_pattern() -> str:
    marker = _words(_MORNING + _EVENING + _NOON + _NIGHT)
    utc = _words(_UTC_WORDS)
    return (
        r"(?<![\d:.])(?P<H>\d{1,2})\s*:\s*(?P<M>\d{2})"
        r"(?:\s*:\s*(?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?(?![\d%])"
        rf"(?:\s*(?P<ap>{marker})(?!{_L}))?"
        r"(?:(?P<z>z)(?!\w)"
        rf"|\s*(?P<u>{utc})(?:\s*(?P<us>[+-])\s*(?P<uh>\d{{1,2}})(?::?(?P<um>\d{{2}}))?)?(?!\w)"
        r"|\s?(?P<os>[+-])(?P<oh>\d{2}):?(?P<om>\d{2})(?!\d))?"
    )


@functools.cache
def _any() -> re.Pattern[str]:
    return re.compile(rf"{_time_pattern()}|{_hour_only()}")


def _hour_only() -> str:
    marker = _words(_MORNING + _EVENING + _NOON + _NIGHT)
    return rf"الساعه\s*(?P<H2>\d{{1,2}})(?![\d:])(?:\s*(?P<ap2>{marker})(?!{_L}))?"


def find_clock(
    text: str, taken: list[tuple[int, int]], after: int
) -> tuple[Clock, int, int] | None:
    """The time printed in ``text`` outside the ``taken`` spans, with its span.

    The first one at or after ``after`` (the end of the date) wins, else the first
    one before it. An impossible time (``25:99``) is no time.
    """
    if ":" not in text and "الساعه" not in text:
        return None  # every time has a colon but "الساعة 9"
    before = None
    for match in _any().finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        clock = _clock(match)
        if clock is None:
            continue
        if start >= after:
            return clock, start, end
        before = before or (clock, start, end)
    return before


def zone_note(text: str) -> tuple[datetime.tzinfo, int, int] | None:
    """The zone a note such as ``بتوقيت دمشق`` or ``(مكة المكرمة)`` names, with its span."""
    if "توقيت" not in text and "(" not in text:
        return None
    match = _zone_pattern().search(text)
    if match is None:
        return None
    return _zone(_ZONE_NAMES[" ".join(match["p"].split())]), match.start(), match.end()


_ZONE_NAMES = {
    "مكه المكرمه": "Asia/Riyadh", "مكه": "Asia/Riyadh", "الرياض": "Asia/Riyadh",
    "السعوديه": "Asia/Riyadh", "دمشق": "Asia/Damascus", "سوريا": "Asia/Damascus",
    "سوريه": "Asia/Damascus", "بيروت": "Asia/Beirut", "لبنان": "Asia/Beirut",
    "بغداد": "Asia/Baghdad", "العراق": "Asia/Baghdad", "القاهره": "Africa/Cairo",
    "مصر": "Africa/Cairo", "القدس": "Asia/Jerusalem", "فلسطين": "Asia/Hebron",
    "الاردن": "Asia/Amman", "ابوظبي": "Asia/Dubai", "ابو ظبي": "Asia/Dubai",
    "الامارات": "Asia/Dubai", "دبي": "Asia/Dubai", "الدوحه": "Asia/Qatar",
    "قطر": "Asia/Qatar", "الكويت": "Asia/Kuwait", "البحرين": "Asia/Bahrain",
    "المنامه": "Asia/Bahrain", "مسقط": "Asia/Muscat", "الرباط": "Africa/Casablanca",
    "المغرب": "Africa/Casablanca", "الجزائر": "Africa/Algiers", "تونس": "Africa/Tunis",
    "ليبيا": "Africa/Tripoli", "الخرطوم": "Africa/Khartoum", "السودان": "Africa/Khartoum",
    "صنعاء": "Asia/Aden", "اليمن": "Asia/Aden", "انقره": "Europe/Istanbul",
    "اسطنبول": "Europe/Istanbul", "تركيا": "Europe/Istanbul",
    "طهران": "Asia/Tehran", "ايران": "Asia/Tehran",
}  # fmt: skip


@functools.cache
def _zone_pattern() -> re.Pattern[str]:
    places = _words(tuple(_ZONE_NAMES))
    return re.compile(rf"(?:ب?توقيت\s*(?:مدينه\s*)?|\(\s*)(?P<p>{places})(?!{_L})(?:\s*\))?")


@functools.cache
def _zone(name: str) -> datetime.tzinfo:
    return zoneinfo.ZoneInfo(name)


def _hour24(hour: int, marker: str | None) -> int | None:
    if marker is None or hour > 12:
        return hour if hour < 24 else None
    if marker in _MORNING:
        return 0 if hour == 12 else hour
    if marker in _EVENING:
        return hour if hour == 12 else hour + 12
    if marker in _NOON:
        return hour + 12 if hour <= 6 else hour
    return 0 if hour == 12 else hour + 12 if hour >= 6 else hour  # night


def _offset(sign: str | None, hours: str | None, minutes: str | None) -> datetime.timezone | None:
    if sign is None or hours is None:
        return datetime.UTC
    h, m = int(hours), int(minutes or 0)
    if h > 14 or m > 59:
        return None
    delta = datetime.timedelta(hours=h, minutes=m)
    return datetime.timezone(-delta if sign == "-" else delta)


def _clock(match: re.Match[str]) -> Clock | None:
    groups = match.groupdict()
    if groups["H2"] is not None:  # "الساعة 9 مساءً"
        hour = _hour24(int(groups["H2"]), _marker(groups["ap2"]))
        return None if hour is None else Clock(datetime.time(hour), False, None)
    hour = _hour24(int(groups["H"]), _marker(groups["ap"]))
    minute = int(groups["M"])
    second = int(groups["S"] or 0)
    if hour is None or minute > 59 or second > 59:
        return None
    micro = int((groups["f"] or "0")[:6].ljust(6, "0"))
    offset: datetime.timezone | None = None
    if groups["z"]:
        offset = datetime.UTC
    elif groups["os"]:  # "+03:00"; past +-14:00 it is no offset ("09:15 -2021")
        offset = _offset(groups["os"], groups["oh"], groups["om"])
    elif groups["u"]:
        offset = _offset(groups["us"], groups["uh"], groups["um"])
        if offset is None:
            return None
    time = datetime.time(hour, minute, second, micro)
    return Clock(time, groups["S"] is not None, offset)


def _marker(raw: str | None) -> str | None:
    return None if raw is None else " ".join(raw.split())
