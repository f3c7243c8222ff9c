"""A column's value label stays inside the chart's frame: the writer ends the value axis high
enough over the tallest column for its label (a large count beside small ones in a short
chart), and the linter finds a column chart whose tallest label would reach over the frame's
top edge, where it is cut or lies over the slide's title."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner
from pptx import Presentation
from pptx.util import Inches

from hpdeck.check.lint import lint_pptx
from hpdeck.check.native_labels import bar_trouble
from hpdeck.commands.cli import main
from hpdeck.content.theme import load_theme
from hpdeck.plan.charts import ChartSpec, Series
from hpdeck.plan.model import Box
from hpdeck.render.charts.style import ChartStyle
from hpdeck.render.native_charts import add_native_chart
from tests.conftest import REPO

STAGES = ("I bruk", "Vedtatt", "Forbereder", "Planlegger vedtak", "Ikke tidfestet")
COUNTS = (58.0, 1.0, 2.0, 1.0, 4.0)  # one stage far ahead of the rest
COLOURS = ("1B7F5B", "2E6DB4", "A86A1C", "6F42C1", "6C7A89")


def _written(box: Box, counts: tuple[float, ...] = COUNTS):  # type: ignore[no-untyped-def]
    """The stage columns written as a native chart in ``box`` (corporate theme)."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    style = ChartStyle.from_theme(load_theme(REPO, "corporate"))
    labels = tuple(f"{v:g}" for v in counts)
    spec = ChartSpec("columns", STAGES, (Series("n", counts, labels),), COLOURS, "alt")
    return add_native_chart(slide, spec, box, style, name="C", lang="nb-NO").chart


def _top(chart) -> float:  # type: ignore[no-untyped-def]
    return float(chart.value_axis.maximum_scale)


def _found(chart, box: Box) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    troubles = bar_trouble(chart._chartSpace, box.width, box.height, "Calibri")
    return [(t.kind, t.text, t.index) for t in troubles]


def test_a_tall_chart_keeps_a_fifth_over_its_tallest_column() -> None:
    """The sample's full-height stage chart: the axis ends a fifth over the tallest column, as
    before (the label has room there)."""
    box = Box(0.6, 1.75, 12.1, 4.95)
    chart = _written(box)
    assert _top(chart) == 58 * 1.2
    assert _found(chart, box) == []


def test_a_short_chart_ends_its_axis_higher_so_the_tallest_value_stays_inside() -> None:
    box = Box(0.6, 1.75, 7.5, 1.8)
    chart = _written(box)
    assert _top(chart) > 58 * 1.2 * 1.5  # the tallest column gives way to its label
    assert _found(chart, box) == []


def test_a_value_label_over_the_frames_top_is_a_finding_at_its_column() -> None:
    """The same short chart with the axis a fifth over the tallest column (as written before,
    or edited so): its value '58' reaches over the frame, and the finding names that column."""
    box = Box(0.6, 1.75, 7.5, 1.8)
    chart = _written(box)
    chart.value_axis.maximum_scale = 58 * 1.2
    assert _found(chart, box) == [("top", "58", 0)]


def test_a_chart_too_short_for_any_room_is_a_finding() -> None:
    """Under the names there is no height left for the columns and their values: the writer
    cannot make room, the linter says so."""
    box = Box(0.6, 1.75, 7.5, 1.1)
    assert [kind for kind, _, _ in _found(_written(box), box)] == ["top"]


def test_a_finding_on_the_stage_chart_points_at_the_tallest_columns_count(
    corporate: Path, tmp_path: Path
) -> None:
    """The sample's stage chart made short after it was built (as a presenter drags it): the
    finding on the tallest column's value names the line of that stage's count."""
    deck = corporate / "decks" / "one.yaml"
    deck.write_text("title: Prøve\ntheme: corporate\nlanguage: nb\nsections:\n  - status\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(deck), "--out", str(out)])
    assert result.exit_code == 0, result.output
    prs = Presentation(str(next(out.glob("one*.pptx"))))
    frame = next(s for sl in prs.slides for s in sl.shapes if s.name == "Stages chart")
    frame.height = Inches(1.1)
    data = io.BytesIO()
    prs.save(data)
    found = [
        f
        for f in lint_pptx(data.getvalue(), load_theme(corporate, "corporate"))
        if f.check == "chart-labels"
    ]
    status = (corporate / "content" / "2022-12" / "status.yaml").read_text("utf-8")
    line = status.splitlines().index("    count: 26") + 1  # preparing: the tallest column
    assert [(f.source, "'26'" in f.message) for f in found] == [
        (f"content/2022-12/status.yaml:{line}", True)
    ], found
    assert "top edge" in found[0].message
