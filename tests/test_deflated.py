"""Zip entries deflated once and stored again from the cache must be the entries zipfile writes."""

from __future__ import annotations

import io
import os
import zipfile

from hpdeck.render.deflated import write_deflated

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
