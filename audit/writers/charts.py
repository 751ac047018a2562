"""Small inline SVG charts, drawn here so the HTML report needs no chart library and no network."""

from __future__ import annotations

import colorsys
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Tableau 10: distinct in print and for the common forms of colour blindness.
_PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f")
VERDICT_COLORS = {"keep": "#2e7d32", "review": "#e0a100", "reject": "#c62828"}


def check_color(index: int) -> str:
    """A ``#rrggbb`` colour per check, by its position; past the palette, hues spaced by the golden angle."""
    if index < len(_PALETTE):
        return _PALETTE[index]
    red, green, blue = colorsys.hls_to_rgb((index * 0.381966) % 1.0, 0.5, 0.6)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


@dataclass(frozen=True)
class Marker:
    """A vertical line across a chart at ``at`` (0–1 of the axis), labelled."""

    at: float
    label: str


def histogram(
    counts: Sequence[int],
    colors: Sequence[str],
    bar_titles: Sequence[str],
    ticks: Sequence[tuple[float, str]],
    title: str,
    markers: Sequence[Marker] = (),
    size: tuple[int, int] = (480, 170),
) -> str:
    """Bars of equal width; a bin with any documents stays visible however tall the highest bar is."""
    width, height = size
    left, right, top, bottom = 34, 14, 16, 20
    plot_w, plot_h = width - left - right, height - top - bottom
    highest = max(counts, default=0) or 1
    bar_w = plot_w / max(len(counts), 1)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}"/>',
        f'<text class="tick" x="{left - 4}" y="{top + 4}" text-anchor="end">{highest:,}</text>',
        f'<text class="tick" x="{left - 4}" y="{top + plot_h}" text-anchor="end">0</text>',
    ]
    for i, (count, color, bar_title) in enumerate(zip(counts, colors, bar_titles, strict=True)):
        bar_h = 0.0 if count == 0 else max(plot_h * count / highest, 2.0)
        x = left + i * bar_w
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{top + plot_h - bar_h:.1f}" width="{max(bar_w - 2, 1):.1f}" '
            f'height="{bar_h:.1f}" fill="{color}"><title>{escape(bar_title)}</title></rect>'
        )
    for at, label in ticks:
        x = left + at * plot_w
        parts.append(
            f'<text class="tick" x="{x:.1f}" y="{height - 6}" text-anchor="middle">{escape(label)}</text>'
        )
    for marker in markers:
        x = left + marker.at * plot_w
        parts.append(
            f'<line class="marker" x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{top + plot_h}"/>'
            f'<text class="marker-label" x="{x + 3:.1f}" y="{top - 6 + 8}">{escape(marker.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_bar(parts: Sequence[tuple[str, int, str]], title: str, size: tuple[int, int] = (480, 34)) -> str:
    """One bar split into labelled shares, e.g. the verdicts: ``(label, count, colour)`` each."""
    width, height = size
    total = sum(count for _, count, _ in parts) or 1
    svg = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    x = 0.0
    for label, count, color in parts:
        share_w = width * count / total
        if share_w <= 0:
            continue
        svg.append(
            f'<rect x="{x:.1f}" y="0" width="{share_w:.1f}" height="{height}" fill="{color}">'
            f"<title>{escape(label)}: {count:,}</title></rect>"
        )
        if share_w >= 60:
            svg.append(
                f'<text class="bar-label" x="{x + 6:.1f}" y="{height / 2 + 4:.1f}">'
                f"{escape(label)} {count:,}</text>"
            )
        x += share_w
    svg.append("</svg>")
    return "".join(svg)
