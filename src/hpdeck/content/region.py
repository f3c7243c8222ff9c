"""The region as a whole: every municipality in the registry, and what it says about the stages.

The registry is ``content/municipalities/``: one file per municipality, so membership is data the
user changes by adding or deleting a file. Each file may know the municipality's stage. Where
every file does, the status section's counts are derived from them; where both the registry and
``status.yaml`` give counts or names, they must agree, and a disagreement is reported at both
places. The status map colours each municipality by what is known here.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from hpdeck.content import registry_sheet
from hpdeck.content.loader import Document, format_loc
from hpdeck.content.municipality import FOLDER, Local, Municipality, slugs
from hpdeck.content.municipality import load as load_municipality
from hpdeck.content.rollout import STAGES, StageKey
from hpdeck.errors import ContentError, Problem
from hpdeck.messages import say, shown

REGISTRY_DISPLAY = "/".join(FOLDER)


@dataclass(frozen=True)
class Region:
    """Every municipality the registry holds, and which one a council deck is for."""

    members: tuple[Local, ...] = ()
    own: str | None = None
    """The slug of the municipality whose council deck is being built."""

    @property
    def complete(self) -> bool:
        """Whether the registry knows every municipality's stage (and holds at least one)."""
        return bool(self.members) and all(m.municipality.stage for m in self.members)

    def at_stage(self, stage: StageKey) -> list[Local]:
        return [m for m in self.members if m.municipality.stage == stage]

    def named(self, name: str) -> Local | None:
        """The member a stage list means by ``name`` ('Røros' or 'Røros kommune')."""
        return next(
            (m for m in self.members if name in (m.municipality.label, m.municipality.name)), None
        )

    def files(self) -> list[Document]:
        return [m.doc for m in self.members]


_LOADED: dict[tuple[str, type[Municipality]], tuple[Document, Local]] = {}
"""Validated municipality files by slug; a batch reads the whole registry for every deck."""


def load_region(
    root: Path, model: type[Municipality], own: str | None = None
) -> tuple[Region, list[Problem]]:
    """Every municipality file that validates (as ``model``), and the problems of those that do
    not.

    A council deck reports only its own file's problems (the batch reports each file once, with
    its deck); the monthly deck reports them all, since its map is drawn from every file. While
    no file of the registry changes, a batch's later decks reuse what the first one read.
    """
    stamp = _stamp(root)
    known = _REGIONS.get((root, model))
    if known and known[0] == stamp:
        return replace(known[1], own=own), list(known[2])
    region, problems = _load_region(root, model, own)
    _REGIONS[(root, model)] = (stamp, region, tuple(problems))
    return region, problems


_REGIONS: dict[
    tuple[Path, type[Municipality]], tuple[tuple[Any, ...], Region, tuple[Problem, ...]]
] = {}


def _stamp(root: Path) -> tuple[Any, ...]:
    """Name, size and time of every registry file and workbook: changes when any of them does."""
    entries: list[tuple[str, int, int]] = []
    places = [
        root.joinpath(*FOLDER),
        *(root.joinpath(*parts).parent for parts in registry_sheet.CANDIDATES),
    ]
    for place in dict.fromkeys(places):
        try:
            with os.scandir(place) as found:
                for entry in found:
                    info = entry.stat()
                    entries.append((entry.path, info.st_size, info.st_mtime_ns))
        except OSError:
            continue
    return tuple(sorted(entries))


def _load_region(
    root: Path, model: type[Municipality], own: str | None
) -> tuple[Region, list[Problem]]:
    members: list[Local] = []
    problems: list[Problem] = []
    try:
        everyone = slugs(root)
        problems.extend(registry_sheet.orphans(root))
    except ContentError as err:  # the registry workbook itself is unreadable
        return Region((), own), list(err.problems)
    for slug in everyone:
        try:
            local = load_municipality(root, slug, model)
        except ContentError as err:
            problems.extend(err.problems)
            continue
        known = _LOADED.get((slug, model))
        if known and known[0] is local.doc:  # the same parsed file: keep one validated copy
            local = known[1]
        _LOADED[(slug, model)] = (local.doc, local)
        members.append(local)
    numbers = Counter(m.municipality.number for m in members if m.municipality.number)
    for member in members:
        number = member.municipality.number
        if number and numbers[number] > 1:
            others = [
                m.doc.display
                for m in members
                if m.municipality.number == number and m is not member
            ]
            problems.append(
                Problem(
                    member.doc.display,
                    *member.doc.locate(("number",)),
                    "number",
                    say("region.number_twice", number=number, others=", ".join(others)),
                )
            )
    return Region(tuple(members), own), problems


def complete_status(doc: Document, region: Region) -> Document:
    """A status section with what the registry knows filled in and checked against it.

    Leaves other sections, and a project without a registry, as they are. Raises a
    ContentError when the counts or names disagree with the registry, at both places.
    """
    data = doc.data
    if not (isinstance(data, dict) and data.get("type") == "status" and region.members):
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
    problems = _disagreements(doc, {**data, **derived}, region)
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
                source = (
                    str(said).split(": ")[0] if "!" in file else say("region.its_file", file=file)
                )
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


_NORWEGIAN_ORDER = str.maketrans(
    {"Æ": "Z\x01", "Ø": "Z\x02", "Å": "Z\x03", "æ": "z\x01", "ø": "z\x02", "å": "z\x03"}
)


def norwegian_order(names: list[str]) -> list[str]:
    """Names sorted as a Norwegian reader expects: Æ, Ø, Å after Z (Ørland before Åfjord)."""
    return sorted(names, key=lambda name: name.translate(_NORWEGIAN_ORDER).casefold())


def map_stages(
    region: Region, stages: list[tuple[StageKey, list[str]]]
) -> dict[str, StageKey | None]:
    """Each member's stage for the map, by slug: its own file's, else the stage lists'."""
    listed = {name: stage for stage, names in stages for name in names}
    result: dict[str, StageKey | None] = {}
    for member in region.members:
        m = member.municipality
        result[member.slug] = m.stage or listed.get(m.label) or listed.get(m.name)
    return result
