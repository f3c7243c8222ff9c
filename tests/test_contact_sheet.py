"""A region's contact sheets: each one made from the last sheet of the same layout (only the
thumbnails that differ pasted over, its own title drawn) is the sheet drawn whole."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from hpdeck.export import preview
from hpdeck.render.png import image_png


def _slide(text: str, shade: int) -> bytes:
    """A slide picture with a coloured band and a line of text, as PNG."""
    picture = Image.new("RGB", (1600, 900), (255, 255, 255))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((100, 100 + shade, 1500, 400), fill=(shade, 80, 255 - shade))
    draw.text((120, 600), text, fill="black", font=preview._font(60))
    return image_png(picture)


def _whole(slides: list[bytes], title: str) -> bytes:
    """The sheet drawn from nothing: no earlier sheet kept."""
    kept = dict(preview._SHEET)
    preview._SHEET.clear()
    try:
        return preview.contact_sheet(slides, title)
    finally:
        preview._SHEET.clear()
        preview._SHEET.update(kept)


def test_sheets_of_a_region_are_the_sheets_drawn_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preview, "_SHEET", {})
    shared = [_slide(f"Felles lysbilde {n}", n * 20) for n in range(1, 6)]
    decks = [
        ("Skaun kommune", [*shared[:2], _slide("Skaun", 7), *shared[2:]]),
        ("Midtre Gauldal kommune", [*shared[:2], _slide("Midtre Gauldal", 9), *shared[2:]]),
        ("Volda kommune – ein lang tittel " * 6, [*shared[:2], _slide("Volda", 11), *shared[2:]]),
        ("Røros kommune", [*shared[:2], _slide("Røros", 13), *shared[2:]]),
        ("Orkland kommune", [*shared[:3], _slide("Orkland", 15)]),  # another layout
        ("Frøya kommune", [*shared[:2], _slide("Frøya", 17), *shared[2:]]),
    ]
    for title, slides in decks:
        made = preview.contact_sheet(slides, title)

        assert made == _whole(slides, title), title
        assert np.asarray(Image.open(io.BytesIO(made))).shape[1] == 4 * (480 + 24) + 24
    assert preview._SHEET  # later sheets were made from a kept one
