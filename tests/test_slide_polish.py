"""What a reader sees on the details: labels that stay apart, figures in a row, lines that break
where they should, and words that are never cut at an arbitrary letter."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from matplotlib.axes import Axes
from pptx import Presentation

from hpdeck.commands.cli import main
from hpdeck.content.theme import load_theme
from hpdeck.plan.charts import ChartSpec, Series
from hpdeck.plan.typography import glue
from hpdeck.render.charts import draw
from hpdeck.render.charts.style import ChartStyle

from .conftest import REPO

NBSP = "\u00a0"

BORN = "label: {nb: barn er født, nn: barn er fødde, en: babies born}"
"""The sample metric label (per language) the tests replace."""


def build(deck: Path, out: Path, *args: str):
    return CliRunner().invoke(
        main, ["build", str(deck), "--out", str(out), *args], catch_exceptions=False
    )


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("sju kommuner og St. Olavs", f"sju kommuner og St.{NBSP}Olavs"),
        ("Total: 539 mill. kr", f"Total: 539{NBSP}mill.{NBSP}kr"),
        ("per 12. desember 2022", f"per 12.{NBSP}desember{NBSP}2022"),
        (
            "fram til februar 2025 · 7 % usikkerhet",
            f"fram til februar{NBSP}2025 · 7{NBSP}% usikkerhet",
        ),
        ("from 12 December 2022", f"from 12{NBSP}December{NBSP}2022"),
        ("option municipalities: NOK 539m", f"option municipalities: NOK{NBSP}539m"),
        ("NOK prices fell by NOK \u22123m", f"NOK prices fell by NOK{NBSP}\u22123m"),
        (
            "Det er bra. NRK.no skrev i 2022 om 3 år",
            f"Det er bra. NRK.no skrev i 2022 om 3{NBSP}år",
        ),
        ("Raarvihke – Røyrvik kommune", f"Raarvihke{NBSP}– Røyrvik kommune"),
        ("Én journal — én plattform", f"Én journal{NBSP}— én plattform"),
        ("2022–2023 og e-post", "2022–2023 og e-post"),
    ],
)
def test_no_line_break_after_abbreviations_between_number_and_unit_or_inside_dates(
    written: str, shown: str
) -> None:
    assert glue(written) == shown


def test_municipality_without_a_stage_gets_no_bare_name_heading(
    project: Path, tmp_path: Path
) -> None:
    folder = project / "content" / "municipalities"
    (folder / "bindal.yaml").unlink()  # in Bindal's place: the region stays at 66
    (folder / "lyngvik.yaml").write_text(
        "name: Lyngvik kommune\nshort_name: Lyngvik\nlanguage: nb\n", "utf-8"
    )
    result = build(project / "decks" / "council-meeting.yaml", tmp_path / "out", "-m", "lyngvik")
    assert result.exit_code == 0, result.output
    status = Presentation(str(tmp_path / "out" / "council-meeting-lyngvik.pptx")).slides[1]
    paragraphs = [
        p.text
        for shape in status.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
    ]
    assert "Lyngvik" not in paragraphs  # no heading with nothing under it
    assert "Trondheim, Røros, Os, Holtålen, Indre Fosen, Ørland, Åfjord" in paragraphs


def test_metric_figures_are_one_size_and_start_at_one_height(project: Path, tmp_path: Path) -> None:
    assert build(project / "decks" / "monthly-briefing.yaml", tmp_path / "out").exit_code == 0
    slide = next(
        s
        for s in Presentation(str(tmp_path / "out" / "monthly-briefing.pptx")).slides
        if s.shapes.title.text_frame.text.startswith("Status per")
    )
    tiles = [s for s in slide.shapes if s.name.startswith("Metric")]
    assert len(tiles) == 5
    sizes = {tile.text_frame.paragraphs[0].runs[0].font.size for tile in tiles}
    assert len(sizes) == 1, sizes
    assert {tile.text_frame.vertical_anchor for tile in tiles} == {1}  # MSO_ANCHOR.TOP
    rows = {}
    for tile in tiles:
        rows.setdefault(tile.top, []).append(tile)
    assert [len(row) for row in rows.values()] == [3, 2]


@contextmanager
def _axes(
    kind: str,
    categories: tuple[str, ...],
    values: tuple[float, ...],
    theme: str,
    x: tuple[float, ...] = (),
) -> Iterator[Axes]:
    """The chart as the deck draws it (draw.figure: the theme's fonts and style file), drawn."""
    style = ChartStyle.from_theme(load_theme(REPO, theme))
    spec = ChartSpec(
        kind,
        categories,
        (Series("Kommuner", values, tuple(str(int(v)) for v in values)),),
        ("1B7F5A",) * len(categories),
        "alt",
        x=x,
    )
    with draw.figure(spec, style, 7.4, 4.95) as fig:
        fig.canvas.draw()
        yield fig.axes[0]


def test_stage_labels_in_large_type_keep_a_real_gap() -> None:
    with _axes(
        "columns",
        ("I bruk", "Vedtatt", "Forbereder", "Planlegger vedtak", "Ikke tidfestet"),
        (7, 12, 26, 16, 5),
        "high-contrast",
    ) as ax:
        lines = [t for t in ax.texts if (t.get_gid() or "").startswith("category-")]
        by_category: dict[str, list] = {}
        for line in lines:
            by_category.setdefault(line.get_gid(), []).append(line.get_window_extent())
        spans = [(min(b.x0 for b in bs), max(b.x1 for b in bs)) for bs in by_category.values()]
        gaps = [(b[0] - a[1]) / draw.DPI for a, b in itertools.pairwise(spans)]
        assert len(spans) == 5 and min(gaps) >= 0.15, gaps
        # Every label's first line on one baseline, wrapped or not ("Planlegger" as "I bruk").
        firsts = {}
        for line in lines:
            firsts.setdefault(line.get_gid(), line)
        baselines = {
            round(t.get_transform().transform(t.get_position())[1], 1) for t in firsts.values()
        }
        assert len(baselines) == 1, baselines
        assert [t.get_verticalalignment() for t in firsts.values()] == ["baseline"] * 5


def test_trend_dates_stay_on_one_row_apart_and_the_newest_is_always_shown() -> None:
    with _axes(
        "line",
        ("mai 2022", "nov. 2022", "des. 2022", "jan. 2023"),
        (1, 7, 7, 9),
        "helseplattformen",
        x=(0.0, 189.0, 219.0, 250.0),
    ) as ax:
        labels = [t for t in ax.get_xticklabels() if t.get_text().strip()]
        texts = [t.get_text() for t in labels]
        assert texts[-1] in ("jan. 2023", "jan. 23") and texts[0] in ("mai 2022", "mai 22")
        boxes = [t.get_window_extent() for t in labels]
        assert len({round(b.y0) for b in boxes}) == 1  # one row
        gaps = [(b.x0 - a.x1) / draw.DPI for a, b in itertools.pairwise(boxes)]
        assert all(gap >= draw.LABEL_GAP - 0.01 for gap in gaps), gaps
        assert all(t.get_fontsize() >= 14 for t in labels)


def test_trend_dates_far_apart_are_all_shown_in_full() -> None:
    with _axes("line", ("mai 2022", "nov. 2022"), (1, 7), "helseplattformen", x=(0.0, 189.0)) as ax:
        assert [t.get_text() for t in ax.get_xticklabels()] == ["mai 2022", "nov. 2022"]


def test_a_word_too_wide_even_at_the_smallest_size_is_refused_unless_it_may_break(
    project: Path, tmp_path: Path
) -> None:
    metrics = project / "content" / "2022-12" / "metrics.yaml"
    text = metrics.read_text("utf-8")
    word = "prosjektleder.kommunehelsetjenesten@helseplattformen.no"  # never hyphenated
    metrics.write_text(text.replace(BORN, f"label: {word}"), "utf-8")
    result = build(project / "decks" / "monthly-briefing.yaml", tmp_path / "out")
    assert result.exit_code == 1
    assert f"{word!r} is wider than its box even at" in result.output
    assert "soft hyphen" in result.output
    assert not (tmp_path / "out" / "monthly-briefing.pptx").exists()

    breakable = (
        "kommunehelse\\u00adtjeneste\\u00adinnførings\\u00adprosjektleder\\u00ad"
        "koordinator\\u00adstillinger"
    )
    metrics.write_text(text.replace(BORN, f'label: "{breakable}"'), "utf-8")
    result = build(project / "decks" / "monthly-briefing.yaml", tmp_path / "out")
    assert result.exit_code == 0, result.output


def test_a_dash_in_a_municipality_name_stays_with_the_word_before_it(
    project: Path, tmp_path: Path
) -> None:
    """The title slide names the municipality; "Raarvihke – Røyrvik" must not break before
    the dash, which would start a line with it."""
    file = project / "content" / "municipalities" / "royrvik.yaml"
    file.write_text(
        file.read_text(encoding="utf-8").replace(
            "name: Røyrvik kommune", "name: Raarvihke – Røyrvik kommune"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = build(project / "decks" / "council-meeting.yaml", out, "-m", "royrvik")
    assert result.exit_code == 0, result.output
    (deck,) = out.rglob("*.pptx")
    shown = [
        shape.text_frame.text
        for shape in Presentation(str(deck)).slides[0].shapes
        if shape.has_text_frame and "Raarvihke" in shape.text_frame.text
    ]
    assert shown
    assert all(f"Raarvihke{NBSP}– Røyrvik" in text for text in shown), shown
