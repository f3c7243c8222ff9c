"""Figures read straight from the advisors' spreadsheets, named in content YAML by sheet and cell.

Any figure in a content file may be written as a reference instead of a number::

    value: {sheet: content/tall.xlsx!Tall, cell: C7}
    value: {sheet: content/tall.xlsx!Tall, label: barn er født}            # latest column
    value: {sheet: content/tall.xlsx!Tall, label: barn er født, column: des. 2022}

``label`` finds the row whose first cell says it; ``column`` is a heading in the first row or a
column letter, and without it the row's last filled cell is read, so a sheet with one column per
month gives this month's figure. References are replaced by the cell's value before validation;
a cell that cannot be read is reported at the cell (``content/tall.xlsx!Tall!C7: ...``), a
reference that points nowhere at its line in the YAML file.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from hpdeck.content import sheets
from hpdeck.content.loader import Document, Loc, format_loc, inside_project
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
    cell = _find(sheet, ref, wrong)
    where = format_loc(loc)
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


def _find(sheet: sheets.Sheet, ref: dict[str, Any], wrong: Any) -> sheets.Cell:
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
        filled = [c for c in row[1:] if c.value is not None or c.formula]
        if not filled:
            raise wrong(
                "label",
                say("figures.no_figure", label=shown(label), sheet=sheet.display),
            )
        return filled[-1]
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


def _at(sheet: sheets.Sheet, row: int, col: int) -> sheets.Cell:
    """The cell at (row, col); an empty one outside the stored grid is still a cell."""
    if row <= len(sheet.rows):
        cells = sheet.rows[row - 1]
        if col <= len(cells):
            return cells[col - 1]
    return sheets.Cell(None, row, col)
