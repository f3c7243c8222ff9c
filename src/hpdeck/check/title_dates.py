"""A section's own title that gives another date than its figures' as-of date.

A title such as "Status per 12. desember 2022" is typed by hand, while the footer and the
tiles take the date from ``as_of``; a month whose date moved on with the title left behind
shows two dates for one set of figures. Only a date the title gives as the figures' own is
checked: after "per", "pr.", "status" (also "status:", "status on", "status ved", "status
at"), "as of" or "as at". Any other date is another event's ("neste oppstart 1. mars 2023",
"since 7 May 2022", a goal "alle i gang ved utgangen av 2024") and says nothing about the
figures.

A date is read however a title writes it: "12. desember 2022", "12. des. 2022", "12 Dec
2022", "December 12, 2022", "the 12th of December 2022", "12.12.2022", "1.3.23", "2022-12-12",
"12/12/2022" (day first, or month first where only that reads as a date), a month alone
("desember 2022"), a month's or year's end ("utgangen av desember 2022", "end of 2022"), and a
day without a year (the source deck's "Tall per 12.desember:"), taken in the year that puts it
nearest the as-of date. A month with neither day nor year is not read ("status may change").

What counts as the as-of date, so that a common convention is no false alarm:

- a day is the as-of day, or the other side of a month's turn: Norwegian reports date the
  figures at a month's end as the next day ("per 1. januar 2023" over ``as_of: 2022-12-31``),
  and the other way round ("per 31. desember 2022" over ``as_of: 2023-01-01``). A day off
  within a month ("per 13. desember" over the 12th) is not a convention but two dates;
- a month alone, or its end ("utgangen av desember 2022"), is any as-of day in that month, or
  the next month's first day (the same instant by the rule above); the title claims no day;
- a year's end ("ved utgangen av 2022") is December of that year, or 1 January after it.

So a title a month or more away from its ``as_of`` always fails. The error quotes the title's
date, names the as-of date, and says what to write instead: the as-of date the way the title
writes dates (its language, its month names or numbers), or where to move ``as_of``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from hpdeck.content.history import refresh
from hpdeck.content.loader import Document, Loc
from hpdeck.content.months import ALIASES, month_tables
from hpdeck.content.months import Table as _Table
from hpdeck.errors import Problem
from hpdeck.languages import LANGUAGES, Language
from hpdeck.messages import say, shown
from hpdeck.sections.checks import at, problem_at

# Words just before a date that give it as the date of the figures.
_AS_OF = re.compile(
    r"\b(?:per|pr\.?|status(?:\s+(?:on|ved|at)|\s*[:\u2013\u2014-])?|as\s+(?:of|at))"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_ORDINAL = r"st|nd|rd|th"


@dataclass(frozen=True)
class _Said:
    """A date a title gives as its figures', and the as-of dates that agree with it."""

    written: str
    on: dt.date | None  # the day it names; None for a month (any as-of day in it agrees)
    first: dt.date
    last: dt.date
    match: re.Match[str]

    def agrees(self, as_of: dt.date) -> bool:
        return self.first <= as_of <= self.last


@cache
def _months() -> tuple[dict[_Table, dict[int, str]], dict[str, tuple[int, list[_Table]]]]:
    """Each table of month names, and each lower-case name's month and the tables it is in."""
    tables = month_tables()
    names: dict[str, tuple[int, list[_Table]]] = {}
    for table, spelled in tables.items():
        for number, name in spelled.items():
            names.setdefault(name.lower(), (number, []))[1].append(table)
    for alias, (number, table) in ALIASES.items():
        names[alias] = (number, [table])
    return tables, names


@cache
def _pattern() -> re.Pattern[str]:
    """One pattern for every way of writing a date that this check reads."""
    names = "|".join(sorted(map(re.escape, _months()[1]), key=len, reverse=True))
    return re.compile(
        rf"""(?<![\w.])(?:
          (?P<iso>\d{{4}}-\d{{2}}-\d{{2}})
        | (?P<nd>\d{{1,2}})(?P<sep>[./])(?P<nm>\d{{1,2}})(?P=sep)(?P<ny>\d{{4}}|\d{{2}})
        | (?P<end>utgangen\s+av|slutten\s+av|end\s+of)\s+(?:(?P<emonth>{names})\s+)?
          (?P<eyear>\d{{4}})
        | (?P<month2>{names})\s+(?P<day2>\d{{1,2}})(?P<ord2>{_ORDINAL})?(?:,?\s+(?P<year2>\d{{4}}))?
        | (?:(?P<day>\d{{1,2}})(?:\.\s*|(?P<ord>{_ORDINAL})?\s+(?:of\s+)?))?
          (?P<month>{names})(?!\w)(?:\s+(?P<year>\d{{4}}))?
        )(?![./]?\d)""",
        re.IGNORECASE | re.VERBOSE,
    )


def title_dates(doc: Document) -> list[Problem]:
    """An error at each title text whose date is not the file's as-of date (see above)."""
    data = doc.data
    as_of = data.get("as_of") if isinstance(data, dict) else None
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        return []  # no date, or a time too: validation says so
    if "title" in refresh(data):  # new-month's list already asks for a new title
        return []
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
        said = next((d for d in _dates(text, as_of) if not d.agrees(as_of)), None)
        if said is None:
            continue
        language = next((name for name in LANGUAGES if name == loc[-1]), None)
        message = say(
            "facts.title_date" if said.on else "facts.title_month",
            said=shown(said.written),
            date=as_of.isoformat(),
            at=at(doc, ("as_of",)),
            instead=shown(_rewrite(said, as_of, language)),
            moved=said.on.isoformat() if said.on else f"{said.first:%Y-%m}",
        )
        problems.append(problem_at(doc, loc, message))
    return problems


def _dates(text: str, as_of: dt.date) -> list[_Said]:
    """Each date a text gives as its figures' (see the module's docstring for which)."""
    text = text.replace("\u00ad", "")  # a soft hyphen inside a month's name
    found = []
    for match in _pattern().finditer(text):
        if not _AS_OF.search(text, 0, match.start()):
            continue  # "siden mai 2022", "neste oppstart 1. mars 2023": another event's date
        said = _read(match, as_of)
        if said is not None:
            found.append(said)
    return found


def _read(match: re.Match[str], as_of: dt.date) -> _Said | None:
    """The date a match writes, or None when its numbers are no date (31.02.2023) or it is a
    month with neither day nor year ("status may change"). A day without a year is in the
    year that puts it nearest the as-of date."""
    try:
        if match["iso"]:
            return _on(match, dt.date.fromisoformat(match["iso"]))
        if match["nd"]:
            return _numeric(match)
        if match["end"]:
            ended = int(match["eyear"])
            if match["emonth"]:
                return _in(match, ended, _month_of(match["emonth"]))
            return _Said(match[0], None, dt.date(ended, 12, 1), dt.date(ended + 1, 1, 1), match)
        second = "2" if match["month2"] else ""
        month = _month_of(match["month" + second])
        day, year = match["day" + second], match["year" + second]
        if year is None:
            return _on(match, _nearest(as_of, month, int(day))) if day else None
        if day:
            return _on(match, dt.date(int(year), month, int(day)))
        return _in(match, int(year), month)
    except ValueError:
        return None


def _nearest(as_of: dt.date, month: int, day: int) -> dt.date:
    """The day and month in the year before, of or after ``as_of`` nearest to it."""
    days = []
    for year in (as_of.year - 1, as_of.year, as_of.year + 1):
        try:
            days.append(dt.date(year, month, day))
        except ValueError:  # 29 February
            continue
    if not days:
        raise ValueError(f"no {day}.{month}.")
    return min(days, key=lambda candidate: abs(candidate - as_of))


def _numeric(match: re.Match[str]) -> _Said:
    """12.12.2022, 1.3.23, 12/12/2022; with a slash, day first unless only month first reads
    as a date (a US "12/25/2022")."""
    first, second, year = int(match["nd"]), int(match["nm"]), int(match["ny"])
    year += 2000 if len(match["ny"]) == 2 else 0
    try:
        return _on(match, dt.date(year, second, first))
    except ValueError:
        if match["sep"] != "/":
            raise
        return _on(match, dt.date(year, first, second))


def _on(match: re.Match[str], day: dt.date) -> _Said:
    """A day, agreeing also with the other side of a month's turn."""
    first = day - dt.timedelta(days=1) if day.day == 1 else day
    last = day + dt.timedelta(days=1) if _is_last(day) else day
    return _Said(match[0], day, first, last, match)


def _in(match: re.Match[str], year: int, month: int) -> _Said:
    """A month, agreeing with every day in it and the next month's first."""
    start = dt.date(year, month, 1)
    end = dt.date(year, month, calendar.monthrange(year, month)[1])
    return _Said(match[0], None, start, end + dt.timedelta(days=1), match)


def _is_last(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def _month_of(name: str) -> int:
    return _months()[1][name.lower()][0]


def _rewrite(said: _Said, as_of: dt.date, language: Language | None) -> str:
    """The as-of date written as the title wrote its date: the same numbers or month names,
    zero-padding, two-digit year, ordinal, in the title's language."""
    match = said.match
    if match["iso"]:
        return as_of.isoformat()
    if match["nd"]:
        width = 2 if len(match["nd"]) == len(match["nm"]) == 2 else 1  # 01.03.2023 or 1.3.2023
        day, month = str(as_of.day).zfill(width), str(as_of.month).zfill(width)
        first, second = (month, day) if _month_first(said) else (day, month)
        year = f"{as_of.year % 100:02d}" if len(match["ny"]) == 2 else str(as_of.year)
        return f"{first}{match['sep']}{second}{match['sep']}{year}"
    if match["end"]:
        return _rewrite_end(said, as_of, language)
    new = {
        "day": lambda written: str(as_of.day).zfill(len(written)),
        "ord": lambda written: _ordinal(as_of.day),
        "month": lambda written: _name(written, as_of.month, language),
        "year": lambda written: str(as_of.year),
    }
    text, start = match[0], match.start()
    groups = ("day", "ord", "month", "year", "month2", "day2", "ord2", "year2")
    for group in sorted((g for g in groups if match[g]), key=match.start, reverse=True):
        begin, end = match.start(group) - start, match.end(group) - start
        text = text[:begin] + new[group.rstrip("2")](match[group]) + text[end:]
    return text


def _rewrite_end(said: _Said, as_of: dt.date, language: Language | None) -> str:
    """'utgangen av februar 2023' when the as-of date is a month's last day, else the day."""
    match = said.match
    english = match["end"].lower().startswith("end")
    words = match[0][: match.start("emonth" if match["emonth"] else "eyear") - match.start()]
    spoken: Language = "en" if english else (language if language in ("nb", "nn") else "nb")
    wide = _months()[0][(spoken, "wide", "format")][as_of.month]
    if _is_last(as_of):
        if as_of.month == 12 and not match["emonth"]:
            return f"{words}{as_of.year}"
        month = _name(match["emonth"], as_of.month, spoken) if match["emonth"] else wide
        return f"{words}{month} {as_of.year}"
    return f"{as_of.day} {wide} {as_of.year}" if english else f"{as_of.day}. {wide} {as_of.year}"


def _month_first(said: _Said) -> bool:
    """Whether a slashed date was read month first (only that way was it a date)."""
    return (
        said.on is not None and said.match["sep"] == "/" and said.on.month != int(said.match["nm"])
    )


def _name(written: str, month: int, language: Language | None) -> str:
    """Month ``month``'s name from the table a title's month name ``written`` came from
    (the title's language's first), in its case."""
    tables, names = _months()
    found = names[written.lower()][1]
    table = next((t for t in found if t[0] == language), found[0])
    name = tables[table][month]
    if written.islower():
        return name.lower()
    return name[0].upper() + name[1:] if written[0].isupper() else name


def _ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
