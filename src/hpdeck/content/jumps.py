"""Figures that moved implausibly far since the last report, as a zero too many or too few does.

A typo like 7 100 000 000 for 71 000 000 validates (it is a number) and draws a chart; only the
history knows it is a hundred times last month's. The rule: a figure ten times or more the same
figure's latest value in ``content/history.yaml`` within the last three months, or a tenth of
it or less, and at least 100 away from it, is a warning at the figure (``--strict`` refuses
it). Small counts (1 to 7 municipalities in use) may jump so in earnest, hence the 100; a
figure with no history nearby has nothing to compare with and gets no warning.
"""

from __future__ import annotations

import datetime as dt

from hpdeck.content.history import FILE, History, Kinds, figure_loc, figures, refresh
from hpdeck.content.loader import Document
from hpdeck.errors import Problem
from hpdeck.messages import number, say

FACTOR = 10
"""How many times larger (or smaller) than the last report a figure may be without a warning."""
LEAST = 100
"""How far apart the two must also be: small counts may jump so in earnest."""
WITHIN = dt.timedelta(days=92)
"""How old a report may be to compare with: over a longer gap a figure may well grow tenfold."""


def jump_warnings(doc: Document, history: History, kinds: Kinds) -> list[Problem]:
    """A warning at each of a content file's figures that moved implausibly far (see above)."""
    data = doc.data
    as_of = data.get("as_of") if isinstance(data, dict) else None
    if not isinstance(as_of, dt.date):
        return []
    stale = refresh(data)  # still last month's: said by its own warning
    problems = []
    for tracked in figures(data, kinds):
        value, loc = tracked.value, figure_loc(tracked.name)
        if tracked.name in stale or loc is None or not isinstance(value, int | float):
            continue
        earlier = [
            (entry.as_of, found)
            for entry in history.entries
            if as_of - WITHIN <= entry.as_of < as_of
            and (found := tracked.figure(entry)) is not None
        ]
        if not earlier:
            continue
        day, previous = max(earlier, key=lambda pair: pair[0])
        message = None if isinstance(value, bool) else _jump(value, previous, day)
        if message:
            problems.append(doc.problem(loc, message, warning=True))
    return problems


def is_jump(problem: Problem) -> bool:
    """Whether a content warning is one of these (for the count lines under the warnings):
    the only ones at a month's figure that name the history file."""
    return not problem.file.endswith(FILE) and f"content/{FILE}" in problem.message


def _jump(value: float, previous: float, day: dt.date) -> str | None:
    if previous <= 0 or abs(value - previous) < LEAST:
        return None
    shown, before, date = number(value), number(previous), day.isoformat()
    file = f"content/{FILE}"
    if value >= previous * FACTOR:
        times = number(round(value / previous))
        return say("jump.up", value=shown, times=times, previous=before, date=date, file=file)
    if value * FACTOR <= previous:
        return say("jump.down", value=shown, previous=before, date=date, file=file)
    return None
