"""The article body: find its container, then split it into paragraphs and the rest.

``find_body`` tries the site profile's selector, then containers that WordPress
themes use, then the element holding the most paragraph text. ``split_body``
walks the container's text blocks in order and sorts each one: a paragraph of
the article, an "اقرأ أيضاً" line (its link is a related article, its text is
not body), the source credit at the end, an embed, or chrome (share buttons,
captions, ads, forms) to drop.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree
from parsel import Selector

from levant.extraction import css
from levant.extraction.text import clean_text
from levant.site import SiteProfile

GENERIC_BODY = (
    '[itemprop="articleBody"]',
    "article .entry-content",
    ".entry-content",
    ".post-content",
    ".article-content",
    ".td-post-content",
    ".post-body",
    ".article-body",
)
_BLOCKS = {"p", "h2", "h3", "h4", "h5", "blockquote", "li", "pre"}
_CONTAINER_BLOCKS = {"blockquote", "li"}  # blocks that may hold other blocks
_SKIP_TAGS = {"script", "style", "noscript", "figure", "figcaption", "form", "iframe", "aside",
              "footer", "nav", "button", "svg", "template", "select", "input",
              "textarea"}  # fmt: skip
_SKIP_CLASS = re.compile(
    r"share|sharedaddy|social|related|jp-relatedposts|advert|\bads?\b|code-block|newsletter|"
    r"subscribe|wp-block-embed|caption|author-box|post-tags|tags-links|comments?\b|breadcrumb"
)
_BARE_URL = re.compile(r"^https?://\S+$")


@dataclass
class BodyParts:
    path: str = "site"
    paragraphs: list[str] = field(default_factory=list)
    read_also: list[str] = field(default_factory=list)  # hrefs, in page order
    links: list[str] = field(default_factory=list)  # hrefs of other links in the body
    source_credit: str | None = None


def find_body(sel: Selector, site_css: str) -> tuple[etree._Element | None, str]:
    """The body container and the path that found it: "site" or "generic"."""
    found = css.first(sel.root, site_css)
    if found is not None and has_paragraph_text(found):
        return found, "site"
    for query in GENERIC_BODY:
        found = css.first(sel.root, query)
        if found is not None and has_paragraph_text(found):
            return found, "generic"
    return _densest(sel), "generic"


def split_body(container: etree._Element, profile: SiteProfile, path: str) -> BodyParts:
    parts = BodyParts(path=path)
    blocks = list(_text_blocks(container))
    for position, block in enumerate(blocks):
        text = clean_text(block.text_content())
        hrefs = [
            h for a in block.iter("a") if (h := a.get("href")) is not None and not h.startswith("#")
        ]
        if not text:
            parts.links += hrefs
        elif profile.read_also.match(text):
            parts.read_also += hrefs[:1]
        elif _BARE_URL.match(text):
            parts.links += hrefs or [text]
        elif position >= len(blocks) - 2 and profile.source_credit.match(text):
            parts.source_credit = text
        else:
            parts.paragraphs.append(text)
            parts.links += hrefs
    for embed in container.xpath(".//figure//a/@href | .//iframe/@src"):
        parts.links.append(embed)
    return parts


def _text_blocks(container: etree._Element) -> Iterator[etree._Element]:
    """Block elements holding text, in document order, outside skipped chrome."""
    for element in container.iter():
        if not isinstance(element.tag, str) or element.tag not in _BLOCKS:
            continue
        if _skipped(element, container):
            continue
        if element.tag == "li" and element.xpath("ancestor::p"):
            continue
        if element.tag in _CONTAINER_BLOCKS and element.xpath(".//p|.//li"):
            continue  # its own paragraphs are visited
        yield element


def _skipped(element: etree._Element, container: etree._Element) -> bool:
    node = element
    while node is not None and node is not container:
        if node.tag in _SKIP_TAGS or _SKIP_CLASS.search(node.get("class") or ""):
            return True
        node = node.getparent()
    return False


def has_paragraph_text(element: etree._Element) -> bool:
    """Whether any ``<p>`` under *element* holds text (a body, not an empty shell)."""
    return any(clean_text(p.text_content()) for p in element.iter("p"))


def _paragraph_text(element: etree._Element) -> int:
    return sum(len(clean_text(p.text_content())) for p in element.iter("p"))


def _densest(sel: Selector) -> etree._Element | None:
    """The element whose direct <p> children hold the most text (generic last resort)."""
    best, best_score = None, 0
    parents = dict.fromkeys(p.getparent() for p in sel.root.iter("p"))
    for parent in (p for p in parents if p is not None):
        if _skipped(parent, sel.root):
            continue
        score = sum(len(clean_text(p.text_content())) for p in parent.iterchildren("p"))
        if score > best_score:
            best, best_score = parent, score
    return best
