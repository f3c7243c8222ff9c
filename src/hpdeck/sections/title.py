"""The opening slide: what the deck is, for which meeting, and who presents it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from hpdeck.plan import Slide
from hpdeck.sections.base import Context, Section, SectionType


class TitleSection(Section):
    """The title slide."""

    type: Literal["title"]
    """Always 'title' for this kind of section."""
    subtitle: str | None = None
    """A second line under the title, e.g. the month or the meeting."""
    date: dt.date | None = None
    """The date of the briefing or meeting, written out in the deck's language."""
    presenter: str | None = None
    """Who presents, with role."""


def plan(section: TitleSection, ctx: Context) -> list[Slide]:
    lines = [section.subtitle or "",
             ctx.fmt.date(section.date) if section.date else "",
             section.presenter or ""]
    return [Slide("title", section.title or ctx.deck_title,
                  subtitle="\n".join(line for line in lines if line),
                  notes=ctx.notes(section))]


SECTION = SectionType("title", TitleSection, plan)  # type: ignore[arg-type]
