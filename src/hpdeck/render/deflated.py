"""Zip entries deflated once: a part with the same bytes as one written before is stored again
from its compressed bytes instead of being deflated again.

Every deck of a council batch holds the same template parts (master, layouts, theme) and
mostly the same slides, and a live preview writes the same deck again after each edit;
deflating them again is a large share of writing a deck. zlib's output depends only on the
input and the settings, so the cached bytes are the bytes zipfile would write (zipfile still
computes the checksum and writes the headers itself). The cache is bounded, so a long-running
process does not grow without end.
"""

from __future__ import annotations

import zipfile
import zlib

_LIMIT = 64 * 1024 * 1024  # bytes of input and output kept, at most
_CACHE: dict[bytes, bytes] = {}
_held = [0]


def deflated(blob: bytes) -> bytes:
    """``blob`` as zipfile's ZIP_DEFLATED at the default level writes it (a raw stream)."""
    found = _CACHE.get(blob)
    if found is None:
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        found = compressor.compress(blob) + compressor.flush()
        if _held[0] + len(blob) + len(found) > _LIMIT:
            _CACHE.clear()
            _held[0] = 0
        _CACHE[blob] = found
        _held[0] += len(blob) + len(found)
    return found


class _Precompressed:
    """Stands in for zipfile's compressor: returns bytes already deflated."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def compress(self, _blob: bytes) -> bytes:
        data, self._data = self._data, b""
        return data

    def flush(self) -> bytes:
        return b""


def write_deflated(target: zipfile.ZipFile, info: zipfile.ZipInfo, blob: bytes) -> None:
    """``target.writestr(info, blob)`` with ZIP_DEFLATED, the deflating done at most once per
    distinct ``blob``.

    zipfile writes the header, checksum and sizes as always; only its compressor is replaced by
    one that hands over the cached stream. Were zipfile's writer ever to name its compressor
    differently, the replacement would go unused and zipfile deflate as before: the same bytes.
    """
    info.compress_type = zipfile.ZIP_DEFLATED
    info.file_size = len(blob)  # as writestr sets it before opening (it decides on zip64)
    with target.open(info, mode="w") as entry:
        if hasattr(entry, "_compressor"):
            entry._compressor = _Precompressed(deflated(blob))
        entry.write(blob)
