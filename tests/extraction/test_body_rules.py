"""How the body is split: paragraphs kept, read-also lines, credits, embeds and chrome out."""

from __future__ import annotations

import pytest

from levant.extraction import extract_article
from levant.extraction.text import clean_text
from levant.site import LEVANT

URL = "https://thelevantnews.com/article/x/"
TARGET = "https://thelevantnews.com/article/%D8%AE%D8%A8%D8%B1/"


def page(body: str, after: str = "") -> str:
    return (
        '<html lang="ar"><head><link rel="canonical" href="https://thelevantnews.com/article/x/">'
        "</head><body><article><header class='entry-header'><h1 class='entry-title'>عنوان</h1>"
        f"</header><div class='entry-content'>{body}</div></article>{after}</body></html>"
    )


@pytest.mark.parametrize(
    "line",
    [
        f'<p><strong>اقرأ أيضاً:</strong> <a href="{TARGET}">خبر</a></p>',
        f'<p><a href="{TARGET}">اقرأ أيضا: خبر</a></p>',
        f'<p>إقرأ أيضاً: <a href="{TARGET}">خبر</a></p>',
        f'<p><strong><a href="{TARGET}">اقرأ أيضاً خبر</a></strong></p>',
        f'<p>اقرأ ايضا <a href="{TARGET}?utm_source=fb&amp;fbclid=1">خبر</a></p>',
        '<p>اقرأ أيضاً: <a href="https://thelevantnews.com/article/خبر">خبر</a></p>',
    ],
)
def test_read_also_line_is_a_related_link_not_body(line: str) -> None:
    article = extract_article(
        URL, page(f"<p>الفقرة الأولى.</p>{line}<p>الفقرة الثانية.</p>")
    ).article
    assert article.body == "الفقرة الأولى.\n\nالفقرة الثانية."
    assert article.related_urls == [TARGET]


def test_source_credit_at_the_end_is_its_own_field() -> None:
    article = extract_article(URL, page("<p>نص الخبر.</p><p>ليفانت نيوز_ وكالات</p>")).article
    assert article.source_credit == "ليفانت نيوز_ وكالات"
    assert article.body == "نص الخبر."


def test_credit_like_sentence_inside_the_body_stays() -> None:
    body = "<p>ليفانت - خاص: مصادر تؤكد الخبر.</p><p>فقرة.</p><p>فقرة أخرى.</p><p>أخيرة.</p>"
    article = extract_article(URL, page(body)).article
    assert article.body.startswith("ليفانت - خاص")
    assert article.source_credit is None


def test_embeds_share_buttons_and_captions_are_not_body() -> None:
    body = (
        "<figure class='wp-block-image'><img src='a.jpg'><figcaption>صورة أرشيفية</figcaption>"
        "</figure><p>النص.</p><figure class='wp-block-embed'><div><a href='https://www.youtube"
        ".com/watch?v=abc&amp;utm_source=levant'>https://www.youtube.com/watch?v=abc</a></div>"
        "</figure><div class='share-buttons'>شارك هذا المقال</div>"
    )
    article = extract_article(URL, page(body)).article
    assert article.body == "النص."
    assert article.links == ["https://www.youtube.com/watch?v=abc"]


def test_chrome_after_the_article_is_never_body() -> None:
    after = (
        "<section class='related-posts'><h3>قد تحب أيضا</h3><p>تيزر</p></section>"
        "<aside><h3>منشورات شائعة</h3><p>شائع</p><h3>النشرة الإخبارية</h3><p>اشترك</p></aside>"
    )
    article = extract_article(URL, page("<p>النص الوحيد.</p>", after)).article
    assert article.body == "النص الوحيد."


def test_every_paragraph_is_kept_not_just_the_first() -> None:
    body = "".join(f"<p>فقرة رقم {n}.</p>" for n in range(12))
    article = extract_article(URL, page(body)).article
    assert article.body.count("\n\n") == 11
    assert article.word_count == 36


def test_invisible_marks_are_cleaned_from_title_and_body() -> None:
    html = page("<p>نص\u200f مع\u200b علامات\u00a0خفية</p>").replace("عنوان", "عنوان\u202e مقلوب")
    article = extract_article(URL, html).article
    assert article.body == "نص مع علامات خفية"
    assert article.title == "عنوان مقلوب"


def test_offsite_canonical_is_ignored_and_noted() -> None:
    html = page("<p>نص.</p>").replace(
        "https://thelevantnews.com/article/x/", "https://evil.example/x/"
    )
    extraction = extract_article(URL, html, LEVANT)
    assert extraction.article.url == URL
    assert "offsite_canonical" in extraction.notes


def test_missing_site_selector_takes_the_generic_path() -> None:
    html = (
        "<html><body><h1>عنوان</h1><div class='post-body'><p>فقرة طويلة بما يكفي.</p>"
        "<p>فقرة ثانية.</p></div></body></html>"
    )
    extraction = extract_article(URL, html)
    assert extraction.article.extraction == "generic"
    assert extraction.article.body == "فقرة طويلة بما يكفي.\n\nفقرة ثانية."
    assert any(n == "selector_missed/body" for n in extraction.notes)


@pytest.mark.parametrize("html", ["", "<html>", "<p>", "\x00\x00", "<html><body></body></html>"])
def test_empty_or_broken_pages_give_an_article_without_body_not_an_error(html: str) -> None:
    article = extract_article(URL, html).article
    assert article.body is None


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  الفقرة\u00a0الأولى \n\t نص  ", "الفقرة الأولى نص"),  # NBSP, tabs, newlines
        ("دمشق\u200f \u202bحلب\u202c", "دمشق حلب"),  # bidi marks and embeddings
        ("سو\u200bريا\ufeff", "سوريا"),  # zero-width space, BOM
        ("a\x1fb\x00c", "abc"),  # C0 controls
        ("\u2003\u3000", ""),  # em space, ideographic space: whitespace only
        (None, ""),
    ],
)
def test_text_is_collapsed_and_stripped_of_invisible_characters(
    raw: str | None, clean: str
) -> None:
    assert clean_text(raw) == clean
