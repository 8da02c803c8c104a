"""Small server-side SVG charts: no script, no network, no inline style, so they satisfy the page's CSP.

Each chart comes with the same figures as a table on the page, for screen readers and for printing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    y: float
    width: float
    text: str
    text_x: float


def bar_chart(items: list[tuple[str, float]], *, title: str, maximum: float | None = None, suffix: str = "") -> str:
    """Horizontal bars, one per (label, value), scaled to the maximum (or the largest value)."""
    row, label_width, bar_space = 26, 230, 330
    top = max([maximum or 0, *(value for _label, value in items)]) or 1
    bars = [
        Bar(
            label=label if len(label) <= 34 else label[:33] + "…",
            value=value,
            y=i * row,
            width=round(bar_space * value / top, 1),
            text=f"{value:g}{suffix}",
            text_x=round(label_width + bar_space * value / top + 6, 1),
        )
        for i, (label, value) in enumerate(items)
    ]
    return render_to_string(
        "includes/bar_chart.svg",
        {
            "bars": bars,
            "title": title,
            "height": max(row, len(bars) * row),
            "label_width": label_width,
            "label_x": label_width - 8,
            "width": label_width + bar_space + 70,
            "row": row,
        },
    )


@dataclass(frozen=True)
class Column:
    label: str
    value: float
    x: float
    y: float
    height: float
    text: str
    middle: float


def column_chart(points: list[tuple[str, float]], *, title: str, suffix: str = "") -> str:
    """Vertical columns for a trend over a few periods (years)."""
    width, height, gap = 60, 160, 24
    top = max([value for _label, value in points] or [0]) or 1
    columns = []
    for i, (label, value) in enumerate(points):
        bar_height = round(height * value / top, 1)
        columns.append(
            Column(
                label=label,
                value=value,
                x=i * (width + gap) + gap,
                y=height - bar_height + 20,
                height=bar_height,
                text=f"{value:g}{suffix}",
                middle=i * (width + gap) + gap + width / 2,
            )
        )
    return render_to_string(
        "includes/column_chart.svg",
        {
            "columns": columns,
            "title": title,
            "bar_width": width,
            "width": len(columns) * (width + gap) + gap,
            "height": height + 50,
            "base": height + 20,
        },
    )
