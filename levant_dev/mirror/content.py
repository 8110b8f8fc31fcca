"""The mirror's site model: a deterministic, generated replica of Levant News.

``build_site(MirrorConfig(...))`` composes every article (title, body, dates,
sections, tags, authors, read-also links) from a seed, so the same arguments give
the same site, byte for byte, on any machine. Three real articles are fixed (the
seed page in ``data/`` and the two pages it links to); the rest are generated in
their style. Bodies are composed lazily, per article, so a 10,000-article site
builds in well under a second.

Time: the site stands at an *epoch*. Epoch 0 is the initial site; every later
epoch publishes ``new_per_epoch`` articles and edits ``edits_per_epoch`` of those
published within 46 hours of ``anchor`` (inside a two-day refresh window). The
newest epoch-0 article is dated one day before ``anchor`` (by default the present
hour), and epoch ``k`` publishes during the hour ``anchor - 1 day + k hours``, so
dates on the mirror relate to the present as on the live site.
"""

from __future__ import annotations

import random
import re
import zlib
from datetime import datetime, timedelta
from importlib import resources

from levant.site import LEVANT, Section
from levant_dev.mirror import vocab
from levant_dev.mirror.faults import apply_faults
from levant_dev.mirror.js import apply_js
from levant_dev.mirror.model import SITE_TZ, MirrorArticle, MirrorConfig, SiteModel
from levant_dev.mirror.traps import apply_trap

__all__ = ["SITE_TZ", "MirrorArticle", "MirrorConfig", "SiteModel", "build_site", "slugify"]

FIRST_POST_ID = 4100


def build_site(config: MirrorConfig) -> SiteModel:
    rng = random.Random(config.seed)
    anchor = config.anchor.astimezone(SITE_TZ)  # the site states its own offset
    epoch0_newest = anchor - timedelta(days=1)
    times, when = [], epoch0_newest
    for number in range(max(config.articles - len(_FIXED), 0)):
        times.append(when)  # the newest 30 come often, as on a live news site
        when -= timedelta(minutes=rng.randint(20, 90) if number < 30 else rng.randint(40, 300))
    articles = _generate(rng, times, epoch=0) + _fixed_articles()
    articles.sort(key=lambda a: a.published, reverse=True)
    for number, article in enumerate(reversed(articles)):
        article.post_id = FIRST_POST_ID + number * 3
    fixed = {a.fixed_key: a for a in articles if a.fixed_key}
    fixed["seed"].related = [fixed["arnous"].post_id]
    for epoch in range(1, config.epoch + 1):
        start = epoch0_newest + timedelta(hours=epoch - 1)
        times = [start + timedelta(minutes=2 * (n + 1)) for n in range(config.new_per_epoch)]
        new = _generate(rng, times, epoch=epoch)
        next_id = max(a.post_id for a in articles) + 3
        for offset, article in enumerate(new):
            article.post_id = next_id + offset * 3
        recent = [  # edited while still news: published within the last 46 hours
            a
            for a in articles
            if a.fixed_key is None and a.published > anchor - timedelta(hours=46)
        ]
        for article in rng.sample(recent, min(config.edits_per_epoch, len(recent))):
            article.edits.append(start + timedelta(minutes=45 + rng.randint(0, 10)))
        articles = sorted(new, key=lambda a: a.published, reverse=True) + articles
    for index, article in enumerate(articles):
        article.index = index
    _dedupe_slugs(articles)
    _link_read_also(random.Random(config.seed + 7), articles)
    site = SiteModel(config=config, articles=articles)
    listed = site.listed()
    site.error_once_post_id = listed[min(2, len(listed) - 1)].post_id
    if config.js:
        apply_js(site)
    if config.faults:
        apply_faults(site)
    if config.trap:
        apply_trap(site)
    return site


def _generate(rng: random.Random, times: list[datetime], epoch: int) -> list[MirrorArticle]:
    articles = []
    for when in times:
        title = _title(rng)
        sections = _sections(rng)
        author = "ليفانت نيوز" if sections[0].slug != "opinion" else rng.choice(vocab.AUTHORS[3:])
        if sections[0].slug not in ("opinion", "caricature") and rng.random() < 0.3:
            author = rng.choice(vocab.AUTHORS)
        articles.append(
            MirrorArticle(
                index=0,
                post_id=0,
                slug=slugify(title),
                title=title,
                sections=sections,
                tags=rng.sample(vocab.TAGS, rng.randint(1, 4)),
                author=author,
                published=when.replace(second=0, microsecond=0),
                epoch=epoch,
                rng_seed=rng.getrandbits(32),
                reachable=epoch > 0 or rng.random() >= 0.05,
                source_credit=None
                if sections[0].slug in ("opinion", "caricature")
                else rng.choice(vocab.SOURCE_CREDITS),
                meta_profile=rng.choices(
                    ("full", "no_jsonld", "time_only", "text_only"), (80, 10, 5, 5)
                )[0],
                date_style=rng.randrange(5),
                embed=rng.choice(vocab.EMBEDS) if rng.random() < 0.3 else None,
            )
        )
    return articles


def _title(rng: random.Random) -> str:
    actor = rng.choice(vocab.ACTORS)
    verb = rng.choice(vocab.TITLE_VERBS)
    topic = rng.choice(vocab.TOPICS)
    place = rng.choice(vocab.PLACES)
    if rng.random() < 0.04:
        return f"عاجل: {actor} {verb} {topic}"
    return f"{actor} {verb} {topic} في {place}"


def _sections(rng: random.Random) -> list[Section]:
    by_slug = {s.slug: s for s in LEVANT.sections}
    primary = rng.choices(LEVANT.sections, (30, 15, 12, 8, 8, 5, 10))[0]
    if primary.slug == "health" and rng.random() < 0.6:
        return [primary, by_slug["society"]]
    if primary.slug == "politics" and rng.random() < 0.15:
        return [primary, by_slug["reports"]]
    return [primary]


def _dedupe_slugs(articles: list[MirrorArticle]) -> None:
    seen: dict[str, int] = {}
    for article in reversed(articles):  # oldest keeps the plain slug, as WordPress does
        count = seen.get(article.slug, 0)
        seen[article.slug] = count + 1
        if count:
            article.slug = f"{article.slug}-{count + 1}"


def _link_read_also(rng: random.Random, articles: list[MirrorArticle]) -> None:
    """Read-also links point to older articles; every unlisted article gets one."""
    for position, article in enumerate(articles):
        if article.related or position + 1 >= len(articles):
            continue
        older = articles[position + 1 : position + 60]
        wanted = rng.choices((0, 1, 2), (35, 50, 15))[0]
        article.related = [a.post_id for a in rng.sample(older, min(wanted, len(older)))]
        article.broken_related = article.reachable and rng.random() < 0.02
    hidden = [a for a in articles if not a.reachable]
    for target in hidden:
        linking = [
            a
            for a in articles
            if a.reachable and a.published > target.published and target.post_id not in a.related
        ]
        source = (linking or [a for a in articles if a.reachable])[:40]
        rng.choice(source).related.append(target.post_id)


def slugify(title: str) -> str:
    words = re.findall(r"[\w\u0600-\u06ff]+", title)
    return "-".join(words[:9])


def _seed_text() -> list[str]:
    raw = resources.files("levant_dev.mirror").joinpath("data/seed-article.txt").read_text("utf-8")
    return [line.strip() for line in raw.splitlines() if line.strip() and line.strip() != "-"]


_FIXED = ("seed", "arnous", "caricature")


def _fixed_articles() -> list[MirrorArticle]:
    """The real article of ``shared/seed`` and the two articles its page links to."""
    lines = _seed_text()
    title = lines[0]
    video = next(line for line in lines if line.startswith("https://"))
    read_also_title = next(line for line in lines if line.startswith("اقرأ أيضاً"))
    read_also_title = read_also_title.split(":", 1)[1].strip()
    credit_at = next(i for i, line in enumerate(lines) if line.startswith("ليفانت نيوز_"))
    body = [line for line in lines[1:credit_at] if line != video and not line.startswith("اقرأ")]
    by_slug = {s.slug: s for s in LEVANT.sections}

    def fixed(key: str, **kwargs: object) -> MirrorArticle:
        defaults: dict[str, object] = dict(
            index=0,
            post_id=0,
            epoch=0,
            rng_seed=zlib.crc32(key.encode()),
            tags=["سوريا"],
            author="ليفانت نيوز",
            meta_profile="full",
            date_style=0,
            fixed_key=key,
        )
        defaults.update(kwargs)
        return MirrorArticle(**defaults)  # type: ignore[arg-type]

    arnous = fixed(
        "arnous",
        slug=slugify(read_also_title),
        title=read_also_title,
        sections=[by_slug["politics"]],
        published=datetime(2021, 8, 10, 18, 40, tzinfo=SITE_TZ),
        source_credit="ليفانت نيوز_ وكالات",
        tags=["سوريا", "حكومة النظام"],
    )
    seed = fixed(
        "seed",
        slug=slugify(title),
        title=title,
        sections=[by_slug["politics"]],
        published=datetime(2021, 9, 14, 9, 15, tzinfo=SITE_TZ),
        source_credit=vocab.SOURCE_CREDITS[0],
        fixed_paragraphs=body,
        embed=video.split("?")[0],
        tags=["سوريا", "روسيا", "بشار الأسد"],
    )
    cartoon = fixed(
        "caricature",
        slug=slugify("من وحي الساحات في سوريا"),
        title="من وحي الساحات في سوريا",
        sections=[by_slug["caricature"]],
        published=datetime(2024, 12, 19, 11, 5, tzinfo=SITE_TZ),
        author="ليفانت-خاص",
        fixed_paragraphs=["رسم كاريكاتيري من وحي الساحات في سوريا."],
    )
    return [seed, arnous, cartoon]
