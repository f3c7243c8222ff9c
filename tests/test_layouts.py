"""Layouts that adapt to ordinary content: what hpdeck adds must fit without the user's help."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from pptx import Presentation

from hpdeck.commands.cli import main

GOLIVE = ("content", "2022-12", "go-live.yaml")


def _build(project: Path, out: Path, *args: str) -> Presentation:
    deck = project / "decks" / "monthly-briefing.yaml"
    result = CliRunner().invoke(main, ["build", str(deck), "--out", str(out), "--strict", *args])
    assert result.exit_code == 0, result.output
    return Presentation(str(out / "monthly-briefing.pptx"))


def _without_trondheims_quote(project: Path) -> None:
    path = project.joinpath(*GOLIVE)
    text = path.read_text("utf-8")
    start = text.index("    quotes:\n      - text: >-\n          Supert")
    path.write_text(text[:start] + text[text.index("  - date: 2022-11-12") :], "utf-8")


def test_an_event_without_quotes_gives_no_empty_slide(project: Path, tmp_path: Path) -> None:
    _without_trondheims_quote(project)

    prs = _build(project, tmp_path)

    for slide in prs.slides:
        body = [
            s
            for s in slide.shapes
            if s != slide.shapes.title
            and s.name not in ("Footer", "Logo")
            and (not s.has_text_frame or s.text_frame.text.strip())
        ]
        assert body, f"slide {slide.shapes.title.text_frame.text!r} shows only its title"
    titles = [s.shapes.title.text_frame.text for s in prs.slides if s.shapes.title]
    assert not any("Trondheim kommune tok i bruk" in t for t in titles), titles
    timeline = next(s for s in prs.slides if "oppstarter" in s.shapes.title.text_frame.text)
    pictures = [s for s in timeline.shapes if s.shape_type == 13]
    assert "Trondheim kommune" in pictures[0]._element.nvPicPr.cNvPr.get("descr")


def test_a_quote_shorter_than_its_attribution_is_no_small_body_text(
    project: Path, tmp_path: Path
) -> None:
    path = project.joinpath(*GOLIVE)
    text = path.read_text("utf-8")
    start = text.index("      - text: >-\n          I fellesskapet")
    end = text.index("        speaker: Per Olav")
    path.write_text(text[:start] + "      - text: Ja!\n" + text[end:], "utf-8")

    prs = _build(project, tmp_path)  # --strict: any min-size finding would refuse it

    quotes = [
        s.text_frame.text
        for slide in prs.slides
        for s in slide.shapes
        if s.has_text_frame and s.text_frame.text.startswith("«Ja!»")
    ]
    assert quotes and "Per Olav Østbyhaug" in quotes[0]
