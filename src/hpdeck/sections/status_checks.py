"""The status section's fact checks: stages once and in order, counts adding up to the total,
names matching their counts, and a council deck's municipality agreeing with the lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hpdeck.content.loader import Document, Loc
from hpdeck.content.municipality import Local
from hpdeck.content.rollout import STAGES
from hpdeck.errors import Problem
from hpdeck.messages import say, shown
from hpdeck.sections.checks import at, plain_name, problem_at


def check(section: Any, doc: Document) -> list[Problem]:
    """The status file's own facts against each other."""
    return stage_lists(doc)


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
                problem_at(
                    doc,
                    ("stages", index, "stage"),
                    say(
                        "facts.stage_twice",
                        stage=shown(key),
                        first=at(doc, ("stages", seen[key], "stage")),
                    ),
                )
            )
            continue
        seen[str(key)] = index
    order = [s.get("stage") for s in stages]
    if not problems and order != sorted(order, key=lambda k: STAGES.index(k)):
        problems.append(problem_at(doc, ("stages",), say("status.order", stages=", ".join(STAGES))))
    counted = sum(s.get("count", 0) for s in stages)
    if counted != data.get("total"):
        lines = ", ".join(
            f"{s.get('stage')} {s.get('count')} (line {doc.locate(('stages', i, 'count'))[0]})"
            for i, s in enumerate(stages)
        )
        problems.append(
            problem_at(
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
                problem_at(
                    doc,
                    ("stages", index, "municipalities"),
                    say(
                        "facts.names_count",
                        len(listed),
                        stage_count=stage.get("count"),
                        at=at(doc, ("stages", index, "count")),
                    ),
                )
            )
        for position, name in enumerate(listed):
            loc = ("stages", index, "municipalities", position)
            first = names.setdefault(plain_name(str(name)), loc)
            if first != loc:
                problems.append(
                    problem_at(
                        doc,
                        loc,
                        say("facts.name_twice", name=shown(name), first=at(doc, first)),
                    )
                )
    return problems


def local_check(local: Local, section: Any, doc: Document) -> list[Problem]:
    """A council deck's municipality: its stage as the lists give it, its planned go-live not
    before the status date while it is still to go live."""
    m, own = local.municipality, local.doc
    name = plain_name(m.label)
    problems = []
    where = ("stage",) if m.stage else ("name",)
    data = doc.data
    for index, stage in enumerate(data.get("stages", [])):
        for position, listed in enumerate(stage.get("municipalities") or []):
            if plain_name(str(listed)) == name and m.stage and stage.get("stage") != m.stage:
                problems.append(
                    problem_at(
                        own,
                        where,
                        say(
                            "facts.own_stage_listed",
                            stage=shown(m.stage),
                            at=at(doc, ("stages", index, "municipalities", position)),
                            name=listed,
                            listed=shown(stage.get("stage")),
                        ),
                    )
                )
    problems += _left_out(local, doc, listed=bool(problems))
    as_of = data.get("as_of")
    if (
        m.stage in ("decided", "preparing")
        and m.planned_go_live
        and m.went_live is None
        and isinstance(as_of, dt.date)
        and m.planned_go_live < as_of
    ):
        problems.append(
            problem_at(
                own,
                ("planned_go_live",),
                say(
                    "facts.planned_past",
                    date=m.planned_go_live.isoformat(),
                    as_of=as_of.isoformat(),
                    at=at(doc, ("as_of",)),
                    stage=shown(m.stage),
                ),
            )
        )
    return problems


def _left_out(local: Local, doc: Document, *, listed: bool) -> list[Problem]:
    """A council deck's municipality at a stage whose full list of names leaves it out: its
    slides say it is at that stage among the list's count, and the list shows the others,
    whatever the registry's size. (Listed under another stage is said already: ``listed``;
    a list shorter than its count is the status file's own mistake, said by its check.)"""
    m = local.municipality
    if not m.stage or listed:
        return []
    for index, stage in enumerate(doc.data.get("stages", [])):
        names = stage.get("municipalities") if isinstance(stage, dict) else None
        if stage.get("stage") != m.stage or not isinstance(names, list) or not names:
            continue
        named = {plain_name(str(n)) for n in names}
        if len(names) != stage.get("count") or {plain_name(m.label), plain_name(m.name)} & named:
            return []
        return [
            problem_at(
                local.doc,
                ("stage",),
                say(
                    "facts.own_not_listed",
                    stage=shown(m.stage),
                    at=at(doc, ("stages", index, "municipalities")),
                    name=m.label,
                ),
            )
        ]
    return []
