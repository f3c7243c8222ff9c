"""Words too wide for their box break at Norwegian syllables, never inside addresses or numbers."""

from __future__ import annotations

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
    shown = next(r for r in runs if r.replace(SOFT_HYPHEN, "") == word)
    assert shown.split(SOFT_HYPHEN)[:4] == ["kom", "mune", "helse", "tje"]
