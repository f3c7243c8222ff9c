"""`hpdeck new-month`: start next month's content from the latest month, figures marked for refresh.

The new month is a copy of the latest month's folder, edited as text so comments and layout stay:
as-of dates move forward by the months between, and every section with figures that go stale
gets a ``refresh:`` list naming them. ``hpdeck check`` warns about each listed figure, at its
line, until the advisor has updated it and deleted its name from the list. The closing month's
figures are added to content/history.yaml, so next month's slides can show the change.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hpdeck.errors import ContentError, HpdeckError, Problem
from hpdeck.history import FILE as HISTORY_FILE
from hpdeck.loader import Document, Loc, load_yaml
from hpdeck.project import Project

_DATE_LINE = re.compile(r"^(as_of|date):(\s*)(\d{4})-(\d{2})-(\d{2})\b")
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _indexed(key: str, field_name: str) -> Callable[[dict[str, Any]], list[str]]:
    """Each item's ``field_name`` in the list under ``key``: stages[0].count, stages[1].count…"""
    def figures(data: dict[str, Any]) -> list[str]:
        items = data.get(key)
        return [f"{key}[{i}].{field_name}" for i in range(len(items))] \
            if isinstance(items, list) else []
    return figures


# What goes stale each month, per section type: the figures an advisor must look up again.
FIGURES: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "status": lambda d: ["as_of", *_indexed("stages", "count")(d)],
    "metrics": lambda d: ["as_of", *_indexed("metrics", "value")(d)],
    "helsami": lambda d: ["as_of", "downloads"],
    "media": lambda d: ["clippings"],
}


@dataclass(frozen=True)
class NewMonth:
    """What `new-month` did, for its report."""

    folder: Path
    source: str
    files: int
    marked: int
    history_added: int


def create(root: Path, month: str) -> NewMonth:
    """Create content/<month>/ from the latest month; never touches an existing month."""
    project = Project(root)
    if not (root / "content").is_dir():
        raise HpdeckError("no content/ folder here; run new-month in the project folder (the "
                          "one with decks/ and content/), or pass --project")
    latest = project.month(None)
    target = root / "content" / month
    if target.exists():
        raise HpdeckError(f"content/{month} already exists; new-month never overwrites a "
                          "month. Edit it directly, or delete it first")
    if month < latest:
        raise HpdeckError(f"{month} is before the latest month {latest}; new-month starts a "
                          "month after the latest one")
    source = root / "content" / latest
    shift = _months_between(latest, month)
    docs = _read_month(source, root)
    work = Path(tempfile.mkdtemp(prefix=f".{month}.", dir=root / "content"))
    marked = 0
    try:
        for item in sorted(source.iterdir()):
            if item.name in docs:
                text, count = _next_month_text(docs[item.name], shift, month, latest)
                (work / item.name).write_text(text, "utf-8")
                marked += count
            elif item.is_dir():
                shutil.copytree(item, work / item.name)
            else:
                shutil.copy2(item, work / item.name)
        work.chmod(0o755)
        os.rename(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    added = _add_to_history(root, list(docs.values()), latest, month)
    return NewMonth(target, f"content/{latest}", len(docs), marked, added)


def _months_between(earlier: str, later: str) -> int:
    (y1, m1), (y2, m2) = ((int(p) for p in m.split("-")) for m in (earlier, later))
    return (y2 - y1) * 12 + m2 - m1


def _read_month(folder: Path, root: Path) -> dict[str, Document]:
    """Every content file of the month, parsed; the whole month must read cleanly first."""
    docs: dict[str, Document] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            docs[path.name] = load_yaml(path, root=root)
        except ContentError as err:
            problems.extend(err.problems)
    if problems:
        raise ContentError(problems)
    return docs


def _shift(match: re.Match[str], months: int) -> str:
    key, space, year, month, day = match.groups()
    index = int(year) * 12 + int(month) - 1 + months
    new_year, new_month = divmod(index, 12)
    new_day = min(int(day), monthrange(new_year, new_month + 1)[1])
    return f"{key}:{space}{dt.date(new_year, new_month + 1, new_day).isoformat()}"


def _next_month_text(doc: Document, months: int, month: str, latest: str) -> tuple[str, int]:
    """The file's text for the new month and how many figures it marks for refresh."""
    lines = doc.path.read_text("utf-8").splitlines(keepends=True)
    lines = [_DATE_LINE.sub(lambda m: _shift(m, months), line) for line in lines]
    data = doc.data if isinstance(doc.data, dict) else {}
    figures = FIGURES.get(str(data.get("type")), lambda d: [])(data)
    if figures and "title" in data:
        figures.insert(0, "title")  # an own title on a figure slide usually states the figures
    left_over = [str(f) for f in data.get("refresh") or [] if str(f) not in figures]
    wanted = [*left_over, *figures]
    lines = _without_refresh_block(lines, doc)
    if not wanted:
        return "".join(lines), 0
    block = [f"# hpdeck new-month {month}: these figures are still {latest}'s. Update each one,\n",
             "# then delete its line below; `hpdeck check` warns until the list is empty.\n",
             "refresh:\n", *(f"  - {name}\n" for name in wanted)]
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("type:")), 0)
    return "".join(lines[:at] + block + lines[at:]), len(wanted)


def _without_refresh_block(lines: list[str], doc: Document) -> list[str]:
    """Drop an earlier month's ``refresh:`` list (and its comment), to be written afresh."""
    if not isinstance(doc.data, dict) or "refresh" not in doc.data:
        return lines
    line, _ = doc.locate(("refresh",), key=True)
    start = (line or 1) - 1
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "-")) or not lines[end].strip()):
        end += 1
    while start > 0 and lines[start - 1].startswith("# hpdeck new-month"):
        start -= 1
    while start > 0 and lines[start - 1].startswith("# then delete its line"):
        start -= 1
    return lines[:start] + lines[end:]


def _add_to_history(root: Path, docs: list[Document], latest: str, month: str) -> int:
    """Add the closing month's figures to history.yaml, leaving out any still awaiting refresh."""
    path = root / "content" / HISTORY_FILE
    known: set[tuple[str, str, str]] = set()
    existing = load_yaml(path, root=root).data if path.is_file() else None
    for entry in existing if isinstance(existing, list) else []:
        if isinstance(entry, dict):
            day = str(entry.get("as_of"))
            for group in ("status", "metrics"):
                known.update((day, group, str(k)) for k in entry.get(group) or {})
            if entry.get("helsami") is not None:
                known.add((day, "helsami", ""))
    entries: dict[str, dict[str, dict[str, Any] | Any]] = {}
    for doc in docs:
        data = doc.data if isinstance(doc.data, dict) else {}
        stale = {str(f) for f in data.get("refresh") or []}
        day = str(data.get("as_of"))
        if "as_of" in stale:
            continue
        for group, key, value in _figures(data, stale):
            if (day, group, key) not in known:
                slot = entries.setdefault(day, {})
                if group == "helsami":
                    slot["helsami"] = value
                else:
                    slot.setdefault(group, {})[key] = value
    if not entries:
        return 0
    text = [f"\n# Added by hpdeck new-month {month}: the figures of content/{latest}.\n"]
    for day, groups in sorted(entries.items()):
        text.append(f"- as_of: {day}\n")
        for group, values in groups.items():
            if group == "helsami":
                text.append(f"  helsami: {_number(values)}\n")
                continue
            text.append(f"  {group}:\n")
            text.extend(f"    {_key(k)}: {_number(v)}\n"
                        for k, v in values.items())
    added = sum(len(v) if isinstance(v, dict) else 1 for g in entries.values()
                for v in g.values())
    current = path.read_text("utf-8") if path.is_file() else (
        "# Figures from earlier reports, oldest first; hpdeck draws trends from them.\n")
    if current and not current.endswith("\n"):
        current += "\n"
    _write(path, current + "".join(text))
    return added


def _figures(data: dict[str, Any], stale: set[str]) -> list[tuple[str, str, Any]]:
    """(group, key, value) of the history figures a section holds, leaving out stale ones."""
    kind = data.get("type")
    found: list[tuple[str, str, Any]] = []
    if kind == "status":
        for i, stage in enumerate(data.get("stages") or []):
            if isinstance(stage, dict) and f"stages[{i}].count" not in stale:
                found.append(("status", str(stage.get("stage")), stage.get("count")))
    elif kind == "metrics":
        for i, metric in enumerate(data.get("metrics") or []):
            if isinstance(metric, dict) and f"metrics[{i}].value" not in stale:
                found.append(("metrics", str(metric.get("label")), metric.get("value")))
    elif kind == "helsami" and "downloads" not in stale:
        found.append(("helsami", "", data.get("downloads")))
    return [f for f in found if isinstance(f[2], int | float) and not isinstance(f[2], bool)]


def _key(key: str) -> str:
    return key if re.fullmatch(r"[a-z][a-z-]*", key) else json.dumps(key, ensure_ascii=False)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def refresh_warnings(doc: Document) -> list[Problem]:
    """A warning per figure a content file still lists under ``refresh:``, at the figure's line."""
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("refresh"), list):
        return []
    problems = []
    for index, name in enumerate(data["refresh"]):
        loc = _loc(str(name))
        if loc is not None and _has(data, loc):
            line, col = doc.locate(loc)
            problems.append(Problem(doc.display, line, col, str(name),
                                    "still last month's figure; update it, then delete "
                                    f"'{name}' from refresh:", warning=True))
        else:
            line, col = doc.locate(("refresh", index))
            problems.append(Problem(doc.display, line, col, f"refresh[{index}]",
                                    f"{name!r} names no figure in this file; delete the line",
                                    warning=True))
    return problems


def _loc(name: str) -> Loc | None:
    parts: list[str | int] = []
    for match in _PATH_PART.finditer(name):
        parts.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
    return tuple(parts) or None


def _has(data: Any, loc: Loc) -> bool:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return False
    return True


def deck_refresh_warnings(deck_path: Path, options: Any) -> list[Problem]:
    """The refresh warnings of every content file a deck uses; none if it does not load."""
    from hpdeck.build import load_deck

    try:
        deck = load_deck(deck_path, options)
    except ContentError:
        return []  # check reports the errors themselves
    return [p for doc in deck.documents for p in refresh_warnings(doc)]
