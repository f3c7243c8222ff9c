"""Which font file on this machine gives a theme font's metrics, on Linux, macOS and Windows.

The theme's own font comes first (real Calibri or Arial, as on a PC with Office), then its
metric-compatible open equivalent (Carlito, Liberation Sans), which LibreOffice substitutes and
whose advance widths match glyph for glyph. Fonts are found through matplotlib's font manager,
which knows each system's font folders. Importing it costs about half a second, so what it
found is remembered in the user's cache folder for a week and a warm build never imports
matplotlib; a remembered file that has gone is looked up again, and a font not found is looked
for again on every build.
"""

from __future__ import annotations

import json
import os
import sys
import time
from functools import cache
from pathlib import Path

# Theme font -> the open font with the same advance widths, as LibreOffice substitutes them.
EQUIVALENT = {
    "calibri": "Carlito",
    "cambria": "Caladea",
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "times new roman": "Liberation Serif",
    "courier new": "Liberation Mono",
}
REMEMBER_SECONDS = 7 * 24 * 3600.0
_SUFFIXES = (".ttf", ".otf")  # single-font files both Pillow and fontTools open directly
_BOLD = 600  # CSS weights: semibold and up count as bold


def candidates(family: str) -> list[str]:
    """The families whose files may measure ``family``, best first."""
    family = family.strip()
    equivalent = EQUIVALENT.get(family.lower())
    return [family, equivalent] if equivalent else [family]


def user_cache() -> Path:
    """hpdeck's folder in the user's cache (not a project's): per OS convention."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "hpdeck" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "hpdeck"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hpdeck"


def _memory_file() -> Path:
    override = os.environ.get("HPDECK_FONT_CACHE")
    return Path(override) if override else user_cache() / "fonts.json"


@cache
def _remembered() -> dict[str, str]:
    try:
        memory = _memory_file()
        if time.time() - memory.stat().st_mtime > REMEMBER_SECONDS:
            return {}
        data = json.loads(memory.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return (
        {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}
        if isinstance(data, dict)
        else {}
    )


def _remember(key: str, found: Path) -> None:
    """Keep what was found; a cache that cannot be written only costs the next build time."""
    memory = _remembered()
    memory[key] = str(found)
    target = _memory_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(memory, indent=1, sort_keys=True), "utf-8")
        os.replace(temporary, target)
    except OSError:
        pass


def search(family: str, bold: bool, italic: bool) -> Path | None:
    """The installed file of exactly ``family`` in this face, via matplotlib's font manager."""
    from matplotlib import font_manager

    wanted = family.lower()
    for entry in font_manager.fontManager.ttflist:
        if entry.name.lower() != wanted or not entry.fname.lower().endswith(_SUFFIXES):
            continue
        weight = (
            entry.weight
            if isinstance(entry.weight, int)
            else font_manager.weight_dict.get(str(entry.weight), 400)
        )
        if (weight >= _BOLD) == bold and (entry.style in ("italic", "oblique")) == italic:
            path = Path(entry.fname)
            if path.is_file():
                return path
    return None


def font_file(family: str, bold: bool = False, italic: bool = False) -> Path | None:
    """The file whose metrics fit text in ``family`` (see the module), or None."""
    found = find(family, bold, italic)
    if not (bold or italic):
        _USED[family] = found
    return found


def find(family: str, bold: bool = False, italic: bool = False) -> Path | None:
    """As `font_file`, without counting ``family`` as one text was fitted in (a stand-in)."""
    key = f"{family.strip().lower()}|{'b' if bold else ''}{'i' if italic else ''}"
    remembered = _remembered().get(key)
    if remembered and Path(remembered).is_file():
        found: Path | None = Path(remembered)
    else:
        found = next(
            (
                path
                for name in candidates(family)
                if (path := search(name, bold, italic)) is not None
            ),
            None,
        )
        if found:  # a miss is not remembered: the font may be installed before the next build
            _remember(key, found)
    return found


def used() -> dict[str, Path | None]:
    """Each family text was fitted in by this process, with the file measured (None: an
    estimate), for --verbose."""
    return dict(_USED)


_USED: dict[str, Path | None] = {}
