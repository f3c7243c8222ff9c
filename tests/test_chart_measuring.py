"""Charts measure their texts once per process (render/charts/metrics.py) and draw exactly what
measuring each text afresh, with a text artist of its own, draws: the same pixels and the same
label findings, for a chart drawn first and for one drawn after others filled the memory."""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from hpdeck.content.theme import load_theme
from hpdeck.plan.charts import ChartSpec, Series
from hpdeck.plan.typography import glue
from hpdeck.render.charts import draw, metrics
from hpdeck.render.charts.style import ChartStyle, look

from .conftest import REPO

STAGES = ("I bruk\n(vår kommune)", "Vedtatt", "Forbereder", "Planlegger vedtak", "Ikke tidfestet")
COLOURS = ("1B7F5B", "2B6CB0", "A86A12", "6B46C1", "6B7785")


def _days(count: int, step: int) -> list[dt.date]:
    return [dt.date(2022, 1, 3) + dt.timedelta(days=step * i) for i in range(count)]


def _timeline(count: int, step: int) -> ChartSpec:
    days = _days(count, step)
    at = tuple(d.toordinal() for d in days)
    names = ("Midtre Gauldal kommune", "Åfjord kommune", "St. Olavs hospital og seks kommuner")
    return ChartSpec(
        "timeline",
        tuple(names[i % 3] for i in range(count)),
        (
            Series("", at, tuple(f"{d.day}. {d:%B %Y}" for d in days)),
            Series("", at, tuple(f"{d:%d.%m.%Y}" for d in days)),
        ),
        ("0B3C5D",) * count,
        "alt",
        (count - 1,),
    )


def _stages(*highlight: int) -> ChartSpec:
    counts = (7, 12, 26, 16, 5)
    series = Series("Kommuner", counts, tuple(str(c) for c in counts))
    return ChartSpec("columns", STAGES, (series,), COLOURS, "alt", highlight)


CHARTS = {
    "columns": (_stages(0), (7.54, 4.95)),
    "columns, narrow: wrapped and shrunk": (_stages(), (3.8, 4.95)),
    "hbar with notes, shrunk to fit": (
        ChartSpec(
            "hbar",
            ("Felles innføringsprosjekt", "Kommunale innføringsprosjekt", "Drift og forvaltning"),
            (
                Series(
                    "Beløp",
                    (385e6, 94e6, 12e6),
                    ("385\u00a0mill. kr", "94\u00a0mill. kr", "12\u00a0mill. kr"),
                ),
            ),
            ("0B3C5D",) * 3,
            "alt",
            category_notes=(
                "fram til 2023 · fastpris",
                "fram til februar 2025 · 7 % usikkerhet",
                "per år fra 2025",
            ),
        ),
        (5.0, 3.2),
    ),
    "stacked bar": (
        ChartSpec(
            "stacked-bar",
            ("Spesialisthelsetjenesten", "Primærhelsetjenesten"),
            (Series("Andel", (70.0, 30.0), ("70\u00a0%", "30\u00a0%")),),
            ("0B3C5D", "2F7F8F"),
            "alt",
            category_notes=("Helse Midt-Norge RHF", "Trondheim kommune og kommunene ellers"),
        ),
        (6.83, 2.87),
    ),
    "timeline on a line": (_timeline(4, 70), (12.13, 4.95)),
    "timeline as a dated list": (_timeline(8, 3), (12.13, 4.95)),
    "line with several series": (
        ChartSpec(
            "line",
            tuple(f"{d:%b %Y}" for d in _days(6, 30)),
            (
                Series("Tatt i bruk", (1, 1, 2, 4, 7, 7), ("1", "1", "2", "4", "7", "7")),
                Series("Vedtatt", (3, 5, 8, 9, 12, 12), ("3", "5", "8", "9", "12", "12")),
            ),
            ("1B7F5B", "2B6CB0"),
            "alt",
            x=tuple(float(d.toordinal()) for d in _days(6, 30)),
        ),
        (7.54, 4.95),
    ),
    "line with its values": (
        ChartSpec(
            "line",
            ("mai 2022", "aug. 2022", "nov. 2022"),
            (Series("I bruk", (1, 3, 7), ("1", "3", "7")),),
            ("1B7F5B",),
            "alt",
            x=(738282.0, 738374.0, 738471.0),
        ),
        (7.54, 4.95),
    ),
}


def _pixels_and_findings(png: bytes) -> tuple[np.ndarray, str]:
    image = Image.open(io.BytesIO(png))
    return np.asarray(image.convert("RGBA")), image.info[draw.LABELS_KEY]


def _measuring_each_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """As charts measured before the memory: a text artist per width, a plain canvas."""
    monkeypatch.setattr(metrics, "width_px", lambda *args, **kwargs: None)
    monkeypatch.setattr(metrics, "canvas", FigureCanvasAgg)


@pytest.mark.parametrize("theme", ["helseplattformen", "high-contrast"])
def test_remembered_sizes_draw_the_pixels_and_findings_of_fresh_measuring(
    theme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    style = ChartStyle.from_theme(load_theme(REPO, theme))
    metrics.forget()
    first = {name: draw.draw(spec, style, *size) for name, (spec, size) in CHARTS.items()}
    again = {name: draw.draw(spec, style, *size) for name, (spec, size) in CHARTS.items()}
    with monkeypatch.context() as patched:
        _measuring_each_afresh(patched)
        fresh = {name: draw.draw(spec, style, *size) for name, (spec, size) in CHARTS.items()}

    findings = set()
    for name, png in fresh.items():
        pixels, said = _pixels_and_findings(png)
        for drawn in (first[name], again[name]):
            other, other_said = _pixels_and_findings(drawn)
            assert other.shape == pixels.shape and (other == pixels).all(), name
            assert other_said == said, name
        findings.add(said)
    assert len(findings) == len(CHARTS)  # each chart its own texts: none drawn blank


def test_a_size_is_kept_apart_for_each_font_and_setting() -> None:
    """The same words in another theme's font, weight or hinting are measured again."""
    import matplotlib
    from matplotlib.figure import Figure

    def width(fonts: list[str], bold: bool = False, hinting: str = "force_autohint") -> float:
        rc = {"font.family": "sans-serif", "font.sans-serif": fonts, "text.hinting": hinting}
        with matplotlib.rc_context(rc):
            renderer = metrics.canvas(Figure(figsize=(4, 2), dpi=draw.DPI)).get_renderer()
            found = metrics.width_px(renderer, "Midtre Gauldal kommune", 18, bold=bold)
        assert found is not None
        return found

    metrics.forget()
    carlito = width(["Carlito"])
    assert width(["Carlito"]) == carlito
    assert width(["DejaVu Sans"]) != carlito
    assert width(["Carlito"], bold=True) != carlito
    assert width(["Carlito"], hinting="no_hinting") != carlito
    renderer = metrics.canvas(Figure(figsize=(4, 2), dpi=draw.DPI)).get_renderer()
    assert metrics.width_px(renderer, "costs $x$ a year", 18) is None  # mathtext: a text artist


def _word_by_word(ax: Any, text: str, room: float, size: float) -> str | None:
    """The wrap as it was written first: every word measured, and every line it grows."""
    lines: list[str] = []
    for hard in glue(text).split("\n"):
        line = ""
        for word in hard.split(" "):
            if draw._width_in(ax, word, size) > room:
                return None
            trial = f"{line} {word}" if line else word
            if line and draw._width_in(ax, trial, size) > room:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return "\n".join(lines)


def test_wrapping_measures_less_and_breaks_every_label_where_word_by_word_would() -> None:
    from matplotlib.figure import Figure

    said = "Midtre Gauldal kommune St. Olavs hospital og seks kommuner Planlegger vedtak"
    said += " fram til februar 2025 · 7 % usikkerhet (vår kommune) Åfjord Høylandet ff fi"
    words = [*said.split(" "), "Innføringsprosjektet", ""]  # "": two spaces, or one at an end
    rng = random.Random(16)
    style = ChartStyle.from_theme(load_theme(REPO, "helseplattformen"))
    with look(style):
        fig = Figure(figsize=(8, 4), dpi=draw.DPI)
        metrics.canvas(fig)
        ax = fig.add_subplot()
        for _ in range(400):
            text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 9)))
            if rng.random() < 0.2:
                text = text.replace(" ", "\n", 1)
            size, room = rng.choice([14, 18, 20, 24]), rng.uniform(0.3, 6.0)
            assert draw._measured_wrap(ax, text, room, size) == _word_by_word(
                ax, text, room, size
            ), (text, room, size)
