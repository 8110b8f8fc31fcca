"""The ``levant`` spider's arguments (``-a name=value``), read and checked once.

Scrapy hands spider arguments over as strings; :meth:`SpiderArgs.parse` turns them
into typed values and refuses a bad one with a :class:`ValueError` that names the
argument, the value and what would do, before anything is crawled.

Every argument that is a URL (``base_url``) is checked by :func:`check_site_url`, like
every URL the downloader may request: http(s), a host, no userinfo, no backslash in
its authority; link-local and cloud metadata addresses (169.254.169.254, fd00:ec2::254,
``metadata.google.internal``...) are always refused; private, loopback and other
reserved addresses (``localhost``, 127.0.0.1, 10.0.0.0/8, ``[::1]``...) only with
``LEVANT_ALLOW_PRIVATE_BASE_URL = True`` (``settings.demo`` sets it: the mirror is on
127.0.0.1). IPv4 written as ``127.1``, ``2130706433`` or ``0x7f000001`` is read as the
resolver reads it. Host names are not resolved here.

:func:`site_base_url` applies the check to the base URL a crawl will use (the argument,
else ``LEVANT_BASE_URL``) with the setting, and :func:`exit_on` turns a refusal into one
ERROR line and exit status 2, without a traceback. The downloader's site guard
(:class:`levant.downloader.siteonly.SiteOnlyMiddleware`) runs them when the crawl is
built, before any request.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from dataclasses import dataclass, fields
from datetime import date
from typing import NoReturn
from urllib.parse import urlsplit

from scrapy.settings import BaseSettings

from levant.state.crawl import MODES

logger = logging.getLogger(__name__)

ALLOW_PRIVATE = "LEVANT_ALLOW_PRIVATE_BASE_URL"
RENDER_MODES = ("auto", "never", "always")
#: Always refused, whatever the setting: cloud metadata services.
METADATA_HOSTS = frozenset(
    {"metadata.google.internal", "metadata", "instance-data", "metadata.azure.internal"}
)
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)


class ArgumentError(ValueError):
    """A spider argument (or the setting it falls back to) that cannot be used."""


DISCOVERY = ("api", "feed", "sitemap", "sections")
# The crawl's modes: the state's two, and watch (an incremental crawl that stays up).
ARG_MODES = (*MODES, "watch")


@dataclass(frozen=True)
class SpiderArgs:
    base_url: str | None = None  # None: LEVANT_BASE_URL
    sections: tuple[str, ...] = ()  # () : every section of the menu
    max_pages: int | None = None  # listing pages per section at most
    since: date | None = None  # stop paginating a section past entries older than this
    render: str = "auto"
    mode: str = "incremental"
    discover: tuple[str, ...] = ("api", "sections")
    interval: float | None = None  # mode=watch: seconds between two polls (default 60)

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
        discover: str = "api,sections",
        interval: str | float | None = None,
    ) -> SpiderArgs:
        return cls(
            base_url=base_url.strip() or None if base_url else None,
            sections=_csv(sections),
            max_pages=_positive("max_pages", max_pages),
            since=_day("since", since),
            render=_choice("render", render, RENDER_MODES),
            mode=_choice("mode", mode, ARG_MODES),
            discover=tuple(_choice("discover", d, DISCOVERY) for d in _csv(discover))
            or ("sections",),
            interval=_interval(mode, interval),
        )


def check_site_url(name: str, value: str, *, allow_private: bool) -> str:
    """*value* if a crawl may take it as the site; else :class:`ArgumentError` naming
    *name*, the value and why."""

    def refuse(why: str) -> NoReturn:
        raise ArgumentError(f"{name}={value!r}: {why}")

    try:
        parts = urlsplit(value)
        host, _ = (parts.hostname or "").rstrip("."), parts.port
    except ValueError as error:
        refuse(f"not a URL ({error})")
    if parts.scheme.lower() not in ("http", "https") or not host:
        refuse("use an http(s) URL with a host, e.g. https://thelevantnews.com/")
    if "@" in parts.netloc or "\\" in value:
        refuse("a URL with user information or a backslash is not a site's address")
    address = _address(host)
    if host in METADATA_HOSTS or (address is not None and address in METADATA_ADDRESSES):
        refuse("a cloud metadata service is never crawled")
    if address is not None and address.is_link_local:
        refuse("a link-local address is never crawled")
    local = host == "localhost" or host.endswith(".localhost")
    if not allow_private and (local or (address is not None and not address.is_global)):
        refuse(
            "a private, loopback or reserved address; set "
            f"{ALLOW_PRIVATE}=True to crawl a site there (a mirror, staging)"
        )
    return value


def site_base_url(argument: str | None, settings: BaseSettings, default: str) -> str:
    """The base URL a crawl will use (the ``base_url`` argument, else ``LEVANT_BASE_URL``,
    else *default*), checked with ``LEVANT_ALLOW_PRIVATE_BASE_URL``."""
    name, value = ("base_url", argument) if argument else ("LEVANT_BASE_URL", None)
    value = value or settings.get("LEVANT_BASE_URL") or default
    return check_site_url(name, value, allow_private=settings.getbool(ALLOW_PRIVATE, False))


def exit_on(error: ArgumentError) -> NoReturn:
    """Stop the process on a bad argument: one ERROR line, exit status 2, no traceback."""
    logger.error("Bad argument, nothing crawled: %s", error)
    raise SystemExit(2)


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address *host* spells, as a resolver reads it (``127.1``, ``0x7f000001``...)."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        try:
            address = ipaddress.ip_address(socket.inet_aton(host))
        except (OSError, ValueError):
            return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ArgumentError(f"{name}={value!r}: use one of {', '.join(allowed)}")
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
        raise ArgumentError(f"{name}={value!r}: use a whole number of at least 1")
    return number


def _interval(mode: str, value: str | float | None) -> float | None:
    """``interval``: seconds, more than 0; only with ``mode=watch`` (default 60)."""
    if value is None or value == "":
        return 60.0 if mode.strip() == "watch" else None
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not seconds > 0 or seconds != seconds or seconds == float("inf"):
        raise ArgumentError(f"interval={value!r}: use a number of seconds above 0")
    if mode.strip() != "watch":
        raise ArgumentError(f"interval={value!r}: only mode=watch polls at an interval")
    return seconds


def _day(name: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ArgumentError(f"{name}={value!r}: use a date as YYYY-MM-DD") from None
