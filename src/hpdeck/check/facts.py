"""Facts checked against each other, so a deck that passes `check` never contradicts itself.

Validation sees one value at a time; this module sees a month's content as a whole: the stage
counts against the names listed and the total, a municipality's own file against the month's
status and go-live events, dates against the month the deck reports on, the same quote or
clipping given twice, and text left blank. Each problem stands at the line that states the fact
and names the other side (``... but content/2023-01/status.yaml:7 lists Trondheim as in use``).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from hpdeck.content.loader import Document, Loc, format_loc
from hpdeck.content.municipality import Local
from hpdeck.content.rollout import STAGES
from hpdeck.errors import Problem
from hpdeck.messages import say, shown
from hpdeck.sections import REGISTRY
from hpdeck.sections.base import Section

Relocate = Callable[[list[Problem]], list[Problem]]


@dataclass(frozen=True)
class Source:
    """One validated section with the document it came from (after any municipality overlay)."""

    section: Section
    doc: Document
    relocate: Relocate
    """Moves problems with values that came from the municipality file to that file's lines."""


def month_end(month: str) -> dt.date:
    """The last day of a content month (YYYY-MM): nothing in it can have happened later."""
    year, number = (int(part) for part in month.split("-"))
    return dt.date(year, number, calendar.monthrange(year, number)[1])


def _problem(doc: Document, loc: Loc, message: str) -> Problem:
    return Problem(doc.display, *doc.locate(loc), format_loc(loc), message)


def _at(doc: Document, loc: Loc) -> str:
    """'file:line' of a value, for naming the other side of a contradiction."""
    line, _ = doc.locate(loc)
    return f"{doc.display}:{line}" if line else doc.display


def plain_name(name: str) -> str:
    """A municipality's name as lists compare it: 'Skaun kommune' and 'skaun' are one."""
    return name.removesuffix(" kommune").removesuffix(" Kommune").strip().casefold()


def check(
    sources: list[Source],
    month: str,
    local: Local | None,
    history: Document | None = None,
    latest: str | None = None,
) -> list[Problem]:
    """Every contradiction between the facts of one deck's content.

    ``history`` (content/history.yaml) is checked against the end of the ``latest`` month.
    """
    problems: list[Problem] = []
    end = month_end(month)
    by_type = {source.section.type: source for source in sources}
    for source in sources:
        found = blank_text(source.doc)
        if source.section.type != "title":  # a title slide's date is the meeting's, often later
            found += future_dates(source.doc, end, month)
        if source.section.type == "status":
            found += stage_lists(source.doc)
        if source.section.type in ("go-live", "contact"):
            found += repeated(source.doc, _quotes(source.doc.data), "quote")
        if source.section.type == "media":
            found += repeated(source.doc, _clippings(source.doc.data), "clipping")
        found += REGISTRY.get(source.section.type).check(source.section, source.doc)
        problems += source.relocate(found)
    if local:
        problems += blank_text(local.doc)
        problems += repeated(local.doc, _quotes(local.doc.data), "quote")
        problems += own_stage(local, by_type.get("status"), by_type.get("go-live"), end)
    if history is not None:
        problems += history_dates(history, month_end(latest or month))
    return sorted(set(problems))


def blank_text(doc: Document) -> list[Problem]:
    """Text that is empty or only spaces: it would show as an empty card or « »."""
    return [
        _problem(doc, loc, "this text is empty; write it, or remove the key")
        for loc, value in _walk(doc.data)
        if isinstance(value, str) and not value.strip()
    ]


def _walk(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    yield loc, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _walk(value, (*loc, index))


_DATED = {
    "as_of": "its as-of date",
    "date": "this date",
    "since": "this date",
    "went_live": "this go-live date",
}


def future_dates(doc: Document, end: dt.date, month: str) -> list[Problem]:
    """Dates of what has happened that lie after the month the deck reports on."""
    problems = []
    for loc, value in _walk(doc.data):
        if (
            loc
            and loc[-1] in _DATED
            and isinstance(value, dt.date)
            and value > end
            and "planned" not in str(loc[-1])
        ):
            problems.append(
                _problem(
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
        _problem(
            doc,
            (index, "as_of"),
            say("facts.history_future", date=entry["as_of"].isoformat(), end=end.isoformat()),
        )
        for index, entry in enumerate(doc.data)
        if isinstance(entry, dict)
        and isinstance(entry.get("as_of"), dt.date)
        and entry["as_of"] > end
    ]


def stage_lists(doc: Document) -> list[Problem]:
    """Stages given once, in order, adding up to the total, with names matching their counts."""
    data = doc.data
    stages = [s for s in data.get("stages", []) if isinstance(s, dict)]
    problems = []
    seen: dict[str, int] = {}
    for index, stage in enumerate(stages):
        key = stage.get("stage")
        if key in seen:
            problems.append(
                _problem(
                    doc,
                    ("stages", index, "stage"),
                    say(
                        "facts.stage_twice",
                        stage=shown(key),
                        first=_at(doc, ("stages", seen[key], "stage")),
                    ),
                )
            )
            continue
        seen[str(key)] = index
    order = [s.get("stage") for s in stages]
    if not problems and order != sorted(order, key=lambda k: STAGES.index(k)):
        problems.append(_problem(doc, ("stages",), say("status.order", stages=", ".join(STAGES))))
    counted = sum(s.get("count", 0) for s in stages)
    if counted != data.get("total"):
        lines = ", ".join(
            f"{s.get('stage')} {s.get('count')} (line {doc.locate(('stages', i, 'count'))[0]})"
            for i, s in enumerate(stages)
        )
        problems.append(
            _problem(
                doc,
                ("total",),
                f"{say('status.total', counted=counted, total=data.get('total'))} ({lines})",
            )
        )
    names: dict[str, Loc] = {}
    for index, stage in enumerate(stages):
        listed = stage.get("municipalities") or []
        if listed and len(listed) != stage.get("count"):
            problems.append(
                _problem(
                    doc,
                    ("stages", index, "municipalities"),
                    say(
                        "facts.names_count",
                        len(listed),
                        stage_count=stage.get("count"),
                        at=_at(doc, ("stages", index, "count")),
                    ),
                )
            )
        for position, name in enumerate(listed):
            loc = ("stages", index, "municipalities", position)
            first = names.setdefault(plain_name(str(name)), loc)
            if first != loc:
                problems.append(
                    _problem(
                        doc,
                        loc,
                        say("facts.name_twice", name=shown(name), first=_at(doc, first)),
                    )
                )
    return problems


def _quotes(data: Any) -> Iterator[tuple[Loc, str]]:
    """Every quote's words, wherever a file holds quotes."""
    for loc, value in _walk(data):
        if (
            len(loc) >= 2
            and loc[-1] == "text"
            and isinstance(loc[-2], int)
            and isinstance(value, str)
            and "quotes" in loc
        ):
            yield loc, " ".join(value.split()).casefold()


def _clippings(data: Any) -> Iterator[tuple[Loc, str]]:
    for index, item in enumerate(data.get("clippings", []) if isinstance(data, dict) else []):
        if isinstance(item, dict):
            key = "|".join(
                str(item.get(k) or "").casefold()
                for k in ("outlet", "date", "headline", "url", "image")
            )
            yield ("clippings", index), key


def repeated(doc: Document, items: Iterator[tuple[Loc, str]], what: str) -> list[Problem]:
    """The same quote or clipping given twice: the second names the first."""
    seen: dict[str, Loc] = {}
    problems = []
    for loc, key in items:
        if not key.strip("|"):
            continue
        if key in seen:
            problems.append(
                _problem(
                    doc,
                    loc,
                    f"the same {what} is given twice (first at {_at(doc, seen[key])}); remove one",
                )
            )
        else:
            seen[key] = loc
    return problems


def own_stage(
    local: Local, status: Source | None, golive: Source | None, end: dt.date
) -> list[Problem]:
    """A municipality's own stage and dates against the month's status and go-live events."""
    m, doc = local.municipality, local.doc
    name = plain_name(m.label)
    problems = []
    where = ("stage",) if m.stage else ("name",)
    if status is not None:
        data, sdoc = status.doc.data, status.doc
        for index, stage in enumerate(data.get("stages", [])):
            for position, listed in enumerate(stage.get("municipalities") or []):
                if plain_name(str(listed)) == name and m.stage and stage.get("stage") != m.stage:
                    problems.append(
                        _problem(
                            doc,
                            where,
                            f"stage is {m.stage!r}, but "
                            f"{_at(sdoc, ('stages', index, 'municipalities', position))} "
                            f"lists {listed} as {stage.get('stage')!r}; make them agree",
                        )
                    )
        as_of = data.get("as_of")
        if (
            m.stage in ("decided", "preparing")
            and m.planned_go_live
            and m.went_live is None
            and isinstance(as_of, dt.date)
            and m.planned_go_live < as_of
        ):
            problems.append(
                _problem(
                    doc,
                    ("planned_go_live",),
                    f"the planned go-live {m.planned_go_live.isoformat()} is before the status "
                    f"date {as_of.isoformat()} ({_at(sdoc, ('as_of',))}) while stage is "
                    f"{m.stage!r}; if it went live, write stage: in-use and went_live, else a "
                    "new planned date",
                )
            )
    if m.went_live and m.stage and m.stage != "in-use":
        problems.append(
            _problem(
                doc,
                ("went_live",),
                f"went_live is given, but stage is {m.stage!r} "
                f"({_at(doc, ('stage',))}); write stage: in-use, or remove "
                "went_live",
            )
        )
    if m.went_live and m.went_live > end:
        problems.append(
            _problem(
                doc,
                ("went_live",),
                f"{m.went_live.isoformat()} is after the end of the month the "
                f"deck reports on ({end.isoformat()}); a planned date goes in "
                "planned_go_live",
            )
        )
    if golive is not None and m.stage and m.stage != "in-use":
        for index, event in enumerate(golive.doc.data.get("events", [])):
            for position, who in enumerate(event.get("went_live") or []):
                if plain_name(str(who)) == name:
                    loc = ("events", index, "went_live", position)
                    problems.append(
                        _problem(
                            doc,
                            where,
                            f"stage is {m.stage!r}, but {_at(golive.doc, loc)} says "
                            f"{who} went live on {event.get('date')}; make them agree",
                        )
                    )
    return problems
