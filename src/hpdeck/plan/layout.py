"""The slide grid and the building blocks sections compose slides from.

One grid for every slide: the same margins, title place, footer and logo place. Sections ask for
regions of the body and for blocks (bullets, big numbers, quotes, cards) instead of placing text
themselves, so the look stays consistent and text is fitted to its box in one place.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

from hpdeck.content.loader import Origin
from hpdeck.content.theme import Theme
from hpdeck.plan import hyphenation
from hpdeck.plan.breaks import visible_hyphens
from hpdeck.plan.fit import (
    SOFT_HYPHEN,
    fitted_size,
    height_needed,
    long_words,
    overflow,
    scaled,
    snap,
    text_width,
    words_too_many,
)
from hpdeck.plan.model import Box, Paragraph, Shape, Text, para

SLIDE_WIDTH = 13.333
SLIDE_HEIGHT = 7.5
MARGIN = 0.6
GAP = 0.35

TITLE = Box(MARGIN, 0.35, SLIDE_WIDTH - 2 * MARGIN - 2.2, 1.2)
LOGO = Box(SLIDE_WIDTH - MARGIN - 2.0, 0.45, 2.0, 0.6)
BODY = Box(MARGIN, 1.75, SLIDE_WIDTH - 2 * MARGIN, 4.95)
FOOTER = Box(MARGIN, 6.9, SLIDE_WIDTH - 2 * MARGIN, 0.4)
TITLE_FIELD = Box(0, 0, 3.2, SLIDE_HEIGHT)  # the title slide's colour field, at the left
_TITLE_LEFT = TITLE_FIELD.right + 0.9
TITLE_SLIDE_TITLE = Box(_TITLE_LEFT, 2.0, SLIDE_WIDTH - _TITLE_LEFT - MARGIN, 2.0)
TITLE_SLIDE_SUBTITLE = Box(_TITLE_LEFT, 4.2, SLIDE_WIDTH - _TITLE_LEFT - MARGIN, 1.6)
TITLE_SLIDE_BRAND = Box(_TITLE_LEFT, 6.1, 3.6, 0.75)  # the brand's logo, under the text


def text(
    box: Box,
    paragraphs: tuple[Paragraph, ...] | list[Paragraph],
    theme: Theme,
    *,
    size: float | None = None,
    min_size: float | None = None,
    color: str | None = None,
    name: str = "Text",
    **style: Any,
) -> Text:
    """A text block shrunk, if need be, to fit its box; paragraph sizes shrink in proportion.

    Text that does not fit even at ``min_size`` keeps that size and records by how much it
    overflows, so the build can refuse it with the slide and the content's line.
    """
    paragraphs = tuple(paragraphs)
    family = family_of(theme, str(style.get("font", "body")))
    args = (
        box,
        paragraphs,
        tuple(p.source for p in paragraphs),  # not part of a paragraph's equality
        size or theme.sizes.body,
        min_size or theme.sizes.min_body,
        color or theme.colors.text,
        family,
        name,
        tuple(sorted(style.items())),
        hyphenation.language.get(),
    )
    try:
        hash(args)
    except TypeError:  # a style value that cannot be a key (a list): fitted each time
        return _fitted.__wrapped__(*args)
    return _fitted(*args)


@lru_cache(maxsize=8192)
def _fitted(
    box: Box,
    paragraphs: tuple[Paragraph, ...],
    sources: tuple[Origin | None, ...],
    size: float,
    min_size: float,
    color: str,
    family: str,
    name: str,
    style: tuple[tuple[str, Any], ...],
    hyphenate: str | None,
) -> Text:
    """The fitted text block, remembered per process by every input it depends on (``sources``
    and ``hyphenate``, the deck's language, too): the same footer, title or legend recurs in
    every deck of a batch and on every build of a live preview, and is measured once."""
    size = snap(size)  # derived sizes (a title × 1.3) onto the scale
    paragraphs = tuple(replace(p, size=snap(p.size)) if p.size else p for p in paragraphs)
    min_size = min(min_size, size)
    fitted, fitted_paragraphs = _shrunk(paragraphs, box, size, min_size, family)
    too_long = long_words(fitted_paragraphs, fitted, box, family=family)
    if too_long and hyphenate:  # break them at syllables, then fit again
        paragraphs = _hyphenated(paragraphs, set(too_long))
        fitted, fitted_paragraphs = _shrunk(paragraphs, box, size, min_size, family)
    paragraphs = fitted_paragraphs
    if any(SOFT_HYPHEN in run.text for p in paragraphs for run in p.runs):
        paragraphs = visible_hyphens(paragraphs, fitted, box, family=family)
    excess = overflow(paragraphs, fitted, box, family=family)
    words = words_too_many(paragraphs, fitted, box, family=family) if excess else 0
    return Text(
        box,
        paragraphs,
        fitted,
        min_size,
        color,
        name=name,
        overflow=round(excess, 2),
        words_over=words,
        long_words=long_words(paragraphs, fitted, box, family=family),
        **dict(style),
    )


def _shrunk(
    paragraphs: tuple[Paragraph, ...], box: Box, size: float, min_size: float, family: str
) -> tuple[float, tuple[Paragraph, ...]]:
    """The size the text fits at and its paragraphs with their own sizes scaled along."""
    fitted = fitted_size(paragraphs, box, size, min_size, family=family)
    if fitted != size:
        scale = fitted / size
        paragraphs = tuple(
            replace(p, size=scaled(p.size, scale, min_size)) if p.size else p for p in paragraphs
        )
    return fitted, paragraphs


def _hyphenated(paragraphs: tuple[Paragraph, ...], words: set[str]) -> tuple[Paragraph, ...]:
    """The paragraphs with ``words`` given soft hyphens, each run in its own language."""
    return tuple(
        replace(
            p,
            runs=tuple(
                replace(r, text=hyphenation.hyphenate_words(r.text, words, r.lang)) for r in p.runs
            ),
        )
        for p in paragraphs
    )


def family_of(theme: Theme, role: str) -> str:
    """The font family a text block is set in: the theme's heading or body font."""
    return theme.fonts.heading if role == "heading" else theme.fonts.body


def title(kind: str, words: str, theme: Theme) -> Text:
    """A slide's title, set in the heading font and fitted to the title place of its layout."""
    size = theme.sizes.title * (1.3 if kind == "title" else 1)
    box = TITLE_SLIDE_TITLE if kind == "title" else TITLE
    return text(
        box,
        [para(words, bold=True)],
        theme,
        size=size,
        min_size=28,
        color=theme.colors.title,
        font="heading",
        name="Title",
        anchor="bottom" if kind == "title" else "middle",
    )


def named_title(kind: str, named: str, plain: str, theme: Theme) -> str:
    """``named`` (hpdeck's own words round a name taken from a content file) where it fits the
    title place, else ``plain``: a name too long for hpdeck's words is not the author's to cut,
    and the slide names it elsewhere."""
    return named if title(kind, named, theme).overflow <= 0.005 else plain


def one_line_size(
    words: str, width: float, size: float, theme: Theme, *, bold: bool = True
) -> float:
    """The largest size up to ``size`` at which a figure stays on one line of ``width`` inches,
    measured in the theme's own font (Arial runs wider than Calibri)."""
    available = width - 0.3
    needed = text_width(words, size, bold=bold, family=theme.fonts.body)
    return size if needed <= available else max(12.0, int(size * available / needed))


def bullets(
    box: Box,
    items: list[str],
    theme: Theme,
    *,
    name: str = "Bullets",
    size: float | None = None,
    anchor: str = "top",
) -> Text:
    """A bullet list at body size (or ``size``), spaced for reading from a distance; anchored
    in the middle beside a full-height card, so the slide has no empty lower third."""
    paragraphs = [
        para(item, bullet=True, space_before=12 if i else 0) for i, item in enumerate(items)
    ]
    return text(box, paragraphs, theme, size=size, name=name, anchor=anchor)


def big_number(
    box: Box,
    value: str,
    label: str,
    theme: Theme,
    *,
    detail: str = "",
    align: str = "left",
    anchor: str = "top",
    name: str = "Figure",
) -> Text:
    """A headline figure with its label under it: the number is the chart."""
    colors = theme.colors
    value_size = one_line_size(value, box.width, theme.sizes.big_number, theme)
    paragraphs = [
        para(value, bold=True, color=colors.accent, size=value_size),
        para(label, space_before=4),
    ]
    if detail:
        paragraphs.append(
            para(detail, color=colors.muted, size=theme.sizes.caption, space_before=4)
        )
    return text(
        box, paragraphs, theme, align=align, anchor=anchor, min_size=theme.sizes.caption, name=name
    )


def quote(
    box: Box,
    words: str,
    speaker: str,
    theme: Theme,
    *,
    name: str = "Quote",
    lang: str | None = None,
    size: float | None = None,
    speaker_source: Origin | None = None,
) -> Text:
    """A quote given room: the words (in quotation marks, tagged with the language they were
    said in) large, who said it small beneath, the two centred in the height they have.
    ``speaker_source`` is where the speaker line was written, when not where the words were."""
    size = size or theme.sizes.quote
    paragraphs = [
        para(words, italic=True, size=size, lang=lang),
        para(
            speaker,
            color=theme.colors.muted,
            size=theme.sizes.caption,
            space_before=10,
            source=speaker_source,
        ),
    ]
    return text(
        box, paragraphs, theme, size=size, min_size=theme.sizes.min_body, name=name, anchor="middle"
    )


def card(
    box: Box,
    paragraphs: list[Paragraph],
    theme: Theme,
    *,
    size: float | None = None,
    align: str = "left",
    hug: bool = False,
    top: bool = False,
    name: str = "Card",
) -> Shape:
    """A filled rounded card holding text, for tiles, clippings and definitions.

    With ``hug`` the card shrinks to its text from the top, instead of centring text in a tall box;
    with ``top`` it keeps its size and its text starts at the top, so tiles in a row line up.
    """
    inner = text(
        box.inset(0.15),
        paragraphs,
        theme,
        size=size,
        min_size=theme.sizes.caption,
        align=align,
        anchor="top" if hug or top else "middle",
    )
    if hug:
        needed = (
            height_needed(
                inner.paragraphs, inner.size, inner.box, family=family_of(theme, inner.font)
            )
            + 0.3
        )
        box = Box(box.left, box.top, box.width, min(box.height, needed))
        inner = replace(inner, box=box.inset(0.15))
    return Shape(box, "rounded", theme.colors.surface, text=inner, name=name)


def stacked(blocks: list[Text], area: Box, gap: float, theme: Theme) -> list[Text]:
    """Text blocks, each fitted in its own box, moved one under the other (``gap`` apart)
    and the stack centred in ``area``'s height, each box cut to the height its words take:
    a short figure and its message read as one group, not two islands with a hole between."""
    heights = [
        height_needed(b.paragraphs, b.size, b.box, family=family_of(theme, b.font)) + 0.02
        for b in blocks
    ]
    if len(blocks) > 1:  # never past the area: the gap gives way first
        gap = min(gap, max(0.0, area.height - sum(heights)) / (len(blocks) - 1))
    total = sum(heights) + gap * (len(blocks) - 1)
    top = area.top + max(0.0, (area.height - total) / 2)
    placed = []
    for block, height in zip(blocks, heights, strict=True):
        placed.append(replace(block, box=Box(block.box.left, top, block.box.width, height)))
        top += height + gap
    return placed


def centred(shape: Shape, area: Box) -> Shape:
    """``shape`` (a hugging card) moved down to the middle of ``area``'s height, its text
    along, so a short card does not leave the lower part of the slide empty."""
    dy = area.top + (area.height - shape.box.height) / 2 - shape.box.top
    if dy <= 0:
        return shape

    def moved(box: Box) -> Box:
        return Box(box.left, box.top + dy, box.width, box.height)

    text = replace(shape.text, box=moved(shape.text.box)) if shape.text else None
    return replace(shape, box=moved(shape.box), text=text)
