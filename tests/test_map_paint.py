"""The council maps as a reader sees them: each municipality's own name shown, whole, next to or
inside its outlined shape and clear of every other name, in the picture the deck gets; and the
shared base (the region in its colours) drawn once per process, the pictures still those of
drawing each whole map at once."""

from __future__ import annotations

import io
import json
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from hpdeck.pipeline.build import Options, load_deck, plan_deck
from hpdeck.plan.charts import ChartSpec
from hpdeck.plan.model import Box, Chart
from hpdeck.render.charts import draw, map
from hpdeck.render.charts.style import ChartStyle

REPO = Path(__file__).resolve().parents[1]
SLUGS = sorted(path.stem for path in (REPO / "content" / "municipalities").glob("*.yaml"))


@cache
def _map(slug: str, theme: str = "helseplattformen") -> tuple[ChartSpec, Box, ChartStyle]:
    """The map of ``slug``'s council deck as the sample project plans it."""
    options = Options(municipality=slug, theme=theme)
    deck = load_deck(REPO / "decks" / "council-meeting.yaml", options)
    for page in plan_deck(deck):
        for block in page.slide.blocks:
            if isinstance(block, Chart) and block.spec.kind == "map":
                return block.spec, block.box, ChartStyle.from_theme(deck.theme)
    raise AssertionError(f"no map in {slug}'s deck")


def _rgb(color: str) -> np.ndarray:
    return np.array([int(color[i : i + 2], 16) for i in (0, 2, 4)])


def test_maps_on_a_shared_base_are_the_maps_drawn_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(map, "_SHEETS", {})
    # Every municipality's: names pasted as drawn for an earlier map must be those drawn now.
    for slug in SLUGS:
        spec, box, style = _map(slug)
        with draw.figure(spec, style, box.width, box.height) as fig:
            fig.canvas.draw()
            whole = np.asarray(fig.canvas.buffer_rgba()).copy()  # type: ignore[attr-defined]

        saved = Image.open(io.BytesIO(draw.draw(spec, style, box.width, box.height)))

        assert saved.mode == "RGB"
        assert (np.asarray(saved) == whole[:, :, :3]).all(), slug
        assert spec.highlight  # the own municipality is marked, on top of the shared base
    (sheet,) = map._SHEETS.values()  # one base drawn for all of them
    assert sheet.names  # and names drawn on it once, then pasted


@pytest.mark.parametrize("theme", ["helseplattformen", "corporate", "high-contrast"])
def test_a_maps_marks_ink_only_the_pixels_it_counts_and_come_off(
    theme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The saved picture takes every band outside the counted pixels from the base, and the
    # next map starts from the base with only those put back: ink outside them would be lost
    # from this map's picture and left on the next.
    monkeypatch.setattr(map, "_SHEETS", {})
    for slug in SLUGS if theme == "helseplattformen" else SLUGS[::5]:
        spec, box, style = _map(slug, theme)
        with map.marked(spec, style, box.width, box.height) as fig:
            (sheet,) = map._SHEETS.values()
            base = np.asarray(sheet.pixels)
            drawn = np.asarray(fig.canvas.buffer_rgba()).copy()  # type: ignore[attr-defined]
            outside = np.ones(base.shape[:2], bool)
            for top, end, left, right, _ in sheet.touched:
                outside[top:end, left:right] = False
            assert (drawn[outside] == base[outside]).all(), slug
            assert (drawn != base).any(), slug  # the marks are there
        assert (np.asarray(fig.canvas.buffer_rgba()) == base).all(), slug  # type: ignore[attr-defined]


def _own_name(slug: str, theme: str = "helseplattformen") -> None:
    """What a reader checks of ``slug``'s map: its own name in the picture, whole, in the
    accent colour, inside or beside its outline but never across it, clear of other names,
    and nothing the linter would report."""
    spec, box, style = _map(slug, theme)
    (own,) = spec.highlight
    number = spec.categories[own]
    picture = Image.open(io.BytesIO(draw.draw(spec, style, box.width, box.height)))
    assert [t for t in json.loads(picture.info[draw.LABELS_KEY]) if t[0] != "smallest"] == []
    pixels = np.asarray(picture.convert("RGB")).astype(int)
    with map.marked(spec, style, box.width, box.height) as fig:
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        (ax,) = fig.axes
        names = {t.get_gid(): t.get_window_extent(renderer) for t in ax.texts}
        name = names.pop(f"label-{number}")
        outline = ax.transData.transform_path(map._shape(number))
        shown = ax.texts[[t.get_gid() for t in ax.texts].index(f"label-{number}")].get_text()
        assert shown == spec.series[0].labels[own]
        assert fig.bbox.contains(name.x0, name.y0) and fig.bbox.contains(name.x1, name.y1)
        for other, extent in names.items():
            assert not name.overlaps(extent), (slug, other)
        inside = outline.contains_point(((name.x0 + name.x1) / 2, (name.y0 + name.y1) / 2))
        assert not outline.intersects_bbox(name, filled=not inside), slug  # never across it
        near = 0.15 * fig.dpi  # beside it: within a sixth of an inch, read as its name
        assert outline.intersects_bbox(name.padded(near), filled=False), slug
    # In the saved picture, the name's box is mostly the accent colour's text on its halo.
    height = pixels.shape[0]
    inked = pixels[
        height - int(name.y1) : height - int(name.y0), int(name.x0) : int(name.x1)
    ].reshape(-1, 3)
    accent = np.abs(inked - _rgb(style.accent)).sum(axis=1) < 60
    assert accent.mean() > 0.1, (slug, accent.mean())


@pytest.mark.parametrize("slug", SLUGS)
def test_every_council_map_shows_its_own_name_whole_and_clear(slug: str) -> None:
    _own_name(slug)


@pytest.mark.parametrize("theme", ["corporate", "high-contrast"])
@pytest.mark.parametrize("slug", ["holtalen", "midtre-gauldal", "trondheim", "heroy", "bindal"])
def test_the_own_name_is_placed_as_well_in_every_theme(slug: str, theme: str) -> None:
    _own_name(slug, theme)


def test_other_names_keep_off_the_own_outline() -> None:
    spec, box, style = _map("selbu")  # Trondheim's and Holtålen's names are near its border
    with map.marked(spec, style, box.width, box.height) as fig:
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        (ax,) = fig.axes
        own = spec.categories[spec.highlight[0]]
        outline = ax.transData.transform_path(map._shape(own))
        others = [t for t in ax.texts if t.get_gid() != f"label-{own}"]
        assert others
        for text in others:
            assert not outline.intersects_bbox(text.get_window_extent(renderer), filled=False)
