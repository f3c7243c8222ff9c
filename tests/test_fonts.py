"""Font files found on any OS through matplotlib's font manager: the real font first, then its
metric-compatible open equivalent; what was found is remembered, and --verbose says it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from hpdeck.commands.cli import main
from hpdeck.plan import fit, fonts

from .test_fit import fonts_or_skip


@pytest.fixture
def memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private memory of found fonts, emptied for the test."""
    file = tmp_path / "fonts.json"
    monkeypatch.setenv("HPDECK_FONT_CACHE", str(file))
    forget()
    yield file
    forget()


def forget() -> None:
    """As in a new process: nothing found or used yet."""
    fonts._remembered.cache_clear()
    fonts._USED.clear()
    fit.font_file.cache_clear()


def installed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *families: str) -> list[str]:
    """Pretend only ``families`` are installed; returns the families searched for, in order."""
    asked: list[str] = []

    def search(family: str, bold: bool, italic: bool) -> Path | None:
        asked.append(family)
        if family not in families:
            return None
        path = tmp_path / f"{family}-{int(bold)}{int(italic)}.ttf"
        path.write_bytes(b"font")
        return path

    monkeypatch.setattr(fonts, "search", search)
    return asked


def test_real_calibri_is_measured_where_it_is_installed(
    memory: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    installed(monkeypatch, tmp_path, "Calibri", "Carlito")
    assert fonts.font_file("Calibri").name == "Calibri-00.ttf"
    assert fonts.font_file("Calibri", bold=True).name == "Calibri-10.ttf"


def test_carlito_and_liberation_stand_in_where_the_real_fonts_are_missing(
    memory: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    asked = installed(monkeypatch, tmp_path, "Carlito", "Liberation Sans")
    assert fonts.font_file("Calibri").name == "Carlito-00.ttf"
    assert fonts.font_file("Arial", italic=True).name == "Liberation Sans-01.ttf"
    assert asked == ["Calibri", "Carlito", "Arial", "Liberation Sans"]
    assert fonts.font_file("Comic Sans") is None


def test_a_found_font_is_remembered_and_a_vanished_one_looked_up_again(
    memory: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    asked = installed(monkeypatch, tmp_path, "Carlito")
    first = fonts.font_file("Calibri")
    assert json.loads(memory.read_text("utf-8")) == {"calibri|": str(first)}
    fonts._remembered.cache_clear()  # a new process
    asked.clear()
    assert fonts.font_file("Calibri") == first
    assert asked == []  # matplotlib's font manager not consulted
    first.unlink()
    fonts._remembered.cache_clear()
    assert fonts.font_file("Calibri") == first  # found again (and made again by the fake)
    assert asked == ["Calibri", "Carlito"]


def test_the_font_manager_finds_the_open_fonts_on_this_machine(memory: Path) -> None:
    fonts_or_skip("Calibri")
    assert fonts.search("Carlito", False, False).name == "Carlito-Regular.ttf"
    assert fonts.search("Carlito", True, True).name == "Carlito-BoldItalic.ttf"
    assert fonts.search("No Such Family", False, False) is None


def test_verbose_build_says_which_file_fitted_the_text(
    project: Path, tmp_path: Path, memory: Path
) -> None:
    fonts_or_skip("Calibri")
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(project / "decks" / "monthly-briefing.yaml"),
            "--out",
            str(tmp_path / "out"),
            "--verbose",
        ],
    )
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("text in Calibri"))
    assert line.startswith("text in Calibri was fitted with the metrics of ")
    assert line.endswith(("Calibri.ttf", "calibri.ttf", "Carlito-Regular.ttf"))
    quiet = CliRunner().invoke(
        main,
        ["build", str(project / "decks" / "monthly-briefing.yaml"), "--out", str(tmp_path / "out")],
    )
    assert "fitted with" not in quiet.output
