"""Slide pictures as PNG, written the fast way for flat pictures.

Pillow's PNG writer tries every row filter on every row (adaptive filtering); for slides, large
areas of flat colour with text, that costs twice the compression and saves nothing: rows left
unfiltered come out as small or smaller. Pillow has no option to choose the filter, so the few
chunks are written here, the pixels deflated by ISA-L (``isal``, as the status map's PNG in
render/charts/png.py): a contact sheet in 4 ms instead of Pillow's 60, a tenth larger than zlib
makes it. The pixels are the same.
"""

from __future__ import annotations

import struct
import zlib
from typing import TYPE_CHECKING

from isal import isal_zlib

if TYPE_CHECKING:
    import numpy as np
    from PIL.Image import Image

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOUR_TYPES = {1: 0, 3: 2}  # channels -> PNG colour type (grey, RGB)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(image: Image) -> bytes:
    """A picture as PNG (see pixels_png)."""
    import numpy as np

    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    return pixels_png(np.asarray(image))


def pixels_png(pixels: np.ndarray) -> bytes:
    """Pixels (height × width, or height × width × 3 for RGB, one byte each; a fourth byte
    per pixel is left out) as PNG: rows
    unfiltered, deflated at ISA-L's level 2 (as small as zlib's level 1, in a tenth of its
    time). A view is enough: a rendered page's pixels need no copy of their own."""
    import numpy as np

    if pixels.ndim == 3 and pixels.shape[2] == 4:
        pixels = pixels[:, :, :3]  # drawn on an opaque page: the fourth byte says nothing
    height, width = pixels.shape[:2]
    channels = 1 if pixels.ndim == 2 else pixels.shape[2]
    rows = np.zeros((height, 1 + width * channels), np.uint8)  # each row: filter 0, pixels
    rows[:, 1:] = pixels.reshape(height, width * channels)
    header = struct.pack(">IIBBBBB", width, height, 8, _COLOUR_TYPES[channels], 0, 0, 0)
    return b"".join(
        (
            _SIGNATURE,
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", isal_zlib.compress(rows.data, 2)),
            _chunk(b"IEND", b""),
        )
    )
