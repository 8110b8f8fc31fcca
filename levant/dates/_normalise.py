"""``normalise_date``: one raw date string in, a :class:`NormalisedDate` or ``None`` out.

Order: fold the text (:mod:`._text`), absolute dates by the grammar (:mod:`._parse`),
relative dates against ``now`` (:mod:`._relative`), then ``dateparser`` for strings
that carry a date signal the grammar did not read (:mod:`._fallback`).
"""

from __future__ import annotations

import datetime
import zoneinfo

from levant.dates._fallback import has_signal, parse_fallback
from levant.dates._parse import parse_absolute
from levant.dates._relative import parse_relative
from levant.dates._result import NormalisedDate
from levant.dates._text import clean, fold

DEFAULT_TZ = "Asia/Damascus"


def normalise_date(
    raw: str | None,
    *,
    now: datetime.datetime | None = None,
    tz: str | datetime.tzinfo = DEFAULT_TZ,
) -> NormalisedDate | None:
    """Normalise a date string as printed on a page.

    ``now`` (aware: the fetch time) resolves relative forms (``منذ 5 دقائق``, ``أمس``)
    and dates printed without a year; without it they give ``None``. ``tz`` (an IANA
    name or a tzinfo) is the site's timezone: a time printed without an offset is
    read in it, with that zone's offset on that date (Damascus was +02:00 in winter
    before October 2022). An offset printed in the string is kept as stated.

    Never raises on a ``str`` or ``None``; raises ``ValueError`` for a naive ``now``
    and ``zoneinfo.ZoneInfoNotFoundError`` for an unknown ``tz`` name (caller errors).

    >>> normalise_date("آخر تحديث: 14 سبتمبر 2021 - 09:15 ص").isoformat()
    '2021-09-14T09:15:00+03:00'
    >>> normalise_date("95.1%") is None
    True
    """
    zone = zoneinfo.ZoneInfo(tz) if isinstance(tz, str) else tz
    if now is not None and now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware datetime")
    if not isinstance(raw, str):
        return None
    text = fold(raw)
    if not text or (now is None and not any(char.isdigit() for char in text)):
        return None
    found = parse_absolute(text, zone, now)
    if found is None and now is not None:
        found = parse_relative(text, now, zone)
    if found is None and has_signal(text):
        found = parse_fallback(clean(raw), now, zone)
    return found
