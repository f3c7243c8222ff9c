"""Big numbers: what the platform is doing, each figure large with its label and date."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Literal

from pydantic import Field

from hpdeck import history, layout
from hpdeck.history import Point
from hpdeck.model import Model
from hpdeck.plan import Box, Paragraph, Shape, Slide, para
from hpdeck.sections import trends
from hpdeck.sections.base import Context, Section, SectionType


class Metric(Model):
    """One headline figure."""

    value: float
    """The figure itself, in digits: 16000, 3760000 (shown as 3,76 millioner)."""
    label: str
    """What is counted, e.g. 'helsearbeidere i gang med systemet'."""
    prefix: str | None = None
    """A word before the number, e.g. 'Nesten' or 'Over'."""
    since: dt.date | None = None
    """Counted since this date, when not from the start."""


class Metrics(Section):
    """Big-number tiles, up to six on a slide."""

    type: Literal["metrics"]
    """Always 'metrics' for this kind of section."""
    as_of: dt.date
    """The date the figures are from."""
    metrics: list[Metric] = Field(min_length=1, max_length=6)
    """The figures, most important first."""


def figure(metric: Metric, ctx: Context) -> str:
    """The number as shown on the tile, with its prefix."""
    number = ctx.fmt.big_number(metric.value)
    return f"{metric.prefix} {number}" if metric.prefix else number


def plan(section: Metrics, ctx: Context) -> list[Slide]:
    fmt, theme = ctx.fmt, ctx.theme
    count = len(section.metrics)
    per_row = 3 if count > 4 else 2 if count > 1 else 1
    rows = layout.BODY.rows((count + per_row - 1) // per_row, layout.GAP)
    blocks = []
    for i, metric in enumerate(section.metrics):
        box = rows[i // per_row].columns(per_row, layout.GAP)[i % per_row]
        detail = fmt.t("since", date=fmt.date(metric.since)) if metric.since else ""
        number = figure(metric, ctx)
        paragraphs = [para(number, bold=True, color=theme.colors.accent,
                           size=layout.one_line_size(number, box.width - 0.3,
                                                     theme.sizes.big_number)),
                      para(metric.label, space_before=4)]
        if detail:
            paragraphs.append(para(detail, color=theme.colors.muted, size=theme.sizes.caption))
        points = ctx.history.series(history.metric(metric.label), section.as_of, metric.value)
        if len(points) >= 2:
            blocks.extend(_trend_tile(box, paragraphs, points, ctx, name=f"Metric {i + 1}"))
        else:
            blocks.append(layout.card(box, paragraphs, theme, name=f"Metric {i + 1}"))
    talk = "; ".join(f"{figure(m, ctx)} {m.label}" + _moved(m, section, ctx)
                     for m in section.metrics)
    return [Slide("content",
                  section.title or fmt.t("metrics.title", date=fmt.date(section.as_of)),
                  tuple(blocks), notes=ctx.notes(section, talk + "."),
                  footer=ctx.footer_for(section, section.as_of))]


def _moved(metric: Metric, section: Metrics, ctx: Context) -> str:
    points = ctx.history.series(history.metric(metric.label), section.as_of, metric.value)
    moved = trends.change_text(points, ctx, big=True)
    return f" ({moved})" if moved else ""


def _trend_tile(box: Box, paragraphs: list[Paragraph], points: tuple[Point, ...], ctx: Context,
                *, name: str) -> list:
    """A tile that also says the change, with the figure's trend line along its bottom."""
    theme = ctx.theme
    inner = box.inset(0.15, 0.06)
    text_box, line_box = inner.split_top(inner.height - 0.26, 0.0)
    moved = trends.change_text(points, ctx, big=True)
    number = paragraphs[0]  # a little smaller than plain tiles, to leave room for the change
    number = replace(number, size=min(number.size or 0, theme.sizes.big_number * 0.8))
    paragraphs = [number, *paragraphs[1:],
                  para(moved, bold=True, size=theme.sizes.caption, space_before=4)]
    return [Shape(box, "rounded", theme.colors.surface, name=name),
            layout.text(text_box, paragraphs, theme, min_size=theme.sizes.caption,
                        anchor="middle", name=f"{name} figure"),
            *trends.sparkline(points, line_box.inset(0.1, 0.0), theme.colors.accent,
                              theme.colors.surface)]


SECTION = SectionType("metrics", Metrics, plan)  # type: ignore[arg-type]
