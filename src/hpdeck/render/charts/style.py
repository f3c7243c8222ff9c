"""The theme's look as far as a chart backend needs it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hpdeck.content.theme import Theme
from hpdeck.content.theme_assets import check_values

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
