"""The article body: find its container, then split it into paragraphs and the rest.

``find_body`` tries the layout's body selectors (site, then generic WordPress
containers), then scores the page as readability does: each paragraph's text
counts fully for its parent and half for its grandparent, so a body whose
paragraphs each sit in a wrapper ``div`` is found whole. ``split_body`` walks the
container's text blocks in order (``<p>``, headings, quotes, list items, and the
runs of text a ``<br>``-split ``div`` holds) and sorts each one: a paragraph of the
article, a "read also" line (its link is a related article, its text is not body),
the source credit at the end, an embed, a promo or comment-rules line, or chrome
(share buttons, captions, ads and their scripts, newsletter forms) to drop. A
lead paragraph printed just before the container is body too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from levant.extraction import css
from levant.extraction.text import clean_text
from levant.site import SiteProfile

_BLOCKS = {"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "pre", "dd"}
_CONTAINER_BLOCKS = {"blockquote", "li", "dd"}  # blocks that may hold other blocks
# Elements that hold runs of text split by <br> when a site writes no <p>.
_RUN_HOLDERS = {"div", "section", "article", "center"}
_INLINE = {"a", "b", "strong", "i", "em", "u", "span", "font", "small", "sup", "sub", "mark",
           "abbr", "cite", "q", "s", "del", "ins", "time", "bdi", "bdo", "big", "code",
           "var", "label"}  # fmt: skip
_SKIP_TAGS = {"script", "style", "noscript", "figure", "figcaption", "form", "iframe", "aside",
              "footer", "nav", "button", "svg", "template", "select", "input", "textarea",
              "object", "embed", "video", "audio", "canvas", "map", "header"}  # fmt: skip
_SKIP_CLASS = re.compile(
    r"share|sharedaddy|social|related|jp-relatedposts|yarpp|crp_related|advert|\bads?\b|"
    r"adsbygoogle|\bad-|-ad\b|ad-slot|code-block|newsletter|subscribe|mc4wp|mailchimp|"
    r"optin|signup|sign-up|widget|wp-block-embed|caption|author-box|about-author|"
    r"post-tags|tags-links|comments?\b|breadcrumb|read-also|readalso|also-read|"
    r"more-news|inline-related|wp-block-buttons|sponsor|promo|\bbtn\b|button|"
    r"(?:^|[\s_-])cta\b|call-to-action",
    re.IGNORECASE,
)
_BARE_URL = re.compile(r"^https?://\S+$")
# Lines every page repeats that are not the article: follow-us promos, app and
# newsletter calls, comment rules. Only short lines are tested.
_PROMO = re.compile(
    r"^(?:تابع(?:ونا|وا|ـونا)?\s+(?:على|عبر)|لمتابعة\s+(?:آخر|أهم|كل|أحدث)|اشترك(?:وا)?\s+(?:في|ب)|"
    r"انضم(?:وا)?\s+(?:إلى|الى)|حمّ?ل(?:وا)?\s+تطبيق|للاشتراك|"
    r"(?:جميع\s+)?التعليقات\s+(?:المنشورة|تعبر|لا\s+تعبر)|يرجى\s+الالتزام|شروط\s+التعليق|"
    r"follow\s+us\s+on|subscribe\s+to|sign\s+up\s+(?:for|to)|join\s+our|download\s+our|"
    r"click\s+here\s+to|comments\s+are\s+(?:moderated|closed)|share\s+this|"
    r"suivez-nous|abonnez-vous|folgen\s+sie\s+uns|síguenos|bizi\s+takip|"
    # captions written as a paragraph: "Photo: …", "الصورة: …"
    r"(?:header\s+|featured\s+)?(?:image|photo|picture|foto)\s*(?:credit)?\s*:|"
    r"(?:ال)?صورة\s*:|تصوير\s*:)",
    re.IGNORECASE,
)
# "تابعوا أخبار … على تلغرام", "Ikuti … di Facebook": a follow call naming a network.
_FOLLOW = re.compile(
    r"^(?:تابع|تابعوا|تابعونا|تابعنا|لمتابعة|اشترك|اشتركوا|انضم|انضموا|follow|ikuti|suivez|folgen|"
    r"síguenos|segui|join)\b.{0,120}\b(?:تلغرام|تليغرام|تيليغرام|تيليجرام|تلجرام|فيسبوك|"
    r"فيس\s+بوك|تويتر|إكس|انستغرام|إنستغرام|انستجرام|يوتيوب|واتساب|واتس\s+آب|جوجل\s+نيوز|"
    r"غوغل\s+نيوز|تيك\s+توك|telegram|facebook|twitter|instagram|youtube|whatsapp|"
    r"google\s+news|tiktok|linkedin)",
    re.IGNORECASE,
)
_PROMO_MAX = 200
_LEAD_MIN = 40


@dataclass
class BodyParts:
    path: str = "site"
    paragraphs: list[str] = field(default_factory=list)
    read_also: list[str] = field(default_factory=list)  # hrefs, in page order
    links: list[str] = field(default_factory=list)  # hrefs of other links in the body
    source_credit: str | None = None


def find_body(
    root: HtmlElement, site: tuple[str, ...], generic: tuple[str, ...]
) -> tuple[HtmlElement | None, str]:
    """The body container and the path that found it: "site" or "generic"."""
    for queries, path in ((site, "site"), (generic, "generic")):
        for query in queries:
            for found in css.select(root, query):
                if has_paragraph_text(found):
                    return found, path
    return _best_scored(root), "generic"


def split_body(container: HtmlElement, profile: SiteProfile, path: str) -> BodyParts:
    parts = BodyParts(path=path)
    blocks = [*_lead_paragraphs(container), *_text_blocks(container)]
    listed = False  # after a bare "read also" heading: its list of links follows
    for position, (text, hrefs) in enumerate(blocks):
        if listed and text and _mostly_link(text, hrefs):
            parts.read_also += hrefs[:1]
            continue
        listed = False
        if not text:
            parts.links += hrefs
        elif profile.read_also.match(text):
            parts.read_also += hrefs[:1]
            listed = not hrefs
        elif _BARE_URL.match(text):
            parts.links += hrefs or [text]
        elif position >= len(blocks) - 2 and profile.source_credit.match(text):
            parts.source_credit = text
        elif len(text) <= _PROMO_MAX and (_PROMO.match(text) or _FOLLOW.match(text)):
            continue
        else:
            parts.paragraphs.append(text)
            parts.links += hrefs
    for embed in container.xpath(".//figure//a/@href | .//iframe/@src"):
        parts.links.append(embed)
    return parts


def has_paragraph_text(element: HtmlElement) -> bool:
    """Whether *element* holds article text: a ``<p>`` with text, or ``<br>``-split runs."""
    if any(clean_text(p.text_content()) for p in element.iter("p")):
        return True
    return element.find(".//br") is not None and len(clean_text(element.text_content())) > 200


Block = tuple[str, list[str]]  # a text block's text and the hrefs of its links


def _mostly_link(text: str, hrefs: list[str]) -> bool:
    """A block that is one link's title (a read-also list item), not a paragraph."""
    return len(hrefs) == 1 and len(text) <= _PROMO_MAX


def _text_blocks(container: HtmlElement) -> Iterator[Block]:
    """Text blocks in document order, outside skipped chrome."""
    for element in container.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if tag in _BLOCKS:
            if _skipped(element, container):
                continue
            if tag == "li" and element.xpath("ancestor::p"):
                continue
            if tag in _CONTAINER_BLOCKS and element.xpath(".//p|.//li"):
                continue  # its own paragraphs are visited
            yield visible_text(element), _hrefs(element)
        elif tag in _RUN_HOLDERS and _holds_runs(element) and _free_standing(element, container):
            yield from _runs(element)


def _free_standing(element: HtmlElement, container: HtmlElement) -> bool:
    """Not chrome, and not inside a block (whose text is read whole)."""
    if _skipped(element, container):
        return False
    for ancestor in element.iterancestors():
        if ancestor is container:
            return True
        if ancestor.tag in _BLOCKS:
            return False
    return True


def _holds_runs(element: HtmlElement) -> bool:
    """A ``div`` whose own text (not its blocks') is article text split by ``<br>``."""
    if (element.text or "").strip():
        return True
    return any(
        isinstance(child.tag, str)
        and (child.tag == "br" or child.tag in _INLINE)
        and (child.tail or "").strip()
        for child in element
    )


def _runs(element: HtmlElement) -> Iterator[Block]:
    """The inline content of *element* cut at each ``<br>`` and each block child."""
    text: list[str] = [element.text or ""]
    hrefs: list[str] = []
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "br" or tag in _BLOCKS or tag in _RUN_HOLDERS or tag in _SKIP_TAGS:
            if run := clean_text("".join(text)):
                yield run, hrefs
            text, hrefs = [], []
        elif tag in _INLINE and not _SKIP_CLASS.search(_names(child)):
            text.append(visible_text(child))
            hrefs += _hrefs(child)
        text.append(child.tail or "")
    if run := clean_text("".join(text)):
        yield run, hrefs


# Never part of a block's text: scripts, and figures or controls nested in a <p>
# (WordPress's autop wraps a captioned image in one).
_HIDDEN = ("script", "style", "template", "noscript", "figure", "figcaption", "button",
           "svg", "select", "textarea", "iframe", "object")  # fmt: skip


def visible_text(element: HtmlElement) -> str:
    """The text a reader sees: no script, style, figure or control text, whitespace
    collapsed."""
    if next(element.iterdescendants(*_HIDDEN), None) is None:
        return clean_text(element.text_content())
    return clean_text("".join(_visible_parts(element)))


def _visible_parts(element: HtmlElement) -> Iterator[str]:
    yield element.text or ""
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _HIDDEN:
            yield from _visible_parts(child)
        yield child.tail or ""


def _hrefs(element: HtmlElement) -> list[str]:
    return [
        h for a in element.iter("a") if (h := a.get("href")) is not None and not h.startswith("#")
    ]


def _lead_paragraphs(container: HtmlElement) -> list[Block]:
    """Paragraphs printed just before the container (a lead outside ``articleBody``)."""
    leads = []
    node = container.getprevious()
    while node is not None and node.tag == "p" and not _SKIP_CLASS.search(_names(node)):
        text = visible_text(node)
        if len(text) < _LEAD_MIN:
            break
        leads.append((text, _hrefs(node)))
        node = node.getprevious()
    return leads[::-1]


def _skipped(element: HtmlElement, container: HtmlElement) -> bool:
    node: HtmlElement | None = element
    while node is not None and node is not container:
        if node.tag in _SKIP_TAGS or _SKIP_CLASS.search(_names(node)):
            return True
        node = node.getparent()
    return False


def _names(node: HtmlElement) -> str:
    return f"{node.get('class') or ''} {node.get('id') or ''}"


def _best_scored(root: HtmlElement) -> HtmlElement | None:
    """The element holding most paragraph text, readability-style (last resort)."""
    scores: dict[HtmlElement, float] = {}
    for paragraph in root.iter("p"):
        parent = paragraph.getparent()
        if parent is None or _skipped(parent, root):
            continue
        length = len(visible_text(paragraph))
        if length < 25:
            continue
        scores[parent] = scores.get(parent, 0.0) + length
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + length / 2
    if not scores:
        return None
    return max(scores, key=lambda element: scores[element] * (1 - _link_density(element)))


def _link_density(element: HtmlElement) -> float:
    text = len(clean_text(element.text_content())) or 1
    links = sum(len(clean_text(a.text_content())) for a in element.iter("a"))
    return min(links / text, 1.0)
