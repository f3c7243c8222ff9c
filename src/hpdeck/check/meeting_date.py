"""A council deck's meeting date against the figures it presents: the title slide shows the
meeting's date over figures dated later would be a deck from before its own facts (a meeting
date left from last time, after `new-month` copied the content forward)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hpdeck.content.municipality import Local
from hpdeck.errors import Problem
from hpdeck.messages import say
from hpdeck.sections.base import SectionFile
from hpdeck.sections.checks import at, problem_at


def meeting_date(local: Local, sources: Sequence[SectionFile]) -> list[Problem]:
    """The meeting date before the latest as-of date of the deck's figures, at the meeting
    date's line, naming the file and line of that as-of date."""
    date = local.doc.data.get("meeting_date") if isinstance(local.doc.data, dict) else None
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        return []
    dated = [
        (as_of, source)
        for source in sources
        if isinstance(source.doc.data, dict)
        and isinstance(as_of := source.doc.data.get("as_of"), dt.date)
        and not isinstance(as_of, dt.datetime)
    ]
    if not dated:
        return []
    latest, source = max(dated, key=lambda pair: pair[0])
    if date >= latest:
        return []
    return [
        problem_at(
            local.doc,
            ("meeting_date",),
            say(
                "facts.meeting_before_figures",
                date=date.isoformat(),
                as_of=latest.isoformat(),
                at=at(source.doc, ("as_of",)),
            ),
        )
    ]
