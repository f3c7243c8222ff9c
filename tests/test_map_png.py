"""A status map's PNG written from bands deflated once: the picture a reader opens is the one
drawn, with its label report and dpi, and the file's bytes depend on the pixels alone (a deck
built alone gets the bytes a batch gives it)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from hpdeck.render import png
from hpdeck.render.charts import map_png

TEXTS = {"hpdeck-labels": '[["smallest", "Selbu", "16"]]'}


def _base(height: int = 203, width: int = 157) -> np.ndarray:
    """A flat picture with a few antialiased-looking edges, as a map's base is; a height that
    is no multiple of a band."""
    rng = np.random.default_rng(7)
    rgba = np.full((height, width, 4), 255, np.uint8)
    rgba[:, :, :3] = (240, 236, 228)
    rgba[20:180, 30:120, :3] = (31, 119, 180)
    rgba[20:180, 29, :3] = rng.integers(0, 256, (160, 3))
    return rgba


def _marked(base: np.ndarray, top: int, left: int) -> np.ndarray:
    """``base`` with a mark of its own: a block of noise, as a name's glyphs are to deflate."""
    rgba = base.copy()
    rgba[top : top + 9, left : left + 23, :3] = np.random.default_rng(top).integers(
        0, 256, (9, 23, 3)
    )
    return rgba


def _shown(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


@pytest.fixture(autouse=True)
def _no_bands_yet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(map_png, "_BANDS", {})
    monkeypatch.setattr(map_png, "_held", [0])


def test_a_map_reads_back_as_drawn_with_its_report_and_dpi() -> None:
    base = _base()
    start = map_png.base(base)
    for top, left in ((0, 0), (14, 60), (31, 100), (194, 134)):  # first, split, last bands
        rgba = _marked(base, top, left)
        picture = _shown(map_png.encode(rgba, TEXTS, 200, start))
        whole = _shown(png.encode(rgba, TEXTS, 200))
        assert picture.mode == "RGB"
        assert (np.asarray(picture) == rgba[:, :, :3]).all(), (top, left)
        assert (np.asarray(picture) == np.asarray(whole)).all()
        assert picture.info["hpdeck-labels"] == TEXTS["hpdeck-labels"]
        assert picture.info["dpi"] == pytest.approx((200, 200), abs=0.01)


def test_the_bytes_depend_on_the_pixels_alone() -> None:
    base = _base()
    marked = _marked(base, 40, 50)
    first = map_png.encode(marked, TEXTS, 200, map_png.base(base))
    map_png.encode(_marked(base, 44, 10), TEXTS, 200, map_png.base(base))  # bands kept since
    assert map_png.encode(marked, TEXTS, 200, map_png.base(base)) == first
    map_png._BANDS.clear()  # a deck built alone: no band kept from another map
    assert map_png.encode(marked, TEXTS, 200, map_png.base(base)) == first
    assert map_png.encode(marked, TEXTS, 200, map_png.base(marked)) == first  # another base


def test_a_picture_not_wholly_opaque_keeps_its_alpha() -> None:
    base = _base()
    see_through = base.copy()
    see_through[100, 10, 3] = 128
    for start, rgba in ((map_png.base(base), see_through), (map_png.base(see_through), base)):
        picture = _shown(map_png.encode(rgba, TEXTS, 200, start))
        assert picture.mode == ("RGBA" if rgba is see_through else "RGB")
        assert (np.asarray(picture) == rgba[:, :, : len(picture.mode)]).all()
    assert map_png.base(see_through) is None
