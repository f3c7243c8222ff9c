"""The complete plan: a section's slide with everything hpdeck adds around it, placed and fitted.

Sections plan what a slide says (:class:`~hpdeck.plan.model.Slide`). Here each slide gets its
fitted title and subtitle, and the chrome the theme puts on every slide: on a content slide the
footer (source · as-of · page) and the logo or wordmark, on the title slide the colour field,
the accent bar and the brand; every picture is placed at its own proportions inside its box.
After this step nothing is left to decide: the writer
(:mod:`hpdeck.render.pptx`) translates a :class:`CompleteSlide` into OOXML and fits nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from hpdeck.content.localized import language_of
from hpdeck.content.theme import Theme
from hpdeck.plan import conventions, layout, pictures
from hpdeck.plan.model import Block, Box, Picture, Shape, Slide, Text, para

ACCENT_BAR_WIDTH = 0.14  # inches, beside the title slide's colour field


@dataclass(frozen=True)
class CompleteSlide:
    """One slide as it will be written: the section's plan, its fitted title and subtitle, and
    the chrome drawn after its blocks. Its place in the deck shows only in the footer text."""

    slide: Slide
    title: Text
    subtitle: Text | None = None
    """The title slide's subtitle; None removes the layout's other placeholders."""
    chrome: tuple[Block, ...] = ()


def default_footer(deck_footer: str, theme: Theme) -> str:
    """The footer's own text when a slide names no source: the deck's, else the theme's."""
    return deck_footer or theme.spec.footer


def complete_slide(
    slide: Slide, number: int, total: int, theme: Theme, footer: str
) -> CompleteSlide:
    """Slide ``number`` of ``total`` completed; a content slide shows n/total in its footer.

    Run while hyphenation knows the deck's language (the build sets it), as titles may break.
    """
    return CompleteSlide(
        replace(slide, blocks=_placed(slide.blocks)),
        replace(layout.title(slide.kind, slide.title, theme), source=slide.source),
        _subtitle(slide, theme),
        _placed(
            _content_chrome(slide, number, total, theme, footer)
            if slide.kind == "content"
            else _title_chrome(theme)
        ),
    )


def _placed(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Pictures shrunk to their own proportions inside their boxes (see plan.pictures)."""
    return tuple(pictures.placed(b) if isinstance(b, Picture) else b for b in blocks)


def _subtitle(slide: Slide, theme: Theme) -> Text | None:
    if not (slide.subtitle and slide.kind == "title"):
        return None
    lines = [para(line, lang=language_of(slide.subtitle)) for line in slide.subtitle.split("\n")]
    return layout.text(
        layout.TITLE_SLIDE_SUBTITLE,
        lines,
        theme,
        size=theme.sizes.body + 4,
        color=theme.colors.text,
        source=slide.subtitle_source or slide.source,
    )


def _content_chrome(
    slide: Slide, number: int, total: int, theme: Theme, footer: str
) -> tuple[Block, ...]:
    """Footer (source · as-of · page) and the logo place, identical on every content slide."""
    line = " · ".join(p for p in (slide.footer or footer, f"{number}/{total}") if p)
    blocks: list[Block] = [
        layout.text(
            layout.FOOTER,
            [para(line)],
            theme,
            size=12,
            min_size=10,
            color=theme.colors.muted,
            align="right",
            anchor="middle",
            name=conventions.FOOTER,
            source=slide.footer_source if slide.footer else None,  # the deck's own otherwise
        )
    ]
    brand = _brand(theme, layout.LOGO, size=16, min_size=12, align="right", decorative=True)
    return (*blocks, *brand)


def _title_chrome(theme: Theme) -> tuple[Block, ...]:
    """The title slide's brand: a bar in the title colour beside the title, and the logo."""
    blocks: list[Block] = []
    field = layout.TITLE_FIELD
    if theme.template is None:  # a template's title layout brings its own decoration
        blocks.append(Shape(field, "rect", theme.colors.title, name=conventions.COLOUR_FIELD))
        blocks.append(
            Shape(
                Box(field.right, 0, ACCENT_BAR_WIDTH, field.height),
                "rect",
                theme.colors.accent,
                name=conventions.ACCENT_BAR,
            )
        )
    brand = _brand(theme, layout.TITLE_SLIDE_BRAND, size=22, decorative=False)
    return (*blocks, *brand)


def _brand(
    theme: Theme,
    place: Box,
    *,
    size: float,
    min_size: float | None = None,
    align: str = "left",
    decorative: bool,
) -> tuple[Block, ...]:
    """The theme's logo fitted into ``place``, else its wordmark; nothing when it has neither.

    Repeated on every content slide the logo is decoration; on the title slide it names the
    brand, so it is described.
    """
    if theme.logo:
        return (
            Picture(
                place,
                theme.logo,
                "" if decorative else theme.spec.name,
                name=None,
                decorative=decorative,
            ),
        )
    if theme.spec.wordmark:
        return (
            layout.text(
                place,
                [para(theme.spec.wordmark, bold=True)],
                theme,
                size=size,
                min_size=min_size,
                color=theme.colors.title,
                align=align,
                anchor="middle",
                name=conventions.LOGO,
            ),
        )
    return ()
