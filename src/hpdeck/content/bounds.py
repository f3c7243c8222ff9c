"""What a value may be before it reaches a slide: finite numbers of sane size, characters XML
can hold, text of a length a slide can show.

The loader applies these to every scalar (so a refusal points at its line and column, and a
1.4 MB title is refused before anything measures it); the content models apply them again to
numbers pydantic reads from text ('1e308') and to one-line fields, which get a tighter limit.
"""

from __future__ import annotations

import math
import re
from typing import Any

from hpdeck.messages import say

MAX_FIGURE = 10**15
"""Larger than any figure a briefing deck shows (costs in kroner are around 10^10)."""
MAX_TEXT = 5000
"""Characters in any text value: about two slides of body text."""
MAX_LINE_CHARS = 20 * MAX_TEXT
"""Characters on one line of a YAML file, checked before the file is parsed: far more than any
value may hold, and PyYAML reads this many in about a tenth of a second."""
MAX_LINE = 200
"""Characters in a one-line field: a title, a label, a name."""
ONE_LINE = frozenset(
    {
        "title",
        "headline",
        "subtitle",
        "heading",
        "label",
        "name",
        "short_name",
        "role",
        "speaker",
        "outlet",
        "presenter",
        "place",
        "phone",
        "email",
        "period",
        "footer",
        "theme",
        "municipality",
        "month",
        "vision",
        "prefix",
        "part",
        "wordmark",
    }
)
"""Field names that are one line on a slide wherever they appear."""
EXCERPT = 40
MAX_SLIDES = 150
"""Slides in one deck: a long council meeting shows 30; ten times that is a mistake."""

# Characters outside XML 1.0's Char production: C0 controls other than tab and line breaks,
# lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Pictographs and emoji: no theme font (Calibri, Carlito, Arial) has them. Dingbats such as
# ✓ and arrows stay allowed; the emoji presentation selector marks a symbol drawn as emoji.
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u26ff\ufe0f]")


def excerpt(text: str) -> str:
    """A short quote of ``text`` for one error line."""
    text = _NOT_XML.sub("?", text.replace("\n", "\\n"))
    return repr(text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…")


def text_problem(text: str, limit: int = MAX_TEXT) -> str | None:
    """Why ``text`` cannot go on a slide, or None."""
    bad = _NOT_XML.search(text)
    if bad:
        return say(
            "bounds.character",
            code=f"{ord(bad[0]):04X}",
            position=bad.start() + 1,
            excerpt=excerpt(text),
        )
    emoji = _EMOJI.search(text)
    if emoji:
        return say(
            "bounds.emoji",
            emoji=emoji[0],
            code=f"{ord(emoji[0]):04X}",
            position=emoji.start() + 1,
            excerpt=excerpt(text),
        )
    if len(text) > limit:
        return say("bounds.text_long", length=len(text), limit=limit, excerpt=excerpt(text))
    return None


def number_problem(value: float) -> str | None:
    """Why ``value`` cannot be a figure on a slide, or None."""
    if isinstance(value, float) and not math.isfinite(value):
        shown = say("bounds.nan" if math.isnan(value) else "bounds.infinite")
        return say("bounds.not_finite", shown=shown, value=value)
    if abs(value) > MAX_FIGURE:
        return say("bounds.too_large", value=f"{value:g}")
    return None


def normal_number(value: float) -> float:
    """-0.0 as 0.0, so a slide never shows '-0'."""
    return 0.0 if value == 0 and isinstance(value, float) else value


def value_problem(value: Any, field: str) -> str | None:
    """The first problem of a validated field's value, looking into lists and mappings."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return number_problem(value)
    if isinstance(value, str):
        return text_problem(value, MAX_LINE if field in ONE_LINE else MAX_TEXT)
    if isinstance(value, list | tuple):
        return next((p for item in value if (p := value_problem(item, field))), None)
    if isinstance(value, dict):
        return next((p for item in value.values() if (p := value_problem(item, field))), None)
    return None


def without_negative_zero(value: Any) -> Any:
    """``value`` with every -0.0 in it (also in lists and mappings) made 0.0."""
    if isinstance(value, float):
        return normal_number(value)
    if isinstance(value, list):
        return [without_negative_zero(item) for item in value]
    if isinstance(value, tuple):
        return tuple(without_negative_zero(item) for item in value)
    if isinstance(value, dict):
        return {key: without_negative_zero(item) for key, item in value.items()}
    return value


def too_many_slides(count: int, per_file: list[tuple[str, int]]) -> str:
    """The message for a deck that would be too long, naming the files that make it so."""
    largest = sorted(per_file, key=lambda item: -item[1])[:3]
    shown = ", ".join(f"{name} ({n})" for name, n in largest if n)
    return say("bounds.slides", count=count, limit=MAX_SLIDES, files=shown)
