"""Hijri (Umm al-Qura) to Gregorian conversion through the maintained ``hijridate``.

``hijridate`` covers Hijri years 1343-1500 (1924-2077). A date outside that range,
or a day the Umm al-Qura month does not have (``30 صفر`` in a 29-day month), gives
``None``: the string names no day that calendar knows.
"""

from __future__ import annotations

import datetime

from hijridate import Hijri

_FIRST_YEAR = 1343
_LAST_YEAR = 1500


def hijri_to_gregorian(year: int, month: int, day: int) -> datetime.date | None:
    """The Gregorian date of Hijri ``year-month-day``, or ``None`` if it does not exist."""
    if not (_FIRST_YEAR <= year <= _LAST_YEAR and 1 <= month <= 12 and 1 <= day <= 30):
        return None
    try:
        hijri = Hijri(year, month, day)
    except (ValueError, OverflowError):  # day past the end of that Umm al-Qura month
        return None
    gregorian = hijri.to_gregorian()  # a date subclass; hand back a plain date
    return datetime.date(gregorian.year, gregorian.month, gregorian.day)
