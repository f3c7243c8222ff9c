"""The live preview draws again only the slides whose plan changed (no LibreOffice needed:
slides are "drawn" by reading the text of the small deck sent to LibreOffice)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from hpdeck.errors import ContentError
from hpdeck.export.preview import RenderedSlide
from hpdeck.pipeline.build import Options
from hpdeck.pipeline.live_slides import LiveSlides, only_plans_changed

DECK = Path("decks") / "monthly-briefing.yaml"
METRICS = Path("content") / "2022-12" / "metrics.yaml"


class TextRenderer:
    """Stands in for LibreOffice: each slide's text, and how many slides it was sent."""

    def __init__(self) -> None:
        self.sent: list[int] = []

    def __call__(self, decks: Sequence[Path]) -> list[list[RenderedSlide]]:
        from pptx import Presentation

        drawn = []
        for deck in decks:
            slides = list(Presentation(str(deck)).slides)
            self.sent.append(len(slides))
            drawn.append(
                [
                    RenderedSlide(
                        b"png",
                        " ".join(
                            shape.text_frame.text.replace("\xa0", " ")
                            for shape in slide.shapes
                            if shape.has_text_frame
                        ),
                    )
                    for slide in slides
                ]
            )
        return drawn


def test_an_edit_draws_only_the_slide_it_changes(project: Path, tmp_path: Path) -> None:
    live, render = LiveSlides(tmp_path), TextRenderer()
    first = live.rebuild(project / DECK, Options(), render)
    assert render.sent == [len(first)] and len(first) > 10
    metrics = project / METRICS
    metrics.write_text(
        metrics.read_text("utf-8").replace("value: 3760000", "value: 4210000"), "utf-8"
    )
    second = live.rebuild(project / DECK, Options(), render)
    assert render.sent[1] == 1  # the metrics slide alone
    changed = [n for n, (a, b) in enumerate(zip(first, second, strict=True)) if a is not b]
    assert len(changed) == 1
    assert "4,21 millioner" in second[changed[0]].text
    assert "3,76 millioner" in first[changed[0]].text
    assert live.rebuild(project / DECK, Options(), render) == second
    assert render.sent[2:] == []  # nothing changed, nothing sent to LibreOffice


def test_a_slide_that_moves_is_drawn_again_for_its_new_page_number(
    project: Path, tmp_path: Path
) -> None:
    live, render = LiveSlides(tmp_path), TextRenderer()
    first = live.rebuild(project / DECK, Options(), render)
    deck = project / DECK
    text = deck.read_text("utf-8")
    deck.write_text(text.replace("  - media\n", ""), "utf-8")
    assert text != deck.read_text("utf-8")
    second = live.rebuild(project / DECK, Options(), render)
    assert len(second) < len(first)
    assert render.sent[1] == len(second) - 1  # every content slide shows n/total; not the title
    assert second[0] is first[0]


def test_a_content_error_keeps_the_pictures_for_the_next_good_build(
    project: Path, tmp_path: Path
) -> None:
    live, render = LiveSlides(tmp_path), TextRenderer()
    first = live.rebuild(project / DECK, Options(), render)
    metrics = project / METRICS
    good = metrics.read_text("utf-8")
    metrics.write_text(good.replace("value: 3760000", "value: mange"), "utf-8")
    with pytest.raises(ContentError):
        live.rebuild(project / DECK, Options(), render)
    metrics.write_text(good, "utf-8")
    assert live.rebuild(project / DECK, Options(), render) == first
    assert render.sent == [len(first)]


def test_only_content_and_deck_yaml_keep_pictures(project: Path) -> None:
    assert only_plans_changed([project / METRICS, project / DECK], project)
    assert not only_plans_changed([project / "themes" / "default" / "theme.yaml"], project)
    assert not only_plans_changed([project / "content" / "images" / "team.png"], project)
    assert not only_plans_changed([project.parent / "elsewhere.yaml"], project)
