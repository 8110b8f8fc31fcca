"""The value :func:`levant.dates.normalise_date` returns, and helpers that build it."""

from __future__ import annotations

import dataclasses
import datetime

DAY = "day"
MINUTE = "minute"
SECOND = "second"


@dataclasses.dataclass(frozen=True)
class NormalisedDate:
    """A date or an aware datetime, with the precision the source string stated.

    ``value`` is a :class:`datetime.date` when ``precision`` is ``"day"``, otherwise
    a timezone-aware :class:`datetime.datetime` (``"minute"``: seconds are zero;
    ``"second"``: seconds and microseconds as stated).
    """

    value: datetime.datetime | datetime.date
    precision: str

    def isoformat(self) -> str:
        """``"2021-09-14"`` for day precision, ``"2021-09-14T09:15:00+03:00"`` otherwise."""
        return self.value.isoformat()


def at_day(value: datetime.date) -> NormalisedDate:
    """A day-precision result (a ``datetime`` is reduced to its date)."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return NormalisedDate(value, DAY)


def at_time(value: datetime.datetime, *, seconds: bool) -> NormalisedDate:
    """A minute- or second-precision result from an aware datetime."""
    if seconds:
        return NormalisedDate(value, SECOND)
    return NormalisedDate(value.replace(second=0, microsecond=0), MINUTE)
