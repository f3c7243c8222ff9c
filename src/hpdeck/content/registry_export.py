"""`hpdeck registry export`: the registry as a workbook the advisor goes on editing in Excel.

One row per municipality with every fact hpdeck knows, in the columns content/kommuner.xlsx is
read with; stage and language cells get dropdowns (data validation), dates are real date cells,
and the municipality number is text so that 0301 keeps its zero. Saved as content/kommuner.xlsx,
the workbook is laid over the YAML files: a changed cell changes the decks.
"""

from __future__ import annotations

import io
from pathlib import Path

from hpdeck.content import registry_sheet
from hpdeck.content.files import write_atomic
from hpdeck.content.municipality import Municipality
from hpdeck.content.region import load_region
from hpdeck.content.rollout import STAGES
from hpdeck.errors import ContentError, HpdeckError
from hpdeck.messages import say

DATE_FORMAT = "DD.MM.YYYY"


def cost_parts(root: Path, members: list) -> list[tuple[str, set[str]]]:
    """One column per cost part: its heading word and every word an own cost may name it by.

    The latest month's overview gives the parts (by their bokmål name, known also by their id
    and their names in other languages); parts only a municipality names come after.
    """
    from hpdeck.content.loader import load_yaml
    from hpdeck.content.project import Project

    parts: list[tuple[str, set[str]]] = []
    try:
        month = Project(root).month(None)
        data = load_yaml(root / "content" / month / "economy.yaml", root=root).data
        overview = data.get("overview") if isinstance(data, dict) else None
        for part in (overview or {}).get("parts", []):
            if not isinstance(part, dict) or "name" not in part:
                continue
            name = part["name"]
            names = {str(v) for v in name.values()} if isinstance(name, dict) else {str(name)}
            heading = (
                str(name.get("nb") or next(iter(name.values())))
                if isinstance(name, dict)
                else str(name)
            )
            parts.append((heading, names | ({str(part["id"])} if part.get("id") else set())))
    except (ContentError, OSError, AttributeError, StopIteration):
        parts = []
    for member in members:
        for cost in member.municipality.costs:
            if not any(cost.part in names for _, names in parts):
                parts.append((cost.part, {cost.part}))
    return parts


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
    parts = cost_parts(root, members)
    headings = [
        *registry_sheet.COLUMNS,
        *(f"{registry_sheet.COST_PREFIX} {heading}" for heading, _ in parts),
    ]
    book = Workbook()
    sheet = book.active
    sheet.title = registry_sheet.SHEET
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for member in members:
        m = member.municipality
        contact = m.contact
        costs = {
            heading: cost.amount
            for cost in m.costs
            for heading, names in parts
            if cost.part in names
        }
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
                _plain_text(contact.role) if contact else None,
                contact.email if contact else None,
                contact.phone if contact else None,
                *(_whole(costs.get(heading)) for heading, _ in parts),
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


def _plain_text(text: str | None) -> str | None:
    """Text for one cell; text given per language stays in YAML (a cell holds one language)."""
    variants = getattr(text, "variants", None)
    return None if text is None or (variants and len(variants) > 1) else str(text)
