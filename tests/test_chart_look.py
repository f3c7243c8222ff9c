"""A chart's look (the theme's style file, fonts and colours) is the one matplotlib's own style
and rc contexts give, and every setting is as it was once the chart is drawn."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.style
import pytest

from hpdeck.content.theme import load_theme
from hpdeck.render.charts import style as chart_style
from hpdeck.render.charts.style import ChartStyle, look

REPO = Path(__file__).resolve().parents[1]
THEMES = sorted(path.name for path in (REPO / "themes").iterdir() if path.is_dir())


def _settings() -> dict[str, Any]:
    params: Any = matplotlib.rcParams
    return {key: params._get(key) for key in params}


def _as_matplotlib_gives(style: ChartStyle) -> dict[str, Any]:
    """The settings inside matplotlib's own contexts for the look (how ``look`` once set it)."""
    own = {
        "font.family": "sans-serif",
        "font.sans-serif": list(style.fonts),
        "text.color": f"#{style.text}",
        "figure.facecolor": f"#{style.background}",
        "svg.hashsalt": "hpdeck",
    }
    with (
        matplotlib.style.context(chart_style._style_settings(style)),
        matplotlib.rc_context(own),
    ):
        return _settings()


@pytest.mark.parametrize("theme", THEMES)
def test_the_look_is_matplotlibs_own_and_is_undone(theme: str) -> None:
    style = ChartStyle.from_theme(load_theme(REPO, theme))
    expected = _as_matplotlib_gives(style)
    before = _settings()
    for _ in range(2):  # found once, then set from what was found
        with look(style):
            assert _settings() == expected
        assert _settings() == before


def test_a_setting_matplotlib_ignores_in_a_style_is_left_alone() -> None:
    style = ChartStyle.from_theme(load_theme(REPO, THEMES[0]))
    odd = replace(style, mplstyle="axes.grid: True\ntimezone: Asia/Tokyo\n")
    before = _settings()
    with pytest.warns(UserWarning, match="timezone"), look(odd):
        assert matplotlib.rcParams["axes.grid"] is True
        assert matplotlib.rcParams["timezone"] == before["timezone"]
    assert _settings() == before
