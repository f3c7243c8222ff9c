"""Figures from earlier reports, so slides can show movement: trends and change since last time.

The history lives in ``content/history.yaml``: a list of dated entries, oldest first, each holding
whatever figures were reported on that date (stage counts, key metrics by label, HelsaMi
downloads). A slide's series is the history's points dated before the slide's own as-of date, plus
the value in this month's content, which always wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, field_validator

from hpdeck.errors import ContentError, Problem
from hpdeck.i18n import Formatter
from hpdeck.loader import Document, load_yaml
from hpdeck.model import Model
from hpdeck.validation import validate

FILE = "history.yaml"
# The rollout stages in order; kept in step with sections/status.py (checked by a test).
STAGE_KEYS = ("in-use", "decided", "preparing", "deciding", "unscheduled")


class Entry(Model):
    """The figures reported on one date."""

    as_of: dt.date
    """The date these figures are from."""
    status: dict[str, int] = {}
    """Municipalities per stage on that date, e.g. {in-use: 7, decided: 12}; any may be missing."""
    metrics: dict[str, float] = {}
    """Key metrics by their label on the metrics slide, e.g. {'barn er født': 218}."""
    helsami: int | None = Field(default=None, ge=0)
    """How many citizens had downloaded HelsaMi."""
    source: str | None = None
    """Where these figures come from, for whoever checks them later."""

    @field_validator("status")
    @classmethod
    def _known_stages(cls, value: dict[str, int]) -> dict[str, int]:
        for stage, count in value.items():
            if stage not in STAGE_KEYS:
                raise ValueError(f"unknown stage {stage!r}; use {', '.join(STAGE_KEYS)}")
            if count < 0:
                raise ValueError(f"{stage}: a count cannot be negative, got {count}")
        return value


@dataclass(frozen=True)
class Point:
    """One value of a series on one date."""

    as_of: dt.date
    value: float


Pick = Callable[[Entry], float | None]


@dataclass(frozen=True)
class History:
    """Earlier reports' figures, oldest first."""

    entries: tuple[Entry, ...] = ()

    def series(self, pick: Pick, as_of: dt.date, value: float) -> tuple[Point, ...]:
        """The history of one figure up to ``as_of``, ending with this month's ``value``."""
        earlier: dict[dt.date, float] = {}
        for entry in self.entries:
            found = pick(entry)
            if found is not None and entry.as_of < as_of:
                earlier[entry.as_of] = found
        return (*(Point(day, v) for day, v in sorted(earlier.items())), Point(as_of, value))


def stage(key: str) -> Pick:
    """Picks one stage's count from an entry."""
    return lambda entry: entry.status.get(key)


def metric(label: str) -> Pick:
    """Picks a key metric, by its label, from an entry."""
    return lambda entry: entry.metrics.get(label)


def helsami(entry: Entry) -> float | None:
    """Picks the HelsaMi downloads from an entry."""
    return entry.helsami


def load_history(content: Path, root: Path) -> History:
    """The project's history, empty when there is no content/history.yaml."""
    path = content / FILE
    if not path.is_file():
        return History()
    doc = load_yaml(path, root=root)
    if doc.data is None:
        return History()
    if not isinstance(doc.data, list):
        raise ContentError.single(doc.display, "expected a list of dated entries, each starting "
                                  "with '- as_of: YYYY-MM-DD'", line=1, col=1)
    entries, problems = [], []
    for index in range(len(doc.data)):
        try:
            entries.append(validate(Entry, doc, loc_prefix=(index,)))
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
        figures = [("status", k, v) for k, v in entry.status.items()]
        figures += [("metrics", k, v) for k, v in entry.metrics.items()]
        if entry.helsami is not None:
            figures.append(("helsami", "", entry.helsami))
        for group, key, value in figures:
            loc = (index, group, key) if key else (index, group)
            line, col = doc.locate(loc)
            earlier = seen.setdefault((entry.as_of, group, key), (value, line or 0))
            if earlier[0] != value:
                where = f"[{index}].{group}" + (f".{key}" if key else "")
                problems.append(Problem(doc.display, line, col, where,
                                        f"{entry.as_of} is given as {value:g} here but "
                                        f"{earlier[0]:g} on line {earlier[1]}; keep one"))
    if problems:
        raise ContentError(problems)


@dataclass(frozen=True)
class Change:
    """The movement of a series since its previous point."""

    delta: float
    previous: dt.date
    current: dt.date

    def since(self, fmt: Formatter) -> str:
        """'siden forrige måned' when the previous report is last month, else 'siden <date>'."""
        months = (self.current.year - self.previous.year) * 12 + self.current.month \
            - self.previous.month
        if months == 1:
            return fmt.t("trend.since_last_month")
        return fmt.t("since", date=fmt.date(self.previous))


def change(points: tuple[Point, ...]) -> Change | None:
    """The change from the second-last to the last point; None for a single point."""
    if len(points) < 2:
        return None
    before, last = points[-2], points[-1]
    return Change(last.value - before.value, before.as_of, last.as_of)
