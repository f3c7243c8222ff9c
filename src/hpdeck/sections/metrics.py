"""Big numbers: what the platform is doing, each figure large with its label and date."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from hpdeck import layout
from hpdeck.model import Model
from hpdeck.plan import Slide, para
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
        blocks.append(layout.card(box, paragraphs, theme, name=f"Metric {i + 1}"))
    talk = "; ".join(f"{figure(m, ctx)} {m.label}" for m in section.metrics)
    return [Slide("content",
                  section.title or fmt.t("metrics.title", date=fmt.date(section.as_of)),
                  tuple(blocks), notes=ctx.notes(section, talk + "."),
                  footer=ctx.footer_for(section, section.as_of))]


SECTION = SectionType("metrics", Metrics, plan)  # type: ignore[arg-type]
