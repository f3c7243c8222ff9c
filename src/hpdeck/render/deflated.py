"""Zip archives made from entries zipfile wrote before: a part with the same name and bytes as
one written before is stored again from the bytes zipfile made for it, not deflated again.

Every deck of a council batch holds the same template parts (master, layouts, theme) and
mostly the same slides, and a live preview writes the same deck again after each edit;
deflating them again, and zipfile's own work per entry, are a large share of writing a deck.
An entry's bytes in a zip depend only on its name, date, mode and bytes, except for where it
starts, which only its central directory record says. So each distinct entry is written once
by zipfile itself, as a one-entry archive, and kept as its local header and data and its
central record; an archive of many is their concatenation with each start filled in and the
end record after them: the bytes zipfile writes for the same entries (tests/test_deflated.py).
Both caches are bounded, so a long-running process does not grow without end.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable

_LIMIT = 64 * 1024 * 1024  # bytes of input and output each of the two caches keeps, at most
_CACHE: dict[bytes, bytes] = {}
_held = [0]
FIXED_TIME = (1980, 1, 1, 0, 0, 0)

# A zip's end record and the start's place in a central directory record (zipfile's layout).
_END = struct.Struct("<4s4H2LH")
_START_AT = 42
_START = struct.Struct("<L")
_SMALL = 0xFFFF_FFFF  # beyond this size (or 0xFFFF entries) zipfile writes zip64 records


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


def write_entry(target: zipfile.ZipFile, name: str, blob: bytes, deflate: bool) -> None:
    """One entry as a deck holds it: dated 1980-01-01, mode 644, deflated or stored."""
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.external_attr = 0o644 << 16
    if deflate:
        write_deflated(target, info, blob)
    else:
        info.compress_type = zipfile.ZIP_STORED
        target.writestr(info, blob)


def zipfile_bytes(entries: Iterable[tuple[str, bytes, bool]]) -> bytes:
    """The archive of ``entries`` (name, bytes, whether to deflate) written by zipfile."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, blob, deflate in entries:
            write_entry(target, name, blob, deflate)
    return out.getvalue()


_Entry = tuple[bytes, bytes, bytes]  # local header and data; central record before and after
_ENTRIES: dict[tuple[str, bytes, bool], _Entry] = {}
_entries_held = [0]


def _entry(name: str, blob: bytes, deflate: bool) -> _Entry:
    """The entry as zipfile writes it alone, cut into its local part and central record."""
    key = (name, blob, deflate)
    found = _ENTRIES.get(key)
    if found is None:
        alone = zipfile_bytes([key])
        _, _, _, count, _, size, start, _ = _END.unpack(alone[-_END.size :])
        record = alone[start : start + size]
        place = record[_START_AT : _START_AT + _START.size]
        if count != 1 or start + size + _END.size != len(alone) or place != bytes(_START.size):
            raise AssertionError("zipfile wrote a one-entry archive in an unknown layout")
        found = (alone[:start], record[:_START_AT], record[_START_AT + _START.size :])
        held = len(blob) + len(found[0])
        if _entries_held[0] + held > _LIMIT:
            _ENTRIES.clear()
            _entries_held[0] = 0
        _ENTRIES[key] = found
        _entries_held[0] += held
    return found


def zip_bytes(entries: Iterable[tuple[str, bytes, bool]]) -> bytes:
    """``zipfile_bytes(entries)``, each entry written by zipfile at most once per distinct
    name and bytes (its cached local part copied, its central record given its start)."""
    entries = list(entries)
    count = len(entries)
    if count >= 0xFFFF or sum(len(entry[1]) for entry in entries) > _SMALL // 2:
        return zipfile_bytes(entries)  # it may need zip64 records: zipfile's own, whole
    local: list[bytes] = []
    central: list[bytes] = []
    start = 0
    kept, pack = _ENTRIES.get, _START.pack
    for entry in entries:
        made = kept(entry) or _entry(*entry)
        local.append(made[0])
        central += (made[1], pack(start), made[2])
        start += len(made[0])
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), start, 0)
    return b"".join([*local, directory, end])
