"""The rules of :mod:`levant.urls` applied to one URL, uncached.

:func:`apply_rules` is the general path: w3lib's canonicalisation plus levant's
eleven rules, noting which rules changed the URL. :func:`plain_site_form` is the
shortcut for the links a crawl meets most (the site's own ``scheme://host/path``
of text), which only rules 4 and 11 can change; it answers ``None`` for anything
else. Both are pure functions of ``(url, rules)``; :mod:`levant.urls` caches their
answers per :class:`~levant.urls.CanonicalRules`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as _w3lib_canonicalize_url

if TYPE_CHECKING:
    from collections.abc import Callable

    from levant.urls import CanonicalRules

#: A canonical URL and the kinds of rules that produced it.
Form = tuple[str, tuple[str, ...]]

HTTP_SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ESCAPE_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
# ASCII escapes that stay escaped while the path is brought to NFC: the ones
# w3lib keeps (%25 %2F %3B %3F) and those of characters it escapes again.
# Every other ASCII escape is decoded, as w3lib would decode it anyway.
_DECODABLE_ASCII = frozenset(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,=:@[]|"
)
# A byte of an escape run that must stay escaped (the complement of the above).
_KEPT_ESCAPED = re.compile(b"[^" + re.escape(bytes(sorted(_DECODABLE_ASCII))) + rb"\x80-\xff]")
_DUPLICATE_SLASHES = re.compile(r"/{2,}")
_FILE_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,8}$")
# scheme://host[:port]/path, the path of unreserved ASCII, escapes of non-ASCII
# bytes and non-ASCII characters other than spaces only (see plain_site_form).
_SIMPLE_URL = re.compile(
    r"(https?)://([a-z0-9.-]+)(?::([0-9]{1,5}))?"
    r"((?:/(?:[A-Za-z0-9._~-]|%[89A-Fa-f][0-9A-Fa-f]|[^\x00-\x7f\s])*)+)"
)
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_SURROGATE_BYTE = re.compile("[\udc80-\udcff]")


def explicit_port(scheme: str, port: int | None) -> int | None:
    """*port*, or None when it is the default port of *scheme*."""
    return None if port == _DEFAULT_PORTS.get(scheme) else port


def plain_site_form(url: str, rules: CanonicalRules) -> Form | None:
    """The canonical form of a plain ``scheme://host[:port]/path`` URL, or None.

    Most URLs a crawl meets are links to the site's articles and listings, with a
    path of unreserved characters and escapes of UTF-8 text (WordPress writes them
    in lower-case hex), and the requests for them: for these only rules 4 and 11 can
    apply, computed here without the general machinery. With a site in *rules*, only
    its own scheme, host and port qualify; without one (the fingerprinter's rules),
    any host but a ``www.`` one to fold, and no default port written out. Anything
    else (a query, a fragment, whitespace, upper-case or non-ASCII hosts, dot
    segments, duplicate slashes, an ``amp`` suffix, ASCII escapes, invalid UTF-8)
    returns None for :func:`apply_rules`. Tests check both give the same form.
    """
    match = _SIMPLE_URL.fullmatch(url)
    if match is None:
        return None
    scheme, host, port, path = match.groups()
    number = int(port) if port else None
    if rules.site_host is not None:
        if scheme != rules.site_scheme or host != rules.site_host or number != rules.site_port:
            return None
    elif number == _DEFAULT_PORTS[scheme] or (rules.fold_www and host.startswith("www.")):
        return None
    if (
        "//" in path
        or path.endswith(("/amp", "/amp/"))
        or any(segment in (".", "..") for segment in path.split("/"))
    ):
        return None
    try:
        text = _ESCAPE_RUN.sub(_decode_utf8, path) if "%" in path else path
        encoded = _NON_ASCII_RUN.sub(_encode_utf8, unicodedata.normalize("NFC", text))
    except UnicodeError:  # escapes of bytes that are not UTF-8, lone surrogates
        return None
    kinds: tuple[str, ...] = ("encoding",) if encoded != path else ()
    if not encoded.endswith("/") and not _FILE_EXTENSION.search(encoded.rpartition("/")[2]):
        encoded += "/"
        kinds += ("trailing_slash",)
    return f"{scheme}://{match.group(2)}{':' + port if port else ''}{encoded}", kinds


def _decode_utf8(escapes: re.Match[str]) -> str:
    return bytes.fromhex(escapes.group().replace("%", "")).decode("utf-8")


def _encode_utf8(text: re.Match[str]) -> str:
    return "%" + text.group().encode("utf-8").hex("%").upper()


def apply_rules(url: str, rules: CanonicalRules, kinds: set[str] | None) -> str:
    """Apply the rules to *url*; add the name of each rule that changed it to *kinds*."""
    note = kinds.add if kinds is not None else _ignore
    text = _strip_whitespace(url)
    if text != url:
        note("encoding")
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    if parts.scheme not in HTTP_SCHEMES:
        return url
    if not text.startswith(parts.scheme):
        note("scheme")
    if "#" in text:
        note("fragment")

    # Rules 2-6: w3lib, after duplicate slashes and NFC.
    raw_path = parts.path
    path = _nfc_path(_DUPLICATE_SLASHES.sub("/", raw_path))
    prepared = urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
    try:
        canonical = _w3lib_canonicalize_url(prepared, keep_blank_values=True)
        canonical_parts = urlsplit(canonical)
        host, port = canonical_parts.hostname or "", canonical_parts.port
    except ValueError:  # an invalid port or IPv6 address
        return text
    if canonical_parts.netloc.rpartition("@")[2] != parts.netloc.rpartition("@")[2]:
        note("host")
    path = _DUPLICATE_SLASHES.sub("/", canonical_parts.path)
    if not raw_path:
        note("trailing_slash")
    elif path != raw_path:
        note("encoding")

    # Rules 7 and 8: ports, site scheme and host, www.
    scheme = canonical_parts.scheme
    site_host = rules._site_host_of(host)
    kept_port = explicit_port(scheme, port)
    if kept_port is None and port is not None:
        note("port")
    if site_host is not None and kept_port == rules.site_port:
        if host != site_host:
            note("host")
        if scheme != rules.site_scheme:
            note("scheme")
        host, scheme, kept_port = site_host, rules.site_scheme, rules.site_port
    elif rules.fold_www and host.startswith("www."):
        host = host[4:]
        note("host")
    userinfo, at, _ = canonical_parts.netloc.rpartition("@")
    netloc = userinfo + at + _bracket_ipv6(host)
    if kept_port is not None:
        netloc += f":{kept_port}"

    # Rules 9 and 10 in the query: tracking and amp parameters.
    query = _clean_query(canonical_parts.query, rules, note)
    if kinds is not None:
        _note_query_changes(parts.query, query, rules, note)

    # Rules 10 and 11 in the path: /amp suffix, trailing slash.
    path = _fold_amp_suffix(path, note)
    if not path.endswith("/") and not _FILE_EXTENSION.search(path.rpartition("/")[2]):
        path += "/"
        note("trailing_slash")
    result = urlunsplit((scheme, netloc, path, query, ""))
    if ";" in path and path != canonical_parts.path:
        # w3lib leaves ";params" of the last segment as they are; once that
        # segment is no longer last, they are path text to normalise.
        result = _w3lib_canonicalize_url(result, keep_blank_values=True)
    return result


def _strip_whitespace(url: str) -> str:
    """Rule 1: whitespace around the URL, and at the end of its path (``/a/ ?x``), goes:
    so that removing a query never leaves a path that differs by a space."""
    text = url.strip()
    cut = min((i for i in (text.find("?"), text.find("#")) if i >= 0), default=len(text))
    head = text[:cut].rstrip()
    return head + text[cut:] if len(head) != cut else text


def _ignore(_kind: str) -> None:
    pass


def _bracket_ipv6(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _nfc_path(path: str) -> str:
    """*path* with its percent-escapes decoded where w3lib would decode them and
    its text in Unicode NFC. Bytes that are not UTF-8 stay percent-escaped."""
    if path.isascii() and "%" not in path:
        return path
    pieces: list[str] = []  # text pieces, NFC-normalised one by one
    escapes: list[str] = []  # the ASCII escape that follows each piece
    current: list[str] = []
    position = 0
    for match in _ESCAPE_RUN.finditer(path):
        current.append(path[position : match.start()])
        position = match.end()
        raw = bytes.fromhex(match.group().replace("%", ""))
        if not _KEPT_ESCAPED.search(raw):  # the usual case: UTF-8 text, all decoded
            current.append(raw.decode("utf-8", "surrogateescape"))
            continue
        chunk = bytearray()
        for byte in raw:
            if byte >= 0x80 or byte in _DECODABLE_ASCII:
                chunk.append(byte)
                continue
            current.append(chunk.decode("utf-8", "surrogateescape"))
            chunk.clear()
            pieces.append("".join(current))
            escapes.append(f"%{byte:02X}")
            current = []
        current.append(chunk.decode("utf-8", "surrogateescape"))
    current.append(path[position:])
    pieces.append("".join(current))
    escapes.append("")
    return "".join(
        _SURROGATE_BYTE.sub(_escape_surrogate, unicodedata.normalize("NFC", piece)) + escape
        for piece, escape in zip(pieces, escapes, strict=True)
    )


def _escape_surrogate(match: re.Match[str]) -> str:
    return f"%{ord(match.group()) - 0xDC00:02X}"


def _note_query_changes(
    before: str, after: str, rules: CanonicalRules, note: Callable[[str], None]
) -> None:
    """Note "query_order" and "encoding" for the parameters that were kept."""
    kept = [
        pair
        for pair in before.split("&")
        if pair and not _is_dropped(unquote_plus(pair.partition("=")[0]), rules)
    ]
    keys = [_query_key(pair) for pair in kept]
    if keys != sorted(keys):
        note("query_order")
    if "&".join(sorted(kept, key=_query_key)) != after:
        note("encoding")


def _query_key(pair: str) -> tuple[str, str]:
    name, _, value = pair.partition("=")
    return unquote_plus(name), unquote_plus(value)


def clean_query(query: str, rules: CanonicalRules) -> str:
    """*query* without its tracking and ``amp`` parameters, the rest as it was."""
    return _clean_query(query, rules, _ignore)


def _clean_query(query: str, rules: CanonicalRules, note: Callable[[str], None]) -> str:
    if not query:
        return query
    kept = []
    for pair in query.split("&"):
        dropped = _is_dropped(unquote_plus(pair.partition("=")[0]), rules)
        if dropped:
            note(dropped)
        else:
            kept.append(pair)
    return "&".join(kept)


def _is_dropped(name: str, rules: CanonicalRules) -> str | None:
    """The rule ("amp" or "tracking") that removes the query parameter *name*."""
    if name.lower() == "amp":
        return "amp"
    if rules.is_tracking_param(name):
        return "tracking"
    return None


def _fold_amp_suffix(path: str, note: Callable[[str], None]) -> str:
    while path.endswith(("/amp", "/amp/")):
        path = path.removesuffix("/").removesuffix("amp")
        note("amp")
    return path
