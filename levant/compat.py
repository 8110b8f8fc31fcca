"""What levant needs from its libraries and they offer no public API for: one adapter each.

Everything here is a known gap, checked against the versions it was read from, so an
upgrade fails loudly in one place instead of misbehaving quietly somewhere else.

- :class:`EngineProgress`: the requests Scrapy's engine is processing, and a way to
  make it ask the scheduler again at once. Scrapy has no public "request done"
  signal or in-progress count; the engine keeps them in ``engine._slot.inprogress``
  and ``engine._slot.nextcall`` (the layout of Scrapy 2.13 to 2.19, checked in
  :data:`ENGINE_SLOT_SCRAPY`). Outside that range :meth:`EngineProgress.check`
  raises ``NotConfigured`` naming the versions. Used by
  :class:`levant.cluster.scheduler.ClusterScheduler`.
- :func:`ignore_spidermon_spider_log`: spidermon's own result logger still calls
  ``Spider.log()``, deprecated by Scrapy 2.19 (scrapy/scrapy#7739); the warning it
  raises is spidermon's, not ours, and no spidermon release avoids it yet
  (1.27.0 is the latest). The filter matches that one message from that one module.
- :func:`limit_header_parsing`: Twisted's HTTP client reads every header line of a
  response before anyone may look (2,000,000 lines: 1.5 GB), and offers no limit. The
  parser (``twisted.web._newclient.HTTPClientParser`` and Scrapy's subclass of it) is
  wrapped to count lines and bytes while they arrive; checked for the Twisted versions
  in :data:`HEADER_PARSER_TWISTED` (``NotConfigured`` outside them). Used by
  :mod:`levant.downloader.bounds`.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from collections.abc import Collection

    from scrapy import Request

#: Scrapy versions whose engine keeps requests in progress in ``_slot.inprogress``
#: and its wake-up call in ``_slot.nextcall``: from (inclusive) ... to (exclusive).
ENGINE_SLOT_SCRAPY = ("2.13", "2.20")

#: Twisted versions whose HTTP client parser reads header lines in ``lineReceived``
#: while ``state == HEADER``: from (inclusive) ... to (exclusive).
HEADER_PARSER_TWISTED = ("22.10", "27")

#: The module of spidermon that logs through ``Spider.log()`` (spidermon 1.27.0).
SPIDERMON_RUNNERS = r"spidermon\.contrib\.scrapy\.runners"


def scrapy_version() -> str:
    from importlib.metadata import version

    return version("scrapy")


class EngineProgress:
    """The engine's requests in progress, read where Scrapy keeps them (no public API).

    Built for one engine; :meth:`check` first, once, when a component that depends on
    it opens (``ClusterScheduler.open``).
    """

    def __init__(self, engine: Any) -> None:
        self.engine = engine

    @staticmethod
    def check(version: str | None = None) -> None:
        """``NotConfigured`` unless the Scrapy running is one whose layout is known."""
        from packaging.version import Version

        version = version or scrapy_version()
        low, high = ENGINE_SLOT_SCRAPY
        if not Version(low) <= Version(version) < Version(high):
            raise NotConfigured(
                f"levant's cluster scheduler reads the engine's requests in progress, which"
                f" Scrapy offers no public API for; it knows where Scrapy {low} up to (not"
                f" including) {high} keeps them, not where Scrapy {version} does: install"
                f" a Scrapy in that range (requirements.txt) or update levant.compat"
            )

    def _slot(self) -> Any:
        slot = getattr(self.engine, "_slot", None)
        if slot is None or not hasattr(slot, "inprogress"):
            return None
        return slot

    def requests(self) -> Collection[Request] | None:
        """The requests the engine is processing (downloading, their callback's output
        and items still under way); ``None`` when the engine has no spider open."""
        slot = self._slot()
        return slot.inprogress if slot is not None else None

    def wake(self) -> None:
        """Have the engine ask the scheduler for a request now, not at its next heartbeat
        (every 5 s): an idle cluster worker then takes new work within its poll."""
        slot = self._slot()
        if slot is not None:
            slot.nextcall.schedule()


def ignore_spidermon_spider_log() -> None:
    """Ignore the ``Spider.log()`` deprecation raised from spidermon's runner only.

    Idempotent (``warnings`` keeps one copy of an identical filter). Remove it once a
    spidermon release logs through ``spider.logger``: the test of a demo crawl without
    deprecation warnings (tests/monitoring/test_validation_warnings.py) still passes.
    """
    from scrapy.exceptions import ScrapyDeprecationWarning

    warnings.filterwarnings(
        "ignore",
        message=r"Spider\.log\(\) is deprecated",
        category=ScrapyDeprecationWarning,
        module=SPIDERMON_RUNNERS,
    )


class TooManyHeaders(Exception):
    """Raised inside Twisted's response parser past the header bounds."""


def limit_header_parsing(count: int, size: int) -> None:
    """Make Twisted's HTTP client stop reading a response past ``count`` header lines or
    ``size`` header bytes (process-wide: one crawl per process). Scrapy parses with its
    own subclass of Twisted's parser; both are bounded. ``NotConfigured`` on a Twisted
    whose parser was not checked (:data:`HEADER_PARSER_TWISTED`)."""
    _check_version("twisted", "the HTTP client's header parser", HEADER_PARSER_TWISTED)
    from twisted.web import _newclient

    _newclient.HTTPClientParser._levant_bounds = (count, size)  # type: ignore[attr-defined]
    parsers: list[Any] = [_newclient.HTTPClientParser]
    try:
        from scrapy.core.downloader.handlers.http11 import _LenientHTTPClientParser
    except ImportError:  # another Scrapy: Twisted's parser only
        pass
    else:
        parsers.append(_LenientHTTPClientParser)
    for parser in parsers:
        if "_levant_original" not in parser.__dict__:
            parser._levant_original = parser.lineReceived
            parser.lineReceived = _bounded_line_received


def _bounded_line_received(self: Any, line: bytes) -> None:
    from twisted.web import _newclient

    if self.state == _newclient.HEADER:
        most, most_bytes = self._levant_bounds
        self._levant_lines = getattr(self, "_levant_lines", 0) + 1
        self._levant_bytes = getattr(self, "_levant_bytes", 0) + len(line)
        if (most and self._levant_lines > most + 1) or (
            most_bytes and self._levant_bytes > most_bytes
        ):
            raise TooManyHeaders(f"more than {most} headers or {most_bytes} bytes")
    type(self)._levant_original(self, line)


def _check_version(package: str, what: str, supported: tuple[str, str]) -> None:
    """``NotConfigured`` unless *package* is a version whose *what* was read."""
    from importlib.metadata import version

    from packaging.version import Version

    found = version(package)
    if not Version(supported[0]) <= Version(found) < Version(supported[1]):
        raise NotConfigured(
            f"{package} {found}: levant reads {what} as {package} {supported[0]} up to (not"
            f" including) {supported[1]} has it; check levant.compat against this version"
        )
