"""Where a picture lands in the box planned for it: as large as fits without distortion, centred.

Computed in EMU (914400 per inch), the unit a .pptx stores, from the picture's own size at its
own resolution as PowerPoint reads it (Pillow's dpi; 72 when missing or outside 1–2048), so the
writer places the picture exactly where the plan says and decides nothing.
"""

from __future__ import annotations

import io
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from hpdeck.plan.model import Box, Picture

EMU_PER_INCH = 914400


def placed(picture: Picture) -> Picture:
    """``picture`` with its box shrunk to the picture's proportions and centred in it."""
    width, height = native_size(picture)
    box = picture.box
    room_w, room_h = _emu(box.width), _emu(box.height)
    ratio = min(room_w / width, room_h / height)
    shown_w, shown_h = int(width * ratio), int(height * ratio)
    left = _emu(box.left) + (room_w - shown_w) // 2
    top = _emu(box.top) + (room_h - shown_h) // 2
    exact = Box(*(v / EMU_PER_INCH for v in (left, top, shown_w, shown_h)))
    return replace(picture, box=exact)


def native_size(picture: Picture) -> tuple[int, int]:
    """The picture's width and height in EMU at its own resolution."""
    if picture.data:
        return _size_of(io.BytesIO(picture.data))
    found = picture.path.stat()
    version = (found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)
    return _file_size(picture.path, version)


@lru_cache(maxsize=256)
def _file_size(path: Path, version: tuple[int, ...]) -> tuple[int, int]:
    """A file's size in EMU, read once per version of the file (the theme's logo is placed on
    every content slide of every deck; a live preview sees a replaced picture)."""
    return _size_of(path)


def _size_of(source: io.BytesIO | Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(source) as image:
        (width_px, height_px), dpi = image.size, image.info.get("dpi")
    horizontal, vertical = dpi if isinstance(dpi, tuple) else (None, None)
    return (
        int(EMU_PER_INCH * width_px / _dpi(horizontal)),
        int(EMU_PER_INCH * height_px / _dpi(vertical)),
    )


def to_emu(inches: float) -> int:
    """An exact placement back in EMU (the plan's inches are EMU / 914400)."""
    return round(inches * EMU_PER_INCH)


def _emu(inches: float) -> int:
    """Inches as python-pptx turns them into EMU (truncated), as the rest of the slide is."""
    return int(inches * EMU_PER_INCH)


def _dpi(value: object) -> int:
    try:
        dots = round(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 72
    return dots if 1 <= dots <= 2048 else 72
