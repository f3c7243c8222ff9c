"""Choosing a type size at build time so text fits its box before anyone opens the deck.

Text is measured with the real metrics of the theme's fonts, or of their metric-compatible open
equivalents (Carlito for Calibri, Liberation Sans for Arial), which LibreOffice substitutes and
whose advance widths match the Microsoft fonts glyph for glyph; ``fonts`` finds the files on
every OS. A font hpdeck cannot find (Verdana on a machine without it) is measured on the wide
side, so that its text never breaks inside a word or overflows where the real font is used:
with DejaVu Sans, always there with matplotlib, as wide as Verdana and wider than the other
common Office fonts (a quarter wider than Calibri, an eighth wider than Arial), and what
LibreOffice on Linux shows in a missing font's place, so previews and PDFs set as measured;
at a line pitch of 1.3 em (Segoe UI's 1.33 is the tallest of the common ones). Only without
DejaVu Sans do widths come from a count of glyphs, at DejaVu Sans Bold's 0.6 em. The linter
warns about a font measured by a stand-in; `metrics_source` says which metrics are in use
(`build --verbose` prints it).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from hpdeck.plan import fonts
from hpdeck.plan.model import Box, Paragraph

INSET_X = 0.1  # inches of padding the writer leaves left and right of the text
INSET_Y = 0.05  # inches of padding the writer leaves above and below the text
BULLET_INDENT = 0.35  # inches of hanging indent before bulleted text
STAND_IN = "DejaVu Sans"  # measures a font not found, on the wide side (see the module)
_FALLBACK_ADVANCE = 0.6  # glyph width in ems without even DejaVu Sans
_FALLBACK_PITCH = 1.3  # line pitch in ems of a font not found
_UNITS = 2048  # size the font is loaded at, so widths come out in font units of most fonts
SOFT_HYPHEN = "\u00ad"  # where an author allows a long word to break, with a hyphen shown
SCALE = (10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 32, 36, 40, 44, 48, 54, 60, 66, 72, 80, 88, 96)
"""The type scale in whole points: text shrinks from its theme size down these steps, and
sizes derived from others (a figure 0.8 of the big-number size) land on them, so a deck never
shows 31.67 pt beside 32 pt."""


def snap(size: float) -> float:
    """The largest step of the scale not above ``size`` (whole points below the scale)."""
    if size == int(size) and (size in SCALE or size > SCALE[-1]):
        return float(size)
    return float(max((step for step in SCALE if step <= size), default=max(1, int(size))))


@dataclass(frozen=True)
class Style:
    """What changes a glyph's width: the family and its bold/italic face."""

    family: str = "Calibri"
    bold: bool = False
    italic: bool = False


@lru_cache(maxsize=64)
def font_file(family: str, bold: bool = False, italic: bool = False) -> Path | None:
    """The font file measured for ``family`` in this face, or None when none is installed."""
    return fonts.font_file(family, bold, italic)


@lru_cache(maxsize=8)
def _stand_in(bold: bool = False, italic: bool = False) -> Path | None:
    """The file measuring text in a font not found, or None (then glyphs are counted)."""
    return fonts.find(STAND_IN, bold, italic)


def stand_in_file() -> Path | None:
    """The font file text in a font not found is measured with, if there is one."""
    return _stand_in()


def metrics_source(family: str) -> str:
    """Which metrics fit text in ``family``: a font file's name, or how it was estimated."""
    path = font_file(family)
    if path:
        return path.name
    stand_in = _stand_in()
    return f"{stand_in.name} (standing in)" if stand_in else "an estimate"


@lru_cache(maxsize=64)
def _font(path: Path):  # type: ignore[no-untyped-def]
    from PIL import ImageFont  # Pillow comes with matplotlib

    return ImageFont.truetype(str(path), _UNITS, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=64)
def _pitch(path: Path) -> float:
    """Single line spacing in ems, as PowerPoint takes it from the font (ascent + descent + gap)."""
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # silence notes on odd head dates
    font = TTFont(str(path), lazy=True)
    units = font["head"].unitsPerEm
    hhea, os2 = font["hhea"], font["OS/2"]
    typographic = hhea.ascent - hhea.descent + hhea.lineGap
    windows = os2.usWinAscent + os2.usWinDescent
    font.close()
    return max(typographic, windows) / units


def line_pitch(family: str) -> float:
    """Distance between baselines at single spacing, in ems of the type size."""
    path = font_file(family)
    return _pitch(path) if path else _FALLBACK_PITCH


@lru_cache(maxsize=50_000)
def _ems(text: str, style: Style) -> float:
    """Width of ``text`` in ems of the type size; a soft hyphen takes no room unless broken at."""
    text = text.replace(SOFT_HYPHEN, "")
    path = font_file(style.family, style.bold, style.italic)
    if path is not None:
        return float(_font(path).getlength(text)) / _UNITS
    stand_in = _stand_in(style.bold, style.italic)
    if stand_in is None:
        return len(text) * _FALLBACK_ADVANCE
    return float(_font(stand_in).getlength(text)) / _UNITS


def text_width(
    text: str, size: float, *, bold: bool = False, italic: bool = False, family: str = "Calibri"
) -> float:
    """Width in inches of ``text`` set on one line at ``size`` points."""
    return _ems(text, Style(family, bold, italic)) * size / 72


Piece = tuple[str, Style]


def _lines_of(paragraph: Paragraph, family: str) -> list[list[list[Piece]]]:
    """The paragraph as hard lines of words; a word is pieces of text, each in one style."""
    lines: list[list[list[Piece]]] = [[]]
    word: list[Piece] = []

    def end_word() -> None:
        nonlocal word
        if word:
            lines[-1].append(word)
            word = []

    for run in paragraph.runs:
        style = Style(family, run.bold, run.italic)
        piece = ""
        for char in run.text:
            if char in " \n\t":
                if piece:
                    word.append((piece, style))
                    piece = ""
                end_word()
                if char == "\n":
                    lines.append([])
            else:
                piece += char
        if piece:
            word.append((piece, style))
    end_word()
    return lines


def _line_widths(words: list[list[Piece]], size: float, width: float) -> list[float]:
    """Widths of the lines the words take when wrapped greedily into ``width`` inches."""
    lines: list[float] = []
    current = 0.0
    for word in words:
        word_width = sum(_ems(text, style) for text, style in word) * size / 72
        space = _ems(" ", word[0][1]) * size / 72
        if current and current + space + word_width > width:
            lines.append(current)
            current = word_width
        else:
            current += (space if current else 0) + word_width
        while current > width > 0:  # a word longer than the line breaks mid-word
            lines.append(width)
            current -= width
    lines.append(current)
    return lines


def _wrap(words: list[list[Piece]], size: float, width: float) -> int:
    """Lines the words take when wrapped greedily into ``width`` inches, as PowerPoint does."""
    return len(_line_widths(words, size, width))


def text_extent(
    paragraphs: tuple[Paragraph, ...], size: float, box: Box, *, family: str = "Calibri"
) -> tuple[float, float]:
    """Width of the widest line and height of the text in inches, insets included."""
    width = box.width - 2 * INSET_X
    widest = 0.0
    for paragraph in paragraphs:
        own = paragraph.size or size
        indent = BULLET_INDENT if paragraph.bullet else 0
        for words in _lines_of(paragraph, family):
            widest = max(widest, indent + max(_line_widths(words, own, width - indent)))
    return widest + 2 * INSET_X, height_needed(paragraphs, size, box, family=family)


def scaled(own: float, scale: float, floor: float) -> float:
    """A paragraph's own size scaled along with its block, never below ``floor`` unless it
    started there: captions stay readable while the block around them shrinks."""
    return max(snap(own * scale), min(own, floor))


def height_needed(
    paragraphs: tuple[Paragraph, ...],
    size: float,
    box: Box,
    scale: float = 1.0,
    *,
    family: str = "Calibri",
    floor: float = 0,
) -> float:
    """Height in inches the paragraphs take at ``size``; paragraph sizes scale along."""
    width = box.width - 2 * INSET_X
    pitch = line_pitch(family)
    total = 2 * INSET_Y
    for paragraph in paragraphs:
        own = scaled(paragraph.size, scale, floor) if paragraph.size else size
        indent = BULLET_INDENT if paragraph.bullet else 0
        lines = _paragraph_lines(paragraph, family, own, width - indent)
        total += lines * own * pitch / 72
        total += paragraph.space_before * scale / 72
    return total


@lru_cache(maxsize=16384)
def _paragraph_lines(paragraph: Paragraph, family: str, size: float, width: float) -> int:
    """Lines one paragraph takes, remembered per process: a block new to this deck (a card
    with the municipality's name on top) is mostly paragraphs measured before (the names of
    every stage), and the fitter measures each at several sizes."""
    return sum(_wrap(words, size, width) for words in _lines_of(paragraph, family))


@lru_cache(maxsize=8192)
def fitted_size(
    paragraphs: tuple[Paragraph, ...],
    box: Box,
    size: float,
    min_size: float,
    *,
    family: str = "Calibri",
) -> float:
    """The largest size from ``size`` down the type scale to ``min_size`` at which text fits.

    Remembered per process: a batch of council decks fits the same shared text in every deck.
    """
    steps = [size, *(step for step in reversed(SCALE) if min_size < step < size)]
    for current in steps:
        if current <= min_size:
            break
        needed = height_needed(
            paragraphs, current, box, current / size, family=family, floor=min_size
        )
        if needed <= box.height and _words_fit(
            paragraphs, current, box, current / size, family=family, floor=min_size
        ):
            return current
    return min_size


def _words_fit(
    paragraphs: tuple[Paragraph, ...],
    size: float,
    box: Box,
    scale: float,
    *,
    family: str,
    floor: float,
) -> bool:
    """Whether every word fits on a line; shrinking beats breaking 'kommunehelsetjenesten'."""
    return not _too_long(paragraphs, size, box, scale, family=family, floor=floor)


def _too_long(
    paragraphs: tuple[Paragraph, ...],
    size: float,
    box: Box,
    scale: float = 1.0,
    *,
    family: str,
    floor: float = 0,
) -> list[str]:
    """Words wider than their line, as written; a soft hyphen splits a word into parts that
    each need only their own width and a hyphen's."""
    width = box.width - 2 * INSET_X
    found: list[str] = []
    for paragraph in paragraphs:
        own = scaled(paragraph.size, scale, floor) if paragraph.size else size
        room = width - (BULLET_INDENT if paragraph.bullet else 0)
        found.extend(_paragraph_too_long(paragraph, family, own, room))
    return found


@lru_cache(maxsize=16384)
def _paragraph_too_long(
    paragraph: Paragraph, family: str, size: float, room: float
) -> tuple[str, ...]:
    """One paragraph's words wider than ``room`` at ``size``, remembered like its lines."""
    found = []
    for words in _lines_of(paragraph, family):
        for word in words:
            style = word[0][1]
            # a shown hyphen (plan.breaks) is a break as much as a soft one
            parts = re.split(f"[{SOFT_HYPHEN}-]", "".join(text for text, _ in word))
            hyphen = _ems("-", style) if len(parts) > 1 else 0
            if max(_ems(part, style) + hyphen for part in parts) * size / 72 > room:
                found.append("".join(text for text, _ in word).replace(SOFT_HYPHEN, ""))
    return tuple(found)


def long_words(
    paragraphs: tuple[Paragraph, ...], size: float, box: Box, *, family: str = "Calibri"
) -> tuple[str, ...]:
    """Words that would be broken mid-word without a hyphen even at ``size``: the build refuses
    them rather than let PowerPoint cut 'kommunehelse|tjenesten' at an arbitrary letter."""
    return tuple(_too_long(paragraphs, size, box, family=family))


@lru_cache(maxsize=8192)
def overflow(
    paragraphs: tuple[Paragraph, ...], size: float, box: Box, *, family: str = "Calibri"
) -> float:
    """How many inches taller than its box the text is at ``size`` (0 when it fits)."""
    return max(0.0, height_needed(paragraphs, size, box, family=family) - box.height)


def words_too_many(
    paragraphs: tuple[Paragraph, ...], size: float, box: Box, *, family: str = "Calibri"
) -> int:
    """How many words must go from the longest paragraph before the text fits at ``size``."""
    from dataclasses import replace

    from hpdeck.plan.model import Run

    if not paragraphs or not overflow(paragraphs, size, box, family=family):
        return 0
    longest = max(
        range(len(paragraphs)), key=lambda i: sum(len(r.text) for r in paragraphs[i].runs)
    )
    target = paragraphs[longest]
    words = " ".join(run.text for run in target.runs).split()
    style = target.runs[0] if target.runs else Run("")

    def fits(keep: int) -> bool:
        shorter = replace(target, runs=(replace(style, text=" ".join(words[:keep])),))
        trial = (*paragraphs[:longest], shorter, *paragraphs[longest + 1 :])
        return not overflow(trial, size, box, family=family)

    low, high = 0, len(words)  # invariant: fits(low) or low == 0; not fits(high)
    if not fits(0):
        return len(words) + sum(
            len(" ".join(r.text for r in p.runs).split())
            for i, p in enumerate(paragraphs)
            if i != longest
        )
    while high - low > 1:
        middle = (low + high) // 2
        if fits(middle):
            low = middle
        else:
            high = middle
    return len(words) - low
