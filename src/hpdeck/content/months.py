"""Month names as people write them in bokmål, nynorsk and English: Babel's, wide and
abbreviated, in running text and standing alone, and English "Sept" besides. Read by the
check of a title's date and by the reading of a workbook's month headings, so both know the
same months."""

from __future__ import annotations

from functools import cache

from hpdeck.languages import LANGUAGES, Language

Table = tuple[Language, str, str]
"""A table of month names: its language, width and context, as Babel names them."""

ALIASES: dict[str, tuple[int, Table]] = {
    "sept": (9, ("en", "abbreviated", "stand-alone")),
    "sept.": (9, ("en", "abbreviated", "stand-alone")),
}
"""Spellings in use that Babel's tables leave out: each one's month and the table it is of."""


@cache
def month_tables() -> dict[Table, dict[int, str]]:
    """Each table's names by month number (1–12)."""
    from babel.dates import get_month_names  # Babel's data: only where a month is read

    return {
        (language, width, context): {
            int(number): str(name)
            for number, name in get_month_names(width, context, language).items()
        }
        for language in LANGUAGES
        for width in ("wide", "abbreviated")
        for context in ("format", "stand-alone")
    }
