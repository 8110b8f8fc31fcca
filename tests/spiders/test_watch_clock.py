"""The watch's timing: the interval while polls work, a jittered backoff while they fail."""

from __future__ import annotations

import pytest

from levant.spiders.watch import WatchClock


def test_a_working_watch_polls_every_interval() -> None:
    clock = WatchClock(interval=60)
    assert [clock.next_delay(failed=False) for _ in range(3)] == [60, 60, 60]
    assert clock.cycles == 3


@pytest.mark.parametrize(("draw", "factor"), [(0.0, 0.8), (0.5, 1.0), (1.0, 1.2)])
def test_failed_polls_double_the_wait_with_jitter(draw: float, factor: float) -> None:
    clock = WatchClock(interval=10, max_backoff=900, rng=lambda: draw)
    delays = [clock.next_delay(failed=True) for _ in range(3)]
    assert delays == pytest.approx([20 * factor, 40 * factor, 80 * factor])


def test_the_backoff_is_capped_and_a_success_resets_it() -> None:
    clock = WatchClock(interval=10, max_backoff=100, rng=lambda: 0.5)
    for _ in range(10):
        clock.next_delay(failed=True)
    assert clock.next_delay(failed=True) == pytest.approx(100)
    assert clock.next_delay(failed=False) == 10 and clock.failures == 0
