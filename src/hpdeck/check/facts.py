"""Facts checked against each other, so a deck that passes `check` never contradicts itself.

Validation sees one value at a time; this module sees a month's content as a whole: dates
against the month the deck reports on, text left blank, and each section type's own checks
(its ``check`` hook: the stage counts against the names and the total, the same quote given
twice) and those of a council deck's municipality against it (its ``shows.check`` hook).
Each problem stands at the line that states the fact
and names the other side (``... but content/2023-01/status.yaml:7 lists Trondheim as in use``).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Collection, Sequence

from hpdeck.check.title_dates import title_dates
from hpdeck.content.loader import Document
from hpdeck.content.meeting_date import meeting_before_figures
from hpdeck.content.municipality import Local
from hpdeck.errors import Problem
from hpdeck.messages import say, shown
from hpdeck.sections import REGISTRY
from hpdeck.sections.base import SectionFile
from hpdeck.sections.checks import at, problem_at, quote_texts, repeated, walk


def month_end(month: str) -> dt.date:
    """The last day of a content month (YYYY-MM): nothing in it can have happened later."""
    year, number = (int(part) for part in month.split("-"))
    return dt.date(year, number, calendar.monthrange(year, number)[1])


def check(
    sources: Sequence[SectionFile],
    month: str,
    local: Local | None,
    history: Document | None = None,
    latest: str | None = None,
    *,
    each: Callable[[SectionFile, str], list[Problem]] | None = None,
) -> list[Problem]:
    """Every contradiction between the facts of one deck's content.

    ``history`` (content/history.yaml) is checked against the end of the ``latest`` month.
    ``each`` gives one section's own problems (section_facts, or the same remembered: a batch
    checks a section file every deck shares once).
    """
    problems: list[Problem] = []
    end = month_end(month)
    for source in sources:
        kind = REGISTRY.get(source.section.type)
        problems += (each or section_facts)(source, month)
        if local and kind.shows.check:  # the municipality's own facts against this section
            problems += kind.shows.check(local, source.section, source.doc)
    if local:
        problems += blank_text(local.doc)
        problems += repeated(local.doc, quote_texts(local.doc.data), "quote")
        said = {p.where for p in problems if p.file == local.doc.display}
        problems += own_dates(local, end, said)
        problems += meeting_before_figures(local, [source.doc for source in sources])
    if history is not None:
        problems += history_dates(history, month_end(latest or month))
    return sorted(set(problems))


def section_facts(source: SectionFile, month: str) -> list[Problem]:
    """One section's own contradictions (blank text, dates after ``month``, a title naming
    another date than its as-of date, its type's check):
    they depend on its file alone, whichever municipality the deck is for."""
    kind = REGISTRY.get(source.section.type)
    found = blank_text(source.doc)
    if kind.past_only:
        found += future_dates(source.doc, month_end(month), month)
    return found + title_dates(source.doc) + kind.check(source.section, source.doc)


def blank_text(doc: Document) -> list[Problem]:
    """Text that is empty or only spaces: it would show as an empty card or « »."""
    return [
        problem_at(doc, loc, say("facts.blank"))
        for loc, value in walk(doc.data)
        if isinstance(value, str) and not value.strip()
    ]


_DATED = {
    "as_of": "its as-of date",
    "date": "this date",
    "since": "this date",
    "went_live": "this go-live date",
}


def future_dates(doc: Document, end: dt.date, month: str) -> list[Problem]:
    """Dates of what has happened that lie after the month the deck reports on."""
    problems = []
    for loc, value in walk(doc.data):
        if (
            loc
            and loc[-1] in _DATED
            and isinstance(value, dt.date)
            and value > end
            and "planned" not in str(loc[-1])
        ):
            problems.append(
                problem_at(
                    doc,
                    loc,
                    say("facts.future", date=value.isoformat(), month=month),
                )
            )
    return problems


def history_dates(doc: Document, end: dt.date) -> list[Problem]:
    """History entries dated after the latest month: they would be silently left out."""
    if not isinstance(doc.data, list):
        return []
    return [
        problem_at(
            doc,
            (index, "as_of"),
            say("facts.history_future", date=entry["as_of"].isoformat(), end=end.isoformat()),
        )
        for index, entry in enumerate(doc.data)
        if isinstance(entry, dict)
        and isinstance(entry.get("as_of"), dt.date)
        and entry["as_of"] > end
    ]


def own_dates(local: Local, end: dt.date, said: Collection[str] = ()) -> list[Problem]:
    """A municipality's dates against its stage and the month the deck reports on.

    A planned go-live before that month while the stage says it is still to come is found
    here, whatever the month's files say (a broken status file must not hide it), unless a
    section's check already said so at that key (``said``: keys with findings already).
    """
    m, doc = local.municipality, local.doc
    problems = []
    if m.went_live and m.stage and m.stage != "in-use":
        problems.append(
            problem_at(
                doc,
                ("went_live",),
                say("facts.went_live_stage", stage=shown(m.stage), at=at(doc, ("stage",))),
            )
        )
    if m.went_live and m.went_live > end:
        problems.append(
            problem_at(
                doc,
                ("went_live",),
                say("facts.went_live_future", date=m.went_live.isoformat(), end=end.isoformat()),
            )
        )
    if (
        m.stage in ("decided", "preparing")
        and m.planned_go_live
        and m.went_live is None
        and m.planned_go_live < end.replace(day=1)
        and "planned_go_live" not in said
    ):
        problems.append(
            problem_at(
                doc,
                ("planned_go_live",),
                say(
                    "facts.planned_past_month",
                    date=m.planned_go_live.isoformat(),
                    month=end.strftime("%Y-%m"),
                    stage=shown(m.stage),
                ),
            )
        )
    return problems
