"""The problem in one picture: many actors around one patient, each with its own system."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field

from hpdeck.content.localized import Localized
from hpdeck.content.provenance import origin
from hpdeck.plan import layout
from hpdeck.plan.model import Box, Line, Shape, Slide, para
from hpdeck.plan.sources import sourced
from hpdeck.sections.base import Context, Section, SectionType, title_origin


class Actors(Section):
    """The actors diagram, drawn with native shapes so it stays editable and readable."""

    type: Literal["actors"]
    """Always 'actors' for this kind of section."""
    headline: Localized
    """The message of the slide, e.g. 'Vi trenger en ny samhandlingsplattform'."""
    centre: Localized = "?"
    """What stands in the middle: the missing shared record."""
    actors: list[Localized] = Field(min_length=2, max_length=12)
    """The actors around the centre: Legevakt, Innbygger, Sykehjem, ..."""
    caption: Localized | None = None
    """One line under the diagram, e.g. 'I dag bruker vi mange ulike systemer.'"""


def _ring(count: int, area: Box, size: tuple[float, float]) -> list[Box]:
    """Boxes evenly spaced on an ellipse inside ``area``, starting at the top."""
    cx, cy = area.left + area.width / 2, area.top + area.height / 2
    rx, ry = (area.width - size[0]) / 2, (area.height - size[1]) / 2
    boxes = []
    for i in range(count):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        boxes.append(Box(x - size[0] / 2, y - size[1] / 2, *size))
    return boxes


def plan(section: Actors, ctx: Context) -> list[Slide]:
    theme = ctx.theme
    colors = theme.colors
    area = layout.BODY
    if section.caption:
        area, caption_box = area.split_top(area.height - 0.6, 0.1)
    centre = Box(area.left + area.width / 2 - 0.8, area.top + area.height / 2 - 0.8, 1.6, 1.6)
    ring = _ring(len(section.actors), area, (2.6, 0.75))
    middle = (centre.left + centre.width / 2, centre.top + centre.height / 2)
    blocks: list = [
        Line(
            middle,
            (box.left + box.width / 2, box.top + box.height / 2),
            colors.line,
            name=f"Connector {i + 1}",
        )
        for i, box in enumerate(ring)
    ]
    for index, (actor, box) in enumerate(zip(section.actors, ring, strict=True)):
        label = layout.text(
            box,
            [para(actor, bold=True)],
            theme,
            size=theme.sizes.min_body,
            min_size=14,
            align="center",
            anchor="middle",
        )
        shape = Shape(
            box, "rounded", colors.surface, line=colors.line, text=label, name=f"Actor {actor}"
        )
        blocks.append(sourced(shape, origin(section, "actors", index)))
    mark = layout.text(
        centre,
        [para(section.centre, bold=True, color=colors.background)],
        theme,
        size=48,
        align="center",
        anchor="middle",
    )
    centre_shape = Shape(centre, "ellipse", colors.accent, text=mark, name="Centre")
    blocks.append(sourced(centre_shape, origin(section, "centre")))
    if section.caption:
        caption = layout.text(
            caption_box, [para(section.caption)], theme, align="center", name="Caption"
        )
        blocks.append(sourced(caption, origin(section, "caption")))
    return [
        Slide(
            "content",
            section.title or section.headline,
            tuple(blocks),
            notes=ctx.notes(
                section, ctx.fmt.t("actors.notes", actors=ctx.fmt.join(section.actors))
            ),
            footer=ctx.footer_for(section),
            source=title_origin(section, origin(section, "headline")),
        )
    ]


SECTION = SectionType("actors", Actors, plan)  # type: ignore[arg-type]
