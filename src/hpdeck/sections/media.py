"""What the press wrote: clippings with outlet and date, as pictures or as designed cards."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import replace
from typing import Annotated, Any, Literal

from pydantic import Field, HttpUrl

from hpdeck.content.history import Tracking
from hpdeck.content.images import prepare_image
from hpdeck.content.loader import Loc
from hpdeck.content.model import Model
from hpdeck.content.provenance import origin
from hpdeck.plan import fit, layout
from hpdeck.plan.model import Box, Picture, Shape, Slide, para
from hpdeck.plan.sources import sourced
from hpdeck.sections.base import IMAGE, Context, Section, SectionType
from hpdeck.sections.checks import repeated

PER_SLIDE = 8
MAX_CLIPPINGS = 5 * PER_SLIDE
"""Clippings one section may hold: five slides of press is already more than a council reads."""


class Clipping(Model):
    """One news item about Helseplattformen."""

    outlet: str
    """The newspaper, site or channel, e.g. 'NRK.no'."""
    date: dt.date
    """The day it was published."""
    headline: str | None = None
    """The headline, shown when there is no image."""
    image: Annotated[str | None, IMAGE] = None
    """A screenshot of the article (PNG or JPEG), relative to the project folder."""
    url: HttpUrl | None = None
    """Where the article is; the clipping links there."""


class Media(Section):
    """News clippings, up to eight on a slide."""

    type: Literal["media"]
    """Always 'media' for this kind of section."""
    clippings: list[Clipping] = Field(min_length=1, max_length=MAX_CLIPPINGS)
    """The clippings, newest first."""


def _grid(count: int, capacity: int) -> list[Box]:
    """Cells for ``count`` cards in the grid a page of ``capacity`` cards fills, row by row;
    a short last row is centred, so a hole never opens at the end of a row."""
    columns = 4 if capacity > 6 else 3 if capacity > 2 else capacity
    rows = math.ceil(capacity / columns)
    boxes: list[Box] = []
    for number, row in enumerate(layout.BODY.rows(rows, 0.3)):
        cells = row.columns(columns, 0.3)
        shown = min(columns, count - number * columns)
        if shown <= 0:
            break
        pitch = cells[1].left - cells[0].left if columns > 1 else 0
        shift = (columns - shown) * pitch / 2
        boxes += [Box(c.left + shift, c.top, c.width, c.height) for c in cells[:shown]]
    return boxes


def pages(clippings: list[Clipping]) -> list[list[Clipping]]:
    """The clippings shared evenly over as few slides as hold them (11 as 6 and 5, not 8
    and 3), so every slide uses the same grid."""
    count = math.ceil(len(clippings) / PER_SLIDE)
    per = math.ceil(len(clippings) / count)
    return [clippings[i : i + per] for i in range(0, len(clippings), per)]


def _clipping_blocks(clip: Clipping, box: Box, ctx: Context, size: float | None = None) -> list:
    fmt, theme = ctx.fmt, ctx.theme
    link = str(clip.url) if clip.url else None
    caption = [
        para(clip.outlet, bold=True, color=theme.colors.title),
        para(fmt.date(clip.date), color=theme.colors.muted, size=theme.sizes.caption),
    ]
    if clip.image:
        area, _ = box.split_top(box.height - 0.8, 0.05)
        path = ctx.asset(clip.image)
        image = prepare_image(
            path, clip.image, area.width, area.height, max_aspect=area.height / area.width
        )
        # Fit without distortion, standing on the caption, so a row's captions line up.
        scale = min(area.width / image.width, area.height / image.height)
        width, height = image.width * scale, image.height * scale
        shown = Box(area.left + (area.width - width) / 2, area.bottom - height, width, height)
        caption_box = Box(
            shown.left - fit.INSET_X, area.bottom + 0.05, box.right - shown.left + fit.INSET_X, 0.75
        )
        alt = fmt.t(
            "media.alt", outlet=clip.outlet, date=fmt.date(clip.date), headline=clip.headline or ""
        )
        return [
            Picture(
                shown,
                path,
                alt.strip(),
                link=link,
                name=f"Clipping {clip.outlet}",
                data=image.data,
                source=origin(clip, "image"),
            ),
            Shape(
                shown, "rect", None, line=theme.colors.line, line_width=0.75, name="Clipping frame"
            ),
            layout.text(
                caption_box,
                caption,
                theme,
                size=theme.sizes.caption,
                min_size=12,
                name="Caption",
                source=origin(clip, "outlet"),
            ),
        ]
    paragraphs = list(caption)  # headed as a screenshot's caption is
    if clip.headline:
        paragraphs.append(para(fmt.quoted(clip.headline), italic=True, space_before=8))
    # The accent bar over the card starts where the text starts and spans its column.
    bar = Box(box.left + fit.INSET_X, box.top, box.width - 2 * fit.INSET_X, 0.07)
    below = Box(box.left, box.top + 0.15, box.width, box.height - 0.15)
    words = origin(clip, "headline" if clip.headline else "outlet")
    card = replace(
        layout.card(
            below,
            paragraphs,
            theme,
            size=size or theme.sizes.min_body,
            top=True,
            name=f"Clipping {clip.outlet}",
        ),
        link=link,
    )
    return [sourced(card, words), Shape(bar, "rect", theme.colors.accent, name="Clipping accent")]


def plan(section: Media, ctx: Context) -> list[Slide]:
    fmt = ctx.fmt
    slides = []
    shares = pages(section.clippings)
    for number, page in enumerate(shares):
        boxes = _grid(len(page), len(shares[0]))  # continuation slides keep the grid
        blocks = [
            b
            for clip, box in zip(page, boxes, strict=True)
            for b in _clipping_blocks(clip, box, ctx)
        ]
        # One type size for every card on the slide: the smallest any of them needed.
        sizes = {b.text.size for b in blocks if isinstance(b, Shape) and b.text}
        if len(sizes) > 1:
            blocks = [
                b
                for clip, box in zip(page, boxes, strict=True)
                for b in _clipping_blocks(clip, box, ctx, min(sizes))
            ]
        title = section.title or fmt.t("media.title")
        talk = "; ".join(
            f"{c.outlet} ({fmt.date(c.date)}){': ' + c.headline if c.headline else ''}"
            for c in page
        )
        slides.append(
            Slide(
                "content",
                title if number == 0 else f"{title} ({number + 1})",
                tuple(blocks),
                notes=ctx.notes(section, talk) if number == 0 else talk,
                footer=ctx.footer_for(section),
            )
        )
    return slides


def _clippings(data: Any) -> Iterator[tuple[Loc, str]]:
    for index, item in enumerate(data.get("clippings", []) if isinstance(data, dict) else []):
        if isinstance(item, dict):
            key = "|".join(
                str(item.get(k) or "").casefold()
                for k in ("outlet", "date", "headline", "url", "image")
            )
            yield ("clippings", index), key


TRACKING = Tracking(refresh=lambda data: ["clippings"])
"""New clippings come every month: new-month asks for them."""

SECTION = SectionType(
    "media",
    Media,
    plan,  # type: ignore[arg-type]
    tracking=TRACKING,
    check=lambda section, doc: repeated(doc, _clippings(doc.data), "clipping"),
)
