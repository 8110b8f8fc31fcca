"""Bar charts' geometry for the report's inline SVG: no script, no external asset.

:func:`bar_chart` computes where every bar, grid line, label and legend entry goes
(coordinates already formatted); the ``bar_chart`` macro of
``templates/report.html.j2`` draws it, escaping every label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH, HEIGHT = 760, 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 12, 30, 56
COLORS = {"new": "#2b7bb9", "updated": "#e08a1e"}
_OTHER = "#777"
_MAX_TICKS = 16  # x-axis labels shown at most; the others are skipped evenly


@dataclass(frozen=True)
class GridLine:
    y: str
    label: str  # the scale's value at this line
    label_y: str


@dataclass(frozen=True)
class Bar:
    x: str
    y: str
    width: str
    height: str
    series: str
    color: str
    label: str  # the group's label (a run's start, a day)
    value: int


@dataclass(frozen=True)
class Tick:
    x: str
    y: str
    label: str


@dataclass(frozen=True)
class LegendEntry:
    x: int
    name: str
    color: str


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = _LEFT
    right: int = WIDTH - _RIGHT
    axis_y: int = HEIGHT - _BOTTOM
    grid: list[GridLine] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)
    empty: bool = False


def bar_chart(
    title: str, labels: Sequence[str], series: dict[str, Sequence[int]], chart_id: str
) -> Chart:
    """Grouped bars, one group per label, one bar per series (``COLORS`` by name)."""
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM
    top = _nice(max([1, *(v for values in series.values() for v in values)]))
    grid = []
    for step in range(5):
        y = _TOP + plot_h - plot_h * step / 4
        grid.append(GridLine(f"{y:.1f}", f"{top * step / 4:g}", f"{y + 4:.1f}"))
    groups = max(1, len(labels))
    group_w = plot_w / groups
    bar_w = max(2.0, min(28.0, group_w * 0.8 / max(1, len(series))))
    bars, ticks = [], []
    for index, label in enumerate(labels):
        x0 = _LEFT + group_w * index + (group_w - bar_w * len(series)) / 2
        for offset, (name, values) in enumerate(series.items()):
            value = values[index] if index < len(values) else 0
            h = plot_h * value / top
            bars.append(
                Bar(
                    f"{x0 + bar_w * offset:.1f}",
                    f"{_TOP + plot_h - h:.1f}",
                    f"{bar_w:.1f}",
                    f"{h:.1f}",
                    name,
                    COLORS.get(name, _OTHER),
                    label,
                    value,
                )
            )
        if groups <= _MAX_TICKS or index % -(-groups // _MAX_TICKS) == 0:
            ticks.append(
                Tick(f"{_LEFT + group_w * (index + 0.5):.1f}", str(_TOP + plot_h + 14), label)
            )
    legend = [
        LegendEntry(WIDTH - _RIGHT - 170 + offset * 85, name, COLORS.get(name, _OTHER))
        for offset, name in enumerate(series)
    ]
    return Chart(
        chart_id, title, grid=grid, bars=bars, ticks=ticks, legend=legend, empty=not labels
    )


def _nice(value: float) -> float:
    """The smallest of 1, 2, 5 x 10^k at or above ``value``."""
    scale = 1.0
    while scale * 10 <= value:
        scale *= 10
    for step in (1, 2, 5, 10):
        if step * scale >= value:
            return step * scale
    return 10 * scale
