"""A theme font hpdeck has no file for (Verdana on a Linux machine) is measured on the wide
side, with DejaVu Sans, so its text never breaks inside a word; check says so at the theme
line naming the font, with what to install or name instead."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import ImageFont
from pptx import Presentation
from pptx.util import Emu

from hpdeck.commands.cli import main
from hpdeck.plan import fit, fonts
from hpdeck.plan.model import Box, para
from tests.conftest import build_monthly

MISSING = "Verdana"  # not on a Debian machine; the fixture below makes sure of it


@pytest.fixture(autouse=True)
def _verdana_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    real = fonts.find

    def find(family: str, bold: bool = False, italic: bool = False) -> Path | None:
        return None if family.strip().lower() == MISSING.lower() else real(family, bold, italic)

    monkeypatch.setattr(fonts, "find", find)
    fit.font_file.cache_clear()
    fit._ems.cache_clear()
    fit._paragraph_lines.cache_clear()
    fit._paragraph_too_long.cache_clear()
    fit.fitted_size.cache_clear()
    fit.overflow.cache_clear()
    yield
    for remembered in (fit.font_file, fit._ems, fit._paragraph_lines, fit._paragraph_too_long):
        remembered.cache_clear()
    fit.fitted_size.cache_clear()
    fit.overflow.cache_clear()


def dejavu_width(text: str, points: float, bold: bool = False) -> float:
    """Inches ``text`` takes in DejaVu Sans, what LibreOffice sets in a missing font's place."""
    path = fonts.find("DejaVu Sans", bold)
    assert path is not None, "DejaVu Sans comes with matplotlib"
    font = ImageFont.truetype(str(path), 2048, layout_engine=ImageFont.Layout.BASIC)
    return font.getlength(text) / 2048 * points / 72


def test_an_unmeasured_font_is_measured_as_wide_as_dejavu_sans() -> None:
    for text, bold in (("kommunehelsetjenesten", False), ("Over 82 timer", True)):
        width = fit.text_width(text, 24, bold=bold, family=MISSING)
        assert width == pytest.approx(dejavu_width(text, 24, bold), rel=1e-3)
    assert fit.line_pitch(MISSING) >= 1.3  # Segoe UI's is 1.33, Verdana's 1.22
    assert "DejaVu" in fit.metrics_source(MISSING)


def test_a_word_too_wide_in_the_stand_in_shrinks_the_text_rather_than_break() -> None:
    word = "kommunehelsetjenesten"
    # a box as wide as the word in DejaVu Sans at 22 pt: at 24 it would break mid-word
    box = Box(0, 0, dejavu_width(word, 22) + 2 * fit.INSET_X + 0.01, 3)
    text = (para(f"besøk i {word}"),)
    assert fit.long_words(text, 24, box, family=MISSING) == (word,)
    assert fit.fitted_size(text, box, 24, 12, family=MISSING) == 22


def test_without_even_dejavu_sans_glyphs_are_counted_generously(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fit, "_stand_in", lambda *args: None)
    assert fit.text_width("abcd", 72, family=MISSING) == pytest.approx(4 * 0.6)
    assert fit.metrics_source(MISSING) == "an estimate"


def _verdana_theme(project: Path) -> Path:
    theme = project / "themes" / "verdana" / "theme.yaml"
    theme.parent.mkdir()
    theme.write_text(
        "extends: helseplattformen\nfonts:\n  heading: Verdana\n  body: Verdana\n", "utf-8"
    )
    return theme


def test_check_warns_at_the_theme_line_and_strict_refuses(project: Path) -> None:
    _verdana_theme(project)
    deck = str(project / "decks" / "monthly-briefing.yaml")
    result = CliRunner().invoke(main, ["check", deck, "--theme", "verdana", "--ui-lang", "en"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "[fonts]" in line]
    assert len(warnings) == 1  # heading and body name the same font: said once
    where = r"themes/verdana/theme\.yaml:3: warning: fonts\.heading: Verdana "
    assert re.search(where, warnings[0])
    assert "install Verdana" in warnings[0] and "Calibri (Carlito)" in warnings[0]
    assert "Carlito (for Calibri)" not in warnings[0]  # the old advice, no help with Verdana
    strict = CliRunner().invoke(
        main, ["check", deck, "--theme", "verdana", "--strict", "--ui-lang", "en"]
    )
    assert strict.exit_code == 1


def test_no_word_of_a_verdana_deck_is_wider_than_its_box(project: Path, tmp_path: Path) -> None:
    """What LibreOffice shows (DejaVu Sans in Verdana's place) breaks no word of the monthly
    deck: 'kommunehelsetjenesten' on the status cards, '65 %', 'Over 82 timer'."""
    _verdana_theme(project)
    result = build_monthly(project, tmp_path / "out", "--theme", "verdana")
    assert result.exit_code == 0, result.output
    (deck,) = (tmp_path / "out").glob("*.pptx")
    checked = set()
    for slide in Presentation(str(deck)).slides:
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.width:
                continue
            room = Emu(shape.width).inches - 2 * fit.INSET_X
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    if run.font.size is None:
                        continue
                    for word in run.text.split():
                        width = dejavu_width(word, run.font.size.pt, bool(run.font.bold))
                        assert width <= room, f"{word!r} breaks in {shape.name}"
                        checked.add(word)
    assert {"kommunehelsetjenesten", "65", "timer"} <= checked


@pytest.mark.parametrize("stand_in", [True, False])
def test_verbose_says_how_a_missing_font_was_measured(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stand_in: bool
) -> None:
    if not stand_in:
        monkeypatch.setattr(fit, "_stand_in", lambda *args: None)
    _verdana_theme(project)
    deck = str(project / "decks" / "monthly-briefing.yaml")
    result = CliRunner().invoke(
        main,
        ["build", deck, "--theme", "verdana", "-v", "--ui-lang", "en", "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    said = "measured with DejaVu Sans" if stand_in else "nor DejaVu Sans: text in it was measured"
    assert f"no font file for Verdana was found{'' if stand_in else ','}" in result.output
    assert said in result.output
