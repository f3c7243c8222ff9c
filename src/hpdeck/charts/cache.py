"""Drawn charts kept by content hash, so a chart every deck shares is drawn once per batch.

Safe under parallel workers: each image is written to a private temporary file and renamed into
place, so a reader sees a whole PNG or none; two workers drawing the same chart both write the
same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from hpdeck.charts.spec import ChartSpec
from hpdeck.charts.style import ChartStyle
from hpdeck.errors import RenderError
from hpdeck.files import write_atomic

# Part of every key, so editing how charts are drawn never serves a stale picture.
DRAWING_VERSION = hashlib.sha256(b"".join(
    (Path(__file__).parent / name).read_bytes()
    for name in ("draw.py", "style.py", "../typography.py", "../colour.py"))).hexdigest()[:12]


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
        if path and path.is_file():
            return self._remember(key, path.read_bytes())
        from hpdeck.charts.draw import draw  # matplotlib is imported only on a cache miss

        data = draw(spec, style, width, height)
        if path:
            self._keep(path, data)
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


# Charts this process has already read or drawn; forked batch workers inherit them.
_IN_MEMORY: dict[str, bytes] = {}
