"""A batch writes the slides every municipality shares once and copies them into each deck: the
decks must be byte for byte the decks built one at a time, shape by shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from hpdeck.pipeline.batch import build_all
from hpdeck.pipeline.build import Options, build
from hpdeck.render import shared_slides

# Bokmål and nynorsk decks, municipalities at different stages, one with its own costs and quote.
SLUGS = ["skaun", "orkland", "volda", "midtre-gauldal", "orsta", "roros"]


def _copies(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each slide the batch wrote was a copy, in order."""
    made: list[bool] = []
    original = shared_slides.copy

    def spy(*args):  # type: ignore[no-untyped-def]
        made.append(original(*args))
        return made[-1]

    monkeypatch.setattr(shared_slides, "copy", spy)
    return made


@pytest.mark.parametrize("theme", [None, "corporate"])
def test_a_batch_with_shared_slides_writes_the_decks_built_one_by_one(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, theme: str | None
) -> None:
    deck = project / "decks" / "council-meeting.yaml"
    options = Options(theme=theme)
    alone = tmp_path / "alone"
    for slug in SLUGS:
        build(deck, alone, Options(theme=theme, municipality=slug))
    copies = _copies(monkeypatch)

    outcomes = build_all(deck, tmp_path / "batch", SLUGS, options, jobs=1)

    assert all(o.ok for o in outcomes), [o.problems for o in outcomes]
    for outcome in outcomes:
        assert outcome.path is not None
        assert outcome.path.read_bytes() == (alone / outcome.path.name).read_bytes(), outcome.slug
    assert sum(copies) > len(copies) / 4  # shared slides (native charts are built each time)
    assert not any(copies[: outcomes[0].slides])  # the first deck has nothing to copy yet


def test_a_single_build_copies_nothing(project: Path, tmp_path: Path) -> None:
    """Outside a batch nothing is recorded: a live preview must see a changed picture file."""
    build(project / "decks" / "monthly-briefing.yaml", tmp_path / "out")

    assert shared_slides._STORE is None
