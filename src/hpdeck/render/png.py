"""PNG files written straight from pixels: the charts, the status map drawn per municipality
(its rows deflated in bands: see ``charts.map_png``), and the slide pictures, thumbnails and
contact sheets of a preview.

Pillow chooses a row filter per row by trying them all, and offers no way to choose one; on
pictures of flat colour with antialiased edges and text, that took longer than drawing a map's
own marks and twice the compression of a contact sheet, and saved nothing: with no row filter,
deflate finds the repeats directly. The pixels are deflated by ISA-L (``isal``) in one call,
zlib's format in a sixth of its time at its fastest levels: a contact sheet in 4 ms instead of
Pillow's 60, the file a tenth larger than zlib's.

A chart is kept in every deck that shows it, and drawn again whenever its figures change (by a
batch's helper, or the live preview after an edit): its file is deflated by zlib (``small``),
whose bytes depend only on the pixels and zlib's version (which the chart cache's keys name),
unfiltered as every picture here, at level 2. On the sample's eleven charts (1.5 to 2.4
megapixels each) that took 7 ms a chart where level 4 took 15: its lazy matching made the files
a quarter smaller, the decks 6 %, for half of a chart's drawing time. PNG's "Up" filter (each
row as its difference from the row above) made them larger at every level; ISA-L, ten times
quicker, 7 % larger than level 2.
"""

from __future__ import annotations

import struct
import zlib
from typing import TYPE_CHECKING

import numpy as np
from isal import isal_zlib

if TYPE_CHECKING:
    from PIL.Image import Image

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_NO_FILTER = 0  # the row filter byte of a row as it is
_SMALL_LEVEL = 2  # zlib's level for ``small`` (see above)
_COLOUR_TYPES = {1: 0, 3: 2, 4: 6}  # channels -> PNG colour type (grey, RGB, RGBA)


def encode(
    pixels: np.ndarray,
    texts: dict[str, str] | None = None,
    dpi: float | None = None,
    *,
    level: int = 1,
    small: bool = False,
) -> bytes:
    """``pixels`` (height × width grey, or × 3 RGB, or × 4 RGBA; a byte each) as a PNG: RGB when
    every pixel is opaque, with ``texts`` as text chunks ahead of the pixels (where readers
    look for them), ``dpi`` when given, deflated at ISA-L's ``level`` (0–3), or by zlib when
    ``small`` (see above)."""
    height, width = pixels.shape[:2]
    channels = 1 if pixels.ndim == 2 else pixels.shape[2]
    if channels == 4 and int(pixels[:, :, 3].min()) == 255:
        channels = 3  # the alpha channel only costs space and time
    rows = np.empty((height, width * channels + 1), np.uint8)
    rows[:, 0] = _NO_FILTER
    if channels == 1:
        rows[:, 1:] = pixels
    elif pixels.ndim == 3 and pixels.shape[2] == channels and pixels.flags.c_contiguous:
        rows[:, 1:] = pixels.reshape(height, width * channels)  # row by row, as they lie
    else:
        copied = rows[:, 1:].reshape(height, width, channels)  # a view of rows
        for channel in range(channels):  # one at a time: 5 times quicker than all in one copy
            copied[:, :, channel] = pixels[:, :, channel]
    deflated = (
        zlib.compress(rows.data, _SMALL_LEVEL) if small else isal_zlib.compress(rows.data, level)
    )
    return assembled(width, height, channels, deflated, texts, dpi)


def assembled(
    width: int,
    height: int,
    channels: int,
    idat: bytes | list[bytes],
    texts: dict[str, str] | None = None,
    dpi: float | None = None,
) -> bytes:
    """The PNG file of ``idat`` (the zlib stream of a picture's filtered rows, whole or in
    parts joined only here), with ``texts`` as text chunks ahead of the pixels and ``dpi``
    when given."""
    header = struct.pack(">IIBBBBB", width, height, 8, _COLOUR_TYPES[channels], 0, 0, 0)
    chunks = [(b"IHDR", [header])]
    if dpi is not None:
        per_metre = int(dpi / 0.0254 + 0.5)
        chunks.append((b"pHYs", [struct.pack(">IIB", per_metre, per_metre, 1)]))
    chunks += [(tag, [data]) for tag, data in (_text(*text) for text in (texts or {}).items())]
    chunks += [(b"IDAT", [idat] if isinstance(idat, bytes) else idat), (b"IEND", [])]
    written = [SIGNATURE]
    for tag, parts in chunks:
        check = isal_zlib.crc32(tag)
        for part in parts:
            check = isal_zlib.crc32(part, check)
        written += [struct.pack(">I", sum(map(len, parts))), tag, *parts, struct.pack(">I", check)]
    return b"".join(written)


def image_png(image: Image) -> bytes:
    """A Pillow picture (a thumbnail, a contact sheet) as PNG, at ISA-L's level 2: as small as
    zlib's level 1 in a tenth of its time."""
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    return encode(np.asarray(image), level=2)


def _text(key: str, value: str) -> tuple[bytes, bytes]:
    """A text chunk: Latin-1 (tEXt) when the value allows, else UTF-8 (iTXt), as Pillow writes."""
    name = key.encode("latin-1")
    try:
        return b"tEXt", name + b"\0" + value.encode("latin-1")
    except UnicodeEncodeError:  # no compression, no language, no translated keyword
        return b"iTXt", name + b"\0\0\0\0\0" + value.encode("utf-8")
