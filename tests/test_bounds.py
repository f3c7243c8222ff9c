"""Numbers and text within bounds: refused at their line and column with a short quote, fast,
and the previous deck left as it was; -0.0 shown as 0."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import build_monthly

HEADLINE = (
    "headline: {nb: Én journal – én plattform i Midt-Norge, nn: Éin journal – éin plattform i "
    "Midt-Noreg, en: One record – one platform for Central Norway}\n"
)
"""The sample vision slide's headline line, given per language."""


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / "content" / "2022-12" / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def refused(project: Path, previous: tuple[Path, bytes], start: str) -> str:
    deck, before = previous
    result = build_monthly(project, deck.parent)  # a crash raises: exit 1 is a refusal
    assert result.exit_code == 1, result.output
    assert deck.read_bytes() == before
    assert [p.name for p in deck.parent.iterdir()] == [deck.name]
    line = next((x for x in result.output.splitlines() if x.startswith(start)), None)
    assert line is not None, result.output
    return line


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (".nan", "a figure must be a finite number, got not a number"),
        (".inf", "a figure must be a finite number, got infinite"),
        ("-.inf", "a figure must be a finite number, got infinite"),
        ("1.0e+308", "1e+308 is larger than any figure a slide shows (at most 10^15)"),
        ('"1e308"', "1e+308 is larger than any figure a slide shows"),
        ('"nan"', "a figure must be a finite number"),
    ],
)
def test_a_figure_must_be_finite_and_sane(
    project: Path, previous: tuple[Path, bytes], written: str, expected: str
) -> None:
    edit(project, "metrics.yaml", "  - value: 16000\n", f"  - value: {written}\n")
    line = refused(project, previous, "content/2022-12/metrics.yaml:5:12: metrics[0].value: ")
    assert expected in line


def test_a_cost_must_be_finite(project: Path, previous: tuple[Path, bytes]) -> None:
    edit(project, "economy.yaml", "      amount: 385_000_000\n", "      amount: .inf\n")
    line = refused(project, previous, "content/2022-12/economy.yaml:32:15: ")
    assert "a figure must be a finite number, got infinite" in line


def test_minus_zero_is_shown_as_zero(project: Path, tmp_path: Path) -> None:
    edit(project, "metrics.yaml", "  - value: 16000\n", "  - value: -0.0\n")
    result = build_monthly(project, tmp_path / "out")
    assert result.exit_code == 0, result.output
    from pptx import Presentation

    prs = Presentation(str(tmp_path / "out" / "monthly-briefing.pptx"))
    texts = [
        shape.text_frame.text
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]
    tile = next(t for t in texts if "helsearbeidere i gang med systemet" in t)
    assert tile.startswith("0") and "-0" not in tile and "\u22120" not in tile, tile


@pytest.mark.parametrize(
    ("escape", "code"),
    [("\\a", "0007"), ("\\uFFFE", "FFFE"), ("\\ud800", "D800"), ("\\x1b", "001B")],
)
def test_a_character_xml_cannot_hold_is_refused_where_it_is(
    project: Path, previous: tuple[Path, bytes], escape: str, code: str
) -> None:
    edit(
        project,
        "vision.yaml",
        HEADLINE,
        f'headline: "Én journal{escape} – én plattform"\n',
    )
    line = refused(project, previous, "content/2022-12/vision.yaml:2:11: headline: ")
    assert f"contains the character U+{code} at position 11, which a slide cannot hold" in line


def test_a_huge_title_is_refused_fast_with_a_short_quote(
    project: Path, previous: tuple[Path, bytes]
) -> None:
    edit(
        project,
        "vision.yaml",
        HEADLINE,
        "headline: " + "Helseplattformen " * 82_000 + "\n",
    )
    line = refused(project, previous, "content/2022-12/vision.yaml:2:1: ")
    assert (
        "line is 1394010 characters long; a line of a content file holds at most 100000 "
        "(shorten it): 'headline: Helseplattformen Helseplattfo…'"
    ) in line
    assert len(line) < 300


def test_a_long_text_over_many_lines_is_refused_with_a_short_quote(
    project: Path, previous: tuple[Path, bytes]
) -> None:
    edit(project, "vision.yaml", HEADLINE, "headline: >-\n" + "  Helseplattformen\n" * 400)
    line = refused(project, previous, "content/2022-12/vision.yaml:2:11: headline: ")
    assert "text is 6799 characters long; at most 5000 fit here (shorten it): " in line
    assert len(line) < 300


def test_a_long_one_line_field_is_refused(project: Path, previous: tuple[Path, bytes]) -> None:
    edit(
        project,
        "vision.yaml",
        HEADLINE,
        "headline: " + "Helseplattformen " * 20 + "\n",
    )
    line = refused(project, previous, "content/2022-12/vision.yaml:2:11: headline: ")
    assert (
        "text is 339 characters long; at most 200 fit here (shorten it): 'Helseplattformen" in line
    )


def test_a_300_character_image_name_is_refused_at_its_key(
    project: Path, previous: tuple[Path, bytes]
) -> None:
    (project / "images").mkdir()
    name = "images/" + "x" * 300 + ".png"
    edit(
        project,
        "media.yaml",
        "  - outlet: Kommunal Rapport\n",
        f"  - outlet: Kommunal Rapport\n    image: {name}\n",
    )
    line = refused(project, previous, "content/2022-12/media.yaml:4:12: clippings[0].image: ")
    assert (
        "images/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…xxxxxxxxxxxxxxxx.png: cannot read "
        "(File name too long)" in line
    ), line


def test_clippings_are_capped_with_the_count(project: Path, previous: tuple[Path, bytes]) -> None:
    path = project / "content" / "2022-12" / "media.yaml"
    path.write_text(
        "type: media\nclippings:\n" + "  - {outlet: NRK.no, date: 2022-11-30}\n" * 10_000, "utf-8"
    )
    line = refused(project, previous, "content/2022-12/media.yaml:3:")
    assert "clippings: at most 40 items, got 10000" in line


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_a_value_that_rounds_to_zero_is_shown_without_a_sign(language: str) -> None:
    from hpdeck.plan.i18n import Formatter

    fmt = Formatter(language)  # type: ignore[arg-type]
    assert fmt.number(-0.0) == "0"
    assert fmt.number(-0.3, decimals=0) == "0"
    assert fmt.money(-0.0).replace("NOK", "").strip(" \xa0kr") == "0"
    assert fmt.percent(-0.001).rstrip(" \xa0%") == "0"
    assert fmt.number(-400).lstrip("-\u2212") == "400" and fmt.number(-400) != "400"


def test_a_deck_too_long_is_refused_naming_where_its_slides_come_from(
    project: Path, previous: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pptx import Presentation

    from hpdeck.content import bounds

    count = len(Presentation(str(previous[0])).slides)
    monkeypatch.setattr(bounds, "MAX_SLIDES", 10)
    line = refused(project, previous, "decks/monthly-briefing.yaml:1:1: ")
    assert f"the deck would have {count} slides; a deck has at most 10. Most come from " in line
    assert "content/2022-12/go-live.yaml (" in line
