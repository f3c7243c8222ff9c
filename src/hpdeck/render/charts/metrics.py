"""Text measured once per process: a chart's canvas whose renderer remembers every text's size.

Measuring a text makes FreeType load and hint each of its glyphs (about 25-50 µs a glyph at
chart sizes), and matplotlib keeps what it measured only as long as the chart's own renderer.
The charts of a batch measure the same words again and again: each wrapping tries every
word and every line it grows, at each size it steps down to, and the next chart (the other
language, the next slot) tries most of them again. A size depends only on the text, the font
files and settings that pick and shape its glyphs, and the resolution, so it is kept under
those for the life of the process; the pixels drawn do not change (drawing lays the glyphs
out again in any case).
"""

from __future__ import annotations

from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

Size = tuple[float, float, float]
"""Width, height and descent in pixels, as ``RendererAgg.get_text_width_height_descent``."""

_SIZES: dict[tuple[Any, ...], Size] = {}
_LIMIT = 20_000  # sizes kept (a few MB) before starting afresh: a live preview runs for hours


class Canvas(FigureCanvasAgg):
    """An Agg canvas whose renderer looks each plain text's size up before measuring it."""

    def get_renderer(self) -> Any:
        renderer = super().get_renderer()
        if "get_text_width_height_descent" not in vars(renderer):  # a new renderer
            renderer.get_text_width_height_descent = _Remembering(renderer)
        return renderer


def canvas(figure: Figure) -> Canvas:
    """``figure`` on a remembering canvas (the canvas it draws its pixels on)."""
    return Canvas(figure)


class _Remembering:
    """``get_text_width_height_descent`` of one renderer, kept per process for plain text
    (mathtext and TeX are measured as before: their size depends on more than the font)."""

    def __init__(self, renderer: Any) -> None:
        self.measure = renderer.get_text_width_height_descent
        self.dpi = renderer.dpi
        self.settings = _font_settings()

    def __call__(self, text: str, prop: FontProperties, ismath: Any) -> Size:
        if ismath:
            return self.measure(text, prop, ismath)
        key = (
            text,
            tuple(prop.get_family()),
            prop.get_style(),
            prop.get_variant(),
            prop.get_weight(),
            prop.get_stretch(),
            prop.get_size_in_points(),
            str(prop.get_file()),
            self.dpi,
            self.settings,
        )
        size = _SIZES.get(key)
        if size is None:
            if len(_SIZES) >= _LIMIT:
                _SIZES.clear()
            size = _SIZES[key] = self.measure(text, prop, ismath)
        return size


def forget() -> None:
    """Start afresh (tests measure a first chart with it)."""
    _SIZES.clear()


def _font_settings() -> str:
    """matplotlib's settings that pick a font for a family or change how its glyphs are
    hinted, kerned and measured (font.*, text.*), as one comparable value."""
    rc = matplotlib.rcParams
    return repr([(key, rc[key]) for key in sorted(rc) if key.startswith(("font.", "text."))])


def width_px(renderer: Any, text: str, size: float, *, bold: bool = False) -> float | None:
    """Width in pixels of ``text`` (its widest line) at ``size`` points, as a text artist of
    it would span; None when it may hold mathtext (measure a text artist then)."""
    if "$" in text or matplotlib.rcParams["text.usetex"]:
        return None
    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    return max(
        renderer.get_text_width_height_descent(line, prop, False)[0] if line else 0.0
        for line in text.split("\n")
    )
