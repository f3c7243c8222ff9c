"""Why the programme exists: the vision in one line and a few points that support it."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from hpdeck.content.localized import Localized
from hpdeck.content.provenance import origin
from hpdeck.plan import layout
from hpdeck.plan.model import Slide, para
from hpdeck.plan.sources import sourced
from hpdeck.sections.base import Context, Section, SectionType, title_origin


class Vision(Section):
    """The vision slide."""

    type: Literal["vision"]
    """Always 'vision' for this kind of section."""
    headline: Localized
    """The message of the slide, e.g. 'Én journal – én plattform i Midt-Norge'."""
    vision: Localized | None = None
    """The vision itself, shown large, e.g. 'Én innbygger – én journal'."""
    points: list[Localized] = Field(default=[], max_length=6)
    """Up to six short points (twelve words or fewer each read best)."""


def plan(section: Vision, ctx: Context) -> list[Slide]:
    theme = ctx.theme
    blocks: list = []
    body = layout.BODY
    if section.vision:
        statement, body = body.split_left(0.42, layout.GAP)
        card = layout.card(
            statement,
            [para(section.vision, bold=True, color=theme.colors.accent)],
            theme,
            size=40,
            align="center",
            name="Vision",
        )
        blocks.append(sourced(card, origin(section, "vision")))
    if section.points:
        points = layout.bullets(
            body,
            section.points,
            theme,
            size=theme.sizes.body + 4,
            anchor="middle" if section.vision else "top",
        )
        blocks.append(sourced(points, origin(section, "points")))
    return [
        Slide(
            "content",
            section.title or section.headline,
            tuple(blocks),
            notes=ctx.notes(section),
            footer=ctx.footer_for(section),
            source=title_origin(section, origin(section, "headline")),
        )
    ]


SECTION = SectionType("vision", Vision, plan)  # type: ignore[arg-type]
