"""Visible hyphens where a long word breaks, since LibreOffice draws none at a soft hyphen.

A soft hyphen (U+00AD) tells a renderer where a word may break and asks for a hyphen there
when it does. PowerPoint's and LibreOffice's text engines break at it, but LibreOffice (the
stand-in for PowerPoint in previews and in the tagged PDF) draws no hyphen, so a councillor reads
"innfø" at the end of one line and "ringsprosjekt" at the start of the next as two words. The
fitter knows where each line of a fitted block ends (it measures with the fonts the slide
uses), so at each break a word takes, the soft hyphen becomes a real hyphen, after which every
renderer breaks the same way; the word's other soft hyphens go, so no renderer can choose a
different place and leave a hyphen mid-line.
"""

from __future__ import annotations

from dataclasses import replace

from hpdeck.plan.fit import BULLET_INDENT, INSET_X, SOFT_HYPHEN, Style, _ems
from hpdeck.plan.model import Box, Paragraph

_Char = tuple[str, Style, int, int]  # the character, its style, its run and place in the run


def visible_hyphens(
    paragraphs: tuple[Paragraph, ...], size: float, box: Box, *, family: str
) -> tuple[Paragraph, ...]:
    """The paragraphs with a hyphen shown at every soft hyphen a line breaks at."""
    width = box.width - 2 * INSET_X
    return tuple(
        _shown(p, p.size or size, width - (BULLET_INDENT if p.bullet else 0), family)
        if any(SOFT_HYPHEN in run.text for run in p.runs)
        else p
        for p in paragraphs
    )


def _shown(paragraph: Paragraph, size: float, room: float, family: str) -> Paragraph:
    chars: list[_Char] = [
        (char, Style(family, run.bold, run.italic), r, i)
        for r, run in enumerate(paragraph.runs)
        for i, char in enumerate(run.text)
    ]
    shown: set[tuple[int, int]] = set()
    dropped: set[tuple[int, int]] = set()
    for line in _split(chars, "\n"):
        current = 0.0
        for word in _split(line, " \t"):
            if not word:
                continue
            space = _ems(" ", word[0][1]) * size / 72 if current else 0.0
            breaks, current = _place(word, current + space, room, size)
            if breaks:
                hyphens = {(c[2], c[3]) for c in word if c[0] == SOFT_HYPHEN}
                shown |= breaks
                dropped |= hyphens - breaks
    if not shown:
        return paragraph
    runs = tuple(
        replace(
            run,
            text="".join(
                "-" if (r, i) in shown else char
                for i, char in enumerate(run.text)
                if (r, i) not in dropped
            ),
        )
        for r, run in enumerate(paragraph.runs)
    )
    return replace(paragraph, runs=runs)


def _split(chars: list[_Char], separators: str) -> list[list[_Char]]:
    parts: list[list[_Char]] = [[]]
    for char in chars:
        if char[0] in separators:
            parts.append([])
        else:
            parts[-1].append(char)
    return parts


def _place(
    word: list[_Char], start: float, room: float, size: float
) -> tuple[set[tuple[int, int]], float]:
    """Where the word breaks at its soft hyphens when set from ``start`` inches into a line of
    ``room`` inches, filling each line with as many syllables (and a hyphen) as fit, as the
    renderers do; and where its last line ends."""
    segments: list[tuple[float, tuple[int, int] | None]] = []  # a syllable, the hyphen after
    width = 0.0
    for char, style, r, i in word:
        if char == SOFT_HYPHEN:
            segments.append((width, (r, i)))
            width = 0.0
        else:
            width += _ems(char, style) * size / 72
    segments.append((width, None))
    if start + sum(w for w, _ in segments) <= room:
        return set(), start + sum(w for w, _ in segments)
    hyphen = _ems("-", word[0][1]) * size / 72
    breaks: set[tuple[int, int]] = set()
    line = start
    for k, (w, after) in enumerate(segments):
        if line > 0 and line + w + (hyphen if after is not None else 0) > room:
            before = segments[k - 1][1] if k else None
            if before is not None:  # the line ends with the syllable before, and a hyphen
                breaks.add(before)
            line = 0.0  # (k == 0: the word starts the next line)
        line += w
    return breaks, line
