"""The theme's look as far as a chart backend needs it."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hpdeck.content.theme_assets import check_values

if TYPE_CHECKING:  # a batch's drawing helper imports this module, never the content model
    from hpdeck.content.theme import Theme

DPI = 200  # pixels per inch of every chart picture

# Calibri and Arial on council PCs; Carlito and Liberation Sans share their metrics elsewhere.
FONT_FALLBACKS = {"Calibri": ["Calibri", "Carlito"], "Arial": ["Arial", "Liberation Sans"]}


@dataclass(frozen=True)
class ChartStyle:
    """Colours, font and sizes a chart is drawn with; part of every chart's cache key."""

    text: str
    muted: str
    line: str
    background: str
    accent: str
    fonts: tuple[str, ...]
    label_size: float
    value_size: float
    mplstyle: str
    style_name: str = "charts.mplstyle"
    """Where the style came from, for messages about its values."""

    @classmethod
    def from_theme(cls, theme: Theme) -> ChartStyle:
        family = theme.fonts.body
        fonts = (*FONT_FALLBACKS.get(family, [family]), "Liberation Sans", "DejaVu Sans")
        mplstyle = theme.style
        colors = theme.colors
        return cls(
            colors.text,
            colors.muted,
            colors.line,
            colors.background,
            colors.accent,
            fonts,
            label_size=theme.sizes.caption + 2,
            value_size=theme.sizes.body,
            mplstyle=mplstyle,
            style_name=f"themes/{theme.slug}/charts.mplstyle",
        )

    def key(self) -> str:
        return repr(self)


def style_file(style: ChartStyle, folder: Path) -> Path | None:
    """The theme's .mplstyle written where matplotlib can read it by path."""
    if not style.mplstyle:
        return None
    check_values(style.mplstyle, style.style_name)
    path = folder / "theme.mplstyle"
    path.write_text(style.mplstyle, "utf-8")
    return path


@contextmanager
def look(style: ChartStyle) -> Iterator[None]:
    """matplotlib set to the theme's look (its style file, fonts and colours) while the block
    runs: what a chart's figure, texts and drawing read from matplotlib's settings.

    The settings the look gives are found once per style (``_settings``) and only they are
    set and put back: matplotlib's own contexts copy and check all of its ~300 settings twice
    on the way in and out, more than drawing a map's own marks costs.
    """
    import matplotlib

    params: Any = matplotlib.rcParams  # typed by literal names; these are read from a file
    settings = _settings(style)
    before = {key: params._get(key) for key in settings}
    params._update_raw(settings)
    try:
        yield
    finally:
        params._update_raw(before)


def _settings(style: ChartStyle) -> dict[str, Any]:
    """Every setting the look gives, with the value matplotlib makes of it: what its style
    context with the theme's style file, then an rc context with the fonts and colours, set.
    Found by marking each setting either names first, then applying both as matplotlib does
    (it ignores a style file's settings that are no part of a style)."""
    key = style.key()
    if key not in _SETTINGS:
        import matplotlib
        import matplotlib.style

        own: dict[str, Any] = {
            "font.family": "sans-serif",
            "font.sans-serif": list(style.fonts),
            "text.color": f"#{style.text}",
            "figure.facecolor": f"#{style.background}",
            "svg.hashsalt": "hpdeck",
        }
        files = _style_settings(style)
        named = {*own, *(name for settings in files for name in settings)}
        params: Any = matplotlib.rcParams
        unset = object()
        with matplotlib.rc_context():
            params._update_raw(dict.fromkeys(named, unset))
            matplotlib.style.use(files)
            params.update(own)
            values = {name: params._get(name) for name in named}
        _SETTINGS[key] = {name: value for name, value in values.items() if value is not unset}
    return _SETTINGS[key]


_SETTINGS: dict[str, dict[str, Any]] = {}


def _style_settings(style: ChartStyle) -> list[dict[str, Any]]:
    """The theme's style file read once per process and style, not once per chart."""
    if style.mplstyle not in _STYLES:
        import matplotlib

        with tempfile.TemporaryDirectory() as folder:
            path = style_file(style, Path(folder))
            read = matplotlib.rc_params_from_file(path, use_default_template=False) if path else {}
        _STYLES[style.mplstyle] = [{str(key): read[key] for key in read}] if read else []
    return _STYLES[style.mplstyle]


_STYLES: dict[str, list[dict[str, Any]]] = {}
