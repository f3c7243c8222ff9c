"""The status section and the registry of municipalities: counts derived from it where the file
gives none, and counts or names that disagree with it reported at both places."""

from __future__ import annotations

from typing import Any

from hpdeck.content import registry_sheet
from hpdeck.content.loader import Document, format_loc
from hpdeck.content.region import REGISTRY_DISPLAY, Region, norwegian_order
from hpdeck.content.region_map import number_of, numbers
from hpdeck.content.rollout import STAGES
from hpdeck.errors import ContentError, Problem
from hpdeck.messages import say, shown


def from_region(doc: Document, region: Region) -> Document:
    """A status file with what the registry knows filled in and checked against it.

    Leaves a project without a registry as it is. Raises a ContentError when the counts or
    names disagree with the registry, at both places.
    """
    data = doc.data
    if not (isinstance(data, dict) and region.members):
        return doc
    derived: dict[str, Any] = {}
    if "total" not in data:
        derived["total"] = len(region.members)
    if "stages" not in data:
        if not region.complete:
            missing = [m.municipality.label for m in region.members if not m.municipality.stage]
            line, col = doc.locate(("type",))
            raise ContentError.single(
                doc.display,
                say(
                    "region.no_stages",
                    missing=len(missing),
                    size=len(region.members),
                    names=_few(missing),
                ),
                line=line,
                col=col,
                where="stages",
            )
        derived["stages"] = _derived_stages(region)
    problems = [*_disagreements(doc, {**data, **derived}, region), *_off_the_map(data, region)]
    if problems:
        raise ContentError(problems)
    if not derived:
        return doc
    at = doc.locate(("type",))
    here = (at[0] or 1, at[1] or 1)
    positions = dict(doc.positions)
    key_positions = dict(doc.key_positions)
    for loc in _locs(derived):
        positions[loc] = here
        key_positions[loc] = here
    return Document(doc.path, doc.display, {**data, **derived}, positions, key_positions)


def _derived_stages(region: Region) -> list[dict[str, Any]]:
    """Counts per stage from the registry, in stage order; those in use are named."""
    stages = []
    for stage in STAGES:
        members = region.at_stage(stage)
        if members:
            entry: dict[str, Any] = {"stage": stage, "count": len(members)}
            if stage == "in-use":
                entry["municipalities"] = [m.municipality.label for m in members]
            stages.append(entry)
    return stages


def _locs(value: Any, loc: tuple = ()) -> list[tuple]:
    found = [loc] if loc else []
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_locs(item, (*loc, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_locs(item, (*loc, index)))
    return found


def _few(names: list[str], limit: int = 5) -> str:
    names = norwegian_order(names)
    shown = ", ".join(names[:limit])
    return shown + (say("region.more", count=len(names) - limit) if len(names) > limit else "")


def _off_the_map(data: dict[str, Any], region: Region) -> list[Problem]:
    """Municipalities whose number the map does not know (a typo, a merged municipality): the
    map would leave them out though the counts include them. One without a number is no
    mistake (a fact not given yet): the map's legend says it is not on the map. Only where
    the map is drawn: for the whole region, as the total says, and not turned off."""
    if data.get("map") is False or data.get("total", len(region.members)) != len(region.members):
        return []
    known = numbers()
    problems = []
    for member in region.members:
        number = member.municipality.number
        if number is None or number in known:
            continue
        file, line, col = registry_sheet.locate(member, ("number",))
        same_name = number_of(member.municipality.label)
        hint = f" ({say('hint.did_you_mean', name=shown(same_name))})" if same_name else ""
        message = say("region.number_unknown", number=shown(number), hint=hint)
        problems.append(Problem(file, line, col, "number", message))
    return problems


def _placed(region: Region, stage: str, listed: object) -> list[str]:
    """The municipalities the map colours at ``stage`` (see region.map_stages): those whose
    file says it, and those the stage's list names whose file says no stage."""
    names = [n for n in listed if isinstance(n, str)] if isinstance(listed, list) else []
    named = {id(region.named(n)) for n in names}
    return [
        m.municipality.label
        for m in region.members
        if m.municipality.stage == stage or (not m.municipality.stage and id(m) in named)
    ]


def _disagreements(doc: Document, data: dict[str, Any], region: Region) -> list[Problem]:
    """Where status.yaml and the registry say different things, located at both."""
    problems: list[Problem] = []

    def at_status(loc: tuple, message: str) -> None:
        problems.append(Problem(doc.display, *doc.locate(loc), format_loc(loc), message))

    def at_registry(message: str) -> None:
        problems.append(Problem(REGISTRY_DISPLAY, None, None, "", message))

    size = len(region.members)
    total = data.get("total")
    # The registry speaks for the whole region when it knows every stage and is as large as
    # the total says; a smaller one (a few files so far) only bounds the counts from below.
    whole = region.complete and (not isinstance(total, int) or total == size)
    if isinstance(total, int) and size > total:
        line = doc.locate(("total",))[0]
        at_status(
            ("total",),
            say("region.total", total=total, registry=REGISTRY_DISPLAY, size=size),
        )
        at_registry(say("region.total_there", size=size, at=f"{doc.display}:{line}", total=total))
    stages = data.get("stages")
    if not isinstance(stages, list):
        return problems
    listed = {s.get("stage") for s in stages if isinstance(s, dict)}
    for stage in STAGES:
        members = region.at_stage(stage)
        if members and stage not in listed:
            at_status(
                ("stages",),
                say(
                    "region.stage_missing",
                    count=len(members),
                    stage=shown(stage),
                    names=_few([m.municipality.label for m in members]),
                ),
            )
    for index, entry in enumerate(stages):
        if not isinstance(entry, dict) or entry.get("stage") not in STAGES:
            continue
        stage, count = entry["stage"], entry.get("count")
        members = region.at_stage(stage)
        if (
            isinstance(count, int)
            and not isinstance(count, bool)
            and (len(members) > count or (whole and len(members) != count))
        ):
            line = doc.locate(("stages", index, "count"))[0]
            names = f" ({_few([m.municipality.label for m in members])})" if members else ""
            at_status(
                ("stages", index, "count"),
                say(
                    "region.count",
                    count=count,
                    files=len(members),
                    stage=shown(stage),
                    names=names,
                ),
            )
            at_registry(
                say(
                    "region.count_there",
                    files=len(members),
                    stage=shown(stage),
                    names=names,
                    at=f"{doc.display}:{line}",
                    count=count,
                )
            )
        elif isinstance(count, int) and not isinstance(count, bool):
            placed = _placed(region, stage, entry.get("municipalities"))
            if len(placed) > count:  # the map would colour more than the chart counts
                at_status(
                    ("stages", index, "count"),
                    say(
                        "region.count_placed",
                        count=count,
                        placed=len(placed),
                        stage=shown(stage),
                        names=_few(placed),
                    ),
                )
        for position, name in enumerate(entry.get("municipalities") or []):
            member = region.named(name) if isinstance(name, str) else None
            own = member.municipality.stage if member else None
            if member and own and own != stage:
                loc = ("stages", index, "municipalities", position)
                line = doc.locate(loc)[0]
                file, row, col = registry_sheet.locate(member, ("stage",))
                said = Problem(
                    file,
                    row,
                    col,
                    "stage",
                    say(
                        "region.own_stage",
                        own=shown(own),
                        at=f"{doc.display}:{line}",
                        name=name,
                        stage=shown(stage),
                    ),
                )
                source = said.place if "!" in file else say("region.its_file", file=file)
                at_status(
                    loc,
                    say(
                        "region.listed",
                        name=name,
                        stage=shown(stage),
                        source=source,
                        own=shown(own),
                    ),
                )
                problems.append(said)
    return problems
