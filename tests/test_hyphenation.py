"""Words too wide for their box break at Norwegian syllables, never inside addresses or numbers."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from hpdeck.commands.cli import main
from hpdeck.plan.hyphenation import SOFT_HYPHEN, hyphenate

BORN = "label: {nb: barn er født, nn: barn er fødde, en: babies born}"


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_a_long_compound_breaks_only_at_syllable_boundaries(lang: str) -> None:
    word = "kommunehelsetjenesten"
    parts = hyphenate(word, lang).split(SOFT_HYPHEN)
    assert "".join(parts) == word
    assert parts == ["kom", "mune", "helse", "tje", "nes", "ten"]
    assert hyphenate("Spesialisthelsetjenesten,", lang).split(SOFT_HYPHEN)[-1] == "ten,"


@pytest.mark.parametrize(
    "word",
    [
        "postmottak.kommunehelsetjenesten@helseplattformen.no",
        "https://www.helseplattformen.no/kommunehelsetjenesten",
        "www.helseplattformen.no",
        "helseplattformen.no",
        "12345678901234567890",
        "3,76\u00a0millioner",
        f"kommune{SOFT_HYPHEN}helsetjenesten",  # the author's own soft hyphen stays the only one
    ],
)
def test_addresses_numbers_and_marked_words_are_never_hyphenated(word: str) -> None:
    assert hyphenate(word, "nb") == word


def test_a_word_too_wide_for_a_tile_is_hyphenated_in_the_deck(
    project: Path, tmp_path: Path
) -> None:
    metrics = project / "content" / "2022-12" / "metrics.yaml"
    text = metrics.read_text("utf-8")
    word = "kommunehelsetjenesteinnføringsprosjektlederkoordinatorstillinger"
    metrics.write_text(text.replace(BORN, f"label: {word}"), "utf-8")
    result = CliRunner().invoke(
        main,
        ["build", str(project / "decks" / "monthly-briefing.yaml"), "--out", str(tmp_path / "out")],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    deck = Presentation(str(tmp_path / "out" / "monthly-briefing.pptx"))
    runs = [
        run.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    ]
    # LibreOffice draws no hyphen at a soft one: where the word breaks, a real hyphen shows,
    # and only there, at a syllable boundary.
    shown = next(r for r in runs if r.replace("-", "") == word)
    assert SOFT_HYPHEN not in shown and "-" in shown
    syllables = hyphenate(word, "nb").split(SOFT_HYPHEN)
    assert syllables[:4] == ["kom", "mune", "helse", "tje"]
    boundaries = set(itertools.accumulate(len(s) for s in syllables))
    assert set(itertools.accumulate(len(p) for p in shown.split("-")[:-1])) <= boundaries


def test_a_shown_hyphen_stands_where_the_line_breaks_and_each_line_fits() -> None:
    from hpdeck.plan.breaks import visible_hyphens
    from hpdeck.plan.fit import text_width
    from hpdeck.plan.model import Box, para

    word = hyphenate("spesialisthelsetjenesteinnføringsprosjektkoordinatorer", "nb")
    box = Box(0, 0, 3.6, 2)
    (paragraph,) = visible_hyphens((para(f"218 {word}"),), 20, box, family="Calibri")
    text = paragraph.runs[0].text
    assert SOFT_HYPHEN not in text and text.count("-") >= 1
    lines = text.replace("-", "-\n").split("\n")
    room = box.width - 0.2
    assert len(lines) >= 2 and all(text_width(line, 20) <= room for line in lines), lines
