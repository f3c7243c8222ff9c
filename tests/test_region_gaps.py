"""A council deck drawn from a region with a broken municipality file says so: its map and
counts leave that municipality out, which `check` must not pass as if nothing were missing."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from hpdeck.commands.cli import main

REPO = Path(__file__).resolve().parent.parent


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for folder in ("decks", "content", "themes"):
        shutil.copytree(REPO / folder, root / folder)
    volda = root / "content" / "municipalities" / "volda.yaml"
    volda.write_text(volda.read_text("utf-8").replace("language: nn", "language: nynorsk"))
    return root


def test_another_municipalitys_broken_file_is_a_warning_at_its_line(tmp_path: Path) -> None:
    root = _project(tmp_path)
    deck = str(root / "decks" / "council-meeting.yaml")
    checked = CliRunner().invoke(main, ["check", deck, "-m", "skaun", "--ui-lang", "en"])
    assert checked.exit_code == 0, checked.output
    assert "content/municipalities/volda.yaml:8:11: warning: language:" in checked.output
    assert "this deck leaves out what needs every municipality's file (the status map" in (
        checked.output
    )
    assert "1 warning to look at" in checked.output

    out = tmp_path / "out"
    strict = CliRunner().invoke(
        main, ["build", deck, "-m", "skaun", "--strict", "--out", str(out), "--ui-lang", "en"]
    )
    assert strict.exit_code == 1, strict.output
    assert "volda.yaml:8:11" in strict.output
    assert not out.exists() or not list(out.glob("*.pptx"))


def test_the_municipalitys_own_deck_is_refused_not_warned(tmp_path: Path) -> None:
    root = _project(tmp_path)
    deck = str(root / "decks" / "council-meeting.yaml")
    checked = CliRunner().invoke(main, ["check", deck, "-m", "volda", "--ui-lang", "en"])
    assert checked.exit_code == 1, checked.output
    assert "volda.yaml:8:11" in checked.output
    assert "leaves out" not in checked.output


def test_in_a_batch_every_deck_that_loses_the_map_says_so(tmp_path: Path) -> None:
    """Volda's own deck fails (exit 1); the others are built without the status map, and each
    says why: the first in full, the next in one line naming Volda's file and line."""
    root = _project(tmp_path)
    deck = str(root / "decks" / "council-meeting.yaml")
    out = tmp_path / "out"
    wanted = ("-m", "skaun", "-m", "volda", "-m", "frosta")
    built = CliRunner().invoke(
        main, ["build", deck, *wanted, "-j", "1", "--out", str(out), "--ui-lang", "en"]
    )
    assert built.exit_code == 1, built.output
    lines = built.output.splitlines()
    full = [line for line in lines if line.endswith("[region]")]
    assert len(full) == 1, built.output
    assert full[0].startswith("content/municipalities/volda.yaml:8:11: warning: language:")
    assert "the status map" in full[0]
    assert "frosta: the same warning as above (content/municipalities/volda.yaml:8:11)" in lines
    assert "failed: volda" in lines
    assert sorted(p.name for p in out.glob("*.pptx")) == [
        "council-meeting-frosta.pptx",
        "council-meeting-skaun.pptx",
    ]


def test_check_of_every_municipality_says_a_shared_warning_once_per_deck(tmp_path: Path) -> None:
    root = _project(tmp_path)
    deck = str(root / "decks" / "council-meeting.yaml")
    checked = CliRunner().invoke(
        main, ["check", deck, "-m", "frosta", "-m", "skaun", "--ui-lang", "en"]
    )
    assert checked.exit_code == 0, checked.output
    lines = checked.output.splitlines()
    assert sum(line.endswith("[region]") for line in lines) == 1, checked.output
    assert "skaun: the same warning as above (content/municipalities/volda.yaml:8:11)" in lines
    assert sum("1 warning to look at" in line for line in lines) == 2
