"""Helpers for the fact checks section types declare: problems at a value's line that name the
other side, and the same thing given twice."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hpdeck.content.loader import Document, Loc
from hpdeck.errors import Problem
from hpdeck.messages import say


def problem_at(doc: Document, loc: Loc, message: str) -> Problem:
    return doc.problem(loc, message)


def at(doc: Document, loc: Loc) -> str:
    """'file:line' of a value, for naming the other side of a contradiction."""
    line, _ = doc.locate(loc)
    return f"{doc.display}:{line}" if line else doc.display


def plain_name(name: str) -> str:
    """A municipality's name as lists compare it: 'Skaun kommune' and 'skaun' are one."""
    return name.removesuffix(" kommune").removesuffix(" Kommune").strip().casefold()


def walk(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    yield loc, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk(value, (*loc, index))


def quote_texts(data: Any) -> Iterator[tuple[Loc, str]]:
    """Every quote's words, wherever a file holds quotes."""
    for loc, value in walk(data):
        if (
            len(loc) >= 2
            and loc[-1] == "text"
            and isinstance(loc[-2], int)
            and isinstance(value, str)
            and "quotes" in loc
        ):
            yield loc, " ".join(value.split()).casefold()


def repeated(doc: Document, items: Iterator[tuple[Loc, str]], what: str) -> list[Problem]:
    """The same quote or clipping given twice: the second names the first."""
    seen: dict[str, Loc] = {}
    problems = []
    for loc, key in items:
        if not key.strip("|"):
            continue
        if key in seen:
            problems.append(
                problem_at(
                    doc,
                    loc,
                    say(f"facts.{what}_twice", first=at(doc, seen[key])),
                )
            )
        else:
            seen[key] = loc
    return problems
