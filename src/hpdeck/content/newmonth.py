"""`hpdeck new-month`: start next month's content from the latest month, figures marked for refresh.

The new month is a copy of the latest month's folder, edited as text so comments and layout stay:
as-of dates move forward by the months between, and every section with figures that go stale
gets a ``refresh:`` list naming them. ``hpdeck check`` warns about each listed figure, at its
line, until the advisor has updated it and deleted its name from the list. The closing month's
figures are added to content/history.yaml, so next month's slides can show the change; figures
still awaiting refresh are left out (they are an older month's, already history) and reported.
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

from hpdeck.content.copied_month import copied_warnings
from hpdeck.content.figure_sheets import resolve as resolve_figures
from hpdeck.content.files import write_atomic
from hpdeck.content.history import FILE as HISTORY_FILE
from hpdeck.content.history import Kinds, Tracked, figure_loc, label_warnings, tracking
from hpdeck.content.history import figures as history_figures
from hpdeck.content.history import refresh as refresh_names
from hpdeck.content.jumps import is_jump, jump_warnings
from hpdeck.content.loader import MAX_BYTES, Document, load_yaml
from hpdeck.content.project import Project
from hpdeck.content.reading import is_litter, read_regular
from hpdeck.errors import ContentError, HpdeckError, Problem, cannot_write
from hpdeck.messages import say, shown

HINT = "check that you may write in the project's content/ folder"
_DATE_LINE = re.compile(r"^(as_of|date):(\s*)(\d{4})-(\d{2})-(\d{2})\b")
_HEADER = ("# hpdeck new-month", "# then delete its line")
_STILL = re.compile(r"^# hpdeck new-month \S+: these figures are still (\d{4}-\d{2})'s")


@dataclass(frozen=True)
class NewMonth:
    """What `new-month` did, for its report."""

    folder: Path
    source: str
    files: int
    marked: int
    history_added: int
    not_in_history: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(file, figures) of the closing month never refreshed, so not added to the history."""


def _next(month: str) -> str:
    """The month after a YYYY-MM month."""
    year, number = (int(part) for part in month.split("-"))
    return f"{year + number // 12}-{number % 12 + 1:02d}"


def create(root: Path, month: str, kinds: Kinds) -> NewMonth:
    """Create content/<month>/ from the latest month, or fill it when the folder is there and
    empty (made by hand first); never touches a month that holds files.

    ``kinds`` are the section types' tracking hooks: what goes stale and what history keeps.
    """
    project = Project(root)
    if not (root / "content").is_dir():
        raise HpdeckError(say("project.none_here", command="new-month"))
    target = root / "content" / month
    held = _held(target)
    if held:
        more = say("region.more", count=len(held) - 3) if len(held) > 3 else ""
        raise HpdeckError(say("newmonth.exists", month=month, files=", ".join(held[:3]) + more))
    months = [m for m in project.months() if m != month]  # the empty folder is no source
    if not months:
        raise ContentError.single("content", say("project.no_months"))
    latest = months[-1]
    earlier = months[:-1]
    if month < latest:
        raise HpdeckError(say("newmonth.before", month=month, latest=latest))
    ahead = _months_between(latest, month)
    if ahead > 1 and month > _next(dt.date.today().strftime("%Y-%m")):
        raise HpdeckError(
            say("newmonth.future", month=month, ahead=ahead, latest=latest, next=_next(latest))
        )
    source = root / "content" / latest
    shift = _months_between(latest, month)
    docs = _read_month(source, root)
    figures = [resolve_figures(doc, root) for doc in docs.values()]  # values kept in sheets
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{month}.", dir=root / "content"))
    except OSError as exc:
        raise cannot_write(f"content/{month}", exc, HINT) from None
    marked = 0
    try:
        for item in sorted(source.iterdir()):
            if is_litter(item):
                continue
            if item.name in docs:
                text, count = _next_month_text(
                    docs[item.name], shift, month, latest, earlier[-1] if earlier else latest, kinds
                )
                (work / item.name).write_text(text, "utf-8")
                marked += count
            elif item.is_dir():
                shutil.copytree(item, work / item.name)
            else:
                shutil.copy2(item, work / item.name)
        work.chmod(0o755)
        if target.is_dir():
            _fill(work, target)
        else:
            os.rename(work, target)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise cannot_write(f"content/{month}", exc, HINT) from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    added, skipped = _add_to_history(root, figures, latest, month, kinds)
    return NewMonth(target, f"content/{latest}", len(docs), marked, added, skipped)


def _held(folder: Path) -> list[str]:
    """The names of what a month folder holds (hidden and lock files aside): [] when it is
    empty or not there."""
    if not folder.is_dir():
        return [folder.name] if os.path.lexists(folder) else []  # a file in the month's place
    return sorted(p.name for p in folder.iterdir() if not is_litter(p))


def _fill(work: Path, target: Path) -> None:
    """Move the new month's files into the empty folder the user made (it keeps its own
    permissions and hidden files); on failure the files moved so far are taken out again."""
    moved: list[Path] = []
    try:
        for item in sorted(work.iterdir()):
            os.rename(item, target / item.name)
            moved.append(target / item.name)
    except OSError:
        for path in moved:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        raise
    work.rmdir()


def _months_between(earlier: str, later: str) -> int:
    (y1, m1), (y2, m2) = ((int(p) for p in m.split("-")) for m in (earlier, later))
    return (y2 - y1) * 12 + m2 - m1


def _read_month(folder: Path, root: Path) -> dict[str, Document]:
    """Every content file of the month, parsed; the whole month must read cleanly first."""
    docs: dict[str, Document] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")):
        if is_litter(path):  # an editor's lock or backup file, not content
            continue
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


def _next_month_text(
    doc: Document, months: int, month: str, latest: str, previous: str, kinds: Kinds
) -> tuple[str, int]:
    """The file's text for the new month and how many figures it marks for refresh.

    A figure still listed from an earlier new-month was never updated, so it keeps the month it
    really is from (the old header's, else the month before ``latest``).
    """
    raw = read_regular(doc.path, display=doc.display, limit=MAX_BYTES)  # as parsed just now
    lines = raw.decode("utf-8").splitlines(keepends=True)
    older = next((m.group(1) for line in lines if (m := _STILL.match(line))), previous)
    lines = [_DATE_LINE.sub(lambda m: _shift(m, months), line) for line in lines]
    data = doc.data if isinstance(doc.data, dict) else {}
    figures = tracking(data, kinds).stale(data)
    if figures and "title" in data:
        figures.insert(0, "title")  # an own title on a figure slide usually states the figures
    stale = refresh_names(data)
    left_over = [str(f) for f in data.get("refresh") or [] if str(f) not in figures]
    wanted = [*left_over, *figures]
    lines = _without_refresh_block(lines, doc)
    if not wanted:
        return "".join(lines), 0
    origin = {name: older if name in stale else latest for name in wanted}
    main = older if all(m == older for m in origin.values()) else latest
    block = [
        f"# hpdeck new-month {month}: these figures are still {main}'s. Update each one,\n",
        "# then delete its line below; `hpdeck check` warns until the list is empty.\n",
        "refresh:\n",
        *(
            f"  - {name}" + ("\n" if origin[name] == main else f"  # still {origin[name]}'s\n")
            for name in wanted
        ),
    ]
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
    while start > 0 and lines[start - 1].startswith(_HEADER):
        start -= 1
    return lines[:start] + lines[end:]


def _add_to_history(
    root: Path, docs: list[Document], latest: str, month: str, kinds: Kinds
) -> tuple[int, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Add the closing month's figures to history.yaml, leaving out (and returning, per file)
    any still awaiting refresh."""
    path = root / "content" / HISTORY_FILE
    known: set[tuple[str, str, str]] = set()
    existing = load_yaml(path, root=root).data if path.is_file() else None
    for entry in existing if isinstance(existing, list) else []:
        if isinstance(entry, dict):
            day = str(entry.get("as_of"))
            for group, values in entry.items():
                if isinstance(values, dict):
                    known.update((day, group, str(k)) for k in values)
                elif group not in ("as_of", "source") and values is not None:
                    known.add((day, group, ""))
    entries: dict[str, dict[str, dict[str, Any] | Any]] = {}
    skipped: list[tuple[str, tuple[str, ...]]] = []
    for doc in docs:
        data = doc.data if isinstance(doc.data, dict) else {}
        stale = refresh_names(data)
        day = str(data.get("as_of"))
        tracked = history_figures(data, kinds)
        if "as_of" in stale:  # no date to file them under
            stale |= {t.name for t in tracked}
        left_out = [t.name for t in tracked if t.name in stale]
        if left_out:
            skipped.append((doc.display, tuple(left_out)))
        if "as_of" in stale:
            continue
        for group, key, value in _figures(tracked, stale):
            if (day, group, key) not in known:
                slot = entries.setdefault(day, {})
                if not key:  # a group of one number, like HelsaMi's downloads
                    slot[group] = value
                else:
                    slot.setdefault(group, {})[key] = value
    if not entries:
        return 0, tuple(skipped)
    text = [f"\n# Added by hpdeck new-month {month}: the figures of content/{latest}.\n"]
    for day, groups in sorted(entries.items()):
        text.append(f"- as_of: {day}\n")
        for group, values in groups.items():
            if not isinstance(values, dict):
                text.append(f"  {group}: {_number(values)}\n")
                continue
            text.append(f"  {group}:\n")
            text.extend(f"    {_key(k)}: {_number(v)}\n" for k, v in values.items())
    added = sum(len(v) if isinstance(v, dict) else 1 for g in entries.values() for v in g.values())
    current = (
        read_regular(path, display=f"content/{HISTORY_FILE}", limit=MAX_BYTES).decode("utf-8")
        if path.is_file()
        else ("# Figures from earlier reports, oldest first; hpdeck draws trends from them.\n")
    )
    if current and not current.endswith("\n"):
        current += "\n"
    _write(path, current + "".join(text))
    return added, tuple(skipped)


def _figures(tracked: list[Tracked], stale: set[str]) -> list[tuple[str, str, Any]]:
    """(group, key, value) of the history figures a section holds, leaving out stale ones."""
    return [
        (t.figure.group, t.figure.key, t.value)
        for t in tracked
        if t.name not in stale
        and isinstance(t.value, int | float)
        and not isinstance(t.value, bool)
    ]


def _key(key: str) -> str:
    return key if re.fullmatch(r"[a-z][a-z-]*", key) else json.dumps(key, ensure_ascii=False)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _write(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"), hint=HINT, display=f"content/{path.name}")


def refresh_warnings(doc: Document) -> list[Problem]:
    """A warning per figure a content file still lists under ``refresh:``, at the figure's line."""
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("refresh"), list):
        return []
    problems = []
    for index, name in enumerate(data["refresh"]):
        loc = figure_loc(str(name))
        if loc is not None and loc in doc.positions:  # every value the file holds has one
            line, col = doc.locate(loc)
            problems.append(
                Problem(
                    doc.display,
                    line,
                    col,
                    str(name),
                    say("refresh.stale", name=shown(name)),
                    warning=True,
                )
            )
        else:
            line, col = doc.locate(("refresh", index))
            problems.append(
                Problem(
                    doc.display,
                    line,
                    col,
                    f"refresh[{index}]",
                    say("refresh.unknown", name=shown(name)),
                    warning=True,
                )
            )
    return problems


def content_warnings(
    deck: Any,
    kinds: Kinds,
    labels: Callable[[Path, Kinds], list[Problem]] = label_warnings,
) -> list[Problem]:
    """What a loaded deck's content still needs: figures to refresh, figures implausibly far
    from their last report (see jumps), history labels no slide has (``kinds``: the section
    types' tracking hooks, which say which figures have labels). ``labels`` finds the unused
    labels; they read every month's files, the same for every deck of a project, so a batch
    passes one that does that once. A month copied by hand has no refresh list; its figures
    still the previous month's are said the same way."""
    return [
        *(p for doc in deck.documents for p in refresh_warnings(doc)),
        *(p for doc in deck.documents for p in copied_warnings(doc, deck.project.root, kinds)),
        *(p for doc in deck.documents for p in jump_warnings(doc, deck.history, kinds)),
        *labels(deck.project.root, kinds),
    ]


def summary(problems: list[Problem]) -> list[str]:
    """The count lines printed under the content warnings."""
    labels = sum(1 for p in problems if p.file.endswith(HISTORY_FILE))
    jumps = sum(1 for p in problems if is_jump(p))
    stale = len(problems) - labels - jumps
    lines = []
    if stale:
        lines.append(say("refresh.count", stale))
    if jumps:
        lines.append(say("jump.count", jumps))
    if labels:
        lines.append(say("refresh.labels", labels, file=f"content/{HISTORY_FILE}"))
    return lines
