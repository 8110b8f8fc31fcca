"""Whether a string is a date line, or a date-like piece of an ordinary sentence.

A date must be the whole string, allowing what a page's date line carries around it.
With the date and time spans taken out, each word left must be one of:

* a label or a word of a date line: ``نشر في``, ``آخر تحديث``, ``بتاريخ``, ``قديم``,
  ``مساهمة``, ``Published on``, a weekday, ``الموافق``, ``هـ``/``م``, ``عام``, ``الساعة``,
  a time-zone note (``بتوقيت مكة المكرمة``), ``حسب تقويم أم القرى``;
* a byline: up to three words after ``بقلم``, ``بواسطة``, ``كتب``, ``من طرف``, ``by``;
* otherwise an unknown word (a place, a site name, a category, an issue number): at most
  three of them, not on both sides of the date unless a ``|``/``-``/``•`` stands between;
  a news agency's credit in parentheses right after the date closing the string
  (``تونس 21 مارس 2023 (شينخوا)``) is set off too.

A preposition that makes the date part of a sentence (``منذ``, ``حتى``, ``قبل``, ``بعد``,
``خلال``, ``مطلع``) right before it, or ``الماضي``/``المقبل`` right after it, refuses the
string, and so does a count's unit right after it (``مقاسات 8-10-12 سنة``). Relative
forms (``اليوم``, ``أمس``, ``منذ 3 ساعات``) and dates without a year are stricter: no
unknown word at all, so ``اليوم السابق`` and ``في اليوم الأربعين من الحصار`` are no
dates. Reads folded text (see :mod:`levant.dates._text`).
"""

from __future__ import annotations

import functools
import re

_MAX_UNKNOWN = 3
_NAME_WORDS = 4  # a name set off by a separator: at most this many words
_BYLINE_WORDS = 3
_MARK = "\x00"
_STRONG = frozenset("|-•·")

_LABELS = """
نشر نشرت نشره نشرها منشور المنشور النشر تم في من على عند بتاريخ تاريخ التاريخ اخر
تحديث التحديث حدث محدث عدل تعديل التعديل الاخير اضيف اضافه الاضافه ادرج مساهمه
المساهمه مشاركه المشاركه قديم التسجيل العدد يوم اليوم امس الموافق موافق الموافقه ل
لل حسب تقويم ام القري م ه هجري هجريه للهجره ميلادي ميلاديه الساعه ساعه تمام صباحا
صباح مساء مساءا ظهرا ليلا فجرا عصرا توقيت بتوقيت غرينتش جرينتش عام العام سنه لعام
لسنه لهذا شهر الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت الاحد published posted
updated modified on at last date edited created the of update monday tuesday wednesday
thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun am pm gmt
utc t z g issue no vol year first second السنه الاولي الثانيه
"""
_NUMBERED = frozenset(("العدد", "رقم", "issue", "no", "vol"))  # a number after is theirs
_BYLINE = "بقلم بواسطه كتب كتبه كتبت الكاتب الكاتبه طرف اعداد تحرير متابعه by author"
_BEFORE_SENTENCE = (
    "منذ حتي بعد قبل خلال مطلع اواخر اوائل نهايه بدايه منتصف حوالي نحو وفي ففي الي بين "
    "اعتبارا ابتداء لغايه"
)
_AFTER_SENTENCE = "الماضي المقبل القادم الجاري المنصرم الفائت سنه سنوات عاما اعوام"  # 8-10-12 سنة
_TOKEN = re.compile(rf"{_MARK}|[^\W_]+|[|•·\-]")
_WORD = re.compile(r"[^\W_]")
# a news agency's credit in parentheses closing a dateline: "(شينخوا)", "(ا ف ب)"
_CREDIT = re.compile(rf"(?<={_MARK})\s*\(\s*(?:[^\W\d_]+\.?\s*){{1,3}}\)\s*$")


@functools.cache
def _words() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    return (
        frozenset(_LABELS.split()),
        frozenset(_BYLINE.split()),
        frozenset(_BEFORE_SENTENCE.split()),
        frozenset(_AFTER_SENTENCE.split()),
    )


def is_date_line(text: str, spans: list[tuple[int, int]], *, strict: bool = False) -> bool:
    """Whether folded ``text`` around its date and time ``spans`` is a date line.

    ``strict``: no unknown word at all (relative forms, dates without a year).
    """
    residue = _residue(text, spans)
    if residue.endswith(")"):
        residue = _CREDIT.sub("", residue)  # "تونس 21 مارس 2023 (شينخوا)"
    if _WORD.search(residue) is None:
        return True  # nothing but the date, its time and punctuation
    tokens = _TOKEN.findall(residue)
    if _MARK not in tokens:
        return False
    first = tokens.index(_MARK)
    last = len(tokens) - 1 - tokens[::-1].index(_MARK)
    _, _, before_words, after_words = _words()
    nearest = first - 1
    if nearest > 0 and tokens[nearest] in ("من", "في"):
        nearest -= 1  # "اعتباراً من 1 كانون الثاني"
    if nearest >= 0 and tokens[nearest] in before_words:
        return False
    if last + 1 < len(tokens) and tokens[last + 1] in after_words:
        return False
    before = _unknown(tokens[:first])
    after = _unknown(tokens[last + 1 :])
    middle = _unknown(tokens[first + 1 : last])
    count = _weight(tokens[:first], before) + _weight(tokens[last + 1 :], after) + len(middle)
    if count == 0:
        return True
    if strict or count > _MAX_UNKNOWN:
        return False
    before_attached = any(_STRONG.isdisjoint(tokens[i:first]) for i in before)
    after_attached = any(_STRONG.isdisjoint(tokens[last + 1 : last + 1 + i]) for i in after)
    return not (before_attached and after_attached)


def _weight(tokens: list[str], unknown: list[int]) -> int:
    """How many unknown words ``unknown`` (indices into ``tokens``) count for.

    A short run of them set off from the date by a ``|``/``-``/``•`` is one name
    (``Al Masry Al Youm - Sunday - February 2 nd - 2020``); the rest count one each.
    """
    count, run = 0, 0
    for index, token in enumerate(tokens):
        if token in _STRONG:
            count += 1 if 0 < run <= _NAME_WORDS else run
            run = 0
        elif index in unknown:
            run += 1
    return count + run  # the words next to the date are never set off


def _residue(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span replaced by one mark (overlapping spans merged)."""
    if len(spans) == 1:
        start, end = spans[0]
        return f"{text[:start]} {_MARK} {text[end:]}"
    parts, pos = [], 0
    for start, end in sorted(spans):
        if end <= pos:
            continue
        start = max(start, pos)
        parts.append(text[pos:start])
        if not parts[-1:] or not parts[-1].endswith(_MARK):
            parts.append(_MARK)
        pos = end
    parts.append(text[pos:])
    return " ".join(parts)


def _unknown(tokens: list[str]) -> list[int]:
    """Indices of the words in ``tokens`` that are neither labels nor a byline."""
    labels, byline, _, _ = _words()
    found, names, numbered = [], 0, False
    for index, token in enumerate(tokens):
        if numbered and token.isdigit():
            numbered = False
            continue
        numbered = token in _NUMBERED
        if token in _STRONG or token == _MARK:
            names = 0
        elif token in byline:
            names = _BYLINE_WORDS
        elif token in labels:
            continue
        elif names:
            names -= 1
        else:
            found.append(index)
    return found
