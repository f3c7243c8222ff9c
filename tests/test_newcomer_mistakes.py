"""Mistakes a new user makes, each answered with one located message in the user's language
(found by trying hpdeck as a newcomer after the restructuring that moved facts into sections)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from hpdeck.commands.cli import main

SKAUN = Path("content") / "municipalities" / "skaun.yaml"
WORKBOOK = "content/kommuner.xlsx"


def _run(project: Path, tmp_path: Path, *args: str) -> tuple[int, list[str], Path]:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [*args, "--out", str(out)])
    return result.exit_code, result.output.splitlines(), out


def _council(project: Path, *args: str) -> list[str]:
    return ["build", str(project / "decks" / "council-meeting.yaml"), "-m", "skaun", *args]


def test_an_empty_new_month_folder_is_one_message_naming_the_way_out(
    project: Path, tmp_path: Path
) -> None:
    (project / "content" / "2023-01").mkdir()

    code, lines, out = _run(
        project, tmp_path, "build", str(project / "decks" / "monthly-briefing.yaml")
    )

    assert code == 1
    errors = [line for line in lines if line.startswith("content/") or line.startswith("decks/")]
    assert errors == [
        "content/2023-01: content/2023-01/ holds no content files, yet as the latest month it is "
        "the one built; run hpdeck new-month 2023-01 to fill it as a copy of 2022-12, or build "
        "2022-12 with --month 2022-12"
    ], lines
    assert not out.exists()


def test_a_month_asked_for_by_name_still_lists_each_missing_file(
    project: Path, tmp_path: Path
) -> None:
    (project / "content" / "2023-01").mkdir()
    deck = str(project / "decks" / "monthly-briefing.yaml")

    code, lines, _ = _run(project, tmp_path, "build", deck, "--month", "2023-01", "--ui-lang", "nb")

    assert code == 1
    assert any(
        line.startswith("decks/monthly-briefing.yaml:")
        and "sections[0]: fant ikke innholdsfilen content/2023-01/title.yaml" in line
        for line in lines
    ), lines


def test_a_misspelt_section_in_a_deck_gets_the_nearest_content_file(
    project: Path, tmp_path: Path
) -> None:
    deck = project / "decks" / "monthly-briefing.yaml"
    deck.write_text(deck.read_text("utf-8").replace("  - status\n", "  - statsu\n"), "utf-8")

    code, lines, out = _run(project, tmp_path, "build", str(deck), "--ui-lang", "nn")

    assert code == 1
    assert [line for line in lines if line.startswith("decks/")] == [
        "decks/monthly-briefing.yaml:7:5: sections[1]: fann ikkje innhaldsfila "
        "content/2022-12/statsu.yaml; meinte du 'status'?"
    ], lines
    assert not out.exists()


def test_an_override_for_a_missing_section_is_said_in_bokmal(project: Path, tmp_path: Path) -> None:
    path = project / SKAUN
    path.write_text(path.read_text("utf-8") + "overrides:\n  medai:\n    title: X\n", "utf-8")
    line = len(path.read_text("utf-8").splitlines()) - 1

    code, lines, out = _run(project, tmp_path, *_council(project, "--ui-lang", "nb"))

    assert code == 1
    assert (
        f"  {SKAUN.as_posix()}:{line}:3: overrides.medai: presentasjonen har ingen seksjon "
        "'medai'; seksjoner: title, status, vision, go-live, metrics, benefits, helsami, "
        "economy, contact"
    ) in lines, lines
    assert not out.exists() or not any(out.iterdir())


def test_a_thousands_dot_and_the_batch_summary_are_said_in_nynorsk_and_singular(
    project: Path, tmp_path: Path
) -> None:
    path = project / SKAUN
    text = path.read_text("utf-8")
    path.write_text(text.replace("amount: 8_910_000", "amount: 98.200"), "utf-8")

    code, lines, _ = _run(project, tmp_path, *_council(project, "--ui-lang", "nn"))

    assert code == 1
    assert any(
        "costs[0].amount: 98.200 blir lese som 98.2, ikkje 98200: YAML tek punktumet som "
        "desimalteikn; skriv 98200 (eller 98_200)" in line
        for line in lines
    ), lines
    assert lines[-1].startswith("bygde 0 av 1 presentasjon på "), lines
    assert lines[-1].endswith("; feila: skaun"), lines


def _workbook_with(project: Path, **cells: object) -> dict[str, str]:
    """The exported registry with Skaun's cells set by heading; each heading's coordinate."""
    result = CliRunner().invoke(
        main, ["registry", "export", str(project / WORKBOOK), "--project", str(project)]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(project / WORKBOOK)
    sheet = book["Kommuner"]
    headings = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "5029")
    places = {}
    for heading, value in cells.items():
        cell = row[headings.index(heading.replace("_", " "))]
        cell.value = value
        places[heading] = cell.coordinate
    book.save(project / WORKBOOK)
    return places


def test_workbook_cells_are_refused_in_the_users_language(project: Path, tmp_path: Path) -> None:
    places = _workbook_with(
        project,
        Fase="vedtak",
        Tatt_i_bruk="2022/11/12",
        **{"Kostnad: Felles innføringsprosjekt": dt.datetime(2023, 1, 17)},
    )

    code, lines, out = _run(project, tmp_path, *_council(project, "--ui-lang", "nb"))

    assert code == 1
    sheet = f"  {WORKBOOK}!Kommuner!"
    assert f"{sheet}{places['Fase']}: Fase: 'vedtak' er ikke en fase; mente du 'Vedtatt'?" in lines
    assert (
        f"{sheet}{places['Tatt_i_bruk']}: Tatt i bruk: forventet en dato som 12.11.2022, "
        "fikk '2022/11/12'"
    ) in lines, lines
    cost = places["Kostnad: Felles innføringsprosjekt"]
    assert (
        f"{sheet}{cost}: Kostnad: Felles innføringsprosjekt: forventet et tall, fikk '17.01.2023'"
    ) in lines, lines
    assert not out.exists() or not any(out.iterdir())


def test_a_date_and_a_translated_quote_are_refused_in_nynorsk_not_half_bokmal(
    project: Path, tmp_path: Path
) -> None:
    path = project / SKAUN
    path.write_text(
        path.read_text("utf-8")
        + "meeting_date: 31.12.2022\nquotes:\n  - text: {nb: Bra, nn: Bra}\n    speaker: Ola\n",
        "utf-8",
    )

    code, lines, _ = _run(project, tmp_path, *_council(project, "--ui-lang", "nn"))

    assert code == 1
    assert any(
        line.endswith("meeting_date: venta ein dato som 2022-12-12, fekk '31.12.2022'")
        for line in lines
    ), lines
    assert any(
        "quotes[0].text: sitat blir aldri omsette: skriv orda slik dei vart sagde" in line
        for line in lines
    ), lines


def test_check_of_several_municipalities_reports_a_broken_file_and_what_it_costs_the_others(
    project: Path,
) -> None:
    """Skaun's error once, as an error of its own deck; Os's deck loses the status map to it
    and warns at Skaun's line, as build does."""
    path = project / SKAUN
    path.write_text(path.read_text("utf-8").replace("amount: 8_910_000", "amount: 98.200"), "utf-8")
    deck = str(project / "decks" / "council-meeting.yaml")

    result = CliRunner().invoke(main, ["check", deck, "-m", "skaun", "-m", "os"])

    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert [line.split("; this municipality file")[0] for line in lines if "98.200" in line] == [
        "content/municipalities/skaun.yaml:10:13: costs[0].amount: 98.200 reads as 98.2, not "
        "98200: YAML takes the dot for a decimal point; write 98200 (or 98_200) for the whole "
        "number, or 98.2 if a decimal is meant",
        "content/municipalities/skaun.yaml:10:13: warning: costs[0].amount: 98.200 reads as "
        "98.2, not 98200: YAML takes the dot for a decimal point; write 98200 (or 98_200) for "
        "the whole number, or 98.2 if a decimal is meant",
    ], lines
    assert f"{deck} -m os: 1 warning to look at (15 slides)" in lines


def test_the_sign_off_names_a_missing_language_form_in_the_users_words() -> None:
    from hpdeck.pipeline.signoff import _missing
    from hpdeck.plan.i18n import Formatter

    for language in ("nb", "nn"):
        line = _missing(Formatter(language), "language", "Nyby")
        assert "bunke" not in line, line  # not a word for a presentation
        assert "presentasjonen" in line and "decks/" in line, line


def test_a_figure_read_from_a_workbook_is_refused_in_nynorsk(project: Path, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Tall"
    sheet.append(["Tall", "des. 2022"])
    sheet.append(["helsearbeidere i gang", 16000])
    book.save(project / "content" / "tall.xlsx")
    metrics = project / "content" / "2022-12" / "metrics.yaml"
    text = metrics.read_text("utf-8")
    reference = "{sheet: content/tall.xlsx!Tall, label: helsearbeidere}"
    metrics.write_text(text.replace("value: 16000", f"value: {reference}", 1), "utf-8")
    deck = str(project / "decks" / "monthly-briefing.yaml")

    code, lines, out = _run(project, tmp_path, "build", deck, "--ui-lang", "nn")

    assert code == 1
    assert any(
        line.endswith(
            "metrics[0].value.label: inga rad med etiketten 'helsearbeidere' i "
            "content/tall.xlsx!Tall; meinte du 'helsearbeidere i gang'?"
        )
        for line in lines
    ), lines
    assert not out.exists()


def test_a_misspelt_deck_or_theme_gets_the_nearest_one_in_nynorsk(
    project: Path, tmp_path: Path
) -> None:
    decks = project / "decks"

    code, lines, _ = _run(
        project, tmp_path, "build", str(decks / "monthly.yaml"), "--ui-lang", "nn"
    )
    assert code == 2
    assert lines[-1] == (
        f"feil: ugyldig verdi for 'PRESENTASJON': '{decks / 'monthly.yaml'}' finst ikkje; "
        f"meinte du '{decks / 'monthly-briefing.yaml'}'?"
    ), lines

    deck = str(decks / "monthly-briefing.yaml")
    code, lines, _ = _run(
        project, tmp_path, "build", deck, "--theme", "hig-contrast", "--ui-lang", "nn"
    )
    assert code == 2
    assert lines[-1] == (
        "feil: ugyldig verdi for '--theme': fann ikkje temaet 'hig-contrast' i themes/; "
        "meinte du 'high-contrast'?"
    ), lines


def test_an_unknown_section_type_and_a_tab_are_refused_in_nynorsk(project: Path) -> None:
    folder = project / "content" / "2022-12"
    metrics = folder / "metrics.yaml"
    metrics.write_text(metrics.read_text("utf-8").replace("type: metrics", "type: metric"), "utf-8")
    vision = folder / "vision.yaml"
    vision.write_text("\t" + vision.read_text("utf-8"), "utf-8")
    deck = str(project / "decks" / "monthly-briefing.yaml")

    result = CliRunner().invoke(main, ["check", deck, "--ui-lang", "nn"])
    code, lines = result.exit_code, result.output.splitlines()

    assert code == 1
    assert (
        "content/2022-12/metrics.yaml:1:7: type: ukjend seksjonstype 'metric'; meinte du 'metrics'?"
        in lines
    ), lines
    assert any(
        line.startswith("content/2022-12/vision.yaml:1:1: YAML-syntaksfeil: fann teiknet '\\t'")
        for line in lines
    ), lines


def test_a_stage_written_as_the_slides_say_it_suggests_its_key(
    project: Path, tmp_path: Path
) -> None:
    path = project / "content" / "municipalities" / "bindal.yaml"
    path.write_text(path.read_text("utf-8") + "stage: Vedtatt\n", "utf-8")
    deck = str(project / "decks" / "council-meeting.yaml")

    code, lines, _ = _run(project, tmp_path, "build", deck, "-m", "bindal")

    assert code == 1
    assert any(
        line.endswith(
            "stage: expected one of 'in-use', 'decided', 'preparing', 'deciding', "
            "'unscheduled', got 'Vedtatt'; did you mean 'decided'?"
        )
        for line in lines
    ), lines


def test_check_as_json_gives_the_figures_to_refresh_located_like_its_errors(project: Path) -> None:
    started = CliRunner().invoke(main, ["new-month", "2023-01", "--project", str(project)])
    assert started.exit_code == 0, started.output
    deck = str(project / "decks" / "monthly-briefing.yaml")

    result = CliRunner().invoke(main, ["check", deck, "--format", "json"])

    report = json.loads(result.output)
    downloads = [r for r in report["refresh"] if r["where"] == "downloads"]
    assert downloads == [
        {
            "file": "content/2023-01/helsami.yaml",
            "line": downloads[0]["line"],
            "col": 12,
            "where": "downloads",
            "message": "still last month's figure; update it, then delete 'downloads' "
            "from refresh:",
        }
    ], report["refresh"]
    text = (project / "content" / "2023-01" / "helsami.yaml").read_text("utf-8").splitlines()
    assert text[downloads[0]["line"] - 1].startswith("downloads: ")


def test_message_options_may_come_before_the_command(project: Path, tmp_path: Path) -> None:
    deck = str(project / "decks" / "monthly-briefing.yaml")
    out = str(tmp_path / "out")

    result = CliRunner().invoke(main, ["--ui-lang", "nb", "build", deck, "--out", out])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("skrev "), result.output

    quiet = CliRunner().invoke(main, ["-q", "build", deck, "--out", out])
    assert quiet.exit_code == 0, quiet.output
    assert quiet.output == ""
