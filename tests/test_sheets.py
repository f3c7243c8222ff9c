"""The registry as a workbook: export, edit in Excel, build; every bad cell named by its place."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from pptx import Presentation

from hpdeck.commands.cli import main
from hpdeck.content.sheets import Cell, Sheet, number
from hpdeck.errors import ContentError
from tests.conftest import build_monthly

WORKBOOK = "content/kommuner.xlsx"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def export(project: Path) -> Path:
    result = run("registry", "export", str(project / WORKBOOK), "--project", str(project))
    assert result.exit_code == 0, result.output
    assert str(project / WORKBOOK) in result.output
    return project / WORKBOOK


def edit(path: Path, number: str, heading: str, value: object) -> str:
    """Set one cell of a municipality's row, as an advisor would in Excel; its coordinate."""
    book = load_workbook(path)
    sheet = book["Kommuner"]
    column = [c.value for c in sheet[1]].index(heading)
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == number)
    row[column].value = value
    book.save(path)
    return row[column].coordinate


def texts(path: Path) -> list[str]:
    return [
        "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame).replace("\xa0", " ")
        for slide in Presentation(str(path)).slides
    ]


def test_export_writes_every_fact_with_dropdowns_for_stage_and_language(project: Path) -> None:
    sheet = load_workbook(export(project))["Kommuner"]
    headings = [c.value for c in sheet[1]]
    assert headings[:7] == [
        "Nummer",
        "Navn",
        "Målform",
        "Fase",
        "Planlagt oppstart",
        "Tatt i bruk",
        "Møtedato",
    ]
    assert "Kostnad: Felles innføringsprosjekt" in headings
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == 66
    skaun = rows["5029"]
    assert skaun[1] == "Skaun kommune"
    assert skaun[headings.index("Kostnad: Felles innføringsprosjekt")] == 8_910_000
    assert rows["5025"][3] == "I bruk"
    assert rows["5025"][5] == dt.datetime(2022, 11, 12)
    assert rows["5006"][3] is None  # Steinkjer's stage is not known: the cell stays empty
    lists = {
        str(dv.sqref).split(":")[0][0]: dv.formula1 for dv in sheet.data_validations.dataValidation
    }
    assert lists["D"] == '"I bruk,Vedtatt,Forbereder,Planlegger vedtak,Ikke tidfestet"'
    assert lists["C"] == '"nb,nn"'


def test_an_exported_workbook_builds_the_same_decks(project: Path, tmp_path: Path) -> None:
    deck = project / "decks" / "council-meeting.yaml"
    assert run("build", str(deck), "-m", "skaun", "--out", str(tmp_path / "a")).exit_code == 0
    export(project)
    assert run("build", str(deck), "-m", "skaun", "--out", str(tmp_path / "b")).exit_code == 0
    before = texts(tmp_path / "a" / "council-meeting-skaun.pptx")
    assert texts(tmp_path / "b" / "council-meeting-skaun.pptx") == before


def test_the_cost_columns_follow_the_economy_type_not_its_file_name(
    project: Path, tmp_path: Path
) -> None:
    """A project that names its economy file okonomi.yaml gets the same workbook columns (the
    parts' names, not their ids) and the same council deck from the workbook."""
    month = project / "content" / "2022-12"
    (month / "economy.yaml").rename(month / "okonomi.yaml")
    for deck in (project / "decks").glob("*.yaml"):
        deck.write_text(deck.read_text("utf-8").replace("  - economy\n", "  - okonomi\n"))
    deck = project / "decks" / "council-meeting.yaml"
    assert run("build", str(deck), "-m", "skaun", "--out", str(tmp_path / "a")).exit_code == 0
    headings = [c.value for c in load_workbook(export(project))["Kommuner"][1]]
    assert [h for h in headings if str(h).startswith("Kostnad: ")] == [
        "Kostnad: Felles innføringsprosjekt",
        "Kostnad: Kommunale innføringsprosjekt",
        "Kostnad: Drift og vedlikehold",
    ]
    assert run("build", str(deck), "-m", "skaun", "--out", str(tmp_path / "b")).exit_code == 0
    before = texts(tmp_path / "a" / "council-meeting-skaun.pptx")
    assert texts(tmp_path / "b" / "council-meeting-skaun.pptx") == before
    assert any("8,91 mill. kr" in text for text in before)  # Skaun's own costs


def test_round_trip_export_edit_a_cell_build_changes_the_slides(
    project: Path, tmp_path: Path
) -> None:
    path = export(project)
    edit(path, "5006", "Fase", "Planlegger vedtak")  # Steinkjer, stage unknown until now
    edit(path, "5006", "Møtedato", dt.datetime(2023, 3, 14))
    edit(path, "5029", "Kostnad: Felles innføringsprosjekt", "9 120 000")  # Skaun, as text
    deck = project / "decks" / "council-meeting.yaml"
    for slug in ("steinkjer", "skaun"):
        result = run("build", str(deck), "-m", slug, "--out", str(tmp_path / "out"))
        assert result.exit_code == 0, result.output
    steinkjer = texts(tmp_path / "out" / "council-meeting-steinkjer.pptx")
    assert "14. mars 2023" in steinkjer[0]
    assert any(t.startswith("Steinkjer planlegger å ta politisk beslutning") for t in steinkjer)
    skaun = "\n".join(texts(tmp_path / "out" / "council-meeting-skaun.pptx"))
    assert "9,12 mill. kr" in skaun
    assert "8,91 mill. kr" not in skaun


def test_the_workbook_is_part_of_the_content_hash(project: Path, tmp_path: Path) -> None:
    path = export(project)
    deck = project / "decks" / "monthly-briefing.yaml"
    assert run("build", str(deck), "--out", str(tmp_path / "a")).exit_code == 0
    edit(path, "5006", "Kontaktperson", "Kari Nordmann")
    assert run("build", str(deck), "--out", str(tmp_path / "b")).exit_code == 0
    ids = {
        Presentation(str(tmp_path / d / "monthly-briefing.pptx")).core_properties.identifier
        for d in ("a", "b")
    }
    assert len(ids) == 2


@pytest.mark.parametrize(
    ("number", "heading", "value", "message"),
    [
        ("5029", "Fase", "vedtak", "Fase: 'vedtak' is not a stage; did you mean 'Vedtatt'?"),
        (
            "5029",
            "Målform",
            "nynorks",
            "Målform: 'nynorks' is not a language form; write nb (bokmål) or nn (nynorsk)",
        ),
        (
            "5029",
            "Kostnad: Felles innføringsprosjekt",
            "3.76",
            "Kostnad: Felles "
            "innføringsprosjekt: '3.76' could be read two ways; "
            "write it as 3,76 (decimal comma) or 3760 (whole number)",
        ),
        (
            "5029",
            "Kostnad: Felles innføringsprosjekt",
            "16,000",
            "Kostnad: Felles innføringsprosjekt: '16,000' could be read two ways",
        ),
        (
            "5029",
            "Kostnad: Drift og vedlikehold",
            "mange",
            "Kostnad: Drift og vedlikehold: "
            "'mange' is not a number; write digits only, e.g. 16000 or 3,76",
        ),
        (
            "5029",
            "Kostnad: Drift og vedlikehold",
            -5,
            "Kostnad: Drift og vedlikehold: must be 0 or more, got -5",
        ),
        (
            "5029",
            "Planlagt oppstart",
            "31.02.2024",
            "Planlagt oppstart: '31.02.2024' is not a date in the calendar",
        ),
        (
            "5029",
            "Møtedato",
            "neste uke",
            "Møtedato: expected a date like 12.11.2022, got 'neste uke'",
        ),
        (
            "5029",
            "Nummer",
            "50290",
            "Nummer: a municipality number has four digits, like 5029; got '50290'",
        ),
        (
            "5029",
            "Kostnad: Felles innføringsprosjekt",
            "=2*4455000",
            "Kostnad: Felles innføringsprosjekt: the formula in this cell has no saved result",
        ),
    ],
)
def test_a_bad_cell_is_named_by_workbook_sheet_and_cell(
    project: Path, tmp_path: Path, number: str, heading: str, value: object, message: str
) -> None:
    cell = edit(export(project), number, heading, value)
    result = build_monthly(project, tmp_path / "out")
    assert result.exit_code == 1
    assert f"content/kommuner.xlsx!Kommuner!{cell}: {message}" in result.output
    assert not (tmp_path / "out").exists()
    if heading != "Nummer":  # Skaun's own deck fails on the same cell
        result = run(
            "build",
            str(project / "decks" / "council-meeting.yaml"),
            "-m",
            "skaun",
            "--out",
            str(tmp_path / "out"),
        )
        assert f"content/kommuner.xlsx!Kommuner!{cell}: {message}" in result.output
        assert not (tmp_path / "out").exists()


def test_an_unknown_column_heading_is_named_with_the_closest(project: Path) -> None:
    path = export(project)
    book = load_workbook(path)
    book["Kommuner"]["D1"] = "Fasen"
    book.save(path)
    result = run("check", str(project / "decks" / "monthly-briefing.yaml"))
    assert result.exit_code == 1
    assert (
        "content/kommuner.xlsx!Kommuner!D1: unknown column 'Fasen'; did you mean 'Fase'?"
        in result.output
    )


def test_a_csv_registry_works_like_the_workbook(project: Path, tmp_path: Path) -> None:
    (project / "content" / "kommuner.csv").write_text(
        "Nummer;Navn;Fase;Møtedato\n5006;Steinkjer kommune;Planlegger vedtak;14.03.2023\n"
        "5007;Namsos kommune;vedtak;\n",
        "utf-8",
    )
    result = run(
        "build",
        str(project / "decks" / "council-meeting.yaml"),
        "-m",
        "steinkjer",
        "--out",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 0, result.output
    assert "14. mars 2023" in texts(tmp_path / "out" / "council-meeting-steinkjer.pptx")[0]
    result = run("check", str(project / "decks" / "monthly-briefing.yaml"))
    assert result.exit_code == 1
    assert (
        "content/kommuner.csv:3:3: Fase: 'vedtak' is not a stage; did you mean 'Vedtatt'?"
        in result.output
    )


def test_a_municipality_only_in_the_workbook_gets_a_deck(project: Path, tmp_path: Path) -> None:
    path = project / WORKBOOK
    book = Workbook()
    sheet = book.active
    sheet.title = "Kommuner"
    sheet.append(["Nummer", "Navn", "Målform", "Fase"])
    sheet.append(["5006", "Steinkjer kommune", "nn", "Forbereder"])
    book.save(path)
    (project / "content" / "municipalities" / "steinkjer.yaml").unlink()
    result = run(
        "build",
        str(project / "decks" / "council-meeting.yaml"),
        "-m",
        "steinkjer",
        "--out",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 0, result.output
    first = texts(tmp_path / "out" / "council-meeting-steinkjer.pptx")[1]
    assert "Steinkjer har byrja med førebuande aktivitetar" in first


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("16 000", 16000),
        ("16\u00a0000", 16000),
        ("16.000", 16000),
        ("3,76", 3.76),
        ("1 234,5", 1234.5),
        ("1.234.567", 1234567),
        ("\u22125", -5),
        ("42", 42),
        (7, 7),
        (2.5, 2.5),
    ],
)
def test_numbers_typed_as_text_are_read_as_a_norwegian_means_them(
    written: object, meant: float
) -> None:
    sheet = Sheet("x.xlsx!Ark", Path("x.xlsx"), ())
    assert number(sheet, Cell(written, 2, 3), "value") == meant


@pytest.mark.parametrize("written", ["3.76", "16,000", "1.5.3", "16 00", "1,2,3", "tre", True])
def test_numbers_that_could_be_misread_are_refused(written: object) -> None:
    sheet = Sheet("x.xlsx!Ark", Path("x.xlsx"), ())
    with pytest.raises(ContentError, match=r"^x.xlsx!Ark!C2: value: "):
        number(sheet, Cell(written, 2, 3), "value")


def test_a_formula_saved_by_excel_is_read_as_its_saved_value(project: Path, tmp_path: Path) -> None:
    path = export(project)
    cell = edit(path, "5029", "Kostnad: Felles innføringsprosjekt", "=3*3040000")
    _save_result(path, cell, "9120000")  # what Excel stores next to the formula on saving
    result = run(
        "build",
        str(project / "decks" / "council-meeting.yaml"),
        "-m",
        "skaun",
        "--out",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 0, result.output
    assert "9,12 mill. kr" in "\n".join(texts(tmp_path / "out" / "council-meeting-skaun.pptx"))


def _save_result(path: Path, cell: str, value: str) -> None:
    """Store a formula's result in the file, as Excel does when it saves a workbook."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].decode()
    start = xml.index(f'<c r="{cell}"')
    end = xml.index("</c>", start)
    parts[name] = (
        xml[:start]
        + re.sub(r"<v\s*/>|<v></v>|$", f"<v>{value}</v>", xml[start:end], count=1)
        + xml[end:]
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part, data in parts.items():
            target.writestr(part, data)


def test_export_outside_a_project_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "kommuner.xlsx"
    result = CliRunner().invoke(
        main, ["registry", "export", str(target), "--project", str(tmp_path), "--ui-lang", "en"]
    )
    assert result.exit_code == 1, result.output
    assert "no content/ folder here" in result.output
    assert not target.exists()
