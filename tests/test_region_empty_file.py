"""An empty municipality file: its own deck is refused with what to write, and a batch's summary
says how many of the other decks were built without the status map, and why."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from pptx import Presentation

from hpdeck.commands.cli import main

REPO = Path(__file__).resolve().parent.parent
EMPTY = "content/municipalities/leka.yaml: the file is empty; write at least name: and number:"


def _project(tmp_path: Path, *emptied: str) -> Path:
    root = tmp_path / "project"
    for folder in ("decks", "content", "themes"):
        shutil.copytree(REPO / folder, root / folder)
    for slug in emptied:
        (root / "content" / "municipalities" / f"{slug}.yaml").write_text("# to do\n", "utf-8")
    return root


def _shapes(path: Path) -> set[str]:
    return {shape.name for slide in Presentation(str(path)).slides for shape in slide.shapes}


def test_an_empty_file_says_what_to_write(tmp_path: Path) -> None:
    root = _project(tmp_path, "leka")
    deck = str(root / "decks" / "council-meeting.yaml")
    checked = CliRunner().invoke(main, ["check", deck, "-m", "leka", "--ui-lang", "en"])
    assert checked.exit_code == 1, checked.output
    assert EMPTY in checked.output
    assert 'e.g. name: Leka kommune and number: "5052"' in checked.output  # its own, to copy
    assert "got nothing" not in checked.output


def test_an_empty_file_the_map_does_not_know_gets_no_other_municipalitys_name(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path)
    (root / "content" / "municipalities" / "nyby.yaml").write_text("", "utf-8")
    deck = str(root / "decks" / "council-meeting.yaml")
    checked = CliRunner().invoke(main, ["check", deck, "-m", "nyby", "--ui-lang", "en"])
    assert checked.exit_code == 1, checked.output
    assert "nyby.yaml: the file is empty; write at least name: and number: (the municipality" in (
        checked.output
    )
    assert "name: " not in checked.output.split("number:", 1)[1]


def test_the_batch_summary_says_which_decks_lost_the_map_and_why(tmp_path: Path) -> None:
    root = _project(tmp_path, "leka")
    deck = str(root / "decks" / "council-meeting.yaml")
    out = tmp_path / "out"
    wanted = ("-m", "skaun", "-m", "leka", "-m", "frosta")
    built = CliRunner().invoke(
        main, ["build", deck, *wanted, "-j", "1", "--out", str(out), "--ui-lang", "en"]
    )
    assert built.exit_code == 1, built.output
    lines = built.output.splitlines()
    assert "built 2 of 3 decks" in lines[-2], built.output
    assert lines[-1] == (  # the file's error itself said above, once
        "2 decks built without the status map and the counts taken from the municipality "
        "files: content/municipalities/leka.yaml does not validate (see above)"
    ), built.output
    assert sum(EMPTY in line for line in lines) == 1, built.output
    for slug in ("skaun", "frosta"):
        assert "Status map" not in _shapes(out / f"council-meeting-{slug}.pptx")


def test_a_batch_with_the_map_says_nothing_of_it(tmp_path: Path) -> None:
    root = _project(tmp_path)
    deck = str(root / "decks" / "council-meeting.yaml")
    out = tmp_path / "out"
    built = CliRunner().invoke(
        main, ["build", deck, "-m", "skaun", "-m", "frosta", "--out", str(out), "--ui-lang", "en"]
    )
    assert built.exit_code == 0, built.output
    assert "without the status map" not in built.output
    assert "Status map" in _shapes(out / "council-meeting-skaun.pptx")


def test_two_broken_files_are_named_together(tmp_path: Path) -> None:
    root = _project(tmp_path, "leka", "osen")
    deck = str(root / "decks" / "council-meeting.yaml")
    out = tmp_path / "out"
    built = CliRunner().invoke(
        main, ["build", deck, "-m", "skaun", "-j", "1", "--out", str(out), "--ui-lang", "en"]
    )
    assert built.exit_code == 0, built.output
    assert built.output.splitlines()[-1] == (
        "1 deck built without the status map and the counts taken from the municipality files: "
        "2 municipality files have errors (above): content/municipalities/leka.yaml, "
        "content/municipalities/osen.yaml"
    ), built.output


def test_a_deck_without_the_status_section_loses_nothing_to_a_broken_file(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path, "leka")
    definition = root / "decks" / "council-meeting.yaml"
    definition.write_text(definition.read_text("utf-8").replace("  - status\n", ""), "utf-8")
    out = tmp_path / "out"
    built = CliRunner().invoke(
        main,
        [
            "build",
            str(definition),
            "-m",
            "skaun",
            "-m",
            "frosta",
            "--out",
            str(out),
            "--ui-lang",
            "en",
        ],
    )
    assert built.exit_code == 0, built.output
    assert "leka.yaml" not in built.output
    assert "without the status map" not in built.output


def test_check_of_several_municipalities_ends_with_the_decks_that_lose_the_map(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path, "leka")
    deck = str(root / "decks" / "council-meeting.yaml")
    wanted = ("-m", "skaun", "-m", "frosta", "-m", "leka")
    checked = CliRunner().invoke(main, ["check", deck, *wanted, "--ui-lang", "en"])
    assert checked.exit_code == 1, checked.output
    assert checked.output.splitlines()[-1] == (
        "2 decks would be built without the status map and the counts taken from the "
        "municipality files: content/municipalities/leka.yaml does not validate (see above)"
    ), checked.output
