"""A slide nobody foresaw: a title and a few lines or bullets."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from hpdeck.content.localized import Localized
from hpdeck.content.provenance import origin
from hpdeck.plan import layout
from hpdeck.plan.model import Slide, para
from hpdeck.plan.sources import sourced
from hpdeck.sections.base import Context, Section, SectionType


class TextSection(Section):
    """A free text slide."""

    type: Literal["text"]
    """Always 'text' for this kind of section."""
    title: Localized
    """The slide title: say the message."""
    body: Localized | None = None
    """A paragraph under the title."""
    bullets: list[Localized] = Field(default=[], max_length=6)
    """Up to six points."""


def plan(section: TextSection, ctx: Context) -> list[Slide]:
    paragraphs = [para(section.body)] if section.body else []
    paragraphs += [para(b, bullet=True, space_before=10) for b in section.bullets]
    where = origin(section, "body" if section.body else "bullets")
    body = layout.text(layout.BODY, paragraphs, ctx.theme, name="Body")
    blocks = (sourced(body, where),) if paragraphs else ()
    return [
        Slide(
            "content",
            section.title,
            blocks,
            notes=ctx.notes(section),
            footer=ctx.footer_for(section),
        )
    ]


SECTION = SectionType("text", TextSection, plan)  # type: ignore[arg-type]
