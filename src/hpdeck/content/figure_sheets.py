"""Figures read straight from the advisors' spreadsheets, named in content YAML by sheet and cell.

Any figure in a content file may be written as a reference instead of a number::

    value: {sheet: content/tall.xlsx!Tall, cell: C7}
    value: {sheet: content/tall.xlsx!Tall, label: barn er født}            # latest column
    value: {sheet: content/tall.xlsx!Tall, label: barn er født, column: des. 2022}

``label`` finds the row whose first cell says it; ``column`` is a heading in the first row or a
column letter. Without it the newest column is read: the last one with a heading in the first
row, so a sheet with one column per month gives this month's figure, and a row still empty there
is an error at that cell rather than last month's figure (a sheet with no headings gives the
row's last filled cell). References are replaced by the cell's value before validation;
a cell that cannot be read is reported at the cell (``content/tall.xlsx!Tall!C7: ...``), a
reference that points nowhere at its line in the YAML file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from functools import cache
from pathlib import Path
from typing import Any

from hpdeck.content import sheets
from hpdeck.content.loader import Document, Loc, format_loc, inside_project
from hpdeck.content.months import ALIASES, month_tables
from hpdeck.errors import ContentError, Problem
from hpdeck.messages import say, shown

KEYS = {"sheet", "cell", "label", "column"}


def is_reference(value: Any) -> bool:
    """Whether a YAML value is a reference to a spreadsheet cell rather than a figure."""
    return (
        isinstance(value, dict)
        and "sheet" in value
        and set(value) <= KEYS
        and ("cell" in value or "label" in value)
    )


def references(data: Any, loc: Loc = ()) -> list[tuple[Loc, dict[str, Any]]]:
    """Every reference in a document's data, with where it stands."""
    if is_reference(data):
        return [(loc, data)]
    found: list[tuple[Loc, dict[str, Any]]] = []
    if isinstance(data, dict):
        for key, item in data.items():
            found.extend(references(item, (*loc, key)))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            found.extend(references(item, (*loc, index)))
    return found


def workbooks(doc: Document, root: Path) -> list[Path]:
    """The spreadsheet files a document's references read, for the content hash."""
    paths = []
    for _, ref in references(doc.data):
        file = str(ref["sheet"]).partition("!")[0]
        try:
            path = inside_project(root / file, root, display=file)
        except ContentError:
            continue
        if path.is_file():
            paths.append(path)
    return paths


def resolve(doc: Document, root: Path) -> Document:
    """The document with every spreadsheet reference replaced by the value it points at."""
    found = references(doc.data)
    if not found:
        return doc
    problems: list[Problem] = []
    values: dict[Loc, Any] = {}
    for loc, ref in found:
        try:
            values[loc] = _read(ref, loc, doc, root)
        except ContentError as err:
            problems.extend(err.problems)
    if problems:
        raise ContentError(problems)
    return Document(
        doc.path, doc.display, _replace(doc.data, values, ()), doc.positions, doc.key_positions
    )


def _replace(data: Any, values: dict[Loc, Any], loc: Loc) -> Any:
    if loc in values:
        return values[loc]
    if isinstance(data, dict):
        return {key: _replace(item, values, (*loc, key)) for key, item in data.items()}
    if isinstance(data, list):
        return [_replace(item, values, (*loc, index)) for index, item in enumerate(data)]
    return data


def _read(ref: dict[str, Any], loc: Loc, doc: Document, root: Path) -> Any:
    """The value a reference points at: a number (read as Norwegian) or a date."""

    def wrong(key: str, message: str) -> ContentError:
        at = (*loc, key)
        return ContentError([Problem(doc.display, *doc.locate(at), format_loc(at), message)])

    target = str(ref["sheet"])
    file, _, name = target.partition("!")
    suffix = Path(file).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise wrong("sheet", say("figures.not_sheet", value=shown(target)))
    if not (root / file).is_file():
        raise wrong("sheet", say("figures.no_file", file=file))
    try:
        sheet = sheets.read_sheet(root / file, root, name or None, display=file)
    except ContentError as err:
        raise wrong("sheet", err.problems[0].message) from None
    where = format_loc(loc)
    cell = _find(sheet, ref, where, wrong)
    value = sheets.saved(sheet, cell, where)
    if value is None:
        raise ContentError(
            [
                sheet.problem(
                    cell,
                    where,
                    say("figures.empty_cell"),
                )
            ]
        )
    if hasattr(value, "year"):  # a date cell, e.g. an as-of date kept in the sheet
        return sheets.date(sheet, cell, where)
    return sheets.number(sheet, cell, where)


def _find(sheet: sheets.Sheet, ref: dict[str, Any], where: str, wrong: Any) -> sheets.Cell:
    """The cell a reference names: by address, or by the label in the first column."""
    if "cell" in ref:
        place = sheets.parse_cell(str(ref["cell"]))
        if place is None:
            raise wrong("cell", say("figures.not_cell", value=shown(ref["cell"])))
        return _at(sheet, *place)
    label = str(ref["label"]).strip()
    firsts = {
        str(r[0].value).strip().casefold(): r for r in sheet.rows if r and r[0].value is not None
    }
    row = firsts.get(label.casefold())
    if row is None:
        names = [str(r[0].value) for r in sheet.rows if r and r[0].value is not None]
        close = difflib.get_close_matches(label, names, n=1)
        shown_label, named = shown(label), sheet.display
        raise wrong(
            "label",
            say("figures.no_label_close", label=shown_label, sheet=named, close=shown(close[0]))
            if close
            else say("figures.no_label", label=shown_label, sheet=named),
        )
    if "column" not in ref:
        return _newest(sheet, row, label, where, wrong)
    column = str(ref["column"]).strip()
    headings = {
        str(c.value).strip().casefold(): c.col
        for c in (sheet.rows[0] if sheet.rows else ())
        if c.value
    }
    col = headings.get(column.casefold())
    if col is None:
        place = sheets.parse_cell(f"{column}1")
        if place is None:
            close = (
                difflib.get_close_matches(
                    column, [str(c.value) for c in sheet.rows[0] if c.value], n=1
                )
                if sheet.rows
                else []
            )
            shown_column, named = shown(column), sheet.display
            raise wrong(
                "column",
                say(
                    "figures.no_column_close",
                    column=shown_column,
                    sheet=named,
                    close=shown(close[0]),
                )
                if close
                else say("figures.no_column", column=shown_column, sheet=named),
            )
        col = place[1]
    return _at(sheet, row[0].row, col)


def _newest(
    sheet: sheets.Sheet, row: tuple[sheets.Cell, ...], label: str, where: str, wrong: Any
) -> sheets.Cell:
    """The row's cell in the sheet's newest column: the last one whose heading in the first
    row names a month (else the last with a heading at all). The row's last filled cell would
    be last month's figure, silently, while this month's is not yet typed in; so an empty
    cell there is an error at that cell, and so is a figure right of the headings, which no
    heading dates. A sheet without headings (nothing in the first row past column A) has no
    newest column: the row's last filled cell is read."""
    from openpyxl.utils import get_column_letter

    filled = [c for c in row[1:] if c.value is not None or c.formula]
    headings = [c for c in (sheet.rows[0][1:] if sheet.rows else ()) if c.value is not None]
    if not headings or row[0].row == 1:
        if not filled:
            raise wrong("label", say("figures.no_figure", label=shown(label), sheet=sheet.display))
        return filled[-1]
    if filled and filled[-1].col > headings[-1].col:
        place = f"{get_column_letter(filled[-1].col)}1"
        message = say("figures.no_heading", last=shown(headings[-1].value), heading=place)
        raise ContentError([sheet.problem(filled[-1], where, message)])
    # Columns after the months ('Endring', 'Sum', 'Merknad') are not this month's figure.
    months = [h for h in headings if _names_a_month(h.value)]
    newest = months[-1] if months else headings[-1]
    cell = _at(sheet, row[0].row, newest.col)
    if cell.value is None and not cell.formula:
        older = [c for c in filled if c.col < newest.col]
        heading = next((h for h in headings if older and h.col == older[-1].col), None)
        message = say(
            "figures.newest_empty",
            label=shown(label),
            newest=shown(newest.value),
            older=say("figures.older", column=shown(heading.value)) if heading else "",
        )
        raise ContentError([sheet.problem(cell, where, message)])
    return cell


def _names_a_month(heading: object) -> bool:
    """Whether a column heading dates its figures: a date, or a month as people write one
    ('des. 2022', 'desember', 'Dec 22', '2022-12', '12.2022')."""
    if isinstance(heading, dt.date):
        return True
    words = re.findall(r"[^\W\d_]+", str(heading).casefold())
    if any(word in _month_words() for word in words):
        return True
    return bool(re.fullmatch(r"\s*(\d{4}-\d{1,2}|\d{1,2}[./-]\d{2,4})\s*", str(heading)))


@cache
def _month_words() -> frozenset[str]:
    """Month names and their abbreviations (see months), without dots."""
    spelled = [name for table in month_tables().values() for name in table.values()]
    return frozenset(name.casefold().rstrip(".") for name in [*spelled, *ALIASES])


def _at(sheet: sheets.Sheet, row: int, col: int) -> sheets.Cell:
    """The cell at (row, col); an empty one outside the stored grid is still a cell."""
    if row <= len(sheet.rows):
        cells = sheet.rows[row - 1]
        if col <= len(cells):
            return cells[col - 1]
    return sheets.Cell(None, row, col)
