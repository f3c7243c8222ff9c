"""Which of a deck's charts are drawn as pictures: what the chart cache is asked to have ready
before the slides are written, or told, in a batch's first deck, that the next decks need
(see ``cache.ChartCache.prepare``). Light to import: a deck's charts are handed to the helpers
drawing them before python-pptx is loaded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from hpdeck.plan.model import Chart
from hpdeck.render.charts.style import ChartStyle

if TYPE_CHECKING:
    from hpdeck.content.theme import Theme
    from hpdeck.plan.chrome import CompleteSlide
    from hpdeck.render.charts.apart import Request


NATIVE_KINDS = frozenset({"columns", "hbar", "stacked-bar", "line"})
"""Kinds PowerPoint can draw itself; the rest (the timeline, the map) stay pictures."""


def native(chart: Chart, theme: Theme) -> bool:
    """Whether to write ``chart`` as a native chart: its own style, else the theme's, where
    PowerPoint can draw its kind."""
    style = chart.style or theme.spec.chart_style
    return style == "native" and chart.spec.kind in NATIVE_KINDS


def pictures(pages: Sequence[CompleteSlide], theme: Theme) -> list[Request]:
    """The charts of ``pages`` drawn as pictures, each as the cache is asked for it."""
    style = ChartStyle.from_theme(theme)
    return [
        (block.spec, style, block.box.width, block.box.height)
        for page in pages
        for block in (*page.slide.blocks, *page.chrome)
        if isinstance(block, Chart) and not native(block, theme)
    ]
