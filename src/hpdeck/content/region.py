"""The region as a whole: every municipality in the registry, and what it says about the stages.

The registry is ``content/municipalities/``: one file per municipality, so membership is data the
user changes by adding or deleting a file. Each file may know the municipality's stage. Section
types that draw on the whole region take it from here (the status section derives its counts
from it and checks them against it: sections/status_region.py).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from hpdeck.content import registry_sheet
from hpdeck.content.loader import Document
from hpdeck.content.municipality import FOLDER, Local, Municipality, slugs
from hpdeck.content.municipality import load as load_municipality
from hpdeck.content.region_map import known_as, name_of, number_of
from hpdeck.content.rollout import StageKey
from hpdeck.errors import ContentError, Problem
from hpdeck.messages import say

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

    def own_conflicts(self) -> list[Problem]:
        """The council deck's own file against the others (a number another file gives): its
        own mistake, which its deck must not pass over as another file's."""
        own = [m for m in self.members if m.slug == self.own]
        return [p for p in numbers_twice(list(self.members)) if own and _is_at(p, own[0])]

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
        everyone = slugs(root, model)
        problems.extend(registry_sheet.orphans(root, model.sheet_columns))
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
    problems.extend(numbers_twice(members))
    return Region(tuple(members), own), problems


def numbers_twice(members: list[Local]) -> list[Problem]:
    """A number two files give, at the file whose name is not the one the map data knows the
    number by (it draws that municipality's shape in the other's colour), with the number the
    map knows for it; at every such file when none or all of them have the map's name."""
    problems = []
    numbers = Counter(m.municipality.number for m in members if m.municipality.number)
    for number, count in numbers.items():
        if count < 2:
            continue
        sharing = [m for m in members if m.municipality.number == number]
        owner = name_of(number)
        right = [m for m in sharing if owner and _known_as(m, number, owner)]
        wrong = [m for m in sharing if m not in right] if right else sharing
        for member in wrong:
            others = ", ".join(m.doc.display for m in sharing if m is not member)
            if right and owner:
                own = _own_number(member)
                message = say(
                    "region.number_of_other",
                    number=number,
                    owner=owner,
                    others=others,
                    name=member.municipality.label,
                    own=(
                        say("region.number_own", number=own)
                        if own
                        else say("region.number_unknown_own")
                    ),
                )
            else:
                message = say("region.number_twice", number=number, others=others)
            problems.append(
                Problem(member.doc.display, *member.doc.locate(("number",)), "number", message)
            )
    return problems


def _is_at(problem: Problem, member: Local) -> bool:
    return problem.file == member.doc.display and problem.where == "number"


def _known_as(member: Local, number: str, name: str) -> bool:
    """Whether the map data knows ``number`` (its name ``name``) as this member's: by its
    file's name or by the name the file gives."""
    mapped = known_as(member.slug)
    m = member.municipality
    return (mapped is not None and mapped[1] == number) or name.casefold() in (
        m.label.casefold(),
        m.name.casefold(),
    )


def _own_number(member: Local) -> str | None:
    """The number the map data knows for this member, by its file's name or its own."""
    mapped = known_as(member.slug)
    m = member.municipality
    return mapped[1] if mapped else number_of(m.label) or number_of(m.name)


_NORWEGIAN_ORDER = str.maketrans(
    {"Æ": "Z\x01", "Ø": "Z\x02", "Å": "Z\x03", "æ": "z\x01", "ø": "z\x02", "å": "z\x03"}
)


def norwegian_order(names: list[str]) -> list[str]:
    """Names sorted as a Norwegian reader expects: Æ, Ø, Å after Z (Ørland before Åfjord)."""
    return sorted(names, key=_norwegian_key)


@lru_cache(maxsize=4096)
def _norwegian_key(name: str) -> str:
    """A name's place in Norwegian order, remembered: the map sorts the region's names on
    every council deck."""
    return name.translate(_NORWEGIAN_ORDER).casefold()


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
