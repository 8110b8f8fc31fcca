"""The test site's content, generated deterministically: authors, sections, posts.

``plan()`` returns plain data that ``php/seed.php`` writes through WordPress's own
API. Posts come in publication order, and a post links only to older ones, so every
link target exists when the linking post is inserted. Links and images are
placeholders the seed script fills in once it knows post IDs and URLs:

- ``{{url:K:FORM}}``: the URL of post ``K`` (its index in ``posts``), spelled as
  ``FORM`` (see ``LINK_FORMS``);
- ``{{title:K}}``: that post's title;
- ``{{image_url}}``, ``{{image_id}}``: the post's own captioned image.

Every sentence here was written for these tests. The text avoids what WordPress's
``wptexturize`` would rewrite on display (ASCII quotes, `` - ``, ``...``, ``NxN``),
so the stored text and the displayed text are the same words.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta
from typing import Any

SEED = 15

AUTHORS = (
    {"login": "rami", "name": "رامي الحلبي"},
    {"login": "salma", "name": "سلمى الخطيب"},
    {"login": "maher", "name": "ماهر العلي"},
    {"login": "nour", "name": "نور حداد"},
)

# Sections in the menu, then one the menu does not link to: its posts are reachable
# only through read-also links.
SECTIONS = (
    {"slug": "politics", "name": "سياسة", "menu": True},
    {"slug": "economy", "name": "اقتصاد", "menu": True},
    {"slug": "society", "name": "المجتمع", "menu": True},
    {"slug": "health", "name": "الصحة", "menu": True},
    {"slug": "reports", "name": "تقارير وتحقيقات", "menu": True},
    {"slug": "misc", "name": "منوعات", "menu": False},
)
HIDDEN_SECTION = "misc"

# How editors paste a link to another article. "raw" keeps Arabic letters unencoded.
LINK_FORMS = (
    "shortlink",  # /?p=123
    "permalink",
    "shortlink_utm",  # /?p=123&utm_source=facebook&utm_medium=social
    "permalink_raw",  # /2021/03/14/سوق-الهال/
    "permalink_utm",  # /2021/03/14/%d8%b3.../?utm_source=twitter&utm_campaign=share
    "permalink_noslash",  # /2021/03/14/%d8%b3...
    "permalink_raw_noslash",
    "permalink_upper",  # percent-encoding in upper-case hex
    "relative",  # /2021/03/14/%d8%b3.../
)

# "Read also" as editors type it: with or without hamza and tanween, colon or not.
READ_ALSO = (
    "اقرأ أيضاً:",
    "إقرأ أيضا:",
    "اقرأ ايضاً:",
    "اقرأ أيضًا:",
    "اقرأ أيضا",
    "إقرأ أيضاً :",
    "أقرأ أيضاً:",
)

PLACES = (
    "دمشق", "حلب", "حمص", "اللاذقية", "طرطوس", "درعا", "السويداء", "إدلب",
    "دير الزور", "الرقة", "الحسكة", "القامشلي", "حماة", "منبج", "عفرين",
)  # fmt: skip
DAYS = ("الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت")
TAGS = (
    "سوريا", "لبنان", "الأمم المتحدة", "اللاجئون", "الليرة السورية", "الكهرباء",
    "الزراعة", "التعليم", "المياه", "حقوق الإنسان", "الشتاء", "النقل",
)  # fmt: skip

TITLES = {
    "politics": (
        "وفد أممي يزور {place} لبحث ملف المفقودين",
        "مجلس محلي جديد في {place} وسط انتقادات للتعيينات",
        "احتجاجات في {place} تطالب بالإفراج عن معتقلين",
        "مبعوث دولي يلتقي وجهاء {place} في زيارة غير معلنة",
        "توتر أمني في ريف {place} بعد اشتباكات ليلية",
        "انتخابات بلدية مؤجلة في {place} للمرة الثانية",
    ),
    "economy": (
        "ارتفاع أسعار الخبز في {place} بعد قرار حكومي",
        "تجار {place} يشكون ركود الأسواق قبل العيد",
        "انقطاع المحروقات يشل حركة النقل في {place}",
        "مزارعو {place} يخسرون موسم القمح بسبب الجفاف",
        "الليرة تهبط مجدداً وأسعار الذهب تقفز في {place}",
        "معمل للألبسة يغلق أبوابه في {place} ويسرح عماله",
    ),
    "society": (
        "مبادرة شبابية في {place} لترميم مدرسة قديمة",
        "عائلات {place} تواجه البرد بلا مازوت",
        "حملة تطوعية لتنظيف شوارع {place} بعد السيول",
        "طلاب {place} يقطعون كيلومترات يومياً للوصول إلى مدارسهم",
        "مكتبة متنقلة تجوب قرى ريف {place}",
        "عودة أول قافلة من المهجرين إلى {place}",
    ),
    "health": (
        "تفشي الكوليرا يقلق الأطباء في {place}",
        "نقص حاد في أدوية الأمراض المزمنة بمشافي {place}",
        "حملة تلقيح ضد شلل الأطفال تنطلق في {place}",
        "مستوصف {place} الوحيد يعمل بطاقم من ثلاثة أطباء",
        "أطباء {place} يحذرون من تلوث مياه الشرب",
        "افتتاح قسم لغسيل الكلى في مشفى {place} الوطني",
    ),
    "reports": (
        "تحقيق: أين تذهب المساعدات الغذائية في {place}؟",
        "تقرير: سوق سوداء للأدوية تزدهر في {place}",
        "تحقيق: عقارات الغائبين في {place} بين الحجز والبيع",
        "تقرير: عمالة الأطفال في ورش {place} تتضاعف",
        "تحقيق: شبكات تهريب البشر تنشط على طريق {place}",
        "تقرير: مدارس {place} بين الدمار والاكتظاظ",
    ),
    "misc": (
        "مهرجان للتراث الشعبي يعود إلى {place} بعد غياب",
        "فرقة مسرحية من {place} تجول على المخيمات",
        "معرض للصور الفوتوغرافية يوثق أحياء {place} القديمة",
        "حرفيو {place} يحيون صناعة الصابون التقليدية",
        "نادي {place} الرياضي يحتفل بصعوده إلى الدرجة الأولى",
    ),
}

SENTENCES = {
    "politics": (
        "وقال مصدر محلي إن الاجتماع استمر أكثر من {num} ساعات دون التوصل إلى اتفاق واضح.",
        "ولم يصدر أي تعليق رسمي حتى صباح يوم {day}.",
        "وطالب الأهالي بضمانات مكتوبة قبل أي خطوة جديدة.",
        "وأشار ناشطون إلى أن عدد الموقوفين تجاوز {num} شخصاً خلال الشهر الماضي.",
        "وتتهم منظمات حقوقية الجهات المسؤولة بتجاهل مطالب السكان منذ سنوات.",
        "ويرى مراقبون أن الخطوة تأتي في سياق ترتيبات أوسع تشهدها المنطقة.",
    ),
    "economy": (
        "وسجل سعر الكيلوغرام الواحد ارتفاعاً بنسبة {num} بالمئة خلال أسبوع.",
        "ويقول أصحاب المحال إن القدرة الشرائية للسكان تراجعت إلى حد غير مسبوق.",
        "وبلغ سعر ليتر المازوت في السوق الحرة نحو {num} ألف ليرة.",
        "وأكد موظفون أن رواتبهم لم تعد تكفي لأكثر من أسبوع واحد.",
        "وتعتمد عائلات كثيرة على الحوالات القادمة من الخارج لتأمين حاجاتها.",
        "ولم تعلن الجهات المعنية عن أي خطة لدعم المنتجين الصغار.",
    ),
    "society": (
        "وشارك في المبادرة نحو {num} متطوعاً من أبناء المنطقة.",
        "وتقول إحدى الأمهات إن أطفالها ينامون بملابسهم الشتوية منذ أيام.",
        "وجمع المنظمون التبرعات من المغتربين عبر مجموعات على وسائل التواصل.",
        "ويأمل السكان أن تتحول الجهود الفردية إلى عمل منظم ودائم.",
        "وبدأت الأعمال صباح يوم {day} واستمرت حتى المساء.",
        "وتعاني المنطقة من غياب شبه كامل للخدمات الأساسية.",
    ),
    "health": (
        "وسجلت المراكز الصحية {num} إصابة جديدة خلال الأيام الثلاثة الماضية.",
        "ويضطر المرضى إلى السفر مسافات طويلة للحصول على العلاج.",
        "وناشد الكادر الطبي المنظمات الدولية تأمين المستلزمات العاجلة.",
        "وأوضح طبيب في المشفى أن الأجهزة المتوفرة قديمة ومعطلة في معظمها.",
        "وتستمر الحملة حتى يوم {day} المقبل وتشمل المدارس والمخيمات.",
        "وحذرت مديرية الصحة من الاكتظاظ في المراكز خلال ساعات الصباح.",
    ),
    "reports": (
        "وحصلت ليفانت نيوز على وثائق تظهر تلاعباً في قوائم المستفيدين.",
        "وتحدث معدو التقرير إلى {num} شاهداً من سكان المنطقة.",
        "ورفض مسؤول محلي الرد على أسئلة الموقع حول هذه الاتهامات.",
        "وتكشف الشهادات عن نمط متكرر من المحسوبيات في التوزيع.",
        "ويقدر عاملون في المجال الإنساني حجم الخسائر بملايين الدولارات.",
        "ويخشى الشهود من الانتقام إن كشفوا عن أسمائهم الحقيقية.",
    ),
    "misc": (
        "وحضر الافتتاح نحو {num} شخص من مختلف الأعمار.",
        "ويقول المنظمون إن الهدف هو إحياء ذاكرة المكان لدى الجيل الجديد.",
        "واستمرت الفعالية حتى ساعة متأخرة من مساء يوم {day}.",
        "وتعلم الحرفة اليوم عدد قليل من الشبان بعد أن كادت تندثر.",
        "ولقيت الفكرة ترحيباً واسعاً على صفحات التواصل الاجتماعي.",
    ),
}

OPENINGS = (
    "أفادت مصادر محلية في {place} يوم {day} بأن الوضع ما زال على حاله.",
    "شهدت مدينة {place} خلال الأيام الماضية تطورات لافتة أثارت قلق السكان.",
    "تتواصل في {place} ردود الفعل على ما جرى مطلع الأسبوع.",
    "نقل مراسل ليفانت نيوز في {place} تفاصيل جديدة عن القضية.",
)
CLOSINGS = (
    "ويبقى مصير الملف معلقاً بانتظار ما ستسفر عنه الأيام المقبلة.",
    "وتتابع ليفانت نيوز تطورات القضية أولاً بأول.",
    "ولم تتمكن ليفانت نيوز من التحقق بشكل مستقل من جميع التفاصيل.",
)
INLINE_LINK = "وكانت ليفانت نيوز قد نشرت {a}تقريراً سابقاً{end} حول الموضوع ذاته."
EXTERNAL_LINK = "بحسب ما نقلته {a}صفحة محلية{end} على وسائل التواصل."
CAPTIONS = (
    "صورة أرشيفية من {place}",
    "جانب من الأحياء الشرقية في {place}",
    "سوق شعبي في {place} خلال ساعات الظهيرة",
    "مدخل المدينة القديمة في {place}",
)
UPDATES = (
    "تحديث: أعلنت السلطات المحلية مساء اليوم ذاته عن تشكيل لجنة لمتابعة القضية.",
    "تحديث: أكد مصدر رسمي لاحقاً صحة المعلومات الواردة في التقرير.",
    "تحديث: نفى مسؤول في المحافظة ما ورد على لسان الأهالي.",
)

# Publication times on both sides of Damascus's clock changes (local wall time):
# DST started at midnight on 2021-03-26 and 2022-03-25 and ended at midnight on
# 2021-10-29; Syria stayed on +03:00 from 2022-10-28 on (tzdata 2022f).
DST_EDGES = (
    "2021-03-25 21:30", "2021-03-26 09:15", "2021-10-28 22:10", "2021-10-29 08:40",
    "2022-03-24 20:05", "2022-03-25 10:30", "2022-10-27 21:45", "2022-10-28 11:20",
    "2023-01-10 09:00", "2023-12-21 18:35",
)  # fmt: skip
POSTS = 52
HIDDEN_POSTS = 4  # posts in the section the menu does not show
EDITED = 6
RENAMED = 2  # linked-to posts whose slug changes after they were linked


def plan(seed: int = SEED) -> dict[str, Any]:
    """Authors, sections and posts (oldest first) of the test site."""
    rng = random.Random(seed)
    dates = _dates(rng)
    hidden = set(rng.sample(range(3, POSTS // 2), HIDDEN_POSTS))
    menu = [s["slug"] for s in SECTIONS if s["menu"]]
    used_titles: set[str] = set()
    posts: list[dict[str, Any]] = []
    for key, date in enumerate(dates):
        section = HIDDEN_SECTION if key in hidden else menu[key % len(menu)]
        sections = [section]
        if section != HIDDEN_SECTION and rng.random() < 0.2:
            sections.append(rng.choice([s for s in menu if s != section]))
        title = _title(rng, section, used_titles)
        block = key % 2 == 1
        caption = _fill(rng, rng.choice(CAPTIONS)) if rng.random() < 0.35 else None
        paragraphs = _paragraphs(rng, section)
        links = _read_also(rng, key, hidden, posts)
        content = _content(rng, paragraphs, links, caption, block, key, posts)
        posts.append(
            {
                "key": key,
                "title": title,
                "slug": f"levant-news-{key}" if key % 5 == 0 else None,
                "date": date.strftime("%Y-%m-%d %H:%M:%S"),
                "author": AUTHORS[rng.randrange(len(AUTHORS))]["login"],
                "categories": sections,
                "tags": rng.sample(TAGS, rng.randint(0, 4)),
                "content": content,
                "image": {"caption": caption} if caption else None,
                "editor": "block" if block else "classic",
                "edit": None,
                "rename": None,
            }
        )
    for key in rng.sample(range(POSTS), EDITED):
        post = posts[key]
        update = UPDATES[key % len(UPDATES)]
        post["edit"] = _paragraph(update, post["editor"] == "block")
    for key in _linked(posts)[:RENAMED]:
        # Renamed after others linked to it: WordPress answers the old address with a
        # redirect to the new one (wp_old_slug_redirect).
        posts[key]["rename"] = f"renamed-{key}"
    return {"authors": list(AUTHORS), "sections": list(SECTIONS), "posts": posts}


def _linked(posts: list[dict[str, Any]]) -> list[int]:
    """Posts other posts link to as read-also, most linked first."""
    counts: dict[int, int] = {}
    for post in posts:
        for target in re.findall(r"\{\{url:(\d+):permalink[^}]*\}\}", post["content"]):
            counts[int(target)] = counts.get(int(target), 0) + 1
    return sorted(counts, key=lambda key: (-counts[key], key))


def _dates(rng: random.Random) -> list[datetime]:
    fixed = [datetime.strptime(d, "%Y-%m-%d %H:%M") for d in DST_EDGES]
    start = datetime(2020, 11, 2, 8, 0)
    span = (datetime(2024, 6, 30) - start).days
    others: set[datetime] = set()
    while len(others) < POSTS - len(fixed):
        day = start + timedelta(days=rng.randrange(span))
        others.add(day.replace(hour=rng.randint(7, 22), minute=rng.randrange(60)))
    return sorted(fixed + sorted(others))


def _fill(rng: random.Random, template: str) -> str:
    return template.format(place=rng.choice(PLACES), day=rng.choice(DAYS), num=rng.randint(3, 90))


def _title(rng: random.Random, section: str, used: set[str]) -> str:
    while True:
        title = _fill(rng, rng.choice(TITLES[section]))
        if title not in used:
            used.add(title)
            return title


def _paragraphs(rng: random.Random, section: str) -> list[str]:
    pool = list(SENTENCES[section])
    rng.shuffle(pool)
    paragraphs = [_fill(rng, rng.choice(OPENINGS)) + " " + _fill(rng, pool.pop())]
    for _ in range(rng.randint(1, 3)):
        count = min(len(pool), rng.randint(1, 2))
        if not count:
            break
        paragraphs.append(" ".join(_fill(rng, pool.pop()) for _ in range(count)))
    paragraphs.append(rng.choice(CLOSINGS))
    return paragraphs


def _read_also(
    rng: random.Random, key: int, hidden: set[int], posts: list[dict[str, Any]]
) -> list[int]:
    """Older posts this one links to as "read also"; each hidden post gets a newer
    post linking to it (it has no other way in)."""
    targets: list[int] = []
    for h in sorted(hidden):
        if key == h + 1 + (h % 3):
            targets.append(h)
    if posts and rng.random() < 0.6:
        for _ in range(rng.randint(1, 2)):
            other = rng.randrange(len(posts))
            if other not in targets:
                targets.append(other)
    return targets[:3]


def _content(
    rng: random.Random,
    paragraphs: list[str],
    links: list[int],
    caption: str | None,
    block: bool,
    key: int,
    posts: list[dict[str, Any]],
) -> str:
    parts = [_paragraph(p, block) for p in paragraphs]
    if posts and rng.random() < 0.15:  # an in-text link to an older article: not read-also
        target = rng.randrange(len(posts))
        a = f'<a href="{{{{url:{target}:permalink}}}}">'
        parts.insert(1, _paragraph(INLINE_LINK.format(a=a, end="</a>"), block))
    if rng.random() < 0.1:
        a = '<a href="https://example.org/levant-source" rel="nofollow">'
        parts.insert(1, _paragraph(EXTERNAL_LINK.format(a=a, end="</a>"), block))
    if caption:
        parts.insert(1, _image(caption, block))
    for n, target in enumerate(links):
        form = LINK_FORMS[(key + n) % len(LINK_FORMS)]
        line = _read_also_line(READ_ALSO[(key + n) % len(READ_ALSO)], target, form, key + n)
        at = len(parts) if n == len(links) - 1 else rng.randint(1, len(parts) - 1)
        parts.insert(at, _paragraph(line, block))
    return "\n\n".join(parts)


def _read_also_line(label: str, target: int, form: str, variant: int) -> str:
    href = f"{{{{url:{target}:{form}}}}}"
    title = f"{{{{title:{target}}}}}"
    style = variant % 4
    if style == 0:
        return f'{label} <a href="{href}">{title}</a>'
    if style == 1:
        return f'<strong>{label}</strong> <a href="{href}">{title}</a>'
    if style == 2:
        return f'<a href="{href}">{label} {title}</a>'
    return f'<strong>{label} <a href="{href}">{title}</a></strong>'


def _paragraph(html: str, block: bool) -> str:
    if block:
        return f"<!-- wp:paragraph -->\n<p>{html}</p>\n<!-- /wp:paragraph -->"
    return html


def _image(caption: str, block: bool) -> str:
    if block:
        return (
            '<!-- wp:image {"id":{{image_id}},"sizeSlug":"full","linkDestination":"none"} -->\n'
            '<figure class="wp-block-image size-full"><img src="{{image_url}}" alt=""'
            ' class="wp-image-{{image_id}}"/><figcaption class="wp-element-caption">'
            f"{caption}</figcaption></figure>\n<!-- /wp:image -->"
        )
    return (
        '[caption id="attachment_{{image_id}}" align="aligncenter" width="640"]'
        '<img class="size-full wp-image-{{image_id}}" src="{{image_url}}" alt=""'
        f' width="640" height="360" /> {caption}[/caption]'
    )


if __name__ == "__main__":
    import json
    import sys

    json.dump(plan(), sys.stdout, ensure_ascii=False, indent=1)
