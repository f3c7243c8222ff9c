"""A slide that is one picture with a caption: maps, photos, screenshots."""

from __future__ import annotations

from typing import Annotated, Literal

from hpdeck.content.localized import Localized
from hpdeck.content.provenance import origin
from hpdeck.plan import layout
from hpdeck.plan.model import Picture, Slide, para
from hpdeck.plan.sources import sourced
from hpdeck.sections.base import IMAGE, Context, Section, SectionType


class ImageSection(Section):
    """A picture slide."""

    type: Literal["image"]
    """Always 'image' for this kind of section."""
    title: Localized
    """The slide title: say what the picture shows."""
    image: Annotated[str, IMAGE]
    """The picture (PNG or JPEG), relative to the project folder."""
    alt_text: Localized
    """What the picture shows, for those who cannot see it (required for WCAG)."""
    caption: Localized | None = None
    """A line under the picture."""


def plan(section: ImageSection, ctx: Context) -> list[Slide]:
    body = layout.BODY
    blocks: list = []
    if section.caption:
        body, caption_box = body.split_top(body.height - 0.6, 0.1)
        caption = layout.text(
            caption_box,
            [para(section.caption)],
            ctx.theme,
            size=ctx.theme.sizes.caption,
            align="center",
            name="Caption",
        )
        blocks.append(sourced(caption, origin(section, "caption")))
    picture = Picture(body, ctx.asset(section.image), section.alt_text)
    blocks.insert(0, sourced(picture, origin(section, "image")))
    return [
        Slide(
            "content",
            section.title,
            tuple(blocks),
            notes=ctx.notes(section),
            footer=ctx.footer_for(section),
        )
    ]


SECTION = SectionType("image", ImageSection, plan)  # type: ignore[arg-type]
