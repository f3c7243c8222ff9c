"""The names a council reader finds their way by stay on every council map: Trondheim's (the
region's main city) and the other names the shared base shows keep their place, or, where the
own municipality's outline or name takes it (Malvik's, Skaun's, Aure's maps), move beside their
area, clear of the own outline and area, of the other names and of areas of another stage."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from hpdeck.pipeline.build import Options, load_deck, plan_deck
from hpdeck.plan.charts import ChartSpec
from hpdeck.plan.model import Box, Chart
from hpdeck.render.charts import map
from hpdeck.render.charts.style import ChartStyle

REPO = Path(__file__).resolve().parents[1]
SLUGS = sorted(path.stem for path in (REPO / "content" / "municipalities").glob("*.yaml"))
NEIGHBOURS = ["aure", "malvik", "melhus", "meraker", "orkland", "selbu", "skaun", "stjordal"]
"""The maps that left Trondheim's name out: their outline or name lay where it stands."""


@cache
def _map(slug: str, theme: str) -> tuple[ChartSpec, Box, ChartStyle]:
    deck = load_deck(
        REPO / "decks" / "council-meeting.yaml", Options(municipality=slug, theme=theme)
    )
    for page in plan_deck(deck):
        for block in page.slide.blocks:
            if isinstance(block, Chart) and block.spec.kind == "map":
                return block.spec, block.box, ChartStyle.from_theme(deck.theme)
    raise AssertionError(f"no map in {slug}'s deck")


def _names(slug: str, theme: str) -> dict[str, tuple[str, object]]:
    """The names ``slug``'s map shows: text -> (municipality number, box in pixels), and
    checks every other municipality's name reads as its own area's on this map."""
    spec, box, style = _map(slug, theme)
    own = spec.categories[spec.highlight[0]]
    with map.marked(spec, style, box.width, box.height) as fig:
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        (ax,) = fig.axes
        shown = {
            t.get_text(): (str(t.get_gid()).removeprefix("label-"), t.get_window_extent(renderer))
            for t in ax.texts
        }
        outline = ax.transData.transform_path(map._shape(own))
        for text, (number, extent) in shown.items():
            others = [e for t, (_, e) in shown.items() if t != text]
            assert not any(extent.overlaps(e) for e in others), (slug, text)
            assert fig.bbox.contains(extent.x0, extent.y0), (slug, text)
            assert fig.bbox.contains(extent.x1, extent.y1), (slug, text)
            if number == own:
                continue
            # never across the own outline, nor inside it, where it would name the own area
            assert not outline.intersects_bbox(extent, filled=True), (slug, text)
            area = ax.transData.transform_path(map._shape(number))
            centre = ((extent.x0 + extent.x1) / 2, (extent.y0 + extent.y1) / 2)
            if not area.contains_point(centre):  # beside its area: touching it nearly
                assert area.intersects_bbox(extent.padded(0.15 * fig.dpi), filled=True), text
            fill = spec.colors[spec.categories.index(number)]
            for other, color in zip(spec.categories, spec.colors, strict=True):
                if other != number and color not in (fill, _tint(style)):
                    path = ax.transData.transform_path(map._shape(other))
                    assert not path.intersects_bbox(extent, filled=True), (slug, text, other)
    return shown


def _tint(style: ChartStyle) -> str:
    from hpdeck.plan.colour import neutral

    return neutral(style.background, style.line)


@pytest.mark.parametrize("slug", [s for s in SLUGS if s != "trondheim"])
def test_every_council_map_names_trondheim(slug: str) -> None:
    assert "Trondheim" in _names(slug, "helseplattformen"), slug


@pytest.mark.parametrize("theme", ["corporate", "high-contrast"])
@pytest.mark.parametrize("slug", NEIGHBOURS[::3])
def test_trondheim_moves_for_its_neighbours_in_every_theme(slug: str, theme: str) -> None:
    assert "Trondheim" in _names(slug, theme), slug


def test_the_own_marks_take_no_name_the_shared_base_shows() -> None:
    """Every name the map shows without an own municipality stays on the council maps of the
    municipalities round Trondheim, moved where their outline or name lies."""
    spec, box, style = _map("malvik", "helseplattformen")
    (own,) = spec.highlight
    labels = tuple("" if i == own else name for i, name in enumerate(spec.series[0].labels))
    series = replace(spec.series[0], labels=labels)
    bare = replace(spec, highlight=(), series=(series,))
    with map.marked(bare, style, box.width, box.height) as fig:
        everywhere = {t.get_text() for t in fig.axes[0].texts}
    assert "Trondheim" in everywhere
    for slug in NEIGHBOURS:
        assert everywhere <= set(_names(slug, "helseplattformen")), slug
