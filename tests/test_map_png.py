"""A status map's PNG written from bands deflated once per base: the picture a reader opens is
the one drawn, with its label report and dpi, and the file's bytes depend on the pixels alone
(a deck built alone gets the bytes a batch gives it)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from hpdeck.render import png
from hpdeck.render.charts import map_png

TEXTS = {"hpdeck-labels": '[["smallest", "Selbu", "16"]]'}
HEIGHT = 203  # no multiple of a band


def _base() -> np.ndarray:
    """A flat picture with a shape and a ragged edge, as a map's base is."""
    rgba = np.full((HEIGHT, 157, 4), 255, np.uint8)
    rgba[:, :, :3] = (240, 236, 228)
    rgba[20:180, 30:120, :3] = (31, 119, 180)
    rgba[20:180, 29, :3] = np.random.default_rng(7).integers(0, 256, (160, 3))
    return rgba


def _mark(rgba: np.ndarray, top: int, left: int, seed: int = 0) -> tuple[int, int, int, int]:
    """A block of noise on ``rgba`` (as a name's glyphs are to deflate); its rows and columns."""
    rgba[top : top + 9, left : left + 23, :3] = np.random.default_rng(seed).integers(
        0, 256, (9, 23, 3)
    )
    return top, top + 9, left, left + 23


def _shown(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def test_a_map_reads_back_as_drawn_with_its_report_and_dpi() -> None:
    start = map_png.base(_base())
    for top, left in ((0, 0), (14, 60), (31, 100), (194, 134)):  # first, split, last bands
        rgba = _base()
        rows = _mark(rgba, top, left, seed=top)
        picture = _shown(map_png.encode(rgba, TEXTS, 200, start, [(*rows[:2], None)]))
        whole = _shown(png.encode(rgba, TEXTS, 200))
        assert picture.mode == "RGB"
        assert (np.asarray(picture) == rgba[:, :, :3]).all(), (top, left)
        assert (np.asarray(picture) == np.asarray(whole)).all()
        assert picture.info["hpdeck-labels"] == TEXTS["hpdeck-labels"]
        assert picture.info["dpi"] == pytest.approx((200, 200), abs=0.01)


def test_pixels_pasted_as_before_are_kept_by_what_was_pasted() -> None:
    start = map_png.base(_base())
    assert start is not None
    kept = []
    for own in (150, 170):  # the same name pasted (rows 40-48: bands 2 and 3), own marks apart
        rgba = _base()
        pasted = _mark(rgba, 40, 50, seed=1)
        marks = _mark(rgba, own, 10, seed=own)
        changed = [(*pasted[:2], "name"), (*marks[:2], None)]
        picture = _shown(map_png.encode(rgba, TEXTS, 200, start, changed))
        assert (np.asarray(picture) == rgba[:, :, :3]).all()
        kept.append(dict(start.pasted))
    assert sorted(index for index, _ in kept[0]) == [2, 3]
    assert all(kept[1][key] is band for key, band in kept[0].items())  # deflated once


def test_the_bytes_depend_on_the_pixels_alone() -> None:
    rgba = _base()
    pasted = _mark(rgba, 40, 50, seed=1)
    marks = _mark(rgba, 150, 10, seed=2)
    changed = [(*pasted[:2], "name"), (*marks[:2], None)]
    start = map_png.base(_base())
    batch = [map_png.encode(rgba, TEXTS, 200, start, changed) for _ in range(2)]  # kept after
    alone = map_png.encode(rgba, TEXTS, 200, map_png.base(_base()), changed)
    everything = map_png.encode(rgba, TEXTS, 200, map_png.base(_base()), [(0, HEIGHT, None)])
    assert batch[0] == batch[1] == alone == everything


def test_a_picture_not_wholly_opaque_keeps_its_alpha() -> None:
    see_through = _base()
    see_through[100, 10, 3] = 128
    for start, rgba in ((map_png.base(_base()), see_through), (None, _base())):
        picture = _shown(map_png.encode(rgba, TEXTS, 200, start, [(100, 101, None)]))
        assert picture.mode == ("RGBA" if rgba is see_through else "RGB")
        assert (np.asarray(picture) == rgba[:, :, : len(picture.mode)]).all()
    assert map_png.base(see_through) is None
