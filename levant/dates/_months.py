"""Month-name tables: Gregorian (Egyptian, Levantine/Iraqi, Maghrebi, English) and Hijri.

Names are written here as printed; :func:`gregorian_months` and :func:`hijri_months`
fold them (see :mod:`levant.dates._text`) so hamza, alef maksura and teh marbuta
variants match without being listed. Variants that differ by more than folding
(``كانون ثاني`` beside ``كانون الثاني``, ``يونيه`` beside ``يونيو``) are listed.
"""

from __future__ import annotations

import functools
import re

from levant.dates._text import fold

_GREGORIAN: dict[int, tuple[str, ...]] = {
    1: ("يناير", "كانون الثاني", "كانون ثاني", "جانفي", "january", "jan"),
    2: ("فبراير", "شباط", "فيفري", "فبرير", "february", "feb"),
    3: ("مارس", "آذار", "march", "mar"),
    4: ("أبريل", "إبريل", "نيسان", "أفريل", "ابريل", "april", "apr"),
    5: ("مايو", "أيار", "ماي", "may"),
    6: ("يونيو", "يونيه", "حزيران", "جوان", "june", "jun"),
    7: ("يوليو", "يوليه", "تموز", "جويلية", "جويلة", "يوليوز", "july", "jul"),
    8: ("أغسطس", "آب", "أوت", "غشت", "august", "aug"),
    9: ("سبتمبر", "أيلول", "شتنبر", "september", "sept", "sep"),
    10: ("أكتوبر", "تشرين الأول", "تشرين أول", "أكتوبر", "october", "oct"),
    11: ("نوفمبر", "تشرين الثاني", "تشرين ثاني", "نونبر", "november", "nov"),
    12: ("ديسمبر", "كانون الأول", "كانون أول", "دجنبر", "december", "dec"),
}

_HIJRI: dict[int, tuple[str, ...]] = {
    1: ("محرم", "المحرم", "محرم الحرام", "muharram"),
    2: ("صفر", "صفر الخير", "safar"),
    3: ("ربيع الأول", "ربيع أول", "ربيع الاول", "ربيع الأنور", "rabi al-awwal", "rabi al-awal"),
    4: (
        "ربيع الثاني",
        "ربيع ثاني",
        "ربيع الآخر",
        "ربيع الآخِر",
        "ربيع آخر",
        "rabi al-akhar",
        "rabi al-thani",
    ),
    5: ("جمادى الأولى", "جمادى الأول", "جمادى أولى", "جمادى الاولى", "جمادى أول"),
    6: ("جمادى الآخرة", "جمادى الآخر", "جمادى الثانية", "جمادى الثاني", "جمادى ثاني", "جمادى آخرة"),
    7: ("رجب", "رجب المرجب", "rajab"),
    8: ("شعبان", "شعبان المعظم", "shaban", "sha'ban", "sha\u2019ban"),
    9: ("رمضان", "رمضان المبارك", "رمضان المعظم", "ramadan", "ramadhan"),
    10: ("شوال", "shawwal"),
    11: (  # also written without the space
        "ذو القعدة",
        "ذي القعدة",
        "dhul-qidah",
        "dhul-qadah",
        "dhu al-qadah",
        "dhul-qui\u2019dah",
        "dhul-qui'dah",
    ),
    12: ("ذو الحجة", "ذي الحجة", "dhul-hijjah", "dhu al-hijjah"),
}


def _folded(table: dict[int, tuple[str, ...]]) -> dict[str, int]:
    return {fold(name): month for month, names in table.items() for name in names}


@functools.cache
def gregorian_months() -> dict[str, int]:
    """Folded Gregorian month name -> month number (1-12)."""
    return _folded(_GREGORIAN)


@functools.cache
def hijri_months() -> dict[str, int]:
    """Folded Hijri month name -> month number (1-12)."""
    return _folded(_HIJRI)


@functools.cache
def _compact(hijri: bool) -> dict[str, int]:
    table = hijri_months() if hijri else gregorian_months()
    return {name.replace(" ", ""): month for name, month in table.items()}


def month_number(matched: str, *, hijri: bool = False) -> int:
    """The month a matched name stands for (spacing and a final dot ignored), or 0."""
    return _compact(hijri).get(matched.rstrip(".").replace(" ", ""), 0)


def alternation(names: dict[str, int]) -> str:
    """A regex alternation of ``names``, longest first, tolerant of inner spacing."""
    ordered = sorted(names, key=len, reverse=True)
    return "|".join(re.escape(name).replace(r"\ ", r"\s*") for name in ordered)
