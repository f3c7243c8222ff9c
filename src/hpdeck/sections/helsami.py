"""HelsaMi, the citizens' app: how many have downloaded it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from hpdeck import layout
from hpdeck.plan import Slide, para
from hpdeck.sections.base import Context, Section, SectionType


class HelsaMi(Section):
    """Downloads of the citizens' app as of a date."""

    type: Literal["helsami"]
    """Always 'helsami' for this kind of section."""
    as_of: dt.date
    """The date the count is from."""
    downloads: int = Field(ge=0)
    """How many citizens have downloaded HelsaMi."""
    prefix: str | None = None
    """A word before the number, e.g. 'Nesten'."""
    message: str | None = None
    """One line of context, e.g. 'Stadig flere bruker den nye innbyggerportalen'."""


def plan(section: HelsaMi, ctx: Context) -> list[Slide]:
    fmt, theme = ctx.fmt, ctx.theme
    number = fmt.number(section.downloads)
    figure = f"{section.prefix} {number}" if section.prefix else number
    left, right = layout.BODY.split_left(0.5, layout.GAP)
    blocks: list = [layout.big_number(left, figure, fmt.t("helsami.label"), theme,
                                      detail=fmt.t("as_of", date=fmt.date(section.as_of)),
                                      name="Downloads")]
    if section.message:
        blocks.append(layout.text(right, [para(section.message)], theme, size=28,
                                  anchor="middle", name="Message"))
    title = section.title or fmt.t("helsami.title", figure=figure)
    return [Slide("content", title, tuple(blocks),
                  notes=ctx.notes(section, fmt.t("helsami.notes", figure=figure,
                                                 date=fmt.date(section.as_of))),
                  footer=ctx.footer_for(section, section.as_of))]


SECTION = SectionType("helsami", HelsaMi, plan)  # type: ignore[arg-type]
