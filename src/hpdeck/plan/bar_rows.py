"""Bars with their words beside them, laid out as slide text rather than drawn as a chart.

A survey's statements are sentences: as a chart's category labels they shrink, wrap and crowd
(four statements that share one value become a pile of 12 pt text by one bar). Here each row is a
value in large type, its bar on a track from zero to the scale's end, and the statements as
real text at a readable size, joined to the bar by a bracket, so statements that share one value
read as one group. Every statement in every row is set in one size, the largest of the type
scale at which all of them fit; the bars are decoration, since the value is written beside each.
"""

from __future__ import annotations

from dataclasses import dataclass

from hpdeck.content.loader import Origin
from hpdeck.content.theme import Theme
from hpdeck.plan import layout
from hpdeck.plan.fit import SCALE, height_needed, snap, text_width
from hpdeck.plan.model import Block, Box, Shape, para

VALUE_GAP = 0.2  # inches between the value and its bar
TEXT_GAP = 0.35  # inches between a bar's end of track and the bracket of its words
BRACKET = 0.06  # inches: the width of the bracket that groups a row's words
BAR_HEIGHT = 0.5  # inches: the bar's thickness, the same in every row
ROW_GAP = 0.5  # inches at most between rows; less when the words need the room


@dataclass(frozen=True)
class BarRow:
    """One row: the value, as a number and as the deck writes it, and the words it stands for."""

    value: float
    label: str
    texts: tuple[str, ...]
    source: Origin | None = None
    """Where the row's words were written, for its text blocks."""


def bar_rows(
    box: Box,
    rows: list[BarRow],
    theme: Theme,
    *,
    scale_end: float,
    color: str,
    track_share: float = 0.3,
    name: str = "Row",
) -> list[Block]:
    """The rows stacked in ``box``, centred in its height, every bar on one scale to
    ``scale_end``; the words fill the width the value and the track (``track_share`` of the
    box) leave."""
    sizes = theme.sizes
    value_size = snap(sizes.title)
    value_in = (
        max(text_width(r.label, value_size, bold=True, family=theme.fonts.body) for r in rows) + 0.3
    )
    track = Box(box.left + value_in + VALUE_GAP, 0, box.width * track_share, BAR_HEIGHT)
    words_left = track.right + TEXT_GAP + BRACKET + 0.1
    words = Box(words_left, box.top, box.right - words_left, box.height)
    groups = [_paragraphs(r) for r in rows]
    floor = max(BAR_HEIGHT + 0.2, value_size * 1.4 / 72 + 0.2)  # a row holds its value's line
    size, heights = _common_size(groups, words, theme, floor)
    spare = box.height - sum(heights)
    gap = min(ROW_GAP, spare / (len(rows) - 1)) if len(rows) > 1 and spare > 0 else 0
    top = box.top + max(0.0, (spare - gap * (len(rows) - 1)) / 2)
    blocks: list[Block] = []
    for row, paragraphs, height in zip(rows, groups, heights, strict=True):
        middle = top + height / 2
        bar = Box(track.left, middle - BAR_HEIGHT / 2, track.width, BAR_HEIGHT)
        filled = bar.width * max(0.0, min(row.value / scale_end, 1)) if scale_end else 0
        blocks.append(
            layout.text(
                Box(box.left, top, value_in, height),
                [para(row.label, bold=True)],
                theme,
                size=value_size,
                min_size=value_size,
                align="right",
                anchor="middle",
                name=f"{name} value",
                source=row.source,
            )
        )
        blocks.append(Shape(bar, "rect", theme.colors.surface, name=f"{name} track"))
        if filled > 0:
            blocks.append(
                Shape(Box(bar.left, bar.top, filled, bar.height), "rect", color, name=f"{name} bar")
            )
        blocks.append(
            Shape(
                Box(track.right + TEXT_GAP, top + 0.08, BRACKET, height - 0.16),
                "rect",
                theme.colors.accent,
                name=f"{name} bracket",
            )
        )
        blocks.append(
            layout.text(
                Box(words.left, top, words.width, height),
                paragraphs,
                theme,
                size=size,
                min_size=size,
                anchor="middle",
                name=f"{name} words",
                source=row.source,
            )
        )
        top += height + gap
    return blocks


def _paragraphs(row: BarRow) -> list:
    return [para(text, space_before=6 if i else 0) for i, text in enumerate(row.texts)]


def _common_size(
    groups: list[list], words: Box, theme: Theme, floor: float
) -> tuple[float, list[float]]:
    """The largest size of the scale, from body size down to the smallest body size, at which
    every row's words fit the height, and each row's height at that size.

    When even the smallest size does not fit, the longest row gets what the others leave, so
    its text block records the overflow and the build refuses the slide, naming that row.
    """
    sizes = theme.sizes
    family = theme.fonts.body
    steps: list[float] = [s for s in reversed(SCALE) if sizes.min_body <= s <= snap(sizes.body)]
    for size in steps or [sizes.min_body]:
        heights = [max(floor, height_needed(tuple(g), size, words, family=family)) for g in groups]
        if sum(heights) + 0.2 * (len(groups) - 1) <= words.height:
            return size, heights
    longest = heights.index(max(heights))
    rest = sum(heights) - heights[longest]
    heights[longest] = max(floor, words.height - rest)
    return size, heights
