"""Big numbers: what the platform is doing, each figure large with its label and date."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from hpdeck.content.history import Figure, Group, Point, Tracked, Tracking
from hpdeck.content.localized import Localized, key_text
from hpdeck.content.model import Model
from hpdeck.content.provenance import origin
from hpdeck.plan import layout
from hpdeck.plan.model import Box, Paragraph, Shape, Slide, Text, para
from hpdeck.plan.sources import all_sourced, sourced
from hpdeck.sections import trends
from hpdeck.sections.base import Context, Section, SectionType, title_origin


class Metric(Model):
    """One headline figure."""

    id: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$")
    """A language-neutral key for content/history.yaml, e.g. 'health-workers'; the label's
    bokmål text (or its only text) is the key when left out."""
    value: float = Field(ge=0)
    """The figure itself, in digits: 16000, 3760000 (shown as 3,76 millioner); a count, so
    never below zero."""
    label: Localized
    """What is counted, e.g. 'helsearbeidere i gang med systemet'."""
    prefix: Localized | None = None
    """A word before the number, e.g. 'Nesten' or 'Over'."""
    since: dt.date | None = None
    """Counted since this date, when not from the start."""

    @property
    def key(self) -> str:
        """What content/history.yaml calls this figure, whatever the deck's language."""
        return self.id or key_text(self.label)


PER_SLIDE = 6
"""Tiles on one slide; more continue on the next, split evenly (7 are 4 + 3, not 6 + 1)."""


class Metrics(Section):
    """Big-number tiles, up to six on a slide."""

    type: Literal["metrics"]
    """Always 'metrics' for this kind of section."""
    as_of: dt.date
    """The date the figures are from."""
    metrics: list[Metric] = Field(min_length=1, max_length=2 * PER_SLIDE)
    """The figures, most important first; more than six continue on a second slide."""


def figure(metric: Metric, ctx: Context) -> str:
    """The number as shown on the tile, with its prefix."""
    number = ctx.fmt.big_number(metric.value)
    return f"{metric.prefix} {number}" if metric.prefix else number


def grid(count: int, body: Box = layout.BODY) -> list[Box]:
    """Equal tiles in rows of up to three (four as 2 + 2); a shorter last row is centred,
    never a hole."""
    per_row = 2 if count in (2, 4) else min(count, 3)
    rows = body.rows((count + per_row - 1) // per_row, layout.GAP)
    boxes = []
    for i in range(count):
        row, column = divmod(i, per_row)
        cells = rows[row].columns(per_row, layout.GAP)
        short = per_row - min(per_row, count - row * per_row)  # tiles missing from this row
        shift = short * (cells[0].width + layout.GAP) / 2
        cell = cells[column]
        boxes.append(Box(cell.left + shift, cell.top, cell.width, cell.height))
    return boxes


def plan(section: Metrics, ctx: Context) -> list[Slide]:
    pages = -(-len(section.metrics) // PER_SLIDE)
    size = -(-len(section.metrics) // pages)
    slides = []
    for page in range(pages):
        part = section.model_copy(
            update={"metrics": section.metrics[page * size : (page + 1) * size]}
        )
        slides.append(_slide(part, ctx, page))
    return slides


def _slide(section: Metrics, ctx: Context, page: int) -> Slide:
    """One slide of tiles; a continuation's title says which part it is."""
    fmt, theme = ctx.fmt, ctx.theme
    boxes = grid(len(section.metrics))
    series = [
        ctx.history.series(Figure(GROUP, m.key), section.as_of, m.value) for m in section.metrics
    ]
    # One size for every figure, the largest at which each stays on one line, so the numbers
    # start at the same height and read as a row; smaller when tiles also carry a trend line.
    size = min(
        layout.one_line_size(figure(m, ctx), box.width - 0.3, theme.sizes.big_number, theme)
        for m, box in zip(section.metrics, boxes, strict=True)
    )
    if any(len(points) >= 2 for points in series):
        size = min(size, theme.sizes.big_number * 0.8)
    blocks = _tiles(section, ctx, boxes, series, size, theme.sizes.body)
    # A tile whose label had to shrink shrinks its figure too: set every tile at the smallest
    # fitted size, so figures stay one size at one height.
    fitted = min(text.size for text in _texts(blocks))
    if fitted < theme.sizes.body:
        size, blocks = (
            size * fitted / theme.sizes.body,
            _tiles(section, ctx, boxes, series, size * fitted / theme.sizes.body, fitted),
        )
    # What hpdeck adds (the change line) must fit without the user's help: figures give way,
    # down to the body size, before anything is cut.
    while any(t.overflow > 0.005 for t in _texts(blocks)) and size > fitted * 1.05:
        size = max(size * 0.9, fitted)
        blocks = _tiles(section, ctx, boxes, series, size, fitted)
    talk = "; ".join(
        f"{figure(m, ctx)} {m.label}" + _moved(m, section, ctx) for m in section.metrics
    )
    title = section.title or fmt.t("metrics.title", date=fmt.date(section.as_of))
    return Slide(
        "content",
        f"{title} ({page + 1})" if page else title,
        tuple(blocks),
        notes=ctx.notes(section, talk + ".") if not page else talk + ".",
        footer=ctx.footer_for(section, section.as_of),
        source=title_origin(section, origin(section, "as_of")),
    )


def _tiles(
    section: Metrics,
    ctx: Context,
    boxes: list[Box],
    series: list[tuple[Point, ...]],
    number_size: float,
    size: float,
) -> list:
    """One tile per metric: figure at ``number_size``, label and date at ``size`` points."""
    fmt, theme = ctx.fmt, ctx.theme
    blocks: list = []
    for i, (metric, box, points) in enumerate(zip(section.metrics, boxes, series, strict=True)):
        paragraphs = [
            para(figure(metric, ctx), bold=True, color=theme.colors.accent, size=number_size),
            para(metric.label, space_before=4),
        ]
        if metric.since:
            paragraphs.append(
                para(
                    fmt.t("since", date=fmt.date(metric.since)),
                    color=theme.colors.muted,
                    size=theme.sizes.caption,
                )
            )
        # The tile's words are the label's: the figure and the change hpdeck adds say its value.
        where = origin(metric, "label")
        if len(points) >= 2:
            tile = _trend_tile(box, paragraphs, points, ctx, size=size, name=f"Metric {i + 1}")
            blocks.extend(all_sourced(tile, where))
        else:
            card = layout.card(box, paragraphs, theme, size=size, top=True, name=f"Metric {i + 1}")
            blocks.append(sourced(card, where))
    return blocks


def _texts(blocks: list) -> list[Text]:
    """The tiles' text blocks, inside cards or on their own."""
    texts: list[Text] = []
    for b in blocks:
        if isinstance(b, Text):
            texts.append(b)
        elif isinstance(b, Shape) and b.text is not None:
            texts.append(b.text)
    return texts


def _moved(metric: Metric, section: Metrics, ctx: Context) -> str:
    points = ctx.history.series(Figure(GROUP, metric.key), section.as_of, metric.value)
    moved = trends.change_text(points, ctx, big=True)
    return f" ({moved})" if moved else ""


def _trend_tile(
    box: Box,
    paragraphs: list[Paragraph],
    points: tuple[Point, ...],
    ctx: Context,
    *,
    size: float,
    name: str,
) -> list:
    """A tile that also says the change in words and numbers.

    No trend line: on a tile it has no axis, so +0.5 % and +9 720 % would rise alike; the
    trend slides draw series with their scale.
    """
    theme = ctx.theme
    moved = trends.change_text(points, ctx, big=True)
    paragraphs = [*paragraphs, para(moved, bold=True, size=theme.sizes.caption, space_before=4)]
    # A card like every other tile, so figures and labels line up across a row.
    return [layout.card(box, paragraphs, theme, size=size, top=True, name=name)]


GROUP = "metrics"
"""The key metrics' group in history.yaml: each metric's value by its key."""


def _figures(data: dict[str, Any]) -> list[Tracked]:
    """Each metric's value, by its id or label (the key history.yaml uses)."""
    return [
        Tracked(
            f"metrics[{i}].value",
            Figure(GROUP, str(item.get("id") or key_text(item.get("label")))),
            item.get("value"),
        )
        for i, item in enumerate(data.get("metrics") or [])
        if isinstance(item, dict)
    ]


TRACKING = Tracking(
    groups=(
        Group(
            GROUP,
            (
                dict[str, float],
                Field(
                    default={},
                    description="Key metrics by their label on the metrics slide, e.g. "
                    "{'barn er født': 218}.",
                ),
            ),
            labels=True,
        ),
    ),
    figures=_figures,
)

SECTION = SectionType("metrics", Metrics, plan, tracking=TRACKING)  # type: ignore[arg-type]
