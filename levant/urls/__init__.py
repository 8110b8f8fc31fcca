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
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from levant.site import TRACKING_PARAMS
from levant.urls.rules import (
    HTTP_SCHEMES,
    Form,
    apply_rules,
    clean_query,
    explicit_port,
    plain_site_form,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from levant.site import SiteProfile

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

_SHORTLINK = ("shortlink",)
# An authority that parsers read differently: browsers (WHATWG) end it at a backslash
# (``http://HOST:PORT\\@SITE/`` is HOST:PORT to them, SITE to urllib), and userinfo
# (``user@``) is never part of the site's own links. Such URLs are not the site's.
_AMBIGUOUS_AUTHORITY = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[\\/]{2}[^/?#]*[\\@]")
_CACHED_FORMS = 32768  # URLs per CanonicalRules; the oldest leave first
_CACHED_PROFILES = 16
_PROFILE_RULES: dict[int, tuple[SiteProfile | None, CanonicalRules]] = {}


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
    _forms: dict[str, Form] = field(
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
            site_port=explicit_port(scheme, base.port),
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
        url = url.strip()
        try:
            parts = urlsplit(url)
            scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port
        except ValueError:
            return False
        if has_ambiguous_authority(url):
            return False
        return (
            scheme in HTTP_SCHEMES
            and self._site_host_of(host) is not None
            and explicit_port(scheme, port) == self.site_port
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


def has_ambiguous_authority(url: str) -> bool:
    """Userinfo (``http://user@host/``) or a backslash in the authority: URLs that
    parsers and browsers read as different hosts.

    >>> has_ambiguous_authority("http://127.0.0.1:9\\\\@thelevantnews.com/")
    True
    >>> has_ambiguous_authority("https://thelevantnews.com/a@b/")
    False
    """
    return _AMBIGUOUS_AUTHORITY.search(url.strip()) is not None


def is_site_url(url: str, profile: SiteProfile) -> bool:
    """Whether *url* is served by the profile's site: http(s), its host or an
    alias, and its port (a default port matches a default port). A URL with
    userinfo (``http://user@S/``) or a backslash in its authority
    (``http://HOST:PORT\\@S/``, which a browser sends to HOST:PORT) is not."""
    return _rules_for(profile).is_site_url(url)


def shortlink_post_id(url: str) -> int | None:
    """The post ID of a WordPress shortlink (``/?p=123``), else ``None``."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in HTTP_SCHEMES or parts.path not in ("", "/", "/index.php"):
        return None
    for pair in parts.query.split("&"):
        name, _, value = pair.partition("=")
        if name == "p" and value.isascii() and value.isdigit() and int(value) > 0:
            return int(value)
    return None


def _canonical_form(url: str, rules: CanonicalRules) -> Form:
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
    form = plain_site_form(url, rules)
    if form is None:
        kinds: set[str] = set()
        canonical = apply_rules(url, rules, kinds)
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
    if parts.scheme.lower() not in HTTP_SCHEMES:
        return url.strip()
    return urlunsplit(
        parts._replace(query=clean_query(parts.query, _rules_for(profile)), fragment="")
    )
