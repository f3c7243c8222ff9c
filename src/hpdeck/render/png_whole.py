"""Whether stored PNG bytes are a whole picture, before a cache serves them into a deck.

Drawn charts and kept slide pictures are written without waiting for the disk (see
content.files.write_atomic): after a power cut such a file can keep its first and last blocks
and have zeros between them. Every chunk's CRC tells, in a fraction of a millisecond for a
chart (zlib's crc32; nothing heavier is imported on a warm build's path).
"""

from __future__ import annotations

import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def whole(data: bytes) -> bool:
    """True when ``data`` is a PNG signature, chunks whose lengths and CRCs agree, and an
    IEND chunk that ends it."""
    if not data.startswith(SIGNATURE):
        return False
    at, view = len(SIGNATURE), memoryview(data)  # chunks checked in place, not copied
    while at + 12 <= len(data):
        (length,) = struct.unpack_from(">I", data, at)
        end = at + 12 + length
        if end > len(data):
            return False
        (crc,) = struct.unpack_from(">I", data, end - 4)
        if zlib.crc32(view[at + 4 : end - 4]) != crc:
            return False
        if data[at + 4 : at + 8] == b"IEND":
            return end == len(data)
        at = end
    return False
