"""PNG files written straight from pixels (render/png.py) read back as what was drawn."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from hpdeck.render import png


def _pixels(alpha: int) -> np.ndarray:
    rng = np.random.default_rng(7)
    rgba = rng.integers(0, 256, size=(37, 53, 4), dtype=np.uint8)
    rgba[:, :, 3] = alpha
    return rgba


def test_an_opaque_picture_reads_back_as_its_pixels_with_its_texts() -> None:
    rgba = _pixels(255)

    image = Image.open(io.BytesIO(png.encode(rgba, {"hpdeck-labels": '["Røros"]'}, 200)))

    assert image.mode == "RGB"
    assert (np.asarray(image) == rgba[:, :, :3]).all()
    assert image.info["hpdeck-labels"] == '["Røros"]'
    assert [round(d) for d in image.info["dpi"]] == [200, 200]


def test_a_picture_with_see_through_pixels_keeps_them_and_any_text() -> None:
    rgba = _pixels(255)
    rgba[0, 0, 3] = 0
    said = '["Čakovec", "日本"]'  # beyond Latin-1

    image = Image.open(io.BytesIO(png.encode(rgba, {"hpdeck-labels": said}, 200)))

    assert image.mode == "RGBA"
    assert (np.asarray(image) == rgba).all()
    assert image.info["hpdeck-labels"] == said


def test_slide_pictures_and_sheets_read_back_as_their_pixels() -> None:
    """The preview's pictures: RGB from PDFium, grey or RGB from Pillow, no texts, no dpi."""
    rgb = _pixels(255)[:, :, :3]
    grey = rgb[:, :, 0].copy()

    for pixels, mode in ((rgb, "RGB"), (grey, "L")):
        image = Image.open(io.BytesIO(png.encode(pixels, level=2)))
        assert image.mode == mode
        assert (np.asarray(image) == pixels).all()
        assert "dpi" not in image.info
    sheet = Image.fromarray(rgb).convert("P")  # a mode a PNG here is not written in
    assert Image.open(io.BytesIO(png.image_png(sheet))).mode == "RGB"


def test_a_small_chart_file_reads_back_as_its_pixels() -> None:
    """Charts are written by zlib (``small``), with their texts and dpi: a reader gets the
    pixels back exactly, flat rows and grey ones too."""
    rgba = _pixels(255)
    rgba[10:20] = rgba[9]  # flat rows, as a chart's background and bars give

    for pixels in (rgba, rgba[:, :, 0].copy()):
        image = Image.open(io.BytesIO(png.encode(pixels, {"hpdeck-labels": "[]"}, 200, small=True)))
        expected = pixels[:, :, :3] if pixels.ndim == 3 else pixels
        assert (np.asarray(image) == expected).all()
        assert image.info["hpdeck-labels"] == "[]"
