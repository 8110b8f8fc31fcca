"""Arabic (and English) date strings as printed on news pages, normalised.

One entry point, :func:`normalise_date`, returning a :class:`NormalisedDate` (a date
or an aware datetime, with its precision) or ``None`` when the string holds no date.
Common forms take a fast regex path; ``dateparser`` is the lazily imported fallback.
``python -m levant.dates`` runs it over stdin (see :mod:`levant.dates.__main__`).
"""

from levant.dates._normalise import normalise_date
from levant.dates._result import NormalisedDate

__all__ = ["NormalisedDate", "normalise_date"]
