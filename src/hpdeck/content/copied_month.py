"""Figures a month folder copied by hand still holds from the month before.

`hpdeck new-month` lists what goes stale under ``refresh:``, and `check` warns until each is
updated. A folder copied by hand has no such list, so last month's figures would pass as this
month's. The same rule applies to it: each figure new-month would list (the section type's
tracking hook, plus an own title on a figure slide) is said at its line when it equals the
previous month's file's and the file's as-of date is unchanged too. A file whose date moved on
was updated, so a figure that stayed the same (a count that did not move) is left alone, and
figures no hook tracks (an investment total) are never asked about. A file without an as-of
date (the clippings) is left out: after new-month its list, once emptied, is all that tells a
checked copy from a forgotten one. A file with a ``refresh:``
list is new-month's (its list says what is left); an empty ``refresh: []`` thus marks a copied
file as reviewed, its figures unchanged on purpose.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from hpdeck.content.figure_sheets import resolve
from hpdeck.content.history import Kinds, figure_loc, tracking
from hpdeck.content.loader import Document, Loc, load_yaml
from hpdeck.content.project import MONTH
from hpdeck.errors import ContentError, Problem
from hpdeck.messages import say

_MISSING = object()


def copied_warnings(doc: Document, root: Path, kinds: Kinds) -> list[Problem]:
    """A warning per figure of a month's file that is still the previous month's, unchanged."""
    data = doc.data
    folder = doc.path.parent
    if not isinstance(data, dict) or "refresh" in data or not MONTH.match(folder.name):
        return []
    if "as_of" not in data:
        return []  # undated (the clippings): nothing tells last month's copy from a checked one
    content = folder.parent
    if content.name != "content":
        return []
    earlier = sorted(
        p.name for p in content.iterdir() if p.is_dir() and MONTH.match(p.name) and p < folder
    )
    if not earlier:
        return []
    before = content / earlier[-1] / doc.path.name
    previous = _previous(before, root)
    if previous is None or data["as_of"] != _at(previous, ("as_of",)):
        return []
    names = tracking(data, kinds).stale(data)
    if names and "title" in data:
        names.insert(0, "title")  # as new-month marks it: an own title states the figures
    current = resolve(doc, root).data  # figures kept in a spreadsheet compare by their value
    problems = []
    for name in names:
        loc = figure_loc(name)
        if loc is None or loc not in doc.positions:
            continue
        if _at(current, loc) != _at(previous, loc):
            continue
        line, col = doc.locate(loc)
        problems.append(
            Problem(
                doc.display,
                line,
                col,
                name,
                say(
                    "refresh.copied",
                    file=f"content/{earlier[-1]}/{doc.path.name}",
                    month=earlier[-1],
                ),
                warning=True,
            )
        )
    return problems


def _previous(path: Path, root: Path) -> Any:
    """The previous month's file's data with spreadsheet figures read; None when there is no
    such file or it does not load (it is not this deck's to report)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _load(path, root, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _load(path: Path, root: Path, mtime: int, size: int) -> Any:
    """Read once per version of the file: a batch asks for it once per deck."""
    try:
        return resolve(load_yaml(path, root=root), root).data
    except ContentError:
        return None


def _at(data: Any, loc: Loc) -> Any:
    """The value at ``loc``, or a marker no value equals when the data has nothing there."""
    for part in loc:
        found = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not found and not (isinstance(data, dict) and part in data):
            return _MISSING
        data = data[part]
    return data
