"""Other municipalities' names on the status map read as their own areas' names: a name lies
inside its area, or beside it, and never over an area filled in another stage's colour, where
it would seem to name that area; a name with no such place is left out (the legend and the
notes name every municipality)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from hpdeck.pipeline.build import Options, load_deck, plan_deck
from hpdeck.plan.colour import neutral
from hpdeck.plan.model import Chart
from hpdeck.render.charts import draw, map
from hpdeck.render.charts.map import draw_map
from hpdeck.render.charts.style import ChartStyle


def _preparing(project: Path, slug: str) -> None:
    file = project / "content" / "municipalities" / f"{slug}.yaml"
    file.write_text(file.read_text(encoding="utf-8") + "stage: preparing\n", encoding="utf-8")


def _map(project: Path, theme: str, own: str | None = None) -> tuple[Chart, ChartStyle, str]:
    deck = project / "decks" / ("council-meeting.yaml" if own else "monthly-briefing.yaml")
    loaded = load_deck(deck, Options(theme=theme, language="en", municipality=own))
    chart = next(
        block
        for page in plan_deck(loaded)
        for block in page.slide.blocks
        if isinstance(block, Chart) and block.spec.kind == "map"
    )
    colors = loaded.theme.colors
    return chart, ChartStyle.from_theme(loaded.theme), neutral(colors.background, colors.line)


@pytest.mark.parametrize("theme", ["helseplattformen", "corporate", "high-contrast"])
def test_no_name_lies_over_an_area_of_another_stage(project: Path, theme: str) -> None:
    """Holtålen (in use) lies beside Midtre Gauldal, the one area preparing: its name must not
    lie over it, so the preparing area does not read as Holtålen."""
    import matplotlib.pyplot as plt

    _preparing(project, "midtre-gauldal")
    chart, style, tint = _map(project, theme)
    spec = chart.spec
    fig, ax = plt.subplots(figsize=(chart.box.width, chart.box.height), dpi=100)
    try:
        draw_map(ax, spec, style, chart.box.width)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        fills = dict(zip(spec.categories, spec.colors, strict=True))
        areas = {
            number: ax.transData.transform_path(map._shape(number)) for number in spec.categories
        }
        shown = {t.get_text(): t for t in ax.texts}
        assert "Holtålen" in shown  # beside its own area, where there is room
        for name in shown.values():
            number = str(name.get_gid()).removeprefix("label-")
            box = name.get_window_extent(renderer)
            for other, area in areas.items():
                if other != number and fills[other] not in (fills[number], tint):
                    assert not area.intersects_bbox(box, filled=True), (name.get_text(), other)
            centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
            if not areas[number].contains_point(centre):  # beside its area: touching it nearly
                assert areas[number].intersects_bbox(box.padded(12), filled=True)
    finally:
        plt.close(fig)


def test_a_council_map_drawn_on_the_shared_base_places_names_as_a_whole_draw(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The names moved or left out for their areas' sake are the same on the shared base as on
    a whole draw, map after map."""
    monkeypatch.setattr(map, "_SHEETS", {})
    _preparing(project, "midtre-gauldal")
    for own in ("holtalen", "skaun", "midtre-gauldal", "holtalen"):
        chart, style, _ = _map(project, "corporate", own)
        box = chart.box
        with draw.figure(chart.spec, style, box.width, box.height) as fig:
            fig.canvas.draw()
            whole = np.asarray(fig.canvas.buffer_rgba()).copy()  # type: ignore[attr-defined]
        saved = Image.open(io.BytesIO(draw.draw(chart.spec, style, box.width, box.height)))
        assert (np.asarray(saved) == whole[:, :, :3]).all(), own


def test_the_own_name_beside_its_area_lies_over_no_area_of_another_stage(project: Path) -> None:
    """Midtre Gauldal's own name does not fit inside it; beside it, it takes the side clear of
    Holtålen (in use), rather than seem to name Holtålen."""
    import matplotlib.pyplot as plt

    _preparing(project, "midtre-gauldal")
    chart, style, tint = _map(project, "high-contrast", "midtre-gauldal")
    spec = chart.spec
    fig, ax = plt.subplots(figsize=(chart.box.width, chart.box.height), dpi=100)
    try:
        draw_map(ax, spec, style, chart.box.width)
        fig.canvas.draw()
        own = next(t for t in ax.texts if t.get_text() == "Midtre Gauldal")
        box = own.get_window_extent(fig.canvas.get_renderer())  # type: ignore[attr-defined]
        for number, color in zip(spec.categories, spec.colors, strict=True):
            if color not in (spec.colors[spec.highlight[0]], tint):
                area = ax.transData.transform_path(map._shape(number))
                assert not area.intersects_bbox(box, filled=True), number
    finally:
        plt.close(fig)
