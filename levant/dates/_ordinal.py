"""Day numbers written as ordinal words: ``الثالث من آذار``, ``للحادي والعشرين من شهر رمضان``.

:func:`digits_for_ordinals` rewrites an ordinal day (optionally after ``ل``, ``ب`` or
``في``) that stands before a month name, with ``من`` and ``شهر`` between or not, as
its number, so the grammar reads ``3 من آذار``. ``غرة`` (the first day) counts too.
Reads and returns folded text (see :mod:`levant.dates._text`).
"""

from __future__ import annotations

import functools
import re

from levant.dates._months import alternation, gregorian_months, hijri_months

_L = r"[^\W\d_]"
_UNITS = ("حادي", "ثاني", "ثالث", "رابع", "خامس", "سادس", "سابع", "ثامن", "تاسع")


def _ordinal_words() -> dict[str, int]:
    """Folded ordinal phrase, its article left off -> day number (1-31)."""
    words = {"اول": 1, "واحد": 1, "عاشر": 10}
    for number, unit in enumerate(_UNITS, start=1):
        if number > 1:
            words[unit] = number
        words[f"{unit} عشر"] = 10 + number
        for tens, names in ((20, ("العشرين", "العشرون")), (30, ("الثلاثين", "الثلاثون"))):
            for name in names:
                words[name[2:]] = tens
                if tens + number <= 31:
                    words[f"{unit} و{name}"] = tens + number
                    if number == 1:
                        words[f"واحد و{name}"] = tens + 1
    return words


@functools.cache
def _pattern() -> tuple[re.Pattern[str], dict[str, int]]:
    words = _ordinal_words()
    ordinal = "|".join(
        re.escape(w).replace(r"\ و", r"\s+و\s*").replace(r"\ ", r"\s+")
        for w in sorted(words, key=len, reverse=True)
    )
    months = alternation({**gregorian_months(), **hijri_months()})
    pattern = re.compile(
        rf"(?<!{_L})(?:في\s+)?(?:[بو]?ال|لل)(?P<o>{ordinal})(?!{_L})\s+"
        rf"(?=(?:من\s+)?(?:شهر\s+)?(?:{months})(?!{_L}))"
    )
    return pattern, {w.replace(" ", ""): n for w, n in words.items()}


def digits_for_ordinals(text: str) -> str:
    """``text`` with each ordinal day before a month name written as its number."""
    if "غره" in text:
        text = _first_day().sub("1 ", text)
    if _stem().search(text) is None:
        return text
    pattern, numbers = _pattern()

    def number(match: re.Match[str]) -> str:
        return f"{numbers[''.join(match['o'].split())]} "

    return pattern.sub(number, text)


@functools.cache
def _stem() -> re.Pattern[str]:
    return re.compile("|".join(("اول", "واحد", "عاشر", "عشر", "ثلاث", *_UNITS)))


@functools.cache
def _first_day() -> re.Pattern[str]:
    months = alternation({**gregorian_months(), **hijri_months()})
    return re.compile(rf"(?<!{_L})(?:في\s+)?غره\s+(?=(?:شهر\s+)?(?:{months})(?!{_L}))")
