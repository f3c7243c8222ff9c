"""Figures from earlier reports, so slides can show movement: trends and change since last time.

The history lives in ``content/history.yaml``: a list of dated entries, oldest first, each holding
whatever figures were reported on that date (stage counts, key metrics by label, HelsaMi
downloads). A slide's series is the history's points dated before the slide's own as-of date, plus
the value in this month's content, which always wins.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import Field, field_validator

from hpdeck import messages
from hpdeck.content.loader import MAX_BYTES, Document, load_yaml
from hpdeck.content.localized import key_text
from hpdeck.content.model import Model
from hpdeck.content.project import MONTH
from hpdeck.content.reading import is_litter, read_project_file
from hpdeck.content.validation import validate
from hpdeck.errors import ContentError, Problem
from hpdeck.messages import say
from hpdeck.plan.i18n import Formatter

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
                raise ValueError(
                    say(
                        "history.unknown_stage",
                        stage=messages.shown(stage),
                        stages=", ".join(STAGE_KEYS),
                    )
                )
            if count < 0:
                raise ValueError(say("history.negative", stage=stage, count=count))
        return value


@dataclass(frozen=True)
class Point:
    """One value of a series on one date."""

    as_of: dt.date
    value: float


@dataclass(frozen=True)
class Figure:
    """Picks one figure from an entry: a stage's count, a metric by label, or HelsaMi downloads."""

    group: str  # status, metrics or helsami, as in history.yaml
    key: str = ""

    def __call__(self, entry: Entry) -> float | None:
        if self.group == "status":
            return entry.status.get(self.key)
        if self.group == "metrics":
            return entry.metrics.get(self.key)
        return entry.helsami


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

    def with_stale(self, data: object) -> History:
        """This history for one content file, whose figures under ``refresh:`` show no change."""
        stale = frozenset(figure for name, figure, _ in figures(data) if name in refresh(data))
        return replace(self, stale=stale) if stale else self


def stage(key: str) -> Figure:
    """Picks one stage's count from an entry."""
    return Figure("status", key)


def metric(label: str) -> Figure:
    """Picks a key metric, by its label, from an entry."""
    return Figure("metrics", label)


helsami = Figure("helsami")
"""Picks the HelsaMi downloads from an entry."""


def refresh(data: object) -> set[str]:
    """The names a content file lists under ``refresh:``."""
    names = data.get("refresh") if isinstance(data, dict) else None
    return {str(name) for name in names} if isinstance(names, list) else set()


def figures(data: object) -> list[tuple[str, Figure, object]]:
    """(name under ``refresh:``, figure, value) of each history figure a content file holds."""
    if not isinstance(data, dict):
        return []
    kind, found = data.get("type"), []
    if kind == "status":
        for i, item in enumerate(data.get("stages") or []):
            if isinstance(item, dict):
                found.append(
                    (f"stages[{i}].count", stage(str(item.get("stage"))), item.get("count"))
                )
    elif kind == "metrics":
        for i, item in enumerate(data.get("metrics") or []):
            if isinstance(item, dict):
                key = item.get("id") or key_text(item.get("label"))
                found.append((f"metrics[{i}].value", metric(str(key)), item.get("value")))
    elif kind == "helsami":
        found.append(("downloads", helsami, data.get("downloads")))
    return found


def load_history(content: Path, root: Path) -> History:
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

    def since(self, fmt: Formatter) -> str:
        """'siden forrige måned' when the previous report is last month, else 'siden <date>'."""
        months = (
            (self.current.year - self.previous.year) * 12 + self.current.month - self.previous.month
        )
        if months == 1:
            return fmt.t("trend.since_last_month")
        return fmt.t("since", date=fmt.date(self.previous))


def change(points: tuple[Point, ...]) -> Change | None:
    """The change from the second-last to the last point; None for a single point."""
    if len(points) < 2:
        return None
    before, last = points[-2], points[-1]
    return Change(last.value - before.value, before.as_of, last.as_of)


def label_warnings(root: Path) -> list[Problem]:
    """A warning per history metric label no metrics slide uses: a typo there drops a trend.

    A label counts as used when the metrics slide of any content month has it, so a metric
    retired since stays quiet; the suggestion comes from the months the entry feeds (those
    after its date), where the trend would have been drawn.
    """
    path = root / "content" / FILE
    if not path.is_file():
        return []
    doc = load_yaml(path, root=root)
    if not isinstance(doc.data, list):
        return []
    labels = _metric_labels(root)
    used = {label for month_labels in labels.values() for label in month_labels}
    problems = []
    for index, entry in enumerate(doc.data):
        if not isinstance(entry, dict) or not isinstance(entry.get("metrics"), dict):
            continue
        month = str(entry.get("as_of"))[:7]
        later = [m for m in sorted(labels) if m >= month] or sorted(labels)
        for label in entry["metrics"]:
            if str(label) in used:
                continue
            line, col = doc.locate((index, "metrics", label), key=True)
            problems.append(
                Problem(
                    doc.display,
                    line,
                    col,
                    f"[{index}].metrics.{label}",
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


def _metric_labels(root: Path) -> dict[str, list[str]]:
    """Each content month's metric labels, from its metrics section files."""
    found: dict[str, list[str]] = {}
    for folder in sorted((root / "content").iterdir()):
        if not (folder.is_dir() and MONTH.match(folder.name)):
            continue
        for path in sorted(folder.glob("*.yaml")):
            if is_litter(path):
                continue
            try:  # through the one door: a pipe, a folder or a huge file is skipped, not read
                raw = read_project_file(path, root, display=path.name, limit=MAX_BYTES)
                if b"metrics" not in raw:
                    continue  # only metrics sections hold labels; skip parsing the rest
                data = load_yaml(path, root=root).data
            except ContentError:
                continue  # the build reports the file's own errors
            if isinstance(data, dict) and data.get("type") == "metrics":
                found.setdefault(folder.name, []).extend(
                    str(fig.key) for _, fig, _ in figures(data)
                )
    return found
