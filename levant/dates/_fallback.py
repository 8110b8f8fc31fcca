"""The slow path: ``dateparser`` for the long tail the grammar does not know.

Only strings with a date signal reach it: a month name beside a digit, or an English
relative word (``ago``, ``yesterday``), and not already a date shape the grammar has
turned down (``30 فبراير 2024``, ``سبتمبر 2021``). Numbers alone (percentages, issue
and resolution numbers, phones, prices, years) never do, which is what keeps ``95.1%``
from becoming 1995-01-28. Arabic relative forms are all the grammar's.
``dateparser`` is imported here, on first use, never at import time.

Without ``now`` the parser is given a far-past reference (:data:`_NO_NOW`); a result
that comes out near it was built from the reference (a relative date, a missing
year) and is dropped. A result with month or year precision is dropped too.
"""

from __future__ import annotations

import datetime
import functools
import logging
import re
from typing import TYPE_CHECKING

from levant.dates._months import alternation, gregorian_months
from levant.dates._parse import has_date_shape
from levant.dates._result import NormalisedDate, at_day, at_time

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

logger = logging.getLogger(__name__)

_L = r"[^\W\d_]"
_NO_NOW = datetime.datetime(1800, 1, 1)
_FIRST_YEAR, _LAST_YEAR = 1900, 2100
_MAX_LENGTH = 200  # dateparser's cost grows with length; date fields are short


@functools.cache
def _signal() -> re.Pattern[str]:
    month = rf"(?<!{_L})(?:{alternation(gregorian_months())})(?!{_L})"
    relative = rf"(?<!{_L})(?:ago|yesterday|today)(?!{_L})"
    return re.compile(rf"{month}(?=.*\d)|\d.*{month}|{relative}")


def has_signal(folded: str) -> bool:
    """Whether folded text is worth handing to ``dateparser`` at all."""
    return (
        len(folded) <= _MAX_LENGTH
        and _signal().search(folded) is not None
        and not has_date_shape(folded)
    )


@functools.lru_cache(maxsize=8)
def _parser(base: datetime.datetime) -> DateDataParser:
    """A parser for one reference time, built once (building one costs more than a parse)."""
    from dateparser.date import DateDataParser  # heavy: imported on first use only

    return DateDataParser(
        languages=["ar", "en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "past",
            "DATE_ORDER": "DMY",
            "RETURN_TIME_AS_PERIOD": True,
        },
    )


def parse_fallback(
    text: str, now: datetime.datetime | None, zone: datetime.tzinfo
) -> NormalisedDate | None:
    """``dateparser``'s reading of ``text`` (cleaned, not folded), or ``None``."""
    base = _NO_NOW if now is None else now.astimezone(zone).replace(tzinfo=None)
    parser = _parser(base)
    try:
        data = parser.get_date_data(text)
    except (ValueError, OverflowError, TypeError, KeyError, IndexError, AttributeError) as exc:
        # dateparser fails on odd input in several ways; the string is simply no date
        logger.debug("dateparser failed on %r: %s", text[:80], type(exc).__name__)
        return None
    value = data.date_obj
    if value is None or data.period not in ("day", "time"):
        return None
    if not _FIRST_YEAR <= value.year <= _LAST_YEAR:
        return None  # built from the far-past reference, or not a plausible date
    if data.period == "day":
        return at_day(value.date())
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return at_time(value, seconds=bool(value.second or value.microsecond))
