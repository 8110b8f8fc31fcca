"""The ``levant`` spider's arguments (``-a name=value``), read and checked once.

Scrapy hands spider arguments over as strings; :meth:`SpiderArgs.parse` turns them
into typed values and refuses a bad one with a :class:`ValueError` that names the
argument, the value and what would do, before anything is crawled.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from levant.state.crawl import MODES

RENDER_MODES = ("auto", "never", "always")
DISCOVERY = ("feed", "sitemap", "sections")


@dataclass(frozen=True)
class SpiderArgs:
    base_url: str | None = None  # None: LEVANT_BASE_URL
    sections: tuple[str, ...] = ()  # () : every section of the menu
    max_pages: int | None = None  # listing pages per section at most
    since: date | None = None  # stop paginating a section past entries older than this
    render: str = "auto"
    mode: str = "incremental"
    discover: tuple[str, ...] = ("sections",)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The arguments' names, as ``-a`` gives them."""
        return tuple(f.name for f in fields(cls))

    @classmethod
    def parse(
        cls,
        base_url: str | None = None,
        sections: str | None = None,
        max_pages: str | int | None = None,
        since: str | None = None,
        render: str = "auto",
        mode: str = "incremental",
        discover: str = "sections",
    ) -> SpiderArgs:
        return cls(
            base_url=base_url.strip() or None if base_url else None,
            sections=_csv(sections),
            max_pages=_positive("max_pages", max_pages),
            since=_day("since", since),
            render=_choice("render", render, RENDER_MODES),
            mode=_choice("mode", mode, MODES),
            discover=tuple(_choice("discover", d, DISCOVERY) for d in _csv(discover))
            or ("sections",),
        )


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"{name}={value!r}: use one of {', '.join(allowed)}")
    return value


def _csv(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip()) if value else ()


def _positive(name: str, value: str | int | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ValueError(f"{name}={value!r}: use a whole number of at least 1")
    return number


def _day(name: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{name}={value!r}: use a date as YYYY-MM-DD") from None
