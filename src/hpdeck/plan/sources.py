"""Tying planned slides back to the content lines they come from, and refusing text that overflows.

Every slide gets its section's origin (file and line); every text block gets the origin of the
content string it shows (the longest one found in its words). An origin names the file the value
was written in, so a municipality's quote laid over the shared contact file is found in the
municipality file. The writer records origins in the deck, so the linter can point at content
lines in a built file, and the build names them in its errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from hpdeck.content.loader import Document, Loc, Origin
from hpdeck.errors import Problem
from hpdeck.messages import decimals, percent, say, shown
from hpdeck.messages import number as local_number
from hpdeck.plan.model import Block, Picture, Shape, Slide, Text

_MIN_MATCH = 3  # shorter strings (numbers, 'Ja') say nothing about where a text comes from


def _strings(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, str):
        yield loc, " ".join(data.split())
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*loc, index))


class SourceIndex:
    """The strings of one content file, to find which of them a slide's text shows."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.strings = sorted(
            ((loc, s) for loc, s in _strings(doc.data) if len(s) >= _MIN_MATCH),
            key=lambda item: -len(item[1]),
        )

    def where(self, loc: Loc) -> Origin:
        return self.doc.origin(loc)

    def section(self) -> Loc:
        """The section's own line: its title when it has one, else its type."""
        data = self.doc.data if isinstance(self.doc.data, dict) else {}
        return ("title",) if "title" in data else ("type",)

    def find(self, shown: str) -> Loc | None:
        """The location of the longest content string that appears in ``shown``."""
        shown = " ".join(shown.split())
        return next((loc for loc, s in self.strings if s in shown), None)


def _text_of(block: Text) -> str:
    return "\n".join("".join(run.text for run in p.runs) for p in block.paragraphs)


def _locate_block(block: Block, index: SourceIndex, fallback: Origin) -> Block:
    if isinstance(block, Text):
        loc = index.find(_text_of(block))
        return replace(block, source=index.where(loc) if loc else fallback)
    if isinstance(block, Shape) and block.text is not None:
        return replace(block, text=_locate_block(block.text, index, fallback))  # type: ignore[arg-type]
    if isinstance(block, Picture):
        loc = index.find(block.path.name)
        return replace(block, source=index.where(loc) if loc else fallback)
    return block


def locate(slides: list[Slide], doc: Document) -> list[Slide]:
    """The section's slides with the content file:line of each slide and text block filled in."""
    index = SourceIndex(doc)
    slide_source = index.where(index.section())
    return [
        replace(
            slide,
            source=slide_source,
            blocks=tuple(_locate_block(b, index, slide_source) for b in slide.blocks),
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
