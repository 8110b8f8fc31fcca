"""``mode=watch``: a crawl that stays up and polls for new and changed articles.

The first cycle is an ordinary incremental crawl (a full one on an empty store).
Then, every ``interval`` seconds, the spider asks the cheapest question the site
answers, one request a cycle when nothing changed:

- with the WordPress REST API: the posts modified after the newest modification
  seen so far (an empty page when nothing changed);
- without it: the RSS feed, conditionally (``If-None-Match`` / ``If-Modified-Since``
  from the last answer: a 304 when nothing changed); new entries are fetched.

A cycle that fails waits longer before the next one: the interval doubled per
failure in a row, at most ``LEVANT_WATCH_MAX_BACKOFF`` seconds, with +/-20 % jitter so
that many watchers do not poll in step. Exports go out as they come (the stream's
store commits at least every ``LEVANT_STATE_COMMIT_SECONDS``), so a SIGTERM loses
nothing; the crawl closes as any other.

:class:`WatchClock` is the timing alone (no engine, testable with a fake clock);
the spider owns the requests.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class WatchClock:
    """When the next poll is due, given how the last cycles went."""

    interval: float
    max_backoff: float = 900.0
    jitter: float = 0.2
    rng: Callable[[], float] = field(default=random.random, repr=False)
    failures: int = 0  # cycles failed in a row
    cycles: int = 0

    def next_delay(self, *, failed: bool) -> float:
        """Seconds from the end of a cycle to the next poll."""
        self.cycles += 1
        self.failures = self.failures + 1 if failed else 0
        if not self.failures:
            return self.interval
        backoff = min(self.interval * 2**self.failures, max(self.max_backoff, self.interval))
        return backoff * (1 + self.jitter * (2 * self.rng() - 1))
