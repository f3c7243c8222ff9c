"""A section's own title that gives another date than its figures' as-of date.

A title such as "Status per 12. desember 2022" is typed by hand, while the footer and the
tiles take the date from ``as_of``; a month whose date moved on with the title left behind
shows two dates for one set of figures. Only a date the title gives as the figures' own is
checked: after "per", "pr.", "status", "status on", "as of" or "as at" (bokmål, nynorsk and
English, with or without the day). Any other date is another event's ("neste oppstart 1. mars
2023", "since 7 May 2022") and says nothing about the figures.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from babel.dates import get_month_names

from hpdeck.content.history import refresh
from hpdeck.content.loader import Document, Loc
from hpdeck.errors import Problem
from hpdeck.messages import say, shown
from hpdeck.sections.checks import at, problem_at

_LANGUAGES = ("nb", "nn", "en")
# Words just before a date that give it as the date of the figures.
_AS_OF = re.compile(r"\b(?:per|pr\.?|status(?:\s+on)?|as\s+(?:of|at))\s+$", re.IGNORECASE)


@cache
def _patterns() -> tuple[dict[str, int], re.Pattern[str]]:
    """Month names by their lower-case spelling, and one pattern for every written date."""
    months: dict[str, int] = {}
    for language in _LANGUAGES:
        for context in ("format", "stand-alone"):
            for number, name in get_month_names("wide", context, language).items():
                months[str(name).lower()] = int(number)
    names = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    pattern = re.compile(
        rf"\b(?:(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
        rf"|(?:(?P<day>\d{{1,2}})\.?\s+)?(?P<month>{names})\s+(?:(?P<day2>\d{{1,2}}),\s+)?"
        rf"(?P<year>\d{{4}}))\b",
        re.IGNORECASE,
    )
    return months, pattern


def title_dates(doc: Document) -> list[Problem]:
    """An error at each title text whose date is not the file's as-of date (or its month)."""
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("as_of"), dt.date):
        return []
    if "title" in refresh(data):  # new-month's list already asks for a new title
        return []
    as_of: dt.date = data["as_of"]
    title = data.get("title")
    texts: list[tuple[Loc, object]] = (
        [(("title", key), text) for key, text in title.items()]
        if isinstance(title, dict)
        else [(("title",), title)]
    )
    problems = []
    for loc, text in texts:
        if not isinstance(text, str):
            continue
        said = next((m for m in _dates(text) if not _agrees(m, as_of)), None)
        if said is not None:
            problems.append(
                problem_at(
                    doc,
                    loc,
                    say(
                        "facts.title_date",
                        said=shown(said[0]),
                        date=as_of.isoformat(),
                        at=at(doc, ("as_of",)),
                    ),
                )
            )
    return problems


def _dates(text: str) -> list[tuple[str, int, int, int | None]]:
    """(as written, year, month, day or None) of each date a text gives as its figures'."""
    months, pattern = _patterns()
    found: list[tuple[str, int, int, int | None]] = []
    for match in pattern.finditer(text):
        if not _AS_OF.search(text[: match.start()]):
            continue  # "siden mai 2022", "neste oppstart 1. mars 2023": another event's date
        if match["iso"]:
            try:
                day = dt.date.fromisoformat(match["iso"])
            except ValueError:
                continue
            found.append((match[0], day.year, day.month, day.day))
            continue
        number = match["day"] or match["day2"]
        month = months[match["month"].lower()]
        found.append((match[0], int(match["year"]), month, int(number) if number else None))
    return found


def _agrees(said: tuple[str, int, int, int | None], as_of: dt.date) -> bool:
    _, year, month, day = said
    return (year, month) == (as_of.year, as_of.month) and day in (None, as_of.day)
