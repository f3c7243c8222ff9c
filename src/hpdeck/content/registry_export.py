"""`hpdeck registry export`: the registry as a workbook the advisor goes on editing in Excel.

One row per municipality with every fact hpdeck knows, in the columns content/kommuner.xlsx is
read with; stage and language cells get dropdowns (data validation), dates are real date cells,
and the municipality number is text so that 0301 keeps its zero. Saved as content/kommuner.xlsx,
the workbook is laid over the YAML files: a changed cell changes the decks.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from hpdeck.content import registry_sheet
from hpdeck.content.files import write_atomic
from hpdeck.content.loader import Loc
from hpdeck.content.municipality import Local, Municipality
from hpdeck.content.region import load_region
from hpdeck.content.registry_columns import Cells, ListColumns
from hpdeck.content.rollout import STAGES
from hpdeck.errors import ContentError, HpdeckError
from hpdeck.messages import say


def list_columns(
    root: Path, columns: ListColumns, members: list[Local]
) -> list[tuple[str, frozenset[str]]]:
    """One column per item key: its heading's key and every word an item may name it by.

    The section type gives the keys it always has (the latest month's cost overview); keys only
    a municipality names come after, in the order met.
    """
    found = list(columns.known(root)) if columns.known else []
    for member in members:
        for item in getattr(member.municipality, columns.field, None) or []:
            key = str(getattr(item, columns.key))
            if not any(key in names for _, names in found):
                found.append((key, frozenset({key})))
    return found


def _fact(municipality: Municipality, loc: Loc) -> Any:
    """The validated value at ``loc`` (None where a level is left out)."""
    value: Any = municipality
    for part in loc:
        value = getattr(value, str(part), None)
        if value is None:
            return None
    return value


def export(root: Path, target: Path, model: type[Municipality]) -> int:
    """Write the registry to ``target`` (.xlsx); the number of municipalities written.

    Refuses to write when a municipality file is broken, since its row would be missing, and
    outside a project, where an empty workbook would look like a registry with no one in it.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    if not (root / "content").is_dir():
        raise HpdeckError(say("project.none_here", command="registry export"))
    region, problems = load_region(root, model)
    if problems:
        raise ContentError(problems)
    members = sorted(
        region.members, key=lambda m: (m.municipality.number or "9999", m.municipality.name)
    )
    known = model.sheet_columns
    listed = [(columns, list_columns(root, columns, members)) for columns in known.lists]
    headings = [
        *(column.heading for column in known.columns),
        *(f"{columns.prefix} {key}" for columns, keys in listed for key, _ in keys),
    ]
    formats: list[Cells] = [
        *(column.cells for column in known.columns),
        *(columns.cells for columns, keys in listed for _ in keys),
    ]
    book = Workbook()
    sheet = book.active
    sheet.title = registry_sheet.SHEET
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for member in members:
        m = member.municipality
        cells = [column.cells.write(_fact(m, column.loc)) for column in known.columns]
        for columns, keys in listed:
            values = {
                key: getattr(item, columns.value)
                for item in getattr(m, columns.field, None) or []
                for key, names in keys
                if str(getattr(item, columns.key)) in names
            }
            cells.extend(columns.cells.write(values.get(key)) for key, _ in keys)
        sheet.append(cells)
    last = len(members) + 1
    column = {heading: get_column_letter(i) for i, heading in enumerate(headings, start=1)}
    for heading, kind in zip(headings, formats, strict=True):
        if kind.number_format:  # text keeps 0301's zero; dates show as dates
            for (cell,) in sheet[f"{column[heading]}2:{column[heading]}{max(last, 2)}"]:
                cell.number_format = kind.number_format
    rows = f"2:{max(last, 2) + 200}"  # room for municipalities added by hand
    stages = DataValidation(
        type="list",
        formula1='"' + ",".join(registry_sheet.stage_word(s) for s in STAGES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=registry_sheet.STAGE.heading,
        error="Velg en fase fra listen.",
    )
    languages = DataValidation(
        type="list",
        formula1='"nb,nn"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=registry_sheet.LANGUAGE.heading,
        error="Skriv nb (bokmål) eller nn (nynorsk).",
    )
    for validation, heading in (
        (stages, registry_sheet.STAGE.heading),
        (languages, registry_sheet.LANGUAGE.heading),
    ):
        sheet.add_data_validation(validation)
        start, end = rows.split(":")
        validation.add(f"{column[heading]}{start}:{column[heading]}{end}")
    for heading, letter in column.items():
        sheet.column_dimensions[letter].width = max(12, min(40, len(heading) + 4))
    sheet.column_dimensions[column[registry_sheet.NAME.heading]].width = 26
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(target, buffer.getvalue())
    return len(members)
