"""The sample monthly briefing, read back the way a reader would check it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

from hpdeck.pipeline.build import Options, build
from hpdeck.plan.typography import glue
from hpdeck.render.decorative import is_decorative

NBSP = "\u00a0"


@pytest.fixture
def deck(project: Path, tmp_path: Path):
    built = build(project / "decks" / "monthly-briefing.yaml", tmp_path / "out")
    return Presentation(str(built.path))


def titles(prs) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in prs.slides]


def all_text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
    return "\n".join(parts)


def pictures(prs):
    return [
        (number, shape)
        for number, slide in enumerate(prs.slides, 1)
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE and not is_decorative(shape._element)
    ]  # not the theme's logo


def test_deck_tells_the_whole_story_in_order(deck) -> None:
    shown = titles(deck)
    assert len(shown) >= 12
    assert shown[0] == "Status for kommunene og Helseplattformen"
    assert shown[1] == "7 av 66 kommuner har tatt Helseplattformen i bruk"
    # content/history.yaml holds the in-use count of May 2022, so the trend slide follows.
    assert shown[2] == glue("+6 kommuner har tatt Helseplattformen i bruk siden 7. mai 2022")
    assert shown[3] == "Slik ligger kommunene an i innføringen"  # the status map
    assert shown[4] == f"Én journal{NBSP}– én plattform i Midt-Norge"  # the dash stays on its line
    assert shown[5] == "Vi trenger en ny samhandlingsplattform"
    assert glue("7. mai 2022: Trondheim kommune tok i bruk Helseplattformen") in shown
    assert "Helseplattformen i media" in shown
    assert "Hva definerer vi som en gevinst?" in shown
    assert f"Nesten 60{NBSP}000 innbyggere har lastet ned HelsaMi" in shown
    assert shown[-1] == f"Total kostnadsoversikt for opsjonskommunene: 539{NBSP}mill.{NBSP}kr"


def test_every_slide_title_is_in_the_title_placeholder(deck) -> None:
    for slide in deck.slides:
        title = slide.shapes.title
        assert title is not None and title.is_placeholder
        assert title.placeholder_format.idx == 0
        assert title.text_frame.text.strip()


def test_numbers_are_in_norwegian_form(deck) -> None:
    metrics = next(
        s for s in deck.slides if s.shapes.title.text_frame.text.startswith("Status per")
    )
    text = all_text(metrics)
    assert f"16{NBSP}000" in text
    assert f"3,76{NBSP}millioner" in text
    assert f"98{NBSP}200" in text
    assert glue("siden 12. november 2022") in text


def test_charts_are_pictures_with_alt_text_that_states_the_data(deck) -> None:
    found = pictures(deck)
    assert len(found) >= 5
    for number, picture in found:
        descr = picture._element.nvPicPr.cNvPr.get("descr")
        assert descr, f"picture on slide {number} has no alt text"
    alts = [p._element.nvPicPr.cNvPr.get("descr") for _, p in found]
    status_alt = next(a for a in alts if a.startswith("Stolpediagram over 66"))
    assert "7 kommuner har tatt Helseplattformen i bruk" in status_alt
    assert "12 kommuner har vedtatt å innføre Helseplattformen" in status_alt
    assert any("Spesialisthelsetjenesten 70" in a for a in alts)
    assert any("Felles innføringsprosjekt: 385" in a for a in alts)


def test_nothing_lies_outside_the_slide(deck) -> None:
    width, height = deck.slide_width, deck.slide_height
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
            assert shape.left + shape.width <= width + Emu(1), (number, shape.name)
            assert shape.top + shape.height <= height + Emu(1), (number, shape.name)


def test_figure_slides_state_their_date(deck) -> None:
    status = deck.slides[1]
    assert glue("per 12. november 2022") in all_text(status)


def test_speaker_notes_carry_derived_talking_points(deck) -> None:
    notes = deck.slides[1].notes_slide.notes_text_frame.text
    assert notes.startswith("Per 12. november 2022: 7 kommuner har tatt Helseplattformen i bruk")


def test_text_runs_carry_the_language(deck) -> None:
    runs = [
        r
        for s in deck.slides
        for sh in s.shapes
        if sh.has_text_frame
        for p in sh.text_frame.paragraphs
        for r in p.runs
    ]
    assert runs and all(r.font._rPr.get("lang") == "nb-NO" for r in runs)


def test_two_builds_are_byte_identical(project: Path, tmp_path: Path) -> None:
    deck = project / "decks" / "monthly-briefing.yaml"
    first = build(deck, tmp_path / "a").path.read_bytes()
    second = build(deck, tmp_path / "b").path.read_bytes()
    assert first == second


def test_other_theme_changes_the_look_not_the_story(project: Path, tmp_path: Path) -> None:
    deck = project / "decks" / "monthly-briefing.yaml"
    plain = Presentation(str(build(deck, tmp_path / "a").path))
    bold = Presentation(str(build(deck, tmp_path / "b", Options(theme="high-contrast")).path))
    assert titles(plain) == titles(bold)
    assert str(bold.slide_master.background.fill.fore_color.rgb) == "101820"


def test_authored_notes_lead_even_without_a_definition(project: Path, tmp_path: Path) -> None:
    benefits = project / "content" / "2022-12" / "benefits.yaml"
    text = benefits.read_text("utf-8")
    start, end = text.index("definition:"), text.index("time_use:")
    benefits.write_text("notes: Si dette først.\n" + text[:start] + text[end:], "utf-8")
    prs = Presentation(
        str(build(project / "decks" / "monthly-briefing.yaml", tmp_path / "out").path)
    )
    slide = next(s for s in prs.slides if s.shapes.title.text_frame.text.startswith("Over 82"))
    assert slide.notes_slide.notes_text_frame.text.startswith("Si dette først.")
