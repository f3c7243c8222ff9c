"""Status maps as PNG files, each band of rows deflated once per process and content.

Every map of a council batch is the same base picture with a few marks of its own, and most of
its other names are the ones the maps before it showed: most bands of ``BAND`` rows are ones an
earlier map had, byte for byte. Each band's rows (each after its no-filter byte, as
``png.encode`` lays them out) are deflated alone and end on a sync flush, so they refer to
nothing before them and end on a whole byte: a zlib stream may be any run of such bands, then
an empty final block and the checksum, which is put together from the bands' own. A band is
looked up by its pixels (their CRC, then the pixels themselves compared) and deflated only when
no earlier band had them. The file depends only on the pixels (every band is deflated the same
way, whichever map first had it), so a deck built alone gets the bytes a batch gives it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np
from isal import isal_zlib

from hpdeck.render import png

BAND = 16  # rows deflated together: fewer deflate more rows again per mark, more cost a flush each
LEVEL = 1  # ISA-L's level, as ``png.encode`` deflates a map
_ZLIB_HEADER = b"\x78\x01"  # deflate, 32 KiB window, no dictionary (the level hint is advisory)
_LAST = b"\x03\x00"  # an empty final block (fixed codes): closes a stream of flushed bands
_MOD = 65521  # Adler-32's modulus
_LIMIT = 48 * 1024 * 1024  # bytes of pixels the bands kept hold, at most, before they are let go

_Band = tuple[bytes, bytes, int, int]  # pixels, deflated rows, their Adler-32 and length
_BANDS: dict[tuple[int, int], list[_Band]] = {}  # by width and the pixels' CRC
_held = [0]


@dataclass(frozen=True)
class Base:
    """The picture every map of a batch starts from: its pixels (a 32-bit word each, compared
    with a map's to find the bands a map changed) and its bands."""

    words: np.ndarray
    bands: list[_Band]


def base(rgba: np.ndarray) -> Base | None:
    """The base picture ``rgba`` (height × width × 4) with its bands deflated; None when some
    pixel is not opaque (a map on it is written by ``png.encode``)."""
    width = rgba.shape[1]
    bands = [_band(rgba[top : top + BAND], width) for top in range(0, rgba.shape[0], BAND)]
    kept = [band for band in bands if band is not None]
    return Base(_words(rgba).copy(), kept) if len(kept) == len(bands) else None


def encode(rgba: np.ndarray, texts: dict[str, str], dpi: float, start: Base | None) -> bytes:
    """``rgba`` (height × width × 4) as ``png.encode`` would show it (RGB when opaque, with
    ``texts`` and ``dpi``): the bands where it has the pixels of ``start`` (the base it was
    drawn on) taken from there, the others deflated at most once per process."""
    height, width = rgba.shape[:2]
    if start is None or start.words.shape != (height, width):
        return png.encode(rgba, texts, dpi)
    changed = np.zeros(len(start.bands) * BAND, bool)  # by row, then by band
    changed[:height] = (_words(rgba) != start.words).any(axis=1)
    stream = [_ZLIB_HEADER]
    check = 1
    touched = np.asarray(changed.reshape(-1, BAND).any(axis=1))
    for index, band in enumerate(start.bands):
        if touched[index]:
            top = index * BAND
            found = _band(rgba[top : top + BAND], width)
            if found is None:  # not opaque: the whole picture as RGBA, as png.encode writes it
                return png.encode(rgba, texts, dpi)
            band = found
        stream.append(band[1])
        check = _combined(check, band[2], band[3])
    stream += [_LAST, struct.pack(">I", check)]
    return png.assembled(width, height, 3, b"".join(stream), texts, dpi)


def _words(rgba: np.ndarray) -> np.ndarray:
    """The pixels as one 32-bit word each (height × width): a view, compared a word at a time."""
    return rgba.view(np.uint32).reshape(rgba.shape[:2])


def _band(rgba: np.ndarray, width: int) -> _Band | None:
    """A band's rows deflated, from an earlier band with the same pixels when there was one;
    None when some pixel is not opaque."""
    pixels = rgba.tobytes()
    key = (width, isal_zlib.crc32(pixels))
    for band in _BANDS.get(key, ()):
        if band[0] == pixels:
            return band
    if int(rgba[:, :, 3].min()) != 255:
        return None
    rows = _rows(rgba)
    compressor = isal_zlib.compressobj(LEVEL, isal_zlib.DEFLATED, -15)
    deflated = compressor.compress(rows.data) + compressor.flush(isal_zlib.Z_SYNC_FLUSH)
    band = (pixels, deflated, isal_zlib.adler32(rows.data), rows.size)
    if _held[0] + len(pixels) > _LIMIT:
        _BANDS.clear()
        _held[0] = 0
    _BANDS.setdefault(key, []).append(band)
    _held[0] += len(pixels)
    return band


def _rows(rgba: np.ndarray) -> np.ndarray:
    """RGB rows, each after its no-filter byte, as ``png.encode`` lays out an opaque picture."""
    height, width = rgba.shape[:2]
    rows = np.empty((height, width * 3 + 1), np.uint8)
    rows[:, 0] = 0
    copied = rows[:, 1:].reshape(height, width, 3)
    for channel in range(3):  # one at a time: quicker than all in one strided copy
        copied[:, :, channel] = rgba[:, :, channel]
    return rows


def _combined(first: int, second: int, size: int) -> int:
    """The Adler-32 of two byte strings one after the other, from each one's and the second's
    length (zlib's adler32_combine): both sums start at 1, so one start is taken off."""
    low = (first & 0xFFFF) + (second & 0xFFFF) - 1
    high = (first >> 16) + (second >> 16) + size * ((first & 0xFFFF) - 1)
    return (high % _MOD) << 16 | low % _MOD
