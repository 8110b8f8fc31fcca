"""Properties of canonicalisation over generated URLs (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import quote

from hypothesis import example, given, settings
from hypothesis import strategies as st

from levant.site import LEVANT
from levant.urls import VARIANT_KINDS, CanonicalRules, canonicalize_url, variant_kinds
from levant.urls.rules import apply_rules, plain_site_form

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)

RULE_SETS = {
    "generic": CanonicalRules.for_profile(None),
    "levant": CanonicalRules.for_profile(LEVANT),
    "fingerprint": CanonicalRules.for_profile(None, extra_tracking=["share"], fold_www=True),
}

# Characters met in Levant URLs: Arabic letters (with the NFD hamza marks), Latin,
# digits, dashes, and the awkward ones (space, %, reserved delimiters).
_ALPHABET = st.sampled_from(
    [
        *"ابتثجحخدذرسشصضطظعغفقكلمنهوية",
        *"أإآؤئ\u0654\u0655\u0653\u0301é",
        *"abcxyzABCe0189-_.~",
        *" %/;?:@&=+$,!*'()[]|<>\"",
    ]
)
_segment = st.text(_ALPHABET, min_size=0, max_size=12)


@st.composite
def _paths(draw: st.DrawFn) -> str:
    segments = draw(st.lists(_segment, min_size=0, max_size=4))
    style = draw(st.sampled_from(["raw", "upper", "lower"]))
    if style == "raw":
        encoded = [s.replace("?", "%3F").replace("#", "%23") for s in segments]
    else:
        encoded = [quote(s, safe="-_.~") for s in segments]
        if style == "lower":
            encoded = [_lower_hex(s) for s in encoded]
    path = "/" + "/".join(encoded)
    if draw(st.booleans()):
        path += draw(st.sampled_from(["/", "/amp/", "/amp", "/feed.xml", "//"]))
    return path


def _lower_hex(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "%":
            out.append(text[i : i + 3].lower())
            i += 3
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


_hosts = st.sampled_from(
    [
        "thelevantnews.com",
        "www.thelevantnews.com",
        "TheLevantNews.com",
        "thelevantnews.com:443",
        "thelevantnews.com:80",
        "www.facebook.com",
        "example.org:8080",
        "مثال.example",
    ]
)
_query_text = st.text(_ALPHABET, min_size=0, max_size=8)
# Names that are not tracking parameters under any of the rule sets.
_kept_names = _query_text.filter(
    lambda name: (
        name.lower() != "amp"
        and not any(rules.is_tracking_param(name) for rules in RULE_SETS.values())
    )
)
_kept_params = st.lists(
    st.tuples(_kept_names, _query_text).map(
        lambda pair: f"{quote(pair[0], safe='')}={quote(pair[1], safe='')}"
    ),
    max_size=4,
)
_tracking_params = st.lists(
    st.sampled_from(
        [
            "utm_source=facebook",
            "utm_medium=social",
            "UTM_Campaign=x",
            "utm_content=",
            "fbclid=IwAR2x7fJ3k",
            "gclid=Cj0KCQjw",
            "__xts__[0]=68.ARAVbN2mZW217p0NKf",
            "__xts__%5B0%5D=68.ARAVbN2mZW217p0NKf",
            "__xts__%5b1%5d=68.ARAV",
            "__tn__=-R",
            "__tn__=%2CO%2CP-R",
            "ref=twitter",
            "_ga=2.1.2.3",
            "igshid",
            "amp=1",
            "amp",
        ]
    ),
    max_size=5,
)


@st.composite
def _urls(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    """A URL without query, its kept parameters and its tracking parameters."""
    scheme = draw(st.sampled_from(["http", "https", "HTTPS"]))
    base = f"{scheme}://{draw(_hosts)}{draw(_paths())}"
    return base, draw(_kept_params), draw(_tracking_params)


def _with_query(base: str, params: list[str], fragment: str = "") -> str:
    return base + ("?" + "&".join(params) if params else "") + fragment


@PROPERTY_SETTINGS
@given(_urls(), st.sampled_from(sorted(RULE_SETS)), st.sampled_from(["", "#x", "#تعليقات"]))
def test_canonicalisation_is_idempotent(
    parts: tuple[str, list[str], list[str]], rules_name: str, fragment: str
) -> None:
    base, kept, tracking = parts
    rules = RULE_SETS[rules_name]
    once = rules.canonicalize(_with_query(base, kept + tracking, fragment))
    fresh = replace(rules)  # nothing cached: the rules themselves decide
    assert fresh.canonicalize(once) == once
    assert [k for k in fresh.variant_kinds(once) if k != "shortlink"] == []
    # What the cache remembered of the canonical form is what the rules say of it.
    assert rules.variant_kinds(once) == fresh.variant_kinds(once)


@PROPERTY_SETTINGS
@given(_urls(), st.sampled_from(sorted(RULE_SETS)), st.randoms(use_true_random=False))
def test_tracking_params_never_change_the_result(
    parts: tuple[str, list[str], list[str]], rules_name: str, random: object
) -> None:
    base, kept, tracking = parts
    rules = RULE_SETS[rules_name]
    expected = rules.canonicalize(_with_query(base, kept))
    # Added anywhere, in any order.
    mixed = kept + tracking
    random.shuffle(mixed)  # type: ignore[attr-defined]
    assert rules.canonicalize(_with_query(base, mixed)) == expected
    # Some of them removed.
    fewer = [p for p in mixed if p in kept or random.random() < 0.5]  # type: ignore[attr-defined]
    assert rules.canonicalize(_with_query(base, fewer)) == expected


@PROPERTY_SETTINGS
@given(_urls(), st.sampled_from(sorted(RULE_SETS)), st.randoms(use_true_random=False))
def test_parameter_order_never_changes_the_result(
    parts: tuple[str, list[str], list[str]], rules_name: str, random: object
) -> None:
    base, kept, tracking = parts
    rules = RULE_SETS[rules_name]
    params = kept + tracking
    shuffled = list(params)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert rules.canonicalize(_with_query(base, shuffled)) == rules.canonicalize(
        _with_query(base, params)
    )


@PROPERTY_SETTINGS
@given(st.text(max_size=60))
def test_any_text_after_a_scheme_never_raises(text: str) -> None:
    for url in (f"https://{text}", f"http://thelevantnews.com/{text}", text):
        once = canonicalize_url(url, LEVANT)
        assert isinstance(once, str)
        fresh = CanonicalRules.for_profile(LEVANT)
        assert fresh.canonicalize(once) == once
        assert variant_kinds(once, LEVANT) == fresh.variant_kinds(once)
        assert isinstance(variant_kinds(url, LEVANT), list)


_SHORTCUT_RULES = {
    **RULE_SETS,
    "mirror": CanonicalRules.for_profile(LEVANT.with_base_url("http://127.0.0.1:8080/")),
}
_SHORTCUT_ORIGINS = st.sampled_from(
    [
        "https://thelevantnews.com",
        "http://127.0.0.1:8080",
        "http://127.0.0.1:80",
        "https://www.thelevantnews.com",
        "https://thelevantnews.com.",
        "http://example.org:8080",
        "https://sub.example.org",
    ]
)


@settings(max_examples=800, deadline=None)
@given(st.sampled_from(sorted(_SHORTCUT_RULES)), _SHORTCUT_ORIGINS, _paths())
@example("levant", "https://thelevantnews.com", "/article/" + quote("بشار-الأسد").lower())
@example("levant", "https://thelevantnews.com", "/article/بشار-الا\u0654سد/")  # raw, NFD
@example("mirror", "http://127.0.0.1:8080", "/category/politics/page/2")
@example("levant", "https://thelevantnews.com", "/wp-content/uploads/%d8%a8.jpg")
@example("levant", "https://thelevantnews.com", "/article/%d8")  # not UTF-8
@example("fingerprint", "https://www.thelevantnews.com", "/article/x/")
@example("generic", "http://127.0.0.1:80", "/article/x")
def test_the_shortcut_for_plain_urls_agrees_with_the_rules(
    rules_name: str, origin: str, path: str
) -> None:
    """Plain URLs take a shortcut; it must give the general rules' form and kinds."""
    rules = _SHORTCUT_RULES[rules_name]
    url = origin + path
    shortcut = plain_site_form(url, rules)
    if shortcut is not None:
        kinds: set[str] = set()
        assert shortcut[0] == apply_rules(url, rules, kinds)
        assert set(shortcut[1]) == kinds
        assert list(shortcut[1]) == [k for k in VARIANT_KINDS if k in kinds]


def test_the_shortcut_takes_the_links_a_crawl_meets_most() -> None:
    rules = RULE_SETS["levant"]
    for path in ("/article/" + quote("بشار-الأسد").lower() + "/", "/article/بشار-الأسد/"):
        assert plain_site_form("https://thelevantnews.com" + path, rules) is not None
    for url in ("https://thelevantnews.com/article/x/?utm_source=fb", "https://other.org/a/"):
        assert plain_site_form(url, rules) is None
    fingerprint = RULE_SETS["fingerprint"]  # no site: any host, the request URLs
    assert plain_site_form("https://thelevantnews.com/article/x/", fingerprint) is not None
    assert plain_site_form("https://www.thelevantnews.com/article/x/", fingerprint) is None
