"""`hpdeck registry export`: the registry as a workbook the advisor goes on editing in Excel.

One row per municipality with every fact hpdeck knows, in the columns content/kommuner.xlsx is
read with; stage and language cells get dropdowns (data validation), dates are real date cells,
and the municipality number is text so that 0301 keeps its zero. Saved as content/kommuner.xlsx,
the workbook is laid over the YAML files: a changed cell changes the decks.
"""

from __future__ import annotations

import io
from pathlib import Path

from hpdeck import registry_sheet
from hpdeck.errors import ContentError
from hpdeck.files import write_atomic
from hpdeck.region import load_region
from hpdeck.sections.status import STAGES

DATE_FORMAT = "DD.MM.YYYY"


def cost_parts(root: Path, members: list) -> list[str]:  # type: ignore[type-arg]
    """The cost parts to give a column: the latest month's overview, then any others in use."""
    from hpdeck.loader import load_yaml
    from hpdeck.project import Project

    parts: list[str] = []
    try:
        month = Project(root).month(None)
        data = load_yaml(root / "content" / month / "economy.yaml", root=root).data
        overview = data.get("overview") if isinstance(data, dict) else None
        parts = [
            str(p["name"])
            for p in (overview or {}).get("parts", [])
            if isinstance(p, dict) and "name" in p
        ]
    except (ContentError, OSError, AttributeError):
        parts = []
    for member in members:
        for cost in member.municipality.costs:
            if cost.part not in parts:
                parts.append(cost.part)
    return parts


def export(root: Path, target: Path) -> int:
    """Write the registry to ``target`` (.xlsx); the number of municipalities written.

    Refuses to write when a municipality file is broken, since its row would be missing.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    region, problems = load_region(root)
    if problems:
        raise ContentError(problems)
    members = sorted(
        region.members, key=lambda m: (m.municipality.number or "9999", m.municipality.name)
    )
    parts = cost_parts(root, members)
    headings = [*registry_sheet.COLUMNS, *(f"{registry_sheet.COST_PREFIX} {p}" for p in parts)]
    book = Workbook()
    sheet = book.active
    sheet.title = registry_sheet.SHEET
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for member in members:
        m = member.municipality
        contact = m.contact
        costs = {cost.part: cost.amount for cost in m.costs}
        sheet.append(
            [
                m.number,
                m.name,
                m.language,
                registry_sheet.stage_word(m.stage) if m.stage else None,
                m.planned_go_live,
                m.went_live,
                m.meeting_date,
                contact.name if contact else None,
                contact.role if contact else None,
                contact.email if contact else None,
                contact.phone if contact else None,
                *(_whole(costs.get(part)) for part in parts),
            ]
        )
    last = len(members) + 1
    column = {heading: get_column_letter(i) for i, heading in enumerate(headings, start=1)}
    for heading in ("Nummer", "Telefon"):
        for (cell,) in sheet[f"{column[heading]}2:{column[heading]}{max(last, 2)}"]:
            cell.number_format = "@"  # text: 0301 keeps its zero
    for heading in ("Planlagt oppstart", "Tatt i bruk", "Møtedato"):
        for (cell,) in sheet[f"{column[heading]}2:{column[heading]}{max(last, 2)}"]:
            cell.number_format = DATE_FORMAT
    rows = f"2:{max(last, 2) + 200}"  # room for municipalities added by hand
    stages = DataValidation(
        type="list",
        formula1='"' + ",".join(registry_sheet.stage_word(s) for s in STAGES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Fase",
        error="Velg en fase fra listen.",
    )
    languages = DataValidation(
        type="list",
        formula1='"nb,nn"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Målform",
        error="Skriv nb (bokmål) eller nn (nynorsk).",
    )
    for validation, heading in ((stages, "Fase"), (languages, "Målform")):
        sheet.add_data_validation(validation)
        start, end = rows.split(":")
        validation.add(f"{column[heading]}{start}:{column[heading]}{end}")
    for heading, letter in column.items():
        sheet.column_dimensions[letter].width = max(12, min(40, len(heading) + 4))
    sheet.column_dimensions[column["Navn"]].width = 26
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(target, buffer.getvalue())
    return len(members)


def _whole(amount: float | None) -> float | int | None:
    return int(amount) if amount is not None and float(amount).is_integer() else amount
