"""Fold a raw date string into the one canonical form the grammar reads.

Folding is lossless for dates and cheap (one NFKC check and one ``str.translate``):

* digits: Eastern Arabic-Indic (``٠``-``٩``) and Persian (``۰``-``۹``) become ASCII;
* punctuation: Arabic comma, semicolon, percent and decimal marks become ASCII ones,
  every dash becomes ``-``;
* invisible marks (RLM, LRM, ALM, zero-width characters, bidi embeddings and
  isolates, BOM), tatweel and Arabic diacritics are removed (a tatweel between two
  numbers, ``15 ـ 3 ـ 2011``, is a dash);
* every kind of space (NBSP, narrow NBSP, thin space, tabs, newlines) becomes one space;
* letter variants are merged so spelling variants meet: ``أ إ آ ٱ`` -> ``ا``,
  ``ى`` -> ``ي``, ``ة`` -> ``ه``, ``ؤ`` -> ``و``, ``ئ`` -> ``ي``, Persian ``ی ک``;
* Latin letters are lower-cased.

Example: ``"آخر تحديث:\u00a0١٤ سبتمبر ٢٠٢١ - ٠٩:١٥ ص"`` folds to
``"اخر تحديث: 14 سبتمبر 2021 - 09:15 ص"``.
"""

from __future__ import annotations

import re
import unicodedata

_DELETE = (
    "\u200b\u200c\u200d\u200e\u200f"  # zero-width space/non-joiner/joiner, LRM, RLM
    "\u061c"  # Arabic letter mark (ALM)
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    "\ufeff"  # byte order mark
    "\u0640"  # tatweel
    + "".join(chr(c) for c in range(0x064B, 0x0660))  # harakat, shadda, sukun, ...
    + "\u0670"  # superscript alef
)

_SPACES = "\t\n\r\v\f\u00a0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(
    chr(c) for c in range(0x2000, 0x200B)
)

_REPLACE = {
    **{0x0660 + i: str(i) for i in range(10)},  # Arabic-Indic digits
    **{0x06F0 + i: str(i) for i in range(10)},  # Persian digits
    ord("\u060c"): ",",  # Arabic comma
    ord("\u061b"): ";",  # Arabic semicolon
    ord("\u066a"): "%",  # Arabic percent sign
    ord("\u066b"): ".",  # Arabic decimal separator
    ord("\u066c"): ",",  # Arabic thousands separator
    ord("\u061f"): "?",
    **{c: "-" for c in range(0x2010, 0x2016)},  # hyphens and dashes
    ord("\u2212"): "-",  # minus sign
    ord("\u2044"): "/",  # fraction slash
    ord("\u2215"): "/",  # division slash
}
_LETTERS = {
    ord("\u0623"): "\u0627",  # alef with hamza above
    ord("\u0625"): "\u0627",  # alef with hamza below
    ord("\u0622"): "\u0627",  # alef with madda
    ord("\u0671"): "\u0627",  # alef wasla
    ord("\u0649"): "\u064a",  # alef maksura -> yeh
    ord("\u0629"): "\u0647",  # teh marbuta -> heh
    ord("\u0624"): "\u0648",  # waw with hamza
    ord("\u0626"): "\u064a",  # yeh with hamza
    ord("\u06cc"): "\u064a",  # Persian yeh
    ord("\u06a9"): "\u0643",  # keheh
}
_CLEAN = str.maketrans(
    {**_REPLACE, **{ord(c): None for c in _DELETE}, **{ord(c): " " for c in _SPACES}}
)
_FOLD = str.maketrans(
    {**_REPLACE, **_LETTERS, **{ord(c): None for c in _DELETE}, **{ord(c): " " for c in _SPACES}}
)


def fold(raw: str) -> str:
    """Return ``raw`` folded for matching (see the module docstring)."""
    return " ".join(_tatweel_dashes(_nfkc(raw)).translate(_FOLD).lower().split())


def clean(raw: str) -> str:
    """Digits, punctuation, marks and spaces as in :func:`fold`; letters left as printed."""
    return " ".join(_tatweel_dashes(_nfkc(raw)).translate(_CLEAN).split())


def _tatweel_dashes(raw: str) -> str:
    """A tatweel standing between two numbers is a dash (``15 ـ 3 ـ 2011``), not a
    stretch of a letter to delete."""
    if "\u0640" not in raw:
        return raw
    return _TATWEEL_DASH.sub("-", raw)


_TATWEEL_DASH = re.compile(r"(?<=\d)\s*\u0640+\s*(?=\d)")


def _nfkc(raw: str) -> str:
    if raw.isascii() or unicodedata.is_normalized("NFKC", raw):
        return raw
    return unicodedata.normalize("NFKC", raw)  # Arabic presentation forms, full-width forms
