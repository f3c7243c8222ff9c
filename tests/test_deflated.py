"""Zip entries deflated once, and archives of entries kept from before: what zipfile writes."""

from __future__ import annotations

import io
import os
import zipfile

from hpdeck.render.deflated import write_deflated, zip_bytes, zipfile_bytes

BLOBS = [b"", b"<p:sld/>" * 500, os.urandom(3000), "Åfjord kommune – æøå".encode() * 40]


def _zip(write) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for round_ in range(2):  # the second round finds every blob in the cache
            for index, blob in enumerate(BLOBS):
                info = zipfile.ZipInfo(f"ppt/part{round_}-{index}.xml", (1980, 1, 1, 0, 0, 0))
                info.external_attr = 0o644 << 16
                write(target, info, blob)
    return out.getvalue()


def test_cached_entries_are_the_bytes_zipfile_writes() -> None:
    def plain(target: zipfile.ZipFile, info: zipfile.ZipInfo, blob: bytes) -> None:
        info.compress_type = zipfile.ZIP_DEFLATED
        target.writestr(info, blob)

    cached = _zip(write_deflated)

    assert cached == _zip(plain)
    with zipfile.ZipFile(io.BytesIO(cached)) as package:
        assert package.testzip() is None
        assert package.read("ppt/part1-3.xml") == BLOBS[3]


def test_an_archive_of_entries_written_before_is_the_archive_zipfile_writes() -> None:
    """Entries kept from earlier archives (the same name and bytes) and new ones, deflated and
    stored, ASCII and not, at other places than before: the bytes zipfile writes."""
    first = [(f"ppt/slides/slide{i}.xml", blob, True) for i, blob in enumerate(BLOBS)]
    picture = ("ppt/media/image1.png", os.urandom(2000), False)
    again = [first[2], picture, ("ppt/Åfjord.xml", BLOBS[3], True), first[0], first[1]]

    for entries in (first, again, again + first[3:]):
        made = zip_bytes(entries)

        assert made == zipfile_bytes(entries)
        with zipfile.ZipFile(io.BytesIO(made)) as package:
            assert package.testzip() is None
            assert [package.read(name) for name, _, _ in entries] == [b for _, b, _ in entries]
