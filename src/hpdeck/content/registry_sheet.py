"""The registry as a spreadsheet: one row per municipality in content/kommuner.xlsx (or .csv).

Advisors keep who is at which stage in Excel. A row holds a municipality's identity (number,
name, language, stage, dates: the columns here) and the facts section types declare columns for
(the meeting date, the contact person, own costs per part: see Shows.columns); quotes, overrides
and logos stay in the municipality's YAML file. Where both exist, the row is laid over the YAML
file like an override (a filled cell wins, an empty cell leaves the YAML value), so an advisor
edits the workbook `hpdeck registry export` wrote without touching YAML. A municipality with a
row and no YAML file is in the registry too; its slug is made from its name.

Each value remembers its cell, so a mistake is reported as
``content/kommuner.xlsx!Kommuner!D12: stage: 'vedtak' is not a stage; did you mean 'Vedtatt'?``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hpdeck.catalogs import catalog
from hpdeck.content import sheets
from hpdeck.content.loader import Document, Loc
from hpdeck.content.municipality_files import folder, slug_for
from hpdeck.content.registry_columns import AS_TEXT, DATE, Cells, Column, Columns, ListColumns
from hpdeck.errors import ContentError, Problem
from hpdeck.languages import LANGUAGES
from hpdeck.messages import say, shown

CANDIDATES = (("content", "kommuner.xlsx"), ("content", "kommuner.csv"))
"""Where the registry workbook may be, the first one found wins."""
SHEET = "Kommuner"
LANGUAGE_WORDS = {"nb": "nb", "bokmål": "nb", "bokmal": "nb", "nn": "nn", "nynorsk": "nn"}


@cache
def stage_words() -> dict[str, str]:
    """Every word a cell may use for a stage (the catalogs' short names and the keys)."""
    from hpdeck.content.rollout import STAGES

    words: dict[str, str] = {stage: stage for stage in STAGES}
    for language in LANGUAGES:
        for stage in STAGES:
            words[catalog(language)[f"stage_short.{stage}"].casefold()] = stage
    return words


def stage_word(stage: str) -> str:
    """The word export writes for a stage (bokmål, as the dropdown offers it)."""
    return catalog("nb")[f"stage_short.{stage}"]


def find(root: Path) -> Path | None:
    """The registry workbook of the project, if it has one."""
    return next(
        (root.joinpath(*parts) for parts in CANDIDATES if root.joinpath(*parts).is_file()), None
    )


def slugify(name: str) -> str:
    """A file-name-safe slug: 'Indre Fosen kommune' -> 'indre-fosen', 'Ørland' -> 'orland'."""
    return slug_for(name.removesuffix(" kommune").removesuffix(" Kommune"))


@dataclass(frozen=True)
class Row:
    """One municipality's row: its facts as a document whose positions are cells."""

    number: str
    name: str | None
    doc: Document
    problems: tuple[Problem, ...] = ()
    """Mistakes in this row's cells, reported with this municipality."""


@dataclass(frozen=True)
class Rows:
    """Every row of the registry workbook that holds a municipality."""

    sheet: sheets.Sheet
    rows: tuple[Row, ...]
    orphans: tuple[Problem, ...]
    """Mistakes in rows that name no municipality number, so belong to no municipality."""


_PARSED: dict[tuple[int, Columns], tuple[sheets.Sheet, Rows]] = {}


def read(root: Path, columns: Columns) -> Rows | None:
    """The rows of content/kommuner.xlsx (or .csv), or None when the project has none.

    ``columns`` are the ones the municipality model knows (see municipality.model_for): a
    heading no one knows is an error for the whole sheet (its column would be ignored).
    """
    path = find(root)
    if path is None:
        return None
    display = path.relative_to(root).as_posix()
    sheet = sheets.read_sheet(
        path, root, SHEET if path.suffix == ".xlsx" else None, display=display
    )
    known = _PARSED.get((id(sheet), columns))
    if known and known[0] is sheet:
        return known[1]
    rows = _parse(sheet, columns)
    _PARSED[(id(sheet), columns)] = (sheet, rows)
    return rows


Heading = Column | tuple[ListColumns, str]
"""What a heading says a column holds: one fact, or one item of a list (with its key)."""


def _headings(sheet: sheets.Sheet, known: Columns) -> dict[int, Heading]:
    """Column number -> what the column holds, from the first row."""
    if not sheet.rows:
        raise ContentError.single(sheet.display, say("registry.empty_sheet"))
    columns: dict[int, Heading] = {}
    problems = []
    wanted = {column.heading.casefold(): column for column in known.columns}
    for column in known.columns:  # English keys too, for people who copy them from YAML
        wanted.setdefault(column.alias.casefold(), column)
    for cell in sheet.rows[0]:
        if cell.value is None:
            continue
        heading = str(cell.value).strip()
        listed = known.listed(heading)
        if listed is not None:
            columns[cell.col] = listed
            continue
        found = wanted.get(heading.casefold())
        if found is None:
            names = [column.heading for column in known.columns]
            close = difflib.get_close_matches(heading, names, n=1)
            message = (
                say("registry.unknown_column_close", heading=shown(heading), close=shown(close[0]))
                if close
                else say(
                    "registry.unknown_column",
                    heading=shown(heading),
                    columns=", ".join(known.headings()),
                )
            )
            problems.append(sheet.problem(cell, "", message))
            continue
        if found in columns.values():
            problems.append(
                sheet.problem(cell, "", say("registry.column_twice", heading=shown(heading)))
            )
            continue
        columns[cell.col] = found
    if NUMBER not in columns.values():
        problems.append(
            Problem(
                sheet.display,
                1,
                1,
                "",
                say("registry.no_number_column"),
            )
        )
    if problems:
        raise ContentError(problems)
    return columns


def _parse(sheet: sheets.Sheet, known: Columns) -> Rows:
    columns = _headings(sheet, known)
    rows: list[Row] = []
    orphans: list[Problem] = []
    for cells in sheet.rows[1:]:
        filled = [c for c in cells if c.col in columns and (c.value is not None or c.formula)]
        if not filled:
            continue
        data: dict[str, Any] = {}
        positions: dict[Loc, tuple[int, int]] = {(): (filled[0].row, filled[0].col)}
        trouble: list[Problem] = []
        for cell in filled:
            heading = columns[cell.col]
            try:
                if isinstance(heading, Column):
                    _fill(data, positions, heading.loc, _value(sheet, cell, heading), cell)
                else:
                    _add_item(data, positions, *heading, sheet, cell)
            except ContentError as err:
                trouble.extend(err.problems)
        number = data.get("number")
        if number is None:
            first = filled[0]
            trouble.append(
                sheet.problem(
                    sheets.Cell(None, first.row, _column_of(columns, NUMBER)),
                    "number",
                    say("registry.no_number"),
                )
            )
        if number is None:
            orphans.extend(trouble)
            continue
        doc = Document(sheet.path, sheet.display, data, positions, dict(positions))
        rows.append(Row(str(number), data.get("name"), doc, tuple(trouble)))
    return Rows(sheet, tuple(rows), tuple(orphans))


def _fill(
    data: dict[str, Any],
    positions: dict[Loc, tuple[int, int]],
    key: Loc,
    value: Any,
    cell: sheets.Cell,
) -> None:
    """Put one fact in the row's data at ``key``, every level of it placed at the cell."""
    target = data
    for depth, part in enumerate(key[:-1], start=1):
        target = target.setdefault(str(part), {})
        positions.setdefault(key[:depth], (cell.row, cell.col))
    target[str(key[-1])] = value
    positions[key] = (cell.row, cell.col)


def _add_item(
    data: dict[str, Any],
    positions: dict[Loc, tuple[int, int]],
    columns: ListColumns,
    key: str,
    sheet: sheets.Sheet,
    cell: sheets.Cell,
) -> None:
    """Add one item to a list fact (an own cost) from a '<prefix> <key>' column."""
    value = columns.cells.read(sheet, cell, f"{columns.prefix} {key}")
    items = data.setdefault(columns.field, [])
    index = len(items)
    items.append({columns.key: key, columns.value: value})
    field = columns.field
    for loc in (
        (field,),
        (field, index),
        (field, index, columns.key),
        (field, index, columns.value),
    ):
        positions[loc] = (cell.row, cell.col)


def _column_of(columns: dict[int, Heading], wanted: Column) -> int:
    return next((col for col, value in columns.items() if value == wanted), 1)


def _value(sheet: sheets.Sheet, cell: sheets.Cell, column: Column) -> Any:
    """The cell's value as the municipality file would hold it; a clear problem otherwise
    (named by the advisor's word for the column, as in the heading row)."""
    return column.cells.read(sheet, cell, column.heading)


def _number(sheet: sheets.Sheet, cell: sheets.Cell, where: str) -> str:
    value = sheets.saved(sheet, cell, where)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10_000:
        return f"{value:04d}"
    if isinstance(value, str) and len(value) == 4 and value.isdigit():
        return value
    raise ContentError(
        [sheet.problem(cell, where, say("municipality.number", value=sheets.cell_value(value)))]
    )


def _stage(sheet: sheets.Sheet, cell: sheets.Cell, where: str) -> str:
    text = sheets.text(sheet, cell, where)
    stages = stage_words()
    stage = stages.get(text.casefold())
    if stage is None:
        words = [stage_word(s) for s in dict.fromkeys(stages.values())]
        close = difflib.get_close_matches(
            text.casefold(), [w.casefold() for w in words], n=1, cutoff=0.5
        )
        message = (
            say(
                "registry.not_stage_close",
                value=shown(text),
                close=shown(words[[w.casefold() for w in words].index(close[0])]),
            )
            if close
            else say("registry.not_stage", value=shown(text), stages=", ".join(words))
        )
        raise ContentError([sheet.problem(cell, where, message)])
    return stage


def _language(sheet: sheets.Sheet, cell: sheets.Cell, where: str) -> str:
    text = sheets.text(sheet, cell, where)
    language = LANGUAGE_WORDS.get(text.casefold())
    if language is None:
        raise ContentError(
            [
                sheet.problem(
                    cell,
                    where,
                    say("registry.not_language", value=shown(text)),
                )
            ]
        )
    return language


def _stage_cell(stage: Any) -> Any:
    return stage_word(stage) if stage else None


NUMBER = Column("Nummer", ("number",), Cells(_number, number_format=AS_TEXT))
"""The municipality number, which says whose a row is."""
NAME = Column("Navn", ("name",))
LANGUAGE = Column("Målform", ("language",), Cells(_language))
STAGE = Column("Fase", ("stage",), Cells(_stage, _stage_cell))
CORE = Columns(
    (
        NUMBER,
        NAME,
        LANGUAGE,
        STAGE,
        Column("Planlagt oppstart", ("planned_go_live",), DATE),
        Column("Tatt i bruk", ("went_live",), DATE),
    )
)
"""The columns of a municipality's identity and rollout position, first in every workbook;
section types add theirs after (Shows.columns)."""


def _file_numbers(root: Path, files: set[str]) -> dict[str, str]:
    """Municipality number -> slug of the YAML file that gives it (files that parse)."""
    from hpdeck.content.loader import load_yaml

    numbers: dict[str, str] = {}
    for slug in sorted(files):
        try:
            data = load_yaml(folder(root) / f"{slug}.yaml", root=root).data
        except ContentError:
            continue
        number = data.get("number") if isinstance(data, dict) else None
        if isinstance(number, int) and not isinstance(number, bool):
            number = f"{number:04d}"
        if isinstance(number, str):
            numbers.setdefault(number, slug)
    return numbers


def _by_slug(root: Path, columns: Columns, files: set[str] | None = None) -> dict[str, Row]:
    """Each row under the slug of the YAML file with its number, else a slug from its name."""
    rows = read(root, columns)
    if rows is None:
        return {}
    if files is None:
        place = folder(root)
        files = {p.stem for p in place.glob("*.yaml")} if place.is_dir() else set()
    stamps = []
    for slug in sorted(files):
        try:
            stat = (folder(root) / f"{slug}.yaml").stat()
        except OSError:
            continue
        stamps.append((slug, stat.st_mtime_ns, stat.st_size))
    key = (root, tuple(stamps))
    known = _SLUGS.get(id(rows))
    if known and known[0] is rows and known[1] == key:
        return known[2]
    numbers = _file_numbers(root, files)
    result: dict[str, Row] = {}
    for row in rows.rows:
        slug = numbers.get(row.number) or slugify(row.name or row.number)
        result.setdefault(slug, row)
    _SLUGS[id(rows)] = (rows, key, result)
    return result


_SLUGS: dict[int, tuple[Rows, tuple[Any, ...], dict[str, Row]]] = {}
"""The rows by slug, while neither the workbook nor a municipality file changes."""


def sheet_slugs(root: Path, files: set[str], columns: Columns) -> list[str]:
    """The slugs of the municipalities the registry workbook holds."""
    return list(_by_slug(root, columns, files))


def row_for(root: Path, slug: str, columns: Columns) -> Row | None:
    """The workbook row for this municipality, if the project has a workbook holding one."""
    return _by_slug(root, columns).get(slug)


def orphans(root: Path, columns: Columns) -> list[Problem]:
    """Problems of workbook rows that say no municipality number, so belong to nobody."""
    rows = read(root, columns)
    return list(rows.orphans) if rows else []


_ROWS: dict[int, tuple[Any, Row]] = {}


def remember(local: Any, row: Row) -> None:
    """Note that a loaded municipality took facts from this row, for row_of and locate."""
    _ROWS[id(local)] = (local, row)


def row_of(local: Any) -> Row | None:
    """The workbook row a loaded municipality took facts from, if any."""
    known = _ROWS.get(id(local))
    return known[1] if known and known[0] is local else None


def locate(local: Any, loc: Loc) -> tuple[str, int | None, int | None]:
    """Where a municipality's fact stands: its workbook cell when the row gave it, else YAML."""
    row = row_of(local)
    if row is not None and loc in row.doc.positions:
        return (row.doc.display, *row.doc.positions[loc])
    return (local.doc.display, *local.doc.locate(loc))
