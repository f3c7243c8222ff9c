"""The origin of what a slide shows, and the refusal of text that overflows.

Sections give each text block, shape text, picture and chart the origin (file and line, see
hpdeck.content.provenance) of the value it shows when they make it (``sourced``); a slide's
title names its own. ``with_origins`` gives whatever has none the section's own line. The
writer records origins in the deck, so the linter points at content lines in a built file, and
the build names them in its errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TypeVar

from hpdeck.content.loader import Origin
from hpdeck.errors import Problem
from hpdeck.messages import decimals, percent, say, shown
from hpdeck.messages import number as local_number
from hpdeck.plan.model import Block, Chart, Picture, Shape, Slide, Text

B = TypeVar("B", bound=Block)


def sourced(block: B, source: Origin | None) -> B:
    """The block with ``source`` as the origin of its text, picture or chart, unless it has
    one: an inner, more exact origin given first stays."""
    if source is None:
        return block
    if isinstance(block, Text | Picture | Chart) and block.source is None:
        return replace(block, source=source)
    if isinstance(block, Shape) and block.text is not None and block.text.source is None:
        return replace(block, text=replace(block.text, source=source))
    return block


def all_sourced(blocks: Iterable[B], source: Origin | None) -> list[B]:
    """Each of ``blocks`` with ``source`` where it has no origin of its own."""
    return [sourced(block, source) for block in blocks]


def with_origins(
    slides: list[Slide], section: Origin | None, footer: Origin | None = None
) -> list[Slide]:
    """A section's slides with its own line (its title, else its type) wherever a slide's
    title or a block names no origin of its own; ``footer`` is where the source its footers
    name was written."""
    return [
        replace(
            slide,
            source=slide.source or section,
            blocks=tuple(all_sourced(slide.blocks, section)),
            footer_source=slide.footer_source or footer,
        )
        for slide in slides
    ]


def _texts(slide: Slide) -> Iterator[Text]:
    for block in slide.blocks:
        if isinstance(block, Text):
            yield block
        elif isinstance(block, Shape) and block.text is not None:
            yield block.text


def overflow_problem(number: int, title: str, block: Text, source: Origin | None) -> Problem:
    """The error for text that does not fit even at its smallest size: where, and how much."""
    cut = say("fit.cut", block.words_over) if block.words_over else ""
    if block.advice:
        cut = say(block.advice)
    message = say(
        "fit.overflow",
        slide=say("lint.slide", number=number, title=shown(title)),
        block=block.name.lower(),
        size=local_number(block.min_size),
        share=percent(block.overflow / block.box.height),
        cut=cut,
        **decimals(over=block.overflow, height=block.box.height),
    )
    return _at(source, message)


def long_word_problem(number: int, title: str, block: Text, source: Origin | None) -> Problem:
    """The error for a word wider than its box at the smallest size: it would break mid-word."""
    message = say(
        "fit.long_word",
        slide=say("lint.slide", number=number, title=shown(title)),
        block=block.name.lower(),
        words=", ".join(map(shown, block.long_words)),
        size=local_number(block.min_size),
    )
    return _at(source, message)


def _at(source: Origin | None, message: str) -> Problem:
    return Problem(
        source.file if source else "", source.line if source else None, None, "", message
    )


def overflows(slides: list[Slide], title_texts: list[Text]) -> list[Problem]:
    """Every text block (titles included) that overflows at its minimum size, or has a word
    too wide for its line at that size."""
    problems = []
    for number, (slide, title) in enumerate(zip(slides, title_texts, strict=True), start=1):
        for block in (title, *_texts(slide)):
            source = block.source or slide.source
            if block.overflow > 0.005:
                problems.append(overflow_problem(number, slide.title, block, source))
            if block.long_words:
                problems.append(long_word_problem(number, slide.title, block, source))
    return problems
