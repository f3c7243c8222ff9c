"""Words on slides: typographic quotes, real minus signs, one number style per card, whole
points on one type scale, no figure said twice, and emoji refused where they are written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from hpdeck.commands.cli import main
from hpdeck.content.localized import LocalText
from hpdeck.plan import fit
from hpdeck.plan.i18n import Formatter
from hpdeck.plan.typography import glue, quoted

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Dette er bra", "«Dette er bra»"),
        ("«Dette er bra»", "«Dette er bra»"),  # already quoted: not wrapped again
        ('"Dette er bra"', "«Dette er bra»"),
        ("Han sa «ja» til det", "«Han sa ‹ja› til det»"),
        ('Han sa "ja" til det', "«Han sa ‹ja› til det»"),
        ("«Ja» sa han, «og nei»", "«‹Ja› sa han, ‹og nei›»"),  # two quotes inside, not one
    ],
)
def test_quotes_are_norwegian_with_single_guillemets_inside(written: str, shown: str) -> None:
    assert quoted(written, "nb") == shown


def test_english_quotes_use_english_marks() -> None:
    assert quoted('He said "yes"', "en") == "\u201cHe said \u2018yes\u2019\u201d"


def test_negatives_have_a_real_minus_sign_everywhere() -> None:
    for lang in ("nb", "nn", "en"):
        fmt = Formatter(lang)  # type: ignore[arg-type]
        for shown in (
            fmt.number(-1234.5),
            fmt.percent(-0.05),
            fmt.short_number(-3_760_000),
            fmt.big_number(-3_760_000),
            fmt.signed(-3),
            fmt.money(-500),
        ):
            assert "-" not in shown and "\u2212" in shown, shown
    assert glue("endring -5 % fra 2022-2023") == f"endring \u22125{NBSP}% fra 2022-2023"
    assert glue("e-post") == "e-post"


def test_glued_text_that_knows_its_language_is_glued_as_its_words() -> None:
    """Glue is remembered by the words; a text in a known language (one language's words
    equal another's) gets the same glue and keeps its language when there is none to add."""
    said = LocalText("Samhandlingsplattform", "nn")
    assert glue(said) is said and glue(said).lang == "nn"
    for words in ("12. desember 2022", "endring -5 %", "e-post"):
        assert glue(LocalText(words, "nn")) == glue(words) == glue(LocalText(words, "nb"))
    assert glue(LocalText("12. desember 2022", "nb")) == f"12.{NBSP}desember{NBSP}2022"


def test_amounts_on_one_card_share_one_style() -> None:
    nb = Formatter("nb")
    assert nb.money_column([980_000, 4_120_000]) == [f"0,98{NBSP}mill. kr", f"4,12{NBSP}mill. kr"]
    assert nb.money_column([980_000, 120_000]) == [f"980{NBSP}000 kr", f"120{NBSP}000 kr"]


def _build(project: Path, out: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["build", *args, "--out", str(out)], catch_exceptions=False)


def test_every_text_size_is_a_whole_point_on_the_scale(project: Path, tmp_path: Path) -> None:
    decks = [("monthly-briefing.yaml",), ("council-meeting.yaml", "-m", "skaun")]
    for name, *more in decks:
        result = _build(project, tmp_path, str(project / "decks" / name), *more)
        assert result.exit_code == 0, result.output
    allowed = {*fit.SCALE, 36, 24, 18, 16, 60, 26}  # the scale and the theme's own sizes
    for deck in tmp_path.glob("*.pptx"):
        for number, slide in enumerate(Presentation(str(deck)).slides, start=1):
            for node in slide._element.iter():
                size = node.get("sz") if node.tag.endswith("}rPr") else None
                if size is not None:
                    assert int(size) % 100 == 0, (deck.name, number, int(size) / 100)
                    assert int(size) // 100 in allowed, (deck.name, number, int(size) / 100)


def test_helsami_says_its_figure_once(project: Path, tmp_path: Path) -> None:
    result = _build(project, tmp_path, str(project / "decks" / "monthly-briefing.yaml"))
    assert result.exit_code == 0, result.output
    deck = Presentation(str(tmp_path / "monthly-briefing.pptx"))
    slide = next(s for s in deck.slides if "HelsaMi" in s.shapes.title.text_frame.text)
    text = "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
    assert text.count(f"60{NBSP}000") == 1
    assert "Stadig flere bruker den nye innbyggerportalen." in text


def test_an_emoji_is_refused_at_its_line_and_column(project: Path, tmp_path: Path) -> None:
    path = project / "content" / "2022-12" / "helsami.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("nb: Stadig flere", "nb: 🎉 Stadig flere"), "utf-8")
    result = _build(project, tmp_path, str(project / "decks" / "monthly-briefing.yaml"))
    assert result.exit_code == 1
    assert "helsami.yaml:6:7: message.nb: contains the emoji" in result.output
    assert "emoji 🎉 (U+1F389)" in result.output
    assert not (tmp_path / "monthly-briefing.pptx").exists()
