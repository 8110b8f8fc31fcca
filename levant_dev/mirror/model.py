"""The mirror's data model: its configuration, its articles and the site they make.

:mod:`levant_dev.mirror.content` builds a :class:`SiteModel` from a
:class:`MirrorConfig`; the pages, feeds, API, fault and trap modules read it. This
module imports none of them, so every one of them can import it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from urllib.parse import quote
from zoneinfo import ZoneInfo

from levant.site import LEVANT, Section
from levant_dev.mirror import vocab

SITE_TZ = ZoneInfo(LEVANT.timezone)


@dataclass(frozen=True)
class MirrorConfig:
    articles: int = 300
    seed: int = 1
    epoch: int = 0
    new_per_epoch: int = 20
    edits_per_epoch: int = 5
    js: bool = False  # serve the JavaScript-only pages of levant_dev.mirror.js
    faults: bool = False  # serve the broken and hostile pages of levant_dev.mirror.faults
    decoy_port: int = 9  # with faults: the 127.0.0.1 port hostile links point at
    theme: str = "a"  # "b": the same pages under another theme (levant_dev.mirror.theme_b)
    fail_articles: int | None = None  # an HTTP status every article page answers (503)
    trap: str | None = None  # one crawler trap of levant_dev.mirror.traps ("fanout"...)
    api: bool = False  # serve the REST API and core sitemaps (levant_dev.mirror.api)
    epoch_seconds: float | None = None  # live mode: an epoch every S s (levant_dev.mirror.live)
    live_start: datetime | None = None  # live mode: the moment of epoch 0 (default: start)
    anchor: datetime = field(
        default_factory=lambda: datetime.now(SITE_TZ).replace(minute=0, second=0, microsecond=0)
    )


@dataclass
class MirrorArticle:
    """One article of the mirror. ``paragraphs`` is what a correct extractor returns."""

    index: int
    post_id: int
    slug: str
    title: str
    sections: list[Section]
    tags: list[str]
    author: str
    published: datetime
    epoch: int
    rng_seed: int
    reachable: bool = True
    source_credit: str | None = None
    related: list[int] = field(default_factory=list)  # post IDs of read-also targets
    broken_related: bool = False  # one read-also link points to a deleted article
    meta_profile: str = "full"  # full | no_jsonld | time_only | text_only
    date_style: int = 0
    fixed_paragraphs: list[str] | None = None
    embed: str | None = None
    edits: list[datetime] = field(default_factory=list)
    fixed_key: str | None = None  # set on the three real articles
    js: str | None = None  # with --js: "listing" or "body" (see levant_dev.mirror.js)

    @property
    def path(self) -> str:
        return f"/article/{quote(self.slug).lower()}/"

    @property
    def modified(self) -> datetime:
        return self.edits[-1] if self.edits else self.published

    @property
    def version(self) -> int:
        return 1 + len(self.edits)

    @cached_property
    def base_paragraphs(self) -> list[str]:
        if self.fixed_paragraphs is not None:
            return list(self.fixed_paragraphs)
        return _compose_paragraphs(random.Random(self.rng_seed), self)

    @property
    def paragraphs(self) -> list[str]:
        edits = [
            f"تحديث ({n}): أفادت مصادر محلية بمستجدات إضافية حول {self.title}."
            for n in range(1, len(self.edits) + 1)
        ]
        return self.base_paragraphs + edits


@dataclass
class SiteModel:
    config: MirrorConfig
    articles: list[MirrorArticle]  # newest first
    sections: tuple[Section, ...] = LEVANT.sections
    error_once_post_id: int | None = None

    @cached_property
    def by_id(self) -> dict[int, MirrorArticle]:
        return {a.post_id: a for a in self.articles}

    @cached_property
    def by_slug(self) -> dict[str, MirrorArticle]:
        return {a.slug: a for a in self.articles}

    def listed(self, section: str | None = None) -> list[MirrorArticle]:
        """Articles on listing pages, newest first (all sections when None).

        Articles that only a script lists (``js == "listing"``) are in their own
        section's list only, never on the home page, in sidebars or in teasers.
        """
        return [
            a
            for a in self.articles
            if a.reachable
            and (
                any(s.slug == section for s in a.sections)
                if section is not None
                else a.js != "listing"
            )
        ]


def _compose_paragraphs(rng: random.Random, article: MirrorArticle) -> list[str]:
    if article.sections[0].slug == "caricature":
        return [f"رسم كاريكاتيري يتناول {rng.choice(vocab.TOPICS)} في {rng.choice(vocab.PLACES)}."]
    count = rng.randint(3, 8)
    return [_paragraph(rng) for _ in range(count)]


def _paragraph(rng: random.Random) -> str:
    actor, verb = rng.choice(vocab.ACTORS), rng.choice(vocab.BODY_VERBS)
    topic, place = rng.choice(vocab.TOPICS), rng.choice(vocab.PLACES)
    sentence = (
        f"{verb} {actor} {rng.choice(vocab.TIME_PHRASES)}، أن {topic} في {place} "
        f"{rng.choice(vocab.PREDICATES)}."
    )
    extras = [
        f" وبحسب الأرقام الرسمية، ارتفعت النسبة إلى {rng.randint(10, 98)}.{rng.randint(1, 9)}% "
        f"خلال الأشهر الماضية.",
        f" وأشار إلى القرار الأممي {rng.choice((2254, 2585, 2672, 2139))} بوصفه أساساً لأي حل.",
        f' وقال: "{rng.choice(vocab.QUOTES)}".',
        f" ويقدَّر عدد المتضررين بنحو {rng.randint(2, 900)} ألف شخص.",
        f" وبلغ سعر الصرف {rng.randint(3, 15)} آلاف ليرة للدولار الواحد.",
    ]
    return sentence + "".join(rng.sample(extras, rng.randint(0, 2)))
