"""The slide plan: plain data between the sections and the writers.

Sections turn content into these objects; only the writers know about python-pptx or matplotlib.
Positions are in inches on a 13.333 × 7.5 in (16:9) slide, sizes in points, colours as 'RRGGBB'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from hpdeck.content.loader import Origin
from hpdeck.content.localized import language_of
from hpdeck.plan.charts import ChartSpec
from hpdeck.plan.typography import glue

Align = Literal["left", "center", "right"]
Anchor = Literal["top", "middle", "bottom"]


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in inches from the top-left corner."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def inset(self, dx: float, dy: float | None = None) -> Box:
        dy = dx if dy is None else dy
        return Box(self.left + dx, self.top + dy, self.width - 2 * dx, self.height - 2 * dy)

    def columns(self, count: int, gap: float) -> list[Box]:
        """Split into ``count`` equal columns separated by ``gap``."""
        width = (self.width - gap * (count - 1)) / count
        return [
            Box(self.left + i * (width + gap), self.top, width, self.height) for i in range(count)
        ]

    def rows(self, count: int, gap: float) -> list[Box]:
        """Split into ``count`` equal rows separated by ``gap``."""
        height = (self.height - gap * (count - 1)) / count
        return [
            Box(self.left, self.top + i * (height + gap), self.width, height) for i in range(count)
        ]

    def split_left(self, share: float, gap: float) -> tuple[Box, Box]:
        """Split into a left part of ``share`` of the width and the rest."""
        left_width = (self.width - gap) * share
        return (
            Box(self.left, self.top, left_width, self.height),
            Box(self.left + left_width + gap, self.top, self.width - left_width - gap, self.height),
        )

    def split_top(self, height: float, gap: float) -> tuple[Box, Box]:
        """Split into a top part ``height`` tall and the rest below it."""
        return (
            Box(self.left, self.top, self.width, height),
            Box(self.left, self.top + height + gap, self.width, self.height - height - gap),
        )


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False
    color: str | None = None
    link: str | None = None
    lang: str | None = None
    """The language of the text (nb, nn, en) when it is not the deck's: quotes, fallbacks."""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``size`` overrides the block's size for headline figures and captions."""

    runs: tuple[Run, ...]
    bullet: bool = False
    align: Align | None = None
    size: float | None = None
    space_before: float = 0
    source: Origin | None = field(default=None, compare=False)
    """Where this paragraph's words were written, when not where its block's were: a quote's
    role under its words, a contact's role under the name (the linter names that line)."""


def para(text: str, **style: object) -> Paragraph:
    """A one-run paragraph; style keys go to the run (bold, color…) or the paragraph.

    Spaces where a line break would read wrong (St. Olavs, 539 mill. kr, 12. desember 2022)
    become non-breaking here, so the fitter measures what the slide shows.
    """
    run_keys = {"bold", "italic", "color", "link", "lang"}
    style.setdefault("lang", language_of(text))  # per-language content knows its language
    run = Run(glue(text), **{k: v for k, v in style.items() if k in run_keys})  # type: ignore[arg-type]
    rest = {k: v for k, v in style.items() if k not in run_keys}
    return Paragraph((run,), **rest)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Text:
    """A text box; ``min_size`` is how far the fitter may shrink it."""

    box: Box
    paragraphs: tuple[Paragraph, ...]
    size: float
    min_size: float
    color: str
    font: Literal["heading", "body"] = "body"
    align: Align = "left"
    anchor: Anchor = "top"
    fill: str | None = None
    name: str = "Text"
    overflow: float = 0
    """Inches the text is taller than its box even at ``min_size``; the build refuses it."""
    words_over: int = 0
    """About how many words would have to go for the text to fit at ``min_size``."""
    long_words: tuple[str, ...] = ()
    """Words wider than the box even at ``min_size``, which would break mid-word; refused."""
    advice: str | None = None
    """The message key of what to do when the text overflows, said instead of how many words
    to cut: a municipality's name is shortened where it is written, never cut."""
    source: Origin | None = field(default=None, compare=False)
    """The content file and line the text comes from, recorded in the deck for the linter."""


@dataclass(frozen=True)
class Chart:
    """A chart drawn from its spec to fill the box."""

    box: Box
    spec: ChartSpec
    name: str = "Chart"
    style: Literal["native", "image"] | None = None
    """A native (editable) PowerPoint chart or a picture; the theme's ``chart_style`` if None."""
    source: Origin | None = field(default=None, compare=False)
    """The content file and line of the values it draws, for findings on its labels."""
    category_sources: tuple[tuple[Origin | None, Origin | None], ...] = field(
        default=(), compare=False
    )
    """Per category, where its name and its note were written, so a finding on one bar's
    label names that bar's lines rather than the chart's first (native charts record them)."""


@dataclass(frozen=True)
class Picture:
    """An image file from the project, fitted into the box without distortion."""

    box: Box
    path: Path
    alt_text: str
    link: str | None = None
    name: str | None = "Picture"
    """None keeps the writer's numbered name (Picture N)."""
    source: Origin | None = field(default=None, compare=False)
    """The content file and line that names the picture."""
    decorative: bool = False
    """Marked decorative (no description) instead of carrying ``alt_text``: a repeated logo."""
    data: bytes | None = field(default=None, repr=False)
    """The picture already scaled and compressed for the slide (images.prepare_image); the
    file at ``path`` is embedded as it is when None."""


@dataclass(frozen=True)
class Shape:
    """A native shape, optionally with centred text; used for diagrams and cards."""

    box: Box
    kind: Literal["rect", "rounded", "ellipse"]
    fill: str | None
    line: str | None = None
    line_width: float = 1.5
    text: Text | None = None
    name: str = "Shape"
    link: str | None = None
    """Where a click on the whole shape leads (a clipping's article): the text stays in its
    own colours, where a linked run would turn default blue and underlined."""


@dataclass(frozen=True)
class Line:
    """A straight connector between two points, for diagrams."""

    start: tuple[float, float]
    end: tuple[float, float]
    color: str
    width: float = 1.5
    name: str = "Connector"


Block = Text | Chart | Picture | Shape | Line


@dataclass(frozen=True)
class Slide:
    """One slide: its message title, what is on it, and what the presenter says."""

    kind: Literal["title", "content"]
    title: str
    blocks: tuple[Block, ...] = ()
    subtitle: str | None = None
    notes: str = ""
    footer: str = ""
    source: Origin | None = field(default=None, compare=False)
    """Where its title comes from, and where slide-wide findings point: the values a title
    hpdeck derived says (figures, a name), else the section's own line (its title, else its
    type)."""
    subtitle_source: Origin | None = field(default=None, compare=False)
    """Where the title slide's subtitle comes from (the slide's own origin when None)."""
    footer_source: Origin | None = field(default=None, compare=False)
    """Where the source its footer names was written (the section's ``source:``)."""
