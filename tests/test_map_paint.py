"""Council maps share their base (the region in its colours) within a process and draw only each
municipality's own marks on it: the pixels must be those of drawing the whole map at once."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hpdeck.pipeline.build import Options, load_deck, plan_deck
from hpdeck.plan.charts import ChartSpec
from hpdeck.plan.model import Box, Chart
from hpdeck.render.charts import draw, map
from hpdeck.render.charts.style import ChartStyle


def _map(project: Path, slug: str) -> tuple[ChartSpec, Box, ChartStyle]:
    deck = load_deck(project / "decks" / "council-meeting.yaml", Options(municipality=slug))
    for page in plan_deck(deck):
        for block in page.slide.blocks:
            if isinstance(block, Chart) and block.spec.kind == "map":
                return block.spec, block.box, ChartStyle.from_theme(deck.theme)
    raise AssertionError(f"no map in {slug}'s deck")


def _pixels(spec: ChartSpec, box: Box, style: ChartStyle, *, shared: bool) -> np.ndarray:
    with draw.figure(spec, style, box.width, box.height) as fig:
        if shared:
            map.paint(fig, spec, style)
        else:
            fig.canvas.draw()
        return np.asarray(fig.canvas.buffer_rgba()).copy()  # type: ignore[attr-defined]


def test_maps_on_a_shared_base_are_the_maps_drawn_whole(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(map, "_BASES", {})
    # A long name set beside its shape, a short one, a nynorsk deck.
    for slug in ("midtre-gauldal", "os", "volda"):
        spec, box, style = _map(project, slug)
        whole = _pixels(spec, box, style, shared=False)

        painted = _pixels(spec, box, style, shared=True)

        assert (painted == whole).all(), slug
        assert spec.highlight  # the own municipality is marked, on top of the shared base
    assert len(map._BASES) == 1  # one base drawn for all three
