"""Metric tiles line up whether or not a figure has history: a tile that also says its change is a
card like the others, its number at the same place."""

from __future__ import annotations

import shutil
from pathlib import Path

from pptx import Presentation

from tests.conftest import build_monthly

REPO = Path(__file__).resolve().parent.parent


def test_a_tile_with_history_lines_up_with_tiles_without(tmp_path: Path) -> None:
    root = tmp_path / "project"
    for folder in ("decks", "content", "themes"):
        shutil.copytree(REPO / folder, root / folder)
    history = root / "content" / "history.yaml"
    history.write_text(
        history.read_text("utf-8")
        + '- as_of: 2022-11-12\n  metrics:\n    "helsearbeidere i gang med systemet": 14000\n',
        "utf-8",
    )
    out = tmp_path / "out"
    build_monthly(root, out)

    prs = Presentation(str(out / "monthly-briefing.pptx"))
    slide = next(s for s in prs.slides if any(sh.name == "Metric 1" for sh in s.shapes))
    tiles = {sh.name: sh for sh in slide.shapes if sh.name.startswith("Metric ")}
    assert set(tiles) == {f"Metric {i}" for i in range(1, 6)}, "one card per tile, text inside"
    changed = tiles["Metric 1"].text_frame.text
    assert "16 000" in changed.replace("\xa0", " ")
    assert "+2 000" in changed.replace("\xa0", " ").replace("\u2009", " ")
    first_row = [tiles[f"Metric {i}"] for i in (1, 2, 3)]
    assert len({sh.top for sh in first_row}) == 1
    insets = {(sh.text_frame.margin_left, sh.text_frame.margin_top) for sh in first_row}
    assert len(insets) == 1, "the tile with a change has the same text inset as the others"
