"""The article's dates from its candidates: the best-supported reading wins.

Each published candidate is read with :func:`levant.dates.normalise_date` (relative
forms against the fetch time, times without an offset in the site's time zone)
and an aware value is given in the site's zone (a UTC ``article:published_time``
becomes ``+03:00``). Then:

- **A site that labels local time as UTC.** When metadata says ``…T14:30:00Z`` and
  the page itself prints 14:30 on that day, the page is right and the ``Z`` wrong:
  the value is read as local time (note ``dates/utc_mislabelled``).
- **Support.** Each reading counts the candidates that agree with it (the same minute,
  or the same day where one of them is a day) and the permalink's ``/YYYY/MM/DD/``;
  the reading with most support wins, ties going to the better source. An agreeing
  candidate with a time makes a day-only winner precise.
- **Permalink cross-check.** A winner whose day contradicts the permalink's date is
  kept but noted (``dates/permalink_mismatch``) and logged.

The modified date is the first readable modified candidate.
"""

from __future__ import annotations

import datetime
import logging
import re
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from levant.dates import NormalisedDate, normalise_date

logger = logging.getLogger(__name__)

_PERMALINK_DATE = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(?:(0[1-9]|[12]\d|3[01])/)?")
_STATED_OFFSET = re.compile(r"(?:Z|[+-]\d\d:?\d\d)\s*$|\b(?:UTC|GMT)\b", re.IGNORECASE)
_MACHINE = ("jsonld", "meta")
_Day = tuple[int, int, int | None]  # the permalink's year, month and day (if any)


@dataclass(frozen=True)
class PickedDate:
    """One resolved date: where it was read, the raw string, and its value."""

    source: str
    raw: str
    value: NormalisedDate


@dataclass
class _Reading:
    source: str
    raw: str
    value: NormalisedDate
    naive: bool  # the string stated no offset


def pick_dates(
    candidates: list[dict[str, str]],
    *,
    url: str,
    now: datetime.datetime,
    timezone: str,
    notes: list[str] | None = None,
) -> tuple[PickedDate | None, PickedDate | None]:
    """``(published, modified)`` of an article from its candidates."""
    notes = notes if notes is not None else []
    zone = zoneinfo.ZoneInfo(timezone)
    published = _readings(candidates, "published", now, zone)
    _fix_mislabelled_utc(published, zone, notes)
    day = _permalink_day(url)
    winner = _best_supported(published, day)
    if winner is not None and day is not None and not _same_day(winner.value, day):
        notes.append("dates/permalink_mismatch")
        logger.info("Published %s contradicts the permalink of %s", winner.value.isoformat(), url)
    modified = next(iter(_readings(candidates, "modified", now, zone)), None)
    return _picked(winner), _picked(modified)


def _readings(
    candidates: list[dict[str, str]],
    field_name: str,
    now: datetime.datetime,
    zone: zoneinfo.ZoneInfo,
) -> list[_Reading]:
    found = []
    for candidate in candidates:
        if candidate["field"] != field_name:
            continue
        value = _normalised(candidate["raw"], now, zone)
        if value is not None:
            naive = not _STATED_OFFSET.search(candidate["raw"])
            found.append(
                _Reading(candidate["source"], candidate["raw"], _in_zone(value, zone), naive)
            )
    return found


@lru_cache(maxsize=4096)
def _normalised(raw: str, now: datetime.datetime, zone: zoneinfo.ZoneInfo) -> NormalisedDate | None:
    """normalise_date, once per string (published and modified often print the same)."""
    return normalise_date(raw, now=now, tz=zone)


def _in_zone(value: NormalisedDate, zone: zoneinfo.ZoneInfo) -> NormalisedDate:
    moment = value.value
    if isinstance(moment, datetime.datetime):
        return NormalisedDate(moment.astimezone(zone), value.precision)
    return value


def _fix_mislabelled_utc(
    readings: list[_Reading], zone: zoneinfo.ZoneInfo, notes: list[str]
) -> None:
    page_times = {
        _wall_clock(r.value) for r in readings if r.source not in _MACHINE and r.naive and _timed(r)
    }
    for reading in readings:
        moment = reading.value.value
        if reading.source not in _MACHINE or not _timed(reading) or reading.naive:
            continue
        assert isinstance(moment, datetime.datetime)
        utc = moment.astimezone(datetime.UTC)
        if utc.utcoffset() == moment.utcoffset() or not _STATES_UTC.search(reading.raw):
            continue
        if _wall_clock_of(utc) in page_times:
            local = utc.replace(tzinfo=None).replace(tzinfo=zone)
            reading.value = NormalisedDate(local, reading.value.precision)
            notes.append("dates/utc_mislabelled")


_STATES_UTC = re.compile(r"(?:Z|[+-]00:?00)\s*$|\b(?:UTC|GMT)\b", re.IGNORECASE)


def _best_supported(readings: list[_Reading], day: _Day | None) -> _Reading | None:
    best, best_support = None, -1
    for reading in readings:
        agreeing = [other for other in readings if _agree(reading.value, other.value)]
        support = len(agreeing) + (day is not None and _same_day(reading.value, day))
        if support > best_support:
            precise = next((r for r in agreeing if _timed(r)), reading)
            best, best_support = precise if not _timed(reading) else reading, support
    return best


def _agree(one: NormalisedDate, other: NormalisedDate) -> bool:
    if isinstance(one.value, datetime.datetime) and isinstance(other.value, datetime.datetime):
        return _wall_clock(one) == _wall_clock(other)
    return _local_day(one) == _local_day(other)


def _timed(reading: _Reading) -> bool:
    return isinstance(reading.value.value, datetime.datetime)


def _wall_clock(value: NormalisedDate) -> tuple[int, ...]:
    moment = value.value
    assert isinstance(moment, datetime.datetime)
    return _wall_clock_of(moment)


def _wall_clock_of(moment: datetime.datetime) -> tuple[int, ...]:
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute)


def _local_day(value: NormalisedDate) -> datetime.date:
    moment = value.value
    return moment.date() if isinstance(moment, datetime.datetime) else moment


def _same_day(value: NormalisedDate, day: _Day) -> bool:
    local = _local_day(value)
    year, month, dd = day
    return (local.year, local.month) == (year, month) and (dd is None or local.day == dd)


def _permalink_day(url: str) -> _Day | None:
    found = _PERMALINK_DATE.search(urlsplit(url).path)
    if found is None:
        return None
    return int(found[1]), int(found[2]), int(found[3]) if found[3] else None


def _picked(reading: _Reading | None) -> PickedDate | None:
    return PickedDate(reading.source, reading.raw, reading.value) if reading else None
