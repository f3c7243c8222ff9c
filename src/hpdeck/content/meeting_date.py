"""A council deck's meeting date against the figures it presents. Before their date, the
title slide shows a meeting that was over before its own facts (a date left from last time,
after `new-month` copied the content forward): an error. Long after it, the council sees
old figures: a warning, since a meeting may be set far ahead."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hpdeck.content.loader import Document
from hpdeck.content.municipality import Local
from hpdeck.errors import Problem
from hpdeck.messages import say

LONG_AFTER = dt.timedelta(days=120)
"""How long after its figures' date a meeting is warned about: about four monthly decks on."""


def meeting_before_figures(local: Local, docs: Sequence[Document]) -> list[Problem]:
    """The meeting date before the latest as-of date of the deck's figures, at the meeting
    date's line, naming the file and line of that as-of date."""
    return _compared(local, docs, long_after=False)


def meeting_long_after(local: Local, docs: Sequence[Document]) -> list[Problem]:
    """A warning at the meeting date when it is more than LONG_AFTER after the figures'
    latest as-of date."""
    return _compared(local, docs, long_after=True)


def _compared(local: Local, docs: Sequence[Document], *, long_after: bool) -> list[Problem]:
    date = local.doc.data.get("meeting_date") if isinstance(local.doc.data, dict) else None
    if not (_day(date) and isinstance(date, dt.date)):
        return []
    dated = [(doc.data["as_of"], doc) for doc in docs if _day(_as_of(doc))]
    if not dated:
        return []
    latest, doc = max(dated, key=lambda pair: pair[0])
    line = doc.locate(("as_of",))[0]
    said = dict(date=date.isoformat(), as_of=latest.isoformat(), at=f"{doc.display}:{line}")
    if long_after and date - latest > LONG_AFTER:
        message = say("facts.meeting_long_after", days=(date - latest).days, **said)
        return [local.doc.problem(("meeting_date",), message, warning=True)]
    if not long_after and date < latest:
        return [local.doc.problem(("meeting_date",), say("facts.meeting_before_figures", **said))]
    return []


def _as_of(doc: Document) -> object:
    return doc.data.get("as_of") if isinstance(doc.data, dict) else None


def _day(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
