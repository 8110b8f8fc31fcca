"""Bar charts as inline SVG: no script, no external asset, readable without a browser's help."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 760, 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 12, 30, 56
COLORS = {"new": "#2b7bb9", "updated": "#e08a1e"}


def bar_chart(
    title: str, labels: Sequence[str], series: dict[str, Sequence[int]], chart_id: str
) -> str:
    """Grouped bars, one group per label, one bar per series (``COLORS`` by name)."""
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM
    top = max([1, *(v for values in series.values() for v in values)])
    top = _nice(top)
    parts = [
        f'<svg id="{chart_id}" class="chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="{_LEFT}" y="18" class="chart-title">{escape(title)}</text>',
    ]
    for step in range(5):  # horizontal grid and scale
        value = top * step / 4
        y = _TOP + plot_h - plot_h * step / 4
        parts.append(
            f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{WIDTH - _RIGHT}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" class="tick" text-anchor="end">'
            f"{value:g}</text>"
        )
    groups = max(1, len(labels))
    group_w = plot_w / groups
    bar_w = max(2.0, min(28.0, group_w * 0.8 / max(1, len(series))))
    for index, label in enumerate(labels):
        x0 = _LEFT + group_w * index + (group_w - bar_w * len(series)) / 2
        for offset, (name, values) in enumerate(series.items()):
            value = values[index] if index < len(values) else 0
            h = plot_h * value / top
            x, y = x0 + bar_w * offset, _TOP + plot_h - h
            parts.append(
                f'<rect class="bar bar-{escape(name)}" x="{x:.1f}" y="{y:.1f}" '
                f'width="{bar_w:.1f}" height="{h:.1f}" fill="{COLORS.get(name, "#777")}">'
                f"<title>{escape(label)}: {value} {escape(name)}</title></rect>"
            )
        if groups <= 16 or index % -(-groups // 16) == 0:
            cx = _LEFT + group_w * (index + 0.5)
            parts.append(
                f'<text x="{cx:.1f}" y="{_TOP + plot_h + 14}" class="tick" '
                f'text-anchor="end" transform="rotate(-30 {cx:.1f} {_TOP + plot_h + 14})">'
                f"{escape(label)}</text>"
            )
    parts.append(
        f'<line x1="{_LEFT}" y1="{_TOP + plot_h}" x2="{WIDTH - _RIGHT}" y2="{_TOP + plot_h}" '
        'class="axis"/>'
    )
    for offset, name in enumerate(series):  # legend
        x = WIDTH - _RIGHT - 170 + offset * 85
        parts.append(
            f'<rect x="{x}" y="8" width="12" height="12" fill="{COLORS.get(name, "#777")}"/>'
            f'<text x="{x + 16}" y="18" class="legend">{escape(name)}</text>'
        )
    if not labels:
        parts.append(
            f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle">no runs yet</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _nice(value: float) -> float:
    """The smallest of 1, 2, 5 x 10^k at or above ``value``."""
    scale = 1.0
    while scale * 10 <= value:
        scale *= 10
    for step in (1, 2, 5, 10):
        if step * scale >= value:
            return step * scale
    return 10 * scale
