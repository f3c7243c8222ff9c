"""HelsaMi, the citizens' app: how many have downloaded it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from hpdeck.content.history import Figure, Group, Point, Tracked, Tracking
from hpdeck.content.localized import Localized
from hpdeck.content.provenance import origin
from hpdeck.plan import layout
from hpdeck.plan.model import Chart, Slide, para
from hpdeck.plan.sources import all_sourced, sourced
from hpdeck.sections import trends
from hpdeck.sections.base import Context, Section, SectionType, title_origin


class HelsaMi(Section):
    """Downloads of the citizens' app as of a date."""

    type: Literal["helsami"]
    """Always 'helsami' for this kind of section."""
    as_of: dt.date
    """The date the count is from."""
    downloads: int = Field(ge=0)
    """How many citizens have downloaded HelsaMi."""
    prefix: Localized | None = None
    """A word before the number, e.g. 'Nesten'."""
    message: Localized | None = None
    """One line of context, e.g. 'Stadig flere bruker den nye innbyggerportalen'."""


def plan(section: HelsaMi, ctx: Context) -> list[Slide]:
    fmt, theme = ctx.fmt, ctx.theme
    number = fmt.number(section.downloads)
    figure = f"{section.prefix} {number}" if section.prefix else number
    as_of = fmt.t("as_of", date=fmt.date(section.as_of))
    points = ctx.history.series(FIGURE, section.as_of, section.downloads)
    moved = trends.change_text(points, ctx)
    title = section.title or fmt.t("helsami.title", figure=figure)
    said = figure in title  # the figure once per slide: in the title, or as the big number
    downloads, message = origin(section, "downloads"), origin(section, "message")
    if len(points) >= 2:
        blocks = _with_trend(section, ctx, figure, points, moved, as_of, said)
    elif said and section.message:  # the title says the figure; the message gets the room
        card = layout.card(
            layout.BODY.inset(1.2, 0.6),
            [
                para(section.message),
                para(as_of, color=theme.colors.muted, size=theme.sizes.caption, space_before=12),
            ],
            theme,
            size=theme.sizes.title,
            align="center",
            name="Message",
        )
        blocks = [sourced(card, message)]
    elif said:  # nothing but the figure: it is the slide, and the title names the topic
        title = fmt.t("helsami.heading")
        number_block = layout.big_number(
            layout.BODY.inset(1.5, 0.9),
            figure,
            fmt.t("helsami.label"),
            theme,
            detail=as_of,
            align="center",
            anchor="middle",
            name="Downloads",
        )
        blocks = [sourced(number_block, downloads)]
    else:
        left, right = layout.BODY.split_left(0.5, layout.GAP)
        number_block = layout.big_number(
            left, figure, fmt.t("helsami.label"), theme, detail=as_of, name="Downloads"
        )
        blocks = [sourced(number_block, downloads)]
        if section.message:
            card = layout.card(
                right, [para(section.message)], theme, size=28, hug=True, name="Message"
            )
            blocks.append(sourced(card, message))
    return [
        Slide(
            "content",
            title,
            tuple(blocks),
            notes=ctx.notes(
                section, fmt.t("helsami.notes", figure=figure, date=fmt.date(section.as_of)), moved
            ),
            footer=ctx.footer_for(section, section.as_of),
            source=title_origin(section, downloads),
        )
    ]


def _with_trend(
    section: HelsaMi,
    ctx: Context,
    figure: str,
    points: tuple[Point, ...],
    moved: str,
    as_of: str,
    said: bool,
) -> list:
    """The figure (unless the title says it) and its change on the left, with the message
    right under them and the two centred on the body's middle line; downloads over time as a
    line on the right."""
    fmt, theme = ctx.fmt, ctx.theme
    left, right = layout.BODY.split_left(0.36, layout.GAP)
    figure_box, message_box = left.split_top(left.height * 0.62, 0.1)
    if said:  # the change is the headline here
        paragraphs = [para(moved, bold=True, color=theme.colors.accent, size=theme.sizes.title)]
    else:
        paragraphs = [
            para(
                figure,
                bold=True,
                color=theme.colors.accent,
                size=layout.one_line_size(figure, left.width, theme.sizes.big_number, theme),
            ),
            para(fmt.t("helsami.label"), space_before=4),
            para(moved, bold=True, space_before=10),
        ]
    paragraphs.append(
        para(as_of, color=theme.colors.muted, size=theme.sizes.caption, space_before=4)
    )
    figure_block = layout.text(
        figure_box, paragraphs, theme, min_size=theme.sizes.caption, name="Downloads"
    )
    blocks: list = [figure_block]
    if section.message:
        message = layout.text(message_box, [para(section.message)], theme, name="Message")
        blocks.append(sourced(message, origin(section, "message")))
    blocks[:] = layout.stacked(blocks, left, MESSAGE_GAP, theme)
    values = fmt.join(
        [f"{fmt.number(p.value)} ({trends.month_label(p.as_of, ctx)})" for p in points]
    )
    chart = trends.line_chart(
        [(fmt.t("helsami.chart_name"), points, theme.colors.accent)],
        ctx,
        fmt.t("trend.helsami_alt", values=values),
    )
    blocks.append(Chart(right, chart, name="Downloads over time"))
    return all_sourced(blocks, origin(section, "downloads"))  # the figure and its change


MESSAGE_GAP = 0.3  # inches between the figure's words and the message under them

FIGURE = Figure("helsami")
"""The downloads in history.yaml: one number per date."""

TRACKING = Tracking(
    groups=(
        Group(
            FIGURE.group,
            (
                int | None,
                Field(default=None, ge=0, description="How many citizens had downloaded HelsaMi."),
            ),
        ),
    ),
    figures=lambda data: [Tracked("downloads", FIGURE, data.get("downloads"))],
)

SECTION = SectionType("helsami", HelsaMi, plan, tracking=TRACKING)  # type: ignore[arg-type]
