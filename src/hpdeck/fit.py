"""Choosing a type size at build time so text fits its box before anyone opens the deck."""

from __future__ import annotations

from hpdeck.plan import Box, Paragraph

LINE_HEIGHT = 1.2  # line pitch as a multiple of the type size, as PowerPoint sets single spacing
_INSET = 0.1  # inches of padding the writer leaves on each side of a text box
_AVERAGE_ADVANCE = 0.5  # average glyph width of Calibri/Carlito text in ems, a little generous


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width in inches of ``text`` set at ``size`` points."""
    factor = 1.06 if bold else 1.0
    return len(text) * _AVERAGE_ADVANCE * factor * size / 72


def wrapped_lines(text: str, size: float, width: float, *, bold: bool = False) -> int:
    """How many lines ``text`` takes when wrapped at word boundaries into ``width`` inches."""
    lines = 0
    for hard_line in text.split("\n"):
        current = 0.0
        lines += 1
        space = text_width(" ", size, bold=bold)
        for word in hard_line.split():
            word_width = text_width(word, size, bold=bold)
            if current and current + space + word_width > width:
                lines += 1
                current = word_width
            else:
                current += (space if current else 0) + word_width
            while current > width:  # a word longer than the line breaks mid-word
                lines += 1
                current -= width
    return lines


def height_needed(paragraphs: tuple[Paragraph, ...], size: float, box: Box,
                  scale: float = 1.0) -> float:
    """Height in inches the paragraphs take at ``size``; paragraph sizes scale along."""
    width = box.width - 2 * _INSET
    total = 2 * 0.05
    for paragraph in paragraphs:
        own = (paragraph.size * scale if paragraph.size else size)
        text = "".join(run.text for run in paragraph.runs)
        bold = any(run.bold for run in paragraph.runs)
        indent = 0.35 if paragraph.bullet else 0
        total += wrapped_lines(text, own, width - indent, bold=bold) * own * LINE_HEIGHT / 72
        total += paragraph.space_before * scale / 72
    return total


def fitted_size(paragraphs: tuple[Paragraph, ...], box: Box, size: float,
                min_size: float) -> float:
    """The largest size from ``size`` down to ``min_size`` (in 1 pt steps) at which text fits."""
    current = size
    while current > min_size:
        if height_needed(paragraphs, current, box, current / size) <= box.height:
            return current
        current -= 1
    return min_size
