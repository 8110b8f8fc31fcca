"""Live mode of the mirror (``--epoch-seconds S``): the site changes as time passes.

The epoch follows the wall clock: ``epoch = floor((now - start) / S)``, where
``start`` is when the live site began (``--live-start``, by default the moment the
server started, less ``--epoch`` periods). Each step ``k`` happens at
``start + k * S`` (to the second, as WordPress stores dates): it publishes
``new_per_epoch`` articles dated that moment and edits ``edits_per_epoch`` of those
published in the 46 hours before it, whose modification date moves to that moment.
Every page reads the same model, so the HTML pages, listings, feed, sitemaps and
REST API agree at any instant.

Steps only add: an article, once published, keeps its slug, ID and read-also
links; an edit appends a paragraph. A step costs work in proportion to what it
adds, not to the size of the site, so a live mirror serves for hours; its memory
grows with its articles only. Step ``k`` draws from its own random stream (seed
and ``k``), so ``--truth --epoch N --epoch-seconds S --live-start T`` prints the
site a live server shows at epoch ``N``.

Dates in live mode carry seconds: an article whose only date is the visible
post-meta line (minutes) would lose them, so live articles never use that profile.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from levant_dev.mirror.content import SITE_TZ, MirrorArticle, SiteModel, _generate

EDIT_WINDOW = timedelta(hours=46)  # an article is edited while it is still news
EDIT_CANDIDATES = 200  # at most this many of the newest articles are candidates


@dataclass(frozen=True)
class Timeline:
    """When each live step happens."""

    start: datetime  # the moment of epoch 0 (aware)
    seconds: float  # length of an epoch

    def epoch_at(self, now: float) -> int:
        """The epoch at POSIX time *now* (0 before the start)."""
        return max(0, math.floor((now - self.start.timestamp()) / self.seconds))

    def moment(self, step: int) -> datetime:
        """When step *step* happens, to the second, in the site's zone."""
        when = self.start + timedelta(seconds=step * self.seconds)
        return when.astimezone(SITE_TZ).replace(microsecond=0)


class LiveSite:
    """A site model brought forward to the epoch of the moment asked for."""

    def __init__(self, site: SiteModel, timeline: Timeline) -> None:
        self.site = site
        self.timeline = timeline
        self.epoch = 0
        self._next_id = max(a.post_id for a in site.articles) + 3

    def sync(self, now: float) -> int:
        """Apply every step due at POSIX time *now*; the epoch reached."""
        self.advance_to(self.timeline.epoch_at(now))
        return self.epoch

    def advance_to(self, epoch: int) -> None:
        while self.epoch < epoch:
            self.epoch += 1
            self._step(self.epoch)

    def _step(self, step: int) -> None:
        config = self.site.config
        when = self.timeline.moment(step)
        rng = random.Random(f"levant-live:{config.seed}:{step}")
        candidates = self._recent(when)
        for article in rng.sample(candidates, min(config.edits_per_epoch, len(candidates))):
            article.edits.append(when)
        new = _generate(rng, [when] * config.new_per_epoch, epoch=step)
        newest = self.site.articles[:60]
        for article in new:
            article.published = when
            if article.meta_profile == "text_only":
                article.meta_profile = "time_only"
            article.post_id, self._next_id = self._next_id, self._next_id + 3
            article.slug = self._free_slug(article.slug)
            wanted = rng.choices((0, 1, 2), (35, 50, 15))[0]
            article.related = [a.post_id for a in rng.sample(newest, min(wanted, len(newest)))]
            self.site.by_id[article.post_id] = article
            self.site.by_slug[article.slug] = article
        self.site.articles[:0] = new[::-1]  # newest first; a step's own by ID, highest first

    def _recent(self, when: datetime) -> list[MirrorArticle]:
        """Articles that may be edited at *when*: published in the window before it."""
        found = []
        for article in self.site.articles[:EDIT_CANDIDATES]:
            if when - EDIT_WINDOW < article.published < when and article.fixed_key is None:
                found.append(article)
        return found

    def _free_slug(self, slug: str) -> str:
        """WordPress's rule: a later post with a taken slug gets ``-2``, ``-3``…"""
        if slug not in self.site.by_slug:
            return slug
        number = 2
        while f"{slug}-{number}" in self.site.by_slug:
            number += 1
        return f"{slug}-{number}"


def site_at(site: SiteModel, timeline: Timeline, epoch: int) -> SiteModel:
    """*site* (the live site at epoch 0) brought to *epoch*, for the truth."""
    LiveSite(site, timeline).advance_to(epoch)
    return site
