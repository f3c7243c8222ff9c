"""The linter reads the built deck back and finds what a reader would stumble on."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.util import Inches, Pt

from hpdeck.check.lint import Finding, contrast, lint_pptx
from hpdeck.commands.cli import main
from hpdeck.content.theme import load_theme


@pytest.fixture
def built(project: Path, tmp_path: Path) -> Path:
    """The sample deck built from the project copy."""
    result = CliRunner().invoke(
        main,
        ["build", str(project / "decks" / "monthly-briefing.yaml"), "--out", str(tmp_path / "out")],
    )
    assert result.exit_code == 0, result.output
    return tmp_path / "out" / "monthly-briefing.pptx"


def _slide(prs, title_start: str):  # type: ignore[no-untyped-def]
    return next(
        (number, slide)
        for number, slide in enumerate(prs.slides, start=1)
        if title_start in slide.shapes.title.text_frame.text.replace("\xa0", " ")
    )


def _shape(slide, name: str):  # type: ignore[no-untyped-def]
    return next(shape for shape in slide.shapes if shape.name == name)


def _lint(prs, project: Path) -> list[Finding]:  # type: ignore[no-untyped-def]
    data = io.BytesIO()
    prs.save(data)
    return lint_pptx(data.getvalue(), load_theme(project, "helseplattformen"))


@pytest.mark.parametrize("theme", ["helseplattformen", "high-contrast"])
def test_the_sample_deck_lints_clean_in_both_themes(project: Path, theme: str) -> None:
    result = CliRunner().invoke(
        main,
        ["check", str(project / "decks" / "monthly-briefing.yaml"), "--theme", theme, "--strict"],
    )
    assert result.exit_code == 0, result.output
    assert ": ok (" in result.output


def test_planted_overflow_is_found_with_slide_and_source(built: Path, project: Path) -> None:
    prs = Presentation(str(built))
    number, slide = _slide(prs, "7. mai 2022: Trondheim")
    for paragraph in _shape(slide, "Quote").text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(66)
    found = [f for f in _lint(prs, project) if f.check == "fit"]
    assert len(found) == 1
    finding = found[0]
    assert (finding.slide, finding.shape) == (number, "Quote")
    assert finding.title == "7.\xa0mai\xa02022: Trondheim kommune tok i bruk Helseplattformen"
    assert finding.source == "content/2022-12/go-live.yaml:12"  # the quote's text
    assert str(finding.problem()).startswith(
        f"{finding.source}: warning: slide {number} '7. mai 2022: Trondheim kommune tok i bruk "
        "Helseplattformen': Quote: text does not fit its box: it needs "
    )


def test_planted_off_slide_shape_is_found(built: Path, project: Path) -> None:
    prs = Presentation(str(built))
    number, slide = _slide(prs, "Hva definerer vi")
    _shape(slide, "Benefit areas").left = Inches(11)
    found = [f for f in _lint(prs, project) if f.check == "off-slide"]
    assert [(f.slide, f.shape) for f in found] == [(number, "Benefit areas")]
    assert found[0].source.startswith("content/2022-12/benefits.yaml:")
    assert "lies partly outside the slide" in found[0].message


def test_planted_collision_is_found_but_text_on_a_card_is_not(built: Path, project: Path) -> None:
    prs = Presentation(str(built))
    number, slide = _slide(prs, "Hva definerer vi")
    definition, areas = _shape(slide, "Definition"), _shape(slide, "Benefit areas")
    assert _lint(prs, project) == []  # the definition's text sits on its card: no finding
    areas.left = definition.left + Inches(1)
    found = [f for f in _lint(prs, project) if f.check == "overlap"]
    assert [(f.slide, f.shape) for f in found] == [(number, "Benefit areas")]
    assert "collides with 'Definition'" in found[0].message


def test_missing_alt_text_title_and_small_text_are_found(built: Path, project: Path) -> None:
    prs = Presentation(str(built))
    number, slide = _slide(prs, "Total kostnadsoversikt")
    chart = _shape(slide, "Cost overview chart")
    chart._element.nvPicPr.cNvPr.set("descr", "")
    body_number, body_slide = _slide(prs, "Hva definerer vi")
    for paragraph in _shape(body_slide, "Benefit areas").text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(12)
    slide.shapes.title.text_frame.text = ""
    found = {(f.check, f.slide, f.shape) for f in _lint(prs, project)}
    assert ("alt-text", number, "Cost overview chart") in found
    assert ("title", number, "") in found
    assert ("min-size", body_number, "Benefit areas") in found


def test_planted_low_contrast_theme_colours_are_found_with_slide_and_theme_line(
    project: Path,
) -> None:
    pale = project / "themes" / "pale"
    pale.mkdir()
    (pale / "theme.yaml").write_text(
        "name: Pale\n"
        "extends: helseplattformen\n"
        "colors:\n"
        "  muted: '#B8BEC6'\n"
        "  stages: ['#1B7F5B', '#2B6CB0', '#A86A12', '#6B46C1', '#D9DEE3']\n",
        encoding="utf-8",
    )
    deck = str(project / "decks" / "monthly-briefing.yaml")
    result = CliRunner().invoke(main, ["check", deck, "--theme", "pale"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(
        line.startswith(
            "themes/pale/theme.yaml:5: warning: chart colour #D9DEE3 "
            "(colors.stages[4]) on the background #FFFFFF has contrast "
        )
        for line in lines
    ), result.output
    footer = [line for line in lines if "Footer: text #B8BEC6" in line]
    assert footer, result.output
    assert "(colors.muted, themes/pale/theme.yaml:4)" in footer[0]
    assert "slide 2 " in footer[0] and "WCAG AA needs 4.5:1" in footer[0]
    strict = CliRunner().invoke(main, ["check", deck, "--theme", "pale", "--strict"])
    assert strict.exit_code == 1
    assert "warning:" not in strict.output
    as_json = CliRunner().invoke(main, ["check", deck, "--theme", "pale", "--format", "json"])
    report = json.loads(as_json.output)
    checks = {f["check"] for f in report["decks"][0]["findings"]}
    assert checks == {"contrast"}
    first = report["decks"][0]["findings"][0]
    assert set(first) == {"check", "message", "slide", "title", "shape", "source"}


def test_contrast_follows_wcag() -> None:
    assert contrast("000000", "FFFFFF") == pytest.approx(21)
    assert contrast("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_a_missing_font_is_reported_since_fitting_then_guesses(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hpdeck.check.lint import lint_theme
    from hpdeck.plan import fit

    monkeypatch.setattr(fit, "font_file", lambda *args, **kwargs: None)
    found = [f for f in lint_theme(load_theme(project, "high-contrast")) if f.check == "fonts"]
    assert [f.message.split(" is installed")[0] for f in found] == [
        "fonts.heading: neither Arial nor its metric-compatible twin Liberation Sans"
    ]
    assert found[0].source == "themes/high-contrast/theme.yaml:17"
    assert "install Liberation Sans (or Arial) here" in found[0].message
