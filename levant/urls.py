"""Canonical URLs: one spelling per article.

The same article reaches the crawler under many URLs (tracking parameters, AMP
copies, raw or percent-encoded Arabic slugs, ``www.`` or not). :func:`canonicalize_url`
folds them into one form; the request fingerprinter
(:mod:`levant.fingerprint`) and the seen-store (:mod:`levant.state`) key on it.

The canonical form is an identity key first: for the site's own URLs it is also
the URL the spider requests, for foreign hosts it is only compared, never fetched.
Only ``http`` and ``https`` URLs are canonicalised; ``mailto:``, ``javascript:``,
``data:``, ``file:`` and relative URLs are returned unchanged. A ``str`` never
makes it raise: a URL that cannot be parsed comes back stripped of whitespace.

The rules, in the order they are applied (``S`` is ``https://thelevantnews.com``):

1. Surrounding whitespace is stripped, also at the end of the path before a query:
   ``" S/a/ "`` and ``"S/a/ ?x=1"`` -> ``S/a/`` and ``S/a/?x=1``.
2. The scheme and host are lower-cased, an internationalised host is IDNA-encoded
   (w3lib): ``HTTPS://TheLevantNews.COM/a/`` -> ``S/a/``.
3. Duplicate slashes in the path collapse: ``S/article//x/`` -> ``S/article/x/``.
4. The path is percent-decoded, brought to Unicode NFC, and re-encoded as UTF-8
   with upper-case hex (w3lib), so raw, lower-hex, upper-hex and NFD spellings of
   an Arabic slug agree: ``S/article/بشار/`` and ``S/article/%d8%a8%d8%b4%d8%a7%d8%b1/``
   -> ``S/article/%D8%A8%D8%B4%D8%A7%D8%B1/``. Escapes of ``/ ? ; %`` stay
   escaped; dot segments are resolved (``S/a/../b/`` -> ``S/b/``).
5. The fragment is dropped: ``S/a/#comments`` -> ``S/a/``.
6. The query is sorted by name, then value, blank values kept (w3lib):
   ``S/?b=2&a=`` -> ``S/?a=&b=2``.
7. The default port of the scheme is dropped: ``S:443/a/`` -> ``S/a/``.
8. With a site profile, a host alias maps to the profile's host, and the
   profile's scheme and port replace those of any site URL, so ``http``/``https``
   and ``www.`` variants fold: ``http://www.thelevantnews.com/a/`` -> ``S/a/``.
   (The request fingerprinter also folds a ``www.`` prefix on any host.)
9. Tracking parameters are removed: the profile's ``tracking_params``
   (:data:`levant.site.TRACKING_PARAMS` without a profile); an entry ending in
   ``*`` is a prefix, and names are compared decoded and case-insensitively, so
   ``__xts__*`` matches ``__xts__[0]`` and ``__xts__%5B0%5D``:
   ``S/a/?utm_source=fb&fbclid=X&id=1`` -> ``S/a/?id=1``.
10. AMP copies fold onto the article: a trailing ``/amp`` segment and the ``amp``
    query parameter are removed: ``S/article/x/amp/`` and ``S/article/x/?amp=1``
    -> ``S/article/x/``.
11. A path whose last segment has no file extension gets a trailing slash
    (WordPress permalinks): ``S/article/x`` -> ``S/article/x/``, while
    ``S/feed.xml``, ``S/robots.txt`` and ``S/wp-content/x.jpg`` keep theirs.

WordPress shortlinks (``S/?p=123``) are left as they are: only the redirect the
site answers with tells which permalink they stand for (:func:`shortlink_post_id`).

:func:`variant_kinds` names the rules that changed a URL, so dedup stats can say
which spellings were folded.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as _w3lib_canonicalize_url

from levant.site import TRACKING_PARAMS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from levant.site import SiteProfile

#: A canonical URL and the kinds of rules that produced it.
_Form = tuple[str, tuple[str, ...]]

__all__ = [
    "VARIANT_KINDS",
    "CanonicalRules",
    "canonicalize_url",
    "is_site_url",
    "shortlink_post_id",
    "variant_kinds",
]

#: The vocabulary of :func:`variant_kinds`, in the order kinds are reported.
VARIANT_KINDS: tuple[str, ...] = (
    "scheme",
    "host",
    "port",
    "encoding",
    "fragment",
    "query_order",
    "tracking",
    "amp",
    "trailing_slash",
    "shortlink",
)

_HTTP_SCHEMES = ("http", "https")
_SHORTLINK = ("shortlink",)
_CACHED_FORMS = 32768  # URLs per CanonicalRules; the oldest leave first
_CACHED_PROFILES = 16
_PROFILE_RULES: dict[int, tuple[SiteProfile | None, CanonicalRules]] = {}
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
# bytes and non-ASCII characters other than spaces only (see _simple_site_form).
_SIMPLE_URL = re.compile(
    r"(https?)://([a-z0-9.-]+)(?::([0-9]{1,5}))?"
    r"((?:/(?:[A-Za-z0-9._~-]|%[89A-Fa-f][0-9A-Fa-f]|[^\x00-\x7f\s])*)+)"
)
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_SURROGATE_BYTE = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True)
class CanonicalRules:
    """The parameters of canonicalisation; built from a site profile or by hand.

    ``canonicalize_url(url, profile)`` is ``CanonicalRules.for_profile(profile)
    .canonicalize(url)``. The fingerprinter builds its own rules (no site, a
    ``www.`` fold on every host, extra tracking parameters from settings).
    """

    tracking_params: tuple[str, ...] = TRACKING_PARAMS
    site_host: str | None = None
    site_aliases: frozenset[str] = frozenset()
    site_scheme: str = "https"
    site_port: int | None = None  # None: the default port of site_scheme
    fold_www: bool = False
    # Canonical forms already computed, by URL (see _canonical_form).
    _forms: dict[str, _Form] = field(
        default_factory=dict, init=False, compare=False, hash=False, repr=False
    )

    @classmethod
    def for_profile(
        cls,
        profile: SiteProfile | None,
        *,
        extra_tracking: Iterable[str] = (),
        fold_www: bool = False,
    ) -> CanonicalRules:
        extra = tuple(extra_tracking)
        if profile is None:
            return cls(tracking_params=TRACKING_PARAMS + extra, fold_www=fold_www)
        base = urlsplit(profile.base_url.strip())
        scheme = base.scheme.lower()
        return cls(
            tracking_params=tuple(profile.tracking_params) + extra,
            site_host=(base.hostname or "").lower(),
            site_aliases=frozenset(a.lower() for a in profile.host_aliases),
            site_scheme=scheme,
            site_port=_explicit_port(scheme, base.port),
            fold_www=fold_www,
        )

    def canonicalize(self, url: str) -> str:
        return _canonical_form(url, self)[0]

    def variant_kinds(self, url: str) -> list[str]:
        return list(_canonical_form(url, self)[1])

    def is_tracking_param(self, name: str) -> bool:
        """Whether a (decoded) query parameter name is a tracking parameter."""
        exact, prefixes = _tracking_matcher(self.tracking_params)
        name = name.lower()
        return name in exact or name.startswith(prefixes)

    def is_site_url(self, url: str) -> bool:
        if self.site_host is None:
            return False
        try:
            parts = urlsplit(url.strip())
            scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port
        except ValueError:
            return False
        return (
            scheme in _HTTP_SCHEMES
            and self._site_host_of(host) is not None
            and _explicit_port(scheme, port) == self.site_port
        )

    def _site_host_of(self, host: str | None) -> str | None:
        if host is None:
            return None
        host = host.lower().rstrip(".")
        if host == self.site_host or host in self.site_aliases:
            return self.site_host
        return None


def canonicalize_url(url: str, profile: SiteProfile | None = None) -> str:
    """The canonical form of *url* (see the module docstring for the rules)."""
    return _rules_for(profile).canonicalize(url)


def variant_kinds(url: str, profile: SiteProfile | None = None) -> list[str]:
    """Which rules changed *url*, from :data:`VARIANT_KINDS`; ``[]`` if canonical.

    ``"encoding"`` covers hex case, raw versus encoded characters, NFC, dot
    segments, duplicate slashes and whitespace. ``"shortlink"`` is reported for
    every ``?p=ID`` URL, canonical or not: it is a variant the rules cannot fold.
    """
    return _rules_for(profile).variant_kinds(url)


def is_site_url(url: str, profile: SiteProfile) -> bool:
    """Whether *url* is served by the profile's site: http(s), its host or an
    alias, and its port (a default port matches a default port)."""
    return _rules_for(profile).is_site_url(url)


def shortlink_post_id(url: str) -> int | None:
    """The post ID of a WordPress shortlink (``/?p=123``), else ``None``."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in _HTTP_SCHEMES or parts.path not in ("", "/", "/index.php"):
        return None
    for pair in parts.query.split("&"):
        name, _, value = pair.partition("=")
        if name == "p" and value.isascii() and value.isdigit() and int(value) > 0:
            return int(value)
    return None


def _canonical_form(url: str, rules: CanonicalRules) -> _Form:
    """The canonical form of *url* and the kinds of rules that changed it, computed once.

    A crawl meets each URL several times (link, request, fingerprint, dupefilter,
    extraction); the cache (a few MB at most) makes the later times free. A canonical
    form is its own canonical form (the rules are idempotent), so it is cached as such
    too: the request for an article, its fingerprint and its rel=canonical cost nothing.
    """
    forms = rules._forms
    form = forms.get(url)
    if form is not None:
        return form
    form = _simple_site_form(url, rules)
    if form is None:
        kinds: set[str] = set()
        canonical = _canonicalize(url, rules, kinds)
        if shortlink_post_id(url) is not None:
            kinds.add("shortlink")
        form = canonical, tuple(kind for kind in VARIANT_KINDS if kind in kinds)
    canonical = form[0]
    if len(forms) >= _CACHED_FORMS:
        del forms[next(iter(forms))]  # the oldest
    forms[url] = form
    if canonical != url and canonical not in forms:
        forms[canonical] = canonical, _SHORTLINK if shortlink_post_id(canonical) else ()
    return form


def _rules_for(profile: SiteProfile | None) -> CanonicalRules:
    """The rules of *profile*, built once per profile object.

    Looked up for every URL, so by identity: hashing a profile (all its fields)
    would cost more than most cache hits it serves."""
    entry = _PROFILE_RULES.get(id(profile))
    if entry is not None and entry[0] is profile:
        return entry[1]
    rules = CanonicalRules.for_profile(profile)
    if len(_PROFILE_RULES) >= _CACHED_PROFILES:
        del _PROFILE_RULES[next(iter(_PROFILE_RULES))]  # the oldest
    _PROFILE_RULES[id(profile)] = (profile, rules)  # the profile kept: its id stays its own
    return rules


@lru_cache(maxsize=16)
def _tracking_matcher(params: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    exact = frozenset(p.lower() for p in params if not p.endswith("*"))
    prefixes = tuple(p[:-1].lower() for p in params if p.endswith("*"))
    return exact, prefixes


def _explicit_port(scheme: str, port: int | None) -> int | None:
    """*port*, or None when it is the default port of *scheme*."""
    return None if port == _DEFAULT_PORTS.get(scheme) else port


def _simple_site_form(url: str, rules: CanonicalRules) -> _Form | None:
    """The canonical form of a plain article or listing URL of the site, or None.

    Most links a crawl meets are the site's own ``scheme://host[:port]/path`` with a
    path of unreserved characters and escapes of UTF-8 text (WordPress writes
    them in lower-case hex): for these only rules 4 and 11 can apply, computed
    here without the general machinery. Anything else (a query, a fragment,
    whitespace, another host or scheme, dot segments, duplicate slashes, an
    ``amp`` suffix, ASCII escapes, invalid UTF-8) returns None for
    :func:`_canonicalize`. Tests check both give the same form.
    """
    match = _SIMPLE_URL.fullmatch(url)
    if match is None or rules.site_host is None:
        return None
    scheme, host, port, path = match.groups()
    if (
        scheme != rules.site_scheme
        or host != rules.site_host
        or (int(port) if port else None) != rules.site_port
        or "//" in path
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


def _canonicalize(url: str, rules: CanonicalRules, kinds: set[str] | None) -> str:
    """Apply the rules to *url*; add the name of each rule that changed it to *kinds*."""
    note = kinds.add if kinds is not None else _ignore
    text = _strip_whitespace(url)
    if text != url:
        note("encoding")
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    if parts.scheme not in _HTTP_SCHEMES:
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
    explicit_port = _explicit_port(scheme, port)
    if explicit_port is None and port is not None:
        note("port")
    if site_host is not None and explicit_port == rules.site_port:
        if host != site_host:
            note("host")
        if scheme != rules.site_scheme:
            note("scheme")
        host, scheme, explicit_port = site_host, rules.site_scheme, rules.site_port
    elif rules.fold_www and host.startswith("www."):
        host = host[4:]
        note("host")
    userinfo, at, _ = canonical_parts.netloc.rpartition("@")
    netloc = userinfo + at + _bracket_ipv6(host)
    if explicit_port is not None:
        netloc += f":{explicit_port}"

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


def strip_tracking(url: str, profile: SiteProfile | None = None) -> str:
    """*url* with its tracking parameters removed and nothing else changed.

    For links to other sites (embeds, sources), whose own canonical style is
    unknown: ``https://www.youtube.com/watch?v=X&utm_source=levant`` ->
    ``https://www.youtube.com/watch?v=X``.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    if parts.scheme.lower() not in _HTTP_SCHEMES:
        return url.strip()
    query = _clean_query(parts.query, _rules_for(profile), _ignore)
    return urlunsplit(parts._replace(query=query, fragment=""))
