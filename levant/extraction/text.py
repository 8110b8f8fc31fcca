"""Text clean-up shared by the extractors: whitespace, invisible marks, control characters."""

from __future__ import annotations

import re

# Bidi controls, zero-width characters, BOM, soft hyphen and C0 controls but \t\n\r.
_INVISIBLE = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad\u061c\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
)


def clean_text(text: str | None) -> str:
    """Collapse whitespace (NBSP included) and drop invisible and control characters."""
    if not text:
        return ""
    # str.split() splits on exactly the characters re's \s matches (str.isspace).
    return " ".join(_INVISIBLE.sub("", text).split())
