"""Figures from earlier reports, so slides can show movement: trends and change since last time.

The history lives in ``content/history.yaml``: a list of dated entries, oldest first, each holding
whatever figures were reported on that date (stage counts, key metrics by label, HelsaMi
downloads). A slide's series is the history's points dated before the slide's own as-of date, plus
the value in this month's content, which always wins.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import create_model

from hpdeck import messages
from hpdeck.content.loader import Document, Loc, load_yaml
from hpdeck.content.model import Model
from hpdeck.content.project import MONTH
from hpdeck.content.reading import is_litter
from hpdeck.content.validation import validate
from hpdeck.errors import ContentError, Problem
from hpdeck.messages import say

FILE = "history.yaml"
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class Group:
    """A kind of figure a section type keeps in history.yaml, under its own key in each entry."""

    name: str
    """The key in each entry, e.g. 'status'."""
    field: tuple[Any, Any]
    """(type, pydantic Field) of the value: numbers by key (a dict) or a single number."""
    labels: bool = False
    """Its keys are labels written on slides, so a key no slide uses is likely a typo."""


@dataclass(frozen=True)
class Figure:
    """Picks one figure from an entry: a key of a group (a stage's count), or a group's number."""

    group: str
    key: str = ""

    def __call__(self, entry: Entry) -> float | None:
        found = getattr(entry, self.group, None)
        if isinstance(found, dict):
            return found.get(self.key)
        return found if isinstance(found, int | float) else None


@dataclass(frozen=True)
class Tracked:
    """One history figure a content file holds."""

    name: str
    """Its name under ``refresh:``, e.g. stages[0].count."""
    figure: Figure
    value: object


def _no_figures(data: dict[str, Any]) -> list[Tracked]:
    return []


@dataclass(frozen=True)
class Tracking:
    """What a section type keeps in the history and what `new-month` asks the advisor to update.

    Generic code (history, new-month, check) calls these hooks by the file's ``type:``; the
    section type's module fills them in. They read a content file's raw data, since new-month
    edits files that need not validate yet.
    """

    groups: tuple[Group, ...] = ()
    """Its groups in history.yaml."""
    figures: Callable[[dict[str, Any]], list[Tracked]] = _no_figures
    """The history figures a content file of this type holds, with their values."""
    refresh: Callable[[dict[str, Any]], list[str]] | None = None
    """What goes stale each month (names for ``refresh:``); by default its as-of date and its
    figures, when it has any."""

    def stale(self, data: dict[str, Any]) -> list[str]:
        """The names new-month lists under ``refresh:`` for a file of this type."""
        if self.refresh is not None:
            return self.refresh(data)
        names = [tracked.name for tracked in self.figures(data)]
        return ["as_of", *names] if self.groups else []


Kinds = Mapping[str, Tracking]
"""Each section type's tracking hooks by its ``type:`` key (the registry's, passed in)."""


class Entry(Model):
    """The figures reported on one date; each section type adds its groups (see entry_model)."""

    as_of: dt.date
    """The date these figures are from."""
    source: str | None = None
    """Where these figures come from, for whoever checks them later."""

    def values(self) -> Iterator[tuple[str, str, float]]:
        """(group, key, value) of every figure in the entry; key '' for a group's one number."""
        for name in type(self).model_fields:
            found = getattr(self, name)
            if name in ("as_of", "source") or found is None:
                continue
            if isinstance(found, dict):
                yield from ((name, str(key), value) for key, value in found.items())
            elif isinstance(found, int | float):
                yield name, "", found


@cache
def _entry_model(groups: tuple[Group, ...]) -> type[Entry]:
    fields: dict[str, Any] = {group.name: group.field for group in groups}
    return create_model("Entry", __base__=Entry, **fields)


def entry_model(kinds: Kinds) -> type[Entry]:
    """The model of a history entry with every registered section type's groups."""
    return _entry_model(tuple(group for tracking in kinds.values() for group in tracking.groups))


@dataclass(frozen=True)
class Point:
    """One value of a series on one date."""

    as_of: dt.date
    value: float


@dataclass(frozen=True)
class History:
    """Earlier reports' figures, oldest first."""

    entries: tuple[Entry, ...] = ()
    stale: frozenset[Figure] = frozenset()
    """This month's figures still marked for refresh: copied, so they say nothing of change."""

    def series(self, pick: Figure, as_of: dt.date, value: float) -> tuple[Point, ...]:
        """The history of one figure up to ``as_of``, ending with this month's ``value``.

        A figure awaiting refresh is last month's number under this month's date, so its series
        is the value alone: no slide then claims a change (or "no change") computed from it.
        """
        if pick in self.stale:
            return (Point(as_of, value),)
        earlier: dict[dt.date, float] = {}
        for entry in self.entries:
            found = pick(entry)
            if found is not None and entry.as_of < as_of:
                earlier[entry.as_of] = found
        return (*(Point(day, v) for day, v in sorted(earlier.items())), Point(as_of, value))

    def with_stale(self, data: object, kinds: Kinds) -> History:
        """This history for one content file, whose figures under ``refresh:`` show no change."""
        names = refresh(data)
        stale = frozenset(t.figure for t in figures(data, kinds) if t.name in names)
        return replace(self, stale=stale) if stale else self


def refresh(data: object) -> set[str]:
    """The names a content file lists under ``refresh:``."""
    names = data.get("refresh") if isinstance(data, dict) else None
    return {str(name) for name in names} if isinstance(names, list) else set()


def figure_loc(name: str) -> Loc | None:
    """Where a name under ``refresh:`` (e.g. stages[0].count) points in its file's data."""
    parts: list[str | int] = []
    for match in _PATH_PART.finditer(name):
        parts.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
    return tuple(parts) or None


def tracking(data: object, kinds: Kinds) -> Tracking:
    """The tracking hooks of a content file's section type (none for an unknown type)."""
    kind = data.get("type") if isinstance(data, dict) else None
    return kinds.get(kind, Tracking()) if isinstance(kind, str) else Tracking()


def figures(data: object, kinds: Kinds) -> list[Tracked]:
    """Each history figure a content file holds, by its section type's hook."""
    if not isinstance(data, dict):
        return []
    return tracking(data, kinds).figures(data)


def load_history(content: Path, root: Path, kinds: Kinds) -> History:
    """The project's history, empty when there is no content/history.yaml."""
    path = content / FILE
    if not path.is_file():
        return History()
    from hpdeck.content.figure_sheets import resolve

    doc = resolve(load_yaml(path, root=root), root)  # figures may be read from a workbook
    if doc.data is None:
        return History()
    if not isinstance(doc.data, list):
        raise ContentError.single(doc.display, say("history.not_a_list"), line=1, col=1)
    model = entry_model(kinds)
    entries, problems = [], []
    for index in range(len(doc.data)):
        try:
            entries.append(validate(model, doc, loc_prefix=(index,)))
        except ContentError as err:
            problems.extend(err.problems)
    if problems:
        raise ContentError(problems)
    _check_agreement(entries, doc)
    return History(tuple(sorted(entries, key=lambda e: e.as_of)))


def _check_agreement(entries: list[Entry], doc: Document) -> None:
    """Two entries for the same date may not give one figure two values."""
    seen: dict[tuple[dt.date, str, str], tuple[float, int]] = {}
    problems = []
    for index, entry in enumerate(entries):
        for group, key, value in entry.values():
            loc = (index, group, key) if key else (index, group)
            line, col = doc.locate(loc)
            earlier = seen.setdefault((entry.as_of, group, key), (value, line or 0))
            if earlier[0] != value:
                where = f"[{index}].{group}" + (f".{key}" if key else "")
                problems.append(
                    Problem(
                        doc.display,
                        line,
                        col,
                        where,
                        say(
                            "history.disagree",
                            date=entry.as_of,
                            value=f"{value:g}",
                            earlier=f"{earlier[0]:g}",
                            line=earlier[1],
                        ),
                    )
                )
    if problems:
        raise ContentError(problems)


@dataclass(frozen=True)
class Change:
    """The movement of a series since its previous point."""

    delta: float
    previous: dt.date
    current: dt.date


def change(points: tuple[Point, ...]) -> Change | None:
    """The change from the second-last to the last point; None for a single point."""
    if len(points) < 2:
        return None
    before, last = points[-2], points[-1]
    return Change(last.value - before.value, before.as_of, last.as_of)


def label_warnings(root: Path, kinds: Kinds) -> list[Problem]:
    """A warning per history label no slide uses (a group whose keys are labels written on
    slides, like key metrics): a typo there drops a trend.

    A label counts as used when a content file of any month has it, so a figure
    retired since stays quiet; the suggestion comes from the months the entry feeds (those
    after its date), where the trend would have been drawn.
    """
    path = root / "content" / FILE
    if not path.is_file():
        return []
    doc = load_yaml(path, root=root)
    if not isinstance(doc.data, list):
        return []
    groups = [g.name for tracking in kinds.values() for g in tracking.groups if g.labels]
    if not groups:
        return []
    found = _labels(root, kinds, groups)
    problems = []
    for index, entry in enumerate(doc.data):
        for group in groups:
            if not isinstance(entry, dict) or not isinstance(entry.get(group), dict):
                continue
            labels = found[group]
            used = {label for month_labels in labels.values() for label in month_labels}
            month = str(entry.get("as_of"))[:7]
            later = [m for m in sorted(labels) if m >= month] or sorted(labels)
            for label in entry[group]:
                if str(label) in used:
                    continue
                line, col = doc.locate((index, group, label), key=True)
                problems.append(
                    Problem(
                        doc.display,
                        line,
                        col,
                        f"[{index}].{group}.{label}",
                        _unused(str(label), later, labels),
                        warning=True,
                    )
                )
    return problems


def _unused(label: str, months: list[str], labels: dict[str, list[str]]) -> str:
    """The message for an unused label: a did-you-mean, else the labels the months have."""
    if not months:
        return say("history.label_unused_anywhere")
    candidates = list(dict.fromkeys(x for m in reversed(months) for x in labels[m]))
    close = (
        difflib.get_close_matches(label, candidates, n=1, cutoff=0.6)
        or [c for c in candidates if label.casefold() in c.casefold()][:1]
    )
    shown = f"content/{months[0]}" + (f"..{months[-1]}" if len(months) > 1 else "")
    if close:
        month = next(m for m in reversed(months) if close[0] in labels[m])
        return say("history.label_close", label=messages.shown(close[0]), month=month)
    return say(
        "history.label_listed",
        months=shown,
        labels=", ".join(messages.shown(x) for x in candidates),
    )


def _labels(root: Path, kinds: Kinds, groups: list[str]) -> dict[str, dict[str, list[str]]]:
    """Per labelled group, each content month's labels, from the content files' figures."""
    found: dict[str, dict[str, list[str]]] = {group: {} for group in groups}
    for folder in sorted((root / "content").iterdir()):
        if not (folder.is_dir() and MONTH.match(folder.name)):
            continue
        for path in sorted(folder.glob("*.yaml")):
            if is_litter(path):
                continue
            try:  # through the one door: a pipe, a folder or a huge file is skipped, not read
                data = load_yaml(path, root=root).data
            except ContentError:
                continue  # the build reports the file's own errors
            for tracked in figures(data, kinds):
                if tracked.figure.group in found:
                    months = found[tracked.figure.group]
                    months.setdefault(folder.name, []).append(tracked.figure.key)
    return found
