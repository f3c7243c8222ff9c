"""Reading the spreadsheets advisors keep (Excel workbooks and CSV files), cell by cell.

openpyxl reads .xlsx; it is the well-kept pure-Python reader that also writes, so one library
both reads the advisors' workbooks and exports the registry with dropdowns (data validation),
which a read-only reader such as python-calamine cannot. Formulas are read as the values Excel
saved with them; a formula saved without its value (a file written by a script, never opened in
Excel) is refused, since hpdeck does not calculate. Numbers typed as text are read the way a
Norwegian means them ("16 000", "16.000", "3,76") or refused when they could mean two things.

A cell's place is given as ``file!Sheet!D12`` (``file:12:4`` in a CSV), the way an advisor finds
it again; problems carry the row and column, and ``Problem`` spells them as a cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hpdeck.content.loader import MAX_BYTES, inside_project
from hpdeck.errors import ContentError, Problem
from hpdeck.messages import say, shown

MAX_ROWS = 2000
MAX_COLUMNS = 100


@dataclass(frozen=True)
class Cell:
    """One cell's saved value and where it stands (1-based row and column)."""

    value: Any
    row: int
    col: int
    formula: bool = False
    """Whether the cell holds a formula; ``value`` is then the result Excel saved, or None."""


@dataclass(frozen=True)
class Sheet:
    """The cells of one sheet (or a CSV file), row by row, with the name problems use."""

    display: str
    """'content/kommuner.xlsx!Kommuner' for a sheet, 'content/kommuner.csv' for a CSV file."""
    path: Path
    rows: tuple[tuple[Cell, ...], ...]
    names: tuple[str, ...] = field(default=())
    """The workbook's sheet names, to suggest one when a name is wrong."""

    def problem(self, cell: Cell, where: str, message: str) -> Problem:
        return Problem(self.display, cell.row, cell.col, where, message)


_CELL = re.compile(r"^([A-Za-z]{1,3})([1-9]\d{0,6})$")


def parse_cell(ref: str) -> tuple[int, int] | None:
    """(row, column) of a reference like 'B4', or None when it is not one."""
    match = _CELL.match(ref.strip())
    if not match:
        return None
    col = 0
    for letter in match.group(1).upper():
        col = col * 26 + ord(letter) - 64
    return int(match.group(2)), col


_CACHE: dict[tuple[Path, str | None], tuple[tuple[int, int], Sheet]] = {}


def read_sheet(path: Path, root: Path, sheet: str | None = None, *, display: str) -> Sheet:
    """The named sheet (the first one when None) of a workbook, or a CSV file's rows.

    A file unchanged since this process last read it is not read again: a batch of council
    decks reads the registry workbook for every deck.
    """
    resolved = inside_project(path, root, display=display)
    try:
        stat = resolved.stat()
    except OSError:
        raise ContentError.single(display, "file not found") from None
    if stat.st_size > 10 * MAX_BYTES:
        raise ContentError.single(display, "file is larger than 20 MiB; is it the right file?")
    known = _CACHE.get((resolved, sheet))
    stamp = (stat.st_mtime_ns, stat.st_size)
    if known and known[0] == stamp:
        return known[1]
    if resolved.suffix.lower() == ".csv":
        result = _read_csv(resolved, display)
    else:
        result = _read_xlsx(resolved, display, sheet)
    _CACHE[(resolved, sheet)] = (stamp, result)
    return result


def _read_xlsx(path: Path, display: str, wanted: str | None) -> Sheet:
    import zipfile

    from openpyxl import load_workbook

    try:
        values = load_workbook(path, data_only=True, read_only=True)
        formulas = load_workbook(path, data_only=False, read_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ContentError.single(display, say("sheet.unreadable", why=exc)) from None
    try:
        names = tuple(values.sheetnames)
        name = wanted or names[0]
        if name not in names:
            import difflib

            close = difflib.get_close_matches(name, names, n=1)
            message = (
                say("sheet.no_sheet_close", name=shown(name), close=shown(close[0]))
                if close
                else say("sheet.no_sheet", name=shown(name), names=", ".join(names))
            )
            raise ContentError.single(display, message)
        rows = []
        grid = zip(
            values[name].iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS),
            formulas[name].iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS),
            strict=False,
        )
        for number, (saved, written) in enumerate(grid, start=1):
            rows.append(
                tuple(
                    Cell(
                        _plain(value.value),
                        number,
                        col,
                        formula=isinstance(formula.value, str) and formula.value.startswith("="),
                    )
                    for col, (value, formula) in enumerate(
                        zip(saved, written, strict=False), start=1
                    )
                )
            )
    finally:
        values.close()
        formulas.close()
    return Sheet(f"{display}!{name}", path, tuple(rows), names)


def _plain(value: Any) -> Any:
    """Excel's cell value as YAML would have it: text stripped, whole floats as ints."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _read_csv(path: Path, display: str) -> Sheet:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # what Excel on a Norwegian PC saves as "CSV"
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for number, record in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        if number > MAX_ROWS:
            break
        rows.append(
            tuple(
                Cell(_plain(value), number, col)
                for col, value in enumerate(record[:MAX_COLUMNS], start=1)
            )
        )
    return Sheet(display, path, tuple(rows))


def saved(sheet: Sheet, cell: Cell, where: str) -> Any:
    """The cell's value; a formula Excel never calculated is refused, with what to do."""
    if cell.formula and cell.value is None:
        raise ContentError(
            [
                sheet.problem(
                    cell,
                    where,
                    say("sheet.unsaved_formula"),
                )
            ]
        )
    return cell.value


_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
_GROUPED_SPACE = re.compile(r"^\d{1,3}( \d{3})+(,\d+)?$")
_GROUPED_DOT = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_DECIMAL_COMMA = re.compile(r"^\d+(,\d+)?$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3},\d{3}$")  # 16,000: English thousands or 16.000?


def number(sheet: Sheet, cell: Cell, where: str) -> float | int:
    """A number from a cell; text is read as Norwegian ("16 000", "16.000", "3,76") or refused.

    "3.76" and "16,000" are refused: written by a Norwegian, "3.76" would be an odd thousands
    group and "16,000" sixteen with three decimals, and read the English way they are other
    numbers, so guessing could misread a figure by a factor of a thousand.
    """
    value = saved(sheet, cell, where)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ContentError(
            [sheet.problem(cell, where, say("sheet.not_number", value=cell_value(value)))]
        )
    if not isinstance(value, str):
        return value
    text = value.replace("\u2212", "-")
    sign = -1 if text.startswith("-") else 1
    body = _SPACES.sub(" ", text.lstrip("-+")).strip()
    if _GROUPED_SPACE.match(body) or _GROUPED_DOT.match(body):
        digits = body.replace(" ", "").replace(".", "")
    elif _DECIMAL_COMMA.match(body) and not _THOUSANDS_COMMA.match(body):
        digits = body
    else:
        key = "sheet.two_ways" if re.match(r"^\d+[.,]\d+$", body) else "sheet.not_digits"
        raise ContentError([sheet.problem(cell, where, say(key, value=shown(value)))])
    whole, _, decimals = digits.partition(",")
    result = float(f"{whole}.{decimals}") if decimals else int(whole)
    return sign * result


def cell_value(value: object) -> str:
    """A cell's value as the advisor sees it in Excel: a date as 17.01.2023, not Python's
    ``datetime.datetime(2023, 1, 17, 0, 0)``."""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return shown(value.strftime("%d.%m.%Y"))
    return shown(value)


_NORWEGIAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def date(sheet: Sheet, cell: Cell, where: str) -> dt.date:
    """A date from a date cell, or text like 12.11.2022 or 2022-11-12."""
    value = saved(sheet, cell, where)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = _NORWEGIAN_DATE.match(value)
        try:
            if match:
                day, month, year = (int(part) for part in match.groups())
                return dt.date(year, month, day)
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            if match or re.match(r"^\d{4}-\d{2}-\d{2}$", value):
                raise ContentError(
                    [
                        sheet.problem(
                            cell, where, say("sheet.not_in_calendar", value=shown(value), why=exc)
                        )
                    ]
                ) from None
    raise ContentError([sheet.problem(cell, where, say("sheet.not_date", value=cell_value(value)))])


def text(sheet: Sheet, cell: Cell, where: str) -> str:
    """Text from a cell; numbers become their digits (a phone number typed as a number)."""
    value = saved(sheet, cell, where)
    if isinstance(value, dt.date):
        raise ContentError(
            [sheet.problem(cell, where, say("sheet.date_not_text", value=cell_value(value)))]
        )
    return str(value)
