"""The registry workbook's columns: which fact each one fills in, and how its cells are read
and written.

A municipality's identity and rollout position (number, name, stage, dates) are hpdeck's own
columns; every other column belongs to the section type that shows the fact (the title's
meeting date, the contact person, the economy's own costs), declared on its ``Shows`` hook. The
pipeline gathers them with the municipality model (``model_for``), so reading and writing the
workbook names no section's fact and a new section type adds its columns without touching this
package.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hpdeck.content import sheets
from hpdeck.content.loader import Loc
from hpdeck.errors import ContentError
from hpdeck.messages import number, say

DATE_FORMAT = "DD.MM.YYYY"
"""How export shows a date cell."""
AS_TEXT = "@"
"""The cell format that keeps digits as text (0301 keeps its zero, a phone number its spaces)."""

Reader = Callable[[sheets.Sheet, sheets.Cell, str], Any]
"""Reads a cell (the third argument is its heading, for messages) into the value the
municipality file would hold; raises ContentError naming the cell when it cannot."""


def plain_text(value: Any) -> Any:
    """A text for one cell; a text given in several languages stays in YAML (a cell holds one
    language)."""
    variants = getattr(value, "variants", None)
    return None if value is None or (variants and len(variants) > 1) else str(value)


def whole(value: Any) -> Any:
    """A number for one cell: 3000.0 is written 3000."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _as_is(value: Any) -> Any:
    return value


def _text(sheet: sheets.Sheet, cell: sheets.Cell, where: str) -> str:
    return sheets.text(sheet, cell, where)


def _date(sheet: sheets.Sheet, cell: sheets.Cell, where: str) -> str:
    return sheets.date(sheet, cell, where).isoformat()


def _amount(sheet: sheets.Sheet, cell: sheets.Cell, where: str) -> float | int:
    amount = sheets.number(sheet, cell, where)
    if amount < 0:
        raise ContentError(
            [sheet.problem(cell, where, say("registry.negative", amount=number(amount)))]
        )
    return amount


@dataclass(frozen=True)
class Cells:
    """How one kind of value stands in a cell: read from it, written to it, formatted."""

    read: Reader
    write: Callable[[Any], Any] = _as_is
    """The fact's validated value -> what export writes in the cell."""
    number_format: str | None = None
    """The cell format export gives the column (None: Excel's own)."""


TEXT = Cells(_text, plain_text)
"""Text in one language."""
DIGITS = Cells(_text, plain_text, AS_TEXT)
"""Text made of digits that Excel must not turn into a number (a phone number)."""
DATE = Cells(_date, _as_is, DATE_FORMAT)
"""A date: a date cell, or text like 12.11.2022 or 2022-11-12."""
AMOUNT = Cells(_amount, whole)
"""A number of 0 or more (kroner, visits), read the Norwegian way when typed as text."""


@dataclass(frozen=True)
class Column:
    """One column: its heading as export writes it and the fact (a path in the municipality
    file) it fills in. The path with dots ('contact.email') is accepted as heading too, for
    people who copy keys from the YAML files."""

    heading: str
    loc: Loc
    cells: Cells = TEXT

    @property
    def alias(self) -> str:
        return ".".join(str(part) for part in self.loc)


@dataclass(frozen=True)
class ListColumns:
    """A list fact written as one column per item, headed '<prefix> <key>': each own cost is a
    'Kostnad: <part>' column holding its amount. Items become ``{key: <heading's rest>,
    value: <cell>}`` in the list ``field``."""

    prefix: str
    """The heading's first word, e.g. 'Kostnad:'."""
    field: str
    """The municipality file's list, e.g. 'costs'."""
    key: str
    """The item's field its heading names, e.g. 'part'."""
    value: str
    """The item's field its cell holds, e.g. 'amount'."""
    cells: Cells = AMOUNT
    known: Callable[[Path], Sequence[tuple[str, frozenset[str]]]] | None = None
    """The columns export always writes, in order: each heading's key with every word an item
    may name it by (the cost overview's parts). Items naming none of them get a column after."""


@dataclass(frozen=True)
class Columns:
    """Every column the workbook may have, in the order export writes them."""

    columns: tuple[Column, ...] = ()
    lists: tuple[ListColumns, ...] = ()

    def __add__(self, other: Columns) -> Columns:
        return Columns((*self.columns, *other.columns), (*self.lists, *other.lists))

    def headings(self) -> list[str]:
        """The headings an advisor may write, for a message about a column nobody knows."""
        return [*(c.heading for c in self.columns), *(f"{x.prefix} <{x.key}>" for x in self.lists)]

    def listed(self, heading: str) -> tuple[ListColumns, str] | None:
        """The list a heading like 'Kostnad: Drift' adds to, with its key ('Drift')."""
        for columns in self.lists:
            if heading.casefold().startswith(columns.prefix.casefold()):
                key = heading[len(columns.prefix) :].strip()
                if key:
                    return columns, key
        return None
