"""`hpdeck init`'s sample keeps its own dates, so its titles and footers name the same day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from pptx import Presentation

from hpdeck.commands.cli import main

REPO = Path(__file__).resolve().parents[1]


def slide_texts(deck: Path) -> list[str]:
    return [
        " ".join(shape.text_frame.text.replace("\u00a0", " ").split())
        for slide in Presentation(str(deck)).slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]


def test_the_council_deck_of_a_new_project_names_one_date_per_figure(tmp_path: Path) -> None:
    folder = tmp_path / "X"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(folder)]).exit_code == 0
    # The sample's month as it is: not a copy dated today under 2022's titles.
    assert [p.name for p in (folder / "content").iterdir() if p.name != "municipalities"] == [
        "2022-12"
    ]
    for sample in (REPO / "content" / "2022-12").glob("*.yaml"):
        assert (folder / "content" / "2022-12" / sample.name).read_bytes() == sample.read_bytes()
    out = tmp_path / "out"
    deck = str(folder / "decks" / "council-meeting.yaml")
    built = runner.invoke(main, ["build", deck, "-m", "skaun", "--out", str(out)])
    assert built.exit_code == 0, built.output
    texts = slide_texts(out / "council-meeting-skaun.pptx")
    assert "Status per 12. desember 2022: sju kommuner og St. Olavs" in texts
    assert "per 12. desember 2022 · 7/14" in texts  # the metrics slide's footer agrees


def test_a_new_project_starts_this_month_with_new_month(tmp_path: Path) -> None:
    folder = tmp_path / "X"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(folder)]).exit_code == 0
    assert "hpdeck new-month" in (folder / "LESMEG.md").read_text("utf-8")
    month = f"{dt.date.today():%Y-%m}"
    made = runner.invoke(main, ["new-month", month, "--project", str(folder)])
    assert made.exit_code == 0, made.output
    assert "16 figures to refresh" in made.output
