"""The status map's legend never contradicts the status chart: while advisors record stages in
the municipality files one by one, a stage the files know fewer municipalities at than the
status section counts says both numbers, the chart's first ('26  Preparing (1 on the map)'), never
a bare '1' beside the chart's '26', nor a '1 of 26' that reads as 'only one of 26 prepares'."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from hpdeck.commands.cli import main

REPO = Path(__file__).resolve().parent.parent


def _project(tmp_path: Path, stages: dict[str, str]) -> Path:
    root = tmp_path / "project"
    for folder in ("decks", "content", "themes"):
        shutil.copytree(REPO / folder, root / folder)
    for slug, stage in stages.items():
        path = root / "content" / "municipalities" / f"{slug}.yaml"
        path.write_text(path.read_text("utf-8") + f"stage: {stage}\n", "utf-8")
    return root


def _map_slide(
    root: Path, tmp_path: Path, *args: str, deck: str = "monthly-briefing.yaml"
) -> tuple[list[str], str, str]:
    """The legend rows, the map's alt text and the notes of the built deck's map slide."""
    deck_path = str(root / "decks" / deck)
    out = tmp_path / "out"
    built = CliRunner().invoke(main, ["build", deck_path, "--out", str(out), *args])
    assert built.exit_code == 0, built.output
    (path,) = out.glob("*.pptx")
    for slide in Presentation(str(path)).slides:
        shapes = {shape.name: shape for shape in slide.shapes}
        if "Status map" in shapes:
            rows = [
                s.text_frame.text.replace("\xa0", " ") for s in slide.shapes if s.name == "Legend"
            ]
            alt = shapes["Status map"]._element.xpath(".//p:cNvPr/@descr")[0]
            return rows, alt, slide.notes_slide.notes_text_frame.text
    raise AssertionError("no map slide")


def test_a_stage_partly_recorded_in_the_files_says_both_counts(tmp_path: Path) -> None:
    root = _project(tmp_path, {"midtre-gauldal": "preparing"})
    deck = str(root / "decks" / "monthly-briefing.yaml")
    checked = CliRunner().invoke(
        main, ["check", deck, "--theme", "corporate", "--lang", "en", "--ui-lang", "en"]
    )
    assert checked.exit_code == 0, checked.output
    rows, alt, notes = _map_slide(root, tmp_path, "--theme", "corporate", "--lang", "en")
    assert rows == ["7  In use", "26  Preparing (1 on the map)", "58 without a recorded stage"]
    assert "Preparing (1 of 26 on the map): Midtre Gauldal." in alt
    assert "(1 of 26 on the map): Midtre Gauldal." in notes


def test_no_legend_row_shows_a_count_the_chart_does_not(tmp_path: Path) -> None:
    """Every stage row's count, as the chart shows it (the status file's counts), in Bokmål."""
    stages = {"midtre-gauldal": "preparing", "skaun": "deciding", "verdal": "decided"}
    root = _project(tmp_path, stages)
    rows, alt, _ = _map_slide(root, tmp_path, "--lang", "nb")
    chart = {"I bruk": 7, "Vedtatt": 12, "Forbereder": 26, "Planlegger vedtak": 16}
    said = {}
    for row in rows:
        found = re.fullmatch(r"(\d+)  (.+?)(?: \(\d+ på kartet\))?", row)
        if found:
            said[found[2]] = int(found[1])
    assert said == chart, rows
    assert "12  Vedtatt (1 på kartet)" in rows
    assert "Planlegger vedtak (1 av 16 på kartet): Skaun." in alt


def test_a_stage_the_files_place_in_full_keeps_its_single_count(tmp_path: Path) -> None:
    rows, alt, _ = _map_slide(_project(tmp_path, {}), tmp_path, "--lang", "en")
    assert rows == ["7  In use", "59 without a recorded stage"]
    assert "on the map)" not in alt


def test_a_list_and_files_that_place_more_than_the_count_fail_check(tmp_path: Path) -> None:
    """Two named in the stage's list and a third whose file says the stage: the map would
    colour three beside the chart's two."""
    root = _project(tmp_path, {"verdal": "decided"})
    status = root / "content" / "2022-12" / "status.yaml"
    text = status.read_text("utf-8")
    text = text.replace(
        "  - stage: decided\n    count: 12\n",
        "  - stage: decided\n    count: 2\n    municipalities: [Skaun, Frosta]\n",
    )
    status.write_text(text.replace("count: 26", "count: 36"), "utf-8")
    deck = str(root / "decks" / "monthly-briefing.yaml")
    checked = CliRunner().invoke(main, ["check", deck, "--ui-lang", "en"])
    assert checked.exit_code == 1, checked.output
    assert (
        "content/2022-12/status.yaml:9:12: stages[1].count: count is 2, but this list and the "
        "municipality files put 3 municipalities at stage 'decided' (Frosta, Skaun, Verdal); "
        "correct the count, the list or the stage in their files"
    ) in checked.output


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_legend_fits_a_long_own_name_and_four_partly_recorded_stages(
    tmp_path: Path, language: str
) -> None:
    """The own name takes three rows of the legend in high contrast, which makes every row
    lower: each row is measured at the height it gets, and one whose counts need two lines
    takes two, so `check --strict` passes."""
    stages = {
        "midtre-gauldal": "preparing",
        "skaun": "deciding",
        "verdal": "decided",
        "frosta": "unscheduled",
    }
    root = _project(tmp_path, stages)
    own = root / "content" / "municipalities" / "midtre-gauldal.yaml"
    long_name = "Midtre Gauldal Holtålen Røros Tydal Selbu"
    own.write_text(
        own.read_text("utf-8").replace("short_name: Midtre Gauldal", f"short_name: {long_name}"),
        "utf-8",
    )
    deck = str(root / "decks" / "council-meeting.yaml")
    args = ["-m", "midtre-gauldal", "--theme", "high-contrast", "--lang", language]
    checked = CliRunner().invoke(main, ["check", deck, "--strict", "--ui-lang", "en", *args])
    assert checked.exit_code == 0, checked.output
    rows, _, _ = _map_slide(root, tmp_path, *args, deck="council-meeting.yaml")
    partly = {"nb": "26  Forbereder (1 på kartet)", "nn": "26  Førebur (1 på kartet)"}
    assert partly.get(language, "26  Preparing (1 on the map)") in rows
