"""Status maps as PNG files whose rows are mostly deflated once per base.

Every map of a council batch is the same base picture with a few marks of its own, and most of
its other names are pixels pasted as earlier maps had them: most bands of ``BAND`` rows are the
base's, and most others hold only names pasted as before. Each band's rows (each after its
no-filter byte, as ``png.encode`` lays them out) are deflated alone and end on a sync flush, so
they refer to nothing before them and end on a whole byte: a zlib stream may be any run of
such bands, then an empty final block and the checksum, put together from the bands' own. A
band the map did not change is the base's; one only pasted pixels changed is kept by what was
pasted; only the others are deflated for each map. The file depends only on the pixels (every
band is deflated the same way, whichever map first had it), so a deck built alone gets the
bytes a batch gives it. That needs a compressor whose output depends on its input alone:
zlib's. ISA-L's streaming one (as ``png.encode`` uses ISA-L, in one call) now and then
deflated the same rows differently in another process: about one band in 500 of a batch,
which made one or two of its decks differ from run to run, pictures the same.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Hashable
from dataclasses import dataclass, field

import numpy as np

from hpdeck.render import png

BAND = 16  # rows deflated together: fewer deflate more rows again per mark, more cost a flush each
LEVEL = 1  # zlib's quickest: a band of a map in about 0.2 ms
_ZLIB_HEADER = b"\x78\x01"  # deflate, 32 KiB window, no dictionary (the level hint is advisory)
_LAST = b"\x03\x00"  # an empty final block (fixed codes): closes a stream of flushed bands
_MOD = 65521  # Adler-32's modulus
_PASTED = 4096  # bands with pixels pasted that a base keeps, at most (a few kB each)

_Band = tuple[bytes, int, int]  # deflated rows, their Adler-32 and their length


@dataclass(frozen=True)
class Base:
    """The picture every map of a batch starts from, as bands, and its bands with pixels
    pasted on them by what was pasted (see ``encode``)."""

    bands: list[_Band]
    pasted: dict[tuple[int, frozenset[Hashable]], _Band] = field(default_factory=dict)


def base(rgba: np.ndarray) -> Base | None:
    """The base picture ``rgba`` (height × width × 4) with its bands deflated; None when some
    pixel is not opaque (a map on it is written by ``png.encode``)."""
    bands = [_band(rgba[top : top + BAND]) for top in range(0, rgba.shape[0], BAND)]
    kept = [band for band in bands if band is not None]
    return Base(kept) if len(kept) == len(bands) else None


def encode(
    rgba: np.ndarray,
    texts: dict[str, str],
    dpi: float,
    start: Base | None,
    changed: list[tuple[int, int, Hashable | None]],
) -> bytes:
    """``rgba`` (height × width × 4) as ``png.encode`` would show it (RGB when opaque, with
    ``texts`` and ``dpi``), drawn on ``start`` (the base) whose pixels it has outside the
    ``changed`` rows (the first, the one past the last, and what changed them: None, or the
    key of pixels pasted there that are always the same for the same key)."""
    height, width = rgba.shape[:2]
    if start is None or len(start.bands) != -(-height // BAND):
        return png.encode(rgba, texts, dpi)
    pastes: dict[int, set[Hashable | None]] = {}
    for top, end, key in changed:
        for index in range(top // BAND, (end - 1) // BAND + 1):
            pastes.setdefault(index, set()).add(key)
    stream = [_ZLIB_HEADER]
    check = 1
    for index, band in enumerate(start.bands):
        keys = pastes.get(index)
        if keys is not None:
            pasted = None if None in keys else (index, frozenset(keys))
            found = None if pasted is None else start.pasted.get(pasted)
            if found is None:
                found = _band(rgba[index * BAND : (index + 1) * BAND])
                if found is None:  # not opaque: the whole picture as RGBA, as png.encode does
                    return png.encode(rgba, texts, dpi)
                if pasted is not None:
                    if len(start.pasted) >= _PASTED:
                        start.pasted.clear()
                    start.pasted[pasted] = found
            band = found
        stream.append(band[0])
        check = _combined(check, band[1], band[2])
    stream += [_LAST, struct.pack(">I", check)]
    return png.assembled(width, height, 3, stream, texts, dpi)


def _band(rgba: np.ndarray) -> _Band | None:
    """A band's rows deflated alone, ending on a whole byte; None when some pixel is not
    opaque."""
    if int(rgba[:, :, 3].min()) != 255:
        return None
    height, width = rgba.shape[:2]
    rows = np.empty((height, width * 3 + 1), np.uint8)
    rows[:, 0] = 0  # no filter, as png.encode writes a map
    copied = rows[:, 1:].reshape(height, width, 3)
    for channel in range(3):  # one at a time: quicker than all in one strided copy
        copied[:, :, channel] = rgba[:, :, channel]
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    deflated = compressor.compress(rows.data) + compressor.flush(zlib.Z_SYNC_FLUSH)
    return deflated, zlib.adler32(rows.data), rows.size


def _combined(first: int, second: int, size: int) -> int:
    """The Adler-32 of two byte strings one after the other, from each one's and the second's
    length (zlib's adler32_combine): both sums start at 1, so one start is taken off."""
    low = (first & 0xFFFF) + (second & 0xFFFF) - 1
    high = (first >> 16) + (second >> 16) + size * ((first & 0xFFFF) - 1)
    return (high % _MOD) << 16 | low % _MOD
