"""Monthly figures read straight from a workbook, named in content YAML by sheet and cell."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from pptx import Presentation

from hpdeck.commands.cli import main

MONTHLY = ("decks", "monthly-briefing.yaml")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def workbook(project: Path, rows: list[list[object]], name: str = "tall.xlsx") -> Path:
    """content/<name> with one sheet 'Tall' holding ``rows``, as an advisor keeps the figures."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Tall"
    for row in rows:
        sheet.append(row)
    path = project / "content" / name
    book.save(path)
    return path


FIGURES = [
    ["Tall", "nov. 2022", "des. 2022"],
    ["helsearbeidere i gang", 15000, "17 500"],
    ["HelsaMi-nedlastinger", 41000, 64000],
]


def refer(project: Path, file: str, old: str, new: str) -> None:
    path = project / "content" / "2022-12" / file
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def shown(path: Path) -> str:
    return "\n".join(
        s.text_frame.text
        for slide in Presentation(str(path)).slides
        for s in slide.shapes
        if s.has_text_frame
    ).replace("\xa0", " ")


def build(project: Path, out: Path):
    return run("build", str(project.joinpath(*MONTHLY)), "--out", str(out))


def test_figures_by_label_take_the_latest_column_or_the_one_named(
    project: Path, tmp_path: Path
) -> None:
    workbook(project, FIGURES)
    refer(
        project,
        "metrics.yaml",
        "value: 16000",
        "value: {sheet: content/tall.xlsx!Tall, label: helsearbeidere i gang}",
    )
    refer(
        project,
        "helsami.yaml",
        "downloads: 60000",
        "downloads: {sheet: content/tall.xlsx!Tall, label: HelsaMi-nedlastinger, "
        "column: des. 2022}",
    )
    result = build(project, tmp_path / "out")
    assert result.exit_code == 0, result.output
    text = shown(tmp_path / "out" / "monthly-briefing.pptx")
    assert "17 500" in text  # the text "17 500" read as a Norwegian means it
    assert "64 000" in text


LATEST = "value: {sheet: content/tall.xlsx!Tall, label: helsearbeidere i gang}"


def test_a_row_empty_in_the_newest_column_is_an_error_at_the_cell_to_fill(
    project: Path, tmp_path: Path
) -> None:
    """A new month's column with its figure not yet typed in read as last month's figure."""
    workbook(project, [[*FIGURES[0], "jan. 2023"], *FIGURES[1:]])
    refer(project, "metrics.yaml", "value: 16000", LATEST)

    checked = run("check", str(project.joinpath(*MONTHLY)))
    built = build(project, tmp_path / "out")

    assert checked.exit_code == 1
    assert (
        "content/tall.xlsx!Tall!D2: metrics[0].value: the cell is empty: the row 'helsearbeidere "
        "i gang' has no figure under 'jan. 2023', the newest column, which a reference without "
        "column: reads; write this month's figure here, or write column: 'des. 2022' in the "
        "reference to show that older figure on purpose"
    ) in checked.output
    assert built.exit_code == 1 and not (tmp_path / "out").exists()
    # Doing what the error says: the figure typed in, or the older column named.
    workbook(project, [[*FIGURES[0], "jan. 2023"], [*FIGURES[1], 18_250], *FIGURES[2:]])
    assert build(project, tmp_path / "filled").exit_code == 0
    assert "18 250" in shown(tmp_path / "filled" / "monthly-briefing.pptx")
    workbook(project, [[*FIGURES[0], "jan. 2023"], *FIGURES[1:]])
    refer(
        project,
        "metrics.yaml",
        "helsearbeidere i gang}",
        "helsearbeidere i gang, column: des. 2022}",
    )
    assert build(project, tmp_path / "named").exit_code == 0
    assert "17 500" in shown(tmp_path / "named" / "monthly-briefing.pptx")


def test_a_figure_right_of_the_last_heading_asks_for_its_month(
    project: Path, tmp_path: Path
) -> None:
    workbook(project, [FIGURES[0], [*FIGURES[1], 18_250], *FIGURES[2:]])
    refer(project, "metrics.yaml", "value: 16000", LATEST)

    result = run("check", str(project.joinpath(*MONTHLY)))

    assert result.exit_code == 1
    assert (
        "content/tall.xlsx!Tall!D2: metrics[0].value: this figure stands right of the sheet's "
        "last heading ('des. 2022'), so no heading says which month it is for; write its month "
        "in D1, or move the figure under its heading"
    ) in result.output


def test_a_label_in_the_first_row_without_headings_gives_its_last_figure(
    project: Path, tmp_path: Path
) -> None:
    workbook(project, [["helsearbeidere i gang", 15000, 17500, None]])
    refer(project, "metrics.yaml", "value: 16000", LATEST)
    assert build(project, tmp_path / "out").exit_code == 0
    assert "17 500" in shown(tmp_path / "out" / "monthly-briefing.pptx")


def test_a_figure_by_cell_address(project: Path, tmp_path: Path) -> None:
    workbook(project, FIGURES)
    refer(
        project, "metrics.yaml", "value: 16000", "value: {sheet: content/tall.xlsx!Tall, cell: B2}"
    )
    assert build(project, tmp_path / "out").exit_code == 0
    assert "15 000" in shown(tmp_path / "out" / "monthly-briefing.pptx")


def test_a_changed_workbook_changes_the_content_hash(project: Path, tmp_path: Path) -> None:
    path = workbook(project, FIGURES)
    refer(
        project, "metrics.yaml", "value: 16000", "value: {sheet: content/tall.xlsx!Tall, cell: B2}"
    )
    assert build(project, tmp_path / "a").exit_code == 0
    workbook(project, [*FIGURES, ["a note nobody shows", 1, 2]])
    assert path.is_file()
    assert build(project, tmp_path / "b").exit_code == 0
    ids = {
        Presentation(str(tmp_path / d / "monthly-briefing.pptx")).core_properties.identifier
        for d in ("a", "b")
    }
    assert len(ids) == 2


@pytest.mark.parametrize(
    ("reference", "rows", "expected"),
    [
        (
            "{sheet: content/tall.xlsx!Tal, cell: B2}",
            FIGURES,
            "content/2022-12/metrics.yaml:5:20: metrics[0].value.sheet: no sheet 'Tal' in this "
            "workbook; did you mean 'Tall'?",
        ),
        (
            "{sheet: content/tal.xlsx!Tall, cell: B2}",
            FIGURES,
            "content/2022-12/metrics.yaml:5:20: metrics[0].value.sheet: no file content/tal.xlsx",
        ),
        (
            "{sheet: content/tall.xlsx!Tall, cell: 2B}",
            FIGURES,
            "content/2022-12/metrics.yaml:5:50: metrics[0].value.cell: expected a cell like C7, "
            "got '2B'",
        ),
        (
            "{sheet: content/tall.xlsx!Tall, label: helsearbeidere}",
            FIGURES,
            "metrics[0].value.label: no row labelled 'helsearbeidere' in content/tall.xlsx!Tall; "
            "did you mean 'helsearbeidere i gang'?",
        ),
        (
            "{sheet: content/tall.xlsx!Tall, cell: D2}",
            FIGURES,
            "content/tall.xlsx!Tall!D2: metrics[0].value: the cell is empty",
        ),
        (
            "{sheet: content/tall.xlsx!Tall, cell: B2}",
            [["x", "y"], ["a", "mange"]],
            "content/tall.xlsx!Tall!B2: metrics[0].value: 'mange' is not a number",
        ),
        (
            "{sheet: content/tall.xlsx!Tall, cell: B2}",
            [["x", "y"], ["a", "16,000"]],
            "content/tall.xlsx!Tall!B2: metrics[0].value: '16,000' could be read two ways",
        ),
        (
            "{sheet: content/tall.xlsx!Tall, cell: B2}",
            [["x", "y"], ["a", "=B1*2"]],
            "content/tall.xlsx!Tall!B2: metrics[0].value: the formula in this cell has no saved "
            "result (the file was written by a program, not saved by Excel); "
            "open the file in Excel or LibreOffice and save it",
        ),
    ],
)
def test_a_reference_that_cannot_be_read_is_named_where_to_fix_it(
    project: Path, tmp_path: Path, reference: str, rows: list, expected: str
) -> None:
    workbook(project, rows)
    refer(project, "metrics.yaml", "value: 16000", f"value: {reference}")
    result = build(project, tmp_path / "out")
    assert result.exit_code == 1
    assert expected in result.output
    assert not (tmp_path / "out").exists()


def test_new_month_puts_the_sheets_figure_into_the_history(project: Path) -> None:
    workbook(project, FIGURES)
    refer(
        project,
        "metrics.yaml",
        "value: 16000",
        "value: {sheet: content/tall.xlsx!Tall, label: helsearbeidere i gang}",
    )
    result = run("new-month", "2023-01", "--project", str(project))
    assert result.exit_code == 0, result.output
    history = (project / "content" / "history.yaml").read_text("utf-8")
    added = history.split("Added by hpdeck new-month 2023-01")[1]
    assert '"helsearbeidere i gang med systemet": 17500' in added
    copied = (project / "content" / "2023-01" / "metrics.yaml").read_text("utf-8")
    assert "label: helsearbeidere i gang}" in copied  # the reference goes on to the next month
    result = run("check", str(project.joinpath(*MONTHLY)))
    assert (
        "content/2023-01/metrics.yaml:" in result.output
        and "metrics[0].value: still last month's figure" in result.output
    )


def test_history_figures_may_come_from_the_workbook_too(project: Path, tmp_path: Path) -> None:
    workbook(project, FIGURES)
    history = project / "content" / "history.yaml"
    history.write_text(
        history.read_text("utf-8") + "- as_of: 2022-11-12\n  helsami: {sheet: "
        "content/tall.xlsx!Tall, label: HelsaMi-nedlastinger, column: nov. 2022}\n",
        "utf-8",
    )
    result = build(project, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "+19 000" in shown(tmp_path / "out" / "monthly-briefing.pptx")  # 60 000 − 41 000


def test_columns_after_the_months_are_not_this_months_figure(project: Path, tmp_path: Path) -> None:
    """An advisor's sheet often ends with a change, a sum or a remark: the newest column is the
    last one whose heading names a month."""
    workbook(
        project,
        [
            ["Tall", "nov. 2022", "des. 2022", "Endring", "Merknad"],
            ["helsearbeidere i gang", 15000, 16500, "=C2-B2", "foreløpig"],
        ],
    )
    refer(project, "metrics.yaml", "value: 16000", LATEST)

    result = build(project, tmp_path / "out")

    assert result.exit_code == 0, result.output
    text = shown(tmp_path / "out" / "monthly-briefing.pptx")
    assert "16 500" in text
    assert "1 500" not in text.replace("16 500", "")
