"""Charts as server-rendered SVG: no JavaScript, no chart library, no inline styles.

Every chart is an accessible image: ``role="img"`` with ``aria-labelledby`` pointing at
its own ``<title>`` and ``<desc>``. Bars are separated by white space, each colour has at
least 3:1 contrast against white, and every value is written as text beside its bar, so
nothing depends on colour alone. The data table beside each chart (templates/includes/
chart.html) carries the exact figures and the links to the search.

Text in the SVG is escaped here; the functions return safe strings for templates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

INK = "#1b1f24"  # text: 16:1 on white
MUTED = "#4a5360"  # axis labels: 7.8:1
GRID = "#c9d1d9"  # decorative lines only
BAR = "#0b4f6c"  # single series: 8.9:1 on white
ESTIMATED = "#0b4f6c"
REALISED = "#b3541e"  # 5.0:1 on white

WIDTH = 360  # viewBox width; the CSS scales the chart to its column (and phone screens)
FONT = 15
SMALL = 13
LABEL_MAX_CHARS = 44
CHAR_WIDTH = 0.62  # average width of a character, in em, to keep value labels inside


@dataclass
class Bar:
    """One bar: its label, its value, and the value as people should read it."""

    label: str
    value: float
    display: str


@dataclass
class Series:
    """One series of a grouped chart (for instance "Anslått" or "Realisert")."""

    label: str
    colour: str


@dataclass
class Group:
    """One group of a grouped chart: a label and one value per series (None: no figure)."""

    label: str
    values: Sequence[float | None]
    displays: Sequence[str] = field(default_factory=list)


def _attr(value: object) -> str:
    return escape(str(value))


def _num(value: float) -> str:
    """Coordinates with at most one decimal, so the SVG stays small and stable in tests."""
    rounded = round(float(value), 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def _shorten(label: str, limit: int = LABEL_MAX_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _svg(chart_id: str, title: str, description: str, height: float, body: list[str]) -> SafeString:
    chart_id = _attr(chart_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" '
        f'viewBox="0 0 {WIDTH} {_num(height)}" width="{WIDTH}" height="{_num(height)}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-size="{FONT}" fill="{INK}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        *body,
        "</svg>",
    ]
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above


def _scale(maximum: float, room: float) -> float:
    return room / maximum if maximum > 0 else 0.0


def _fit(values_and_texts: Sequence[tuple[float, str]], font: int, maximum: float | None = None):
    """Units per value such that every bar plus its value label fits in the width.

    ``maximum`` (100 for percentages) is the value that would fill the width when the
    labels leave room for it; the scale never shrinks below a third of the width."""
    scale = None
    for value, text in values_and_texts:
        if value and value > 0:
            room = WIDTH - 8 - len(text) * font * CHAR_WIDTH
            fitted = room / float(value)
            scale = fitted if scale is None else min(scale, fitted)
    largest = max((float(value or 0) for value, _text in values_and_texts), default=0)
    if maximum:
        scale = min(scale, WIDTH * 0.75 / maximum) if scale is not None else None
    floor = _scale(maximum or largest, WIDTH / 3)
    return max(scale or 0.0, floor)


def describe(bars: Sequence[Bar]) -> str:
    """A plain-language list of every value, used as the chart's <desc>."""
    return "; ".join(f"{bar.label}: {bar.display}" for bar in bars) + "."


def bar_chart(
    chart_id: str, title: str, bars: Sequence[Bar], *, maximum: float | None = None
) -> SafeString:
    """Horizontal bars with the label above each bar: long Norwegian names stay readable.

    ``maximum`` fixes the end of the scale (100 for percentages); by default the longest
    bar fills the width."""
    row = FONT + 6 + 18 + 14
    top = 6
    height = top + row * max(len(bars), 1)
    scale = _fit([(bar.value, bar.display) for bar in bars], FONT, maximum)
    body = []
    for index, bar in enumerate(bars):
        y = top + index * row
        width = max(float(bar.value) * scale, 2 if bar.value > 0 else 0)
        body.append(f'<text x="0" y="{_num(y + FONT)}">{escape(_shorten(bar.label))}</text>')
        body.append(
            f'<rect x="0" y="{_num(y + FONT + 6)}" width="{_num(width)}" height="18" fill="{BAR}"/>'
        )
        body.append(
            f'<text x="{_num(width + 6)}" y="{_num(y + FONT + 20)}" font-weight="600">'
            f"{escape(bar.display)}</text>"
        )
    return _svg(chart_id, title, describe(bars), height, body)


def column_chart(chart_id: str, title: str, bars: Sequence[Bar]) -> SafeString:
    """Vertical columns for a time series (years), thinning the axis labels when crowded."""
    height, top, bottom = 240, 22, 26
    plot = height - top - bottom
    count = max(len(bars), 1)
    side = 16  # room for half an axis label ("2010") left of the first column
    slot = (WIDTH - 2 * side) / count
    column = min(slot * 0.7, 56)
    label_every = max(1, math.ceil(38 / slot))
    widest = max((len(bar.display) for bar in bars), default=1)
    show_values = slot >= widest * 8 + 4
    scale = _scale(max((bar.value for bar in bars), default=0), plot)
    body = [
        f'<line x1="0" y1="{top + plot}" x2="{WIDTH}" y2="{top + plot}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    ]
    for index, bar in enumerate(bars):
        centre = side + slot * index + slot / 2
        bar_height = max(float(bar.value) * scale, 2 if bar.value > 0 else 0)
        y = top + plot - bar_height
        body.append(
            f'<rect x="{_num(centre - column / 2)}" y="{_num(y)}" width="{_num(column)}" '
            f'height="{_num(bar_height)}" fill="{BAR}"/>'
        )
        if show_values:
            body.append(
                f'<text x="{_num(centre)}" y="{_num(y - 5)}" text-anchor="middle" '
                f'font-size="{SMALL}" font-weight="600">{escape(bar.display)}</text>'
            )
        if index % label_every == 0:
            body.append(
                f'<text x="{_num(centre)}" y="{height - 8}" text-anchor="middle" '
                f'font-size="{SMALL}" fill="{MUTED}">{escape(bar.label)}</text>'
            )
    return _svg(chart_id, title, describe(bars), height, body)


def grouped_bar_chart(
    chart_id: str, title: str, series: Sequence[Series], groups: Sequence[Group]
) -> SafeString:
    """Horizontal grouped bars: per group one bar for each series, on one shared scale.

    Each value label names its series ("anslått 500 000"), so the chart reads the same
    in greyscale print and for people who do not tell the colours apart.
    """
    bar_height, gap = 15, 4
    legend = 26
    row = FONT + 6 + len(series) * (bar_height + gap) + 12
    height = legend + row * max(len(groups), 1)
    scale = _fit(
        [
            (value, f"{item.label} {display}")
            for group in groups
            for item, value, display in zip(
                series, group.values, group.displays or [""] * len(series), strict=True
            )
        ],
        SMALL,
    )
    body = []
    x = 0
    for item in series:
        body.append(f'<rect x="{x}" y="4" width="14" height="14" fill="{item.colour}"/>')
        body.append(f'<text x="{x + 20}" y="16" font-size="{SMALL}">{escape(item.label)}</text>')
        x += 30 + len(item.label) * 8
    descriptions = []
    for index, group in enumerate(groups):
        y = legend + index * row
        body.append(f'<text x="0" y="{_num(y + FONT)}">{escape(_shorten(group.label))}</text>')
        parts = []
        for position, (item, value) in enumerate(zip(series, group.values, strict=True)):
            bar_y = y + FONT + 6 + position * (bar_height + gap)
            display = group.displays[position] if group.displays else ""
            text = (
                f"{item.label.lower()} {display}"
                if value is not None
                else (f"{item.label.lower()} –")
            )
            width = max(float(value) * scale, 2 if value else 0) if value is not None else 0
            if width:
                body.append(
                    f'<rect x="0" y="{_num(bar_y)}" width="{_num(width)}" '
                    f'height="{bar_height}" fill="{item.colour}"/>'
                )
            body.append(
                f'<text x="{_num(width + 6)}" y="{_num(bar_y + bar_height - 3)}" '
                f'font-size="{SMALL}">{escape(text)}</text>'
            )
            parts.append(text)
        descriptions.append(f"{group.label}: " + ", ".join(parts))
    return _svg(chart_id, title, "; ".join(descriptions) + ".", height, body)
