"""Drawn charts kept by content hash, so a chart every deck shares is drawn once per batch.

Safe under parallel workers: each image is written to a private temporary file and renamed into
place, so a reader sees a whole PNG or none; two workers drawing the same chart both write the
same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from pathlib import Path

from hpdeck.content.files import write_atomic
from hpdeck.errors import RenderError
from hpdeck.plan.charts import ChartSpec
from hpdeck.render.charts.style import ChartStyle

# Part of every key, so editing how charts are drawn never serves a stale picture.
DRAWING_VERSION = hashlib.sha256(
    b"".join(
        (Path(__file__).parent / name).read_bytes()
        for name in (
            "draw.py",
            "style.py",
            "map.py",
            "../png.py",
            "../../data/region-map.json",
            "../../plan/typography.py",
            "../../plan/colour.py",
        )
    )
).hexdigest()[:12]


class ChartCache:
    """PNG images of charts under ``folder``, named by the hash of what they show."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def png(self, spec: ChartSpec, style: ChartStyle, width: float, height: float) -> bytes:
        """The chart drawn at ``width`` × ``height`` inches, from the cache when possible."""
        key = spec.key(style.key() + DRAWING_VERSION, width, height)
        path = self.folder / f"{key}.png" if self.folder else None
        if key in _IN_MEMORY:
            if path and not path.is_file():  # another project's cache folder: fill it too
                self._keep(path, _IN_MEMORY[key])
            return _IN_MEMORY[key]
        cached = _read(path) if path else None
        if cached is not None:
            return self._remember(key, cached)
        from hpdeck.render.charts.draw import draw  # matplotlib is imported only on a cache miss

        data = draw(spec, style, width, height)
        if path:
            self._keep(path, data)
            prune(path.parent)
        return self._remember(key, data)

    @staticmethod
    def _remember(key: str, data: bytes) -> bytes:
        if len(_IN_MEMORY) > 256:  # a long live preview must not grow without end
            _IN_MEMORY.clear()
        _IN_MEMORY[key] = data
        return data

    @staticmethod
    def _keep(path: Path, data: bytes) -> None:
        """Store a drawn chart; a cache that cannot be written only costs speed, not the deck."""
        with contextlib.suppress(RenderError):
            write_atomic(path, data)


_PNG_START, _PNG_END = b"\x89PNG\r\n\x1a\n", b"IEND\xaeB`\x82"
# About 40 MB of charts at most; a chart unused for 60 days belongs to an old month.
MAX_FILES, MAX_AGE = 2000, 60 * 24 * 3600.0


def _read(path: Path) -> bytes | None:
    """A cached PNG that is whole, else None so it is drawn again and replaced: a file cut
    short (a full disk, a killed build) or overwritten must not reach a deck."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not (data.startswith(_PNG_START) and data.endswith(_PNG_END)):
        return None
    with contextlib.suppress(OSError):  # recently used: kept longest by prune()
        os.utime(path)
    return data


def prune(folder: Path, *, keep: int = MAX_FILES, max_age: float = MAX_AGE) -> None:
    """Delete charts unused for ``max_age`` seconds, and the least recently used beyond
    ``keep``; once per process and folder, as charts are drawn (old drawing versions and
    last year's figures are never asked for again)."""
    if folder in _PRUNED:
        return
    _PRUNED.add(folder)
    try:
        entries = sorted(((p.stat().st_mtime, p) for p in folder.glob("*.png")), reverse=True)
    except OSError:
        return
    now = time.time()
    for index, (used, path) in enumerate(entries):
        if index >= keep or now - used > max_age:
            with contextlib.suppress(OSError):
                path.unlink()


_PRUNED: set[Path] = set()
# Charts this process has already read or drawn; forked batch workers inherit them.
_IN_MEMORY: dict[str, bytes] = {}
