"""The gate sees inside chart pictures: labels that collide or leave the chart are findings, and
the timeline adapts so that ordinary close dates never collide."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from hpdeck.commands.cli import main
from hpdeck.render.charts import cache, draw

DECK = ("decks", "monthly-briefing.yaml")


def _check(project: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", str(project.joinpath(*DECK)), *args])
    return result.exit_code, result.output.splitlines()


def test_labels_drawn_on_top_of_each_other_are_a_finding_at_the_slide_and_line(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def clumsy(ax, spec, style, width):  # type: ignore[no-untyped-def]
        ax.text(0.5, 0.5, "7. mai 2022", fontsize=20)
        ax.text(0.52, 0.5, "12. november 2022", fontsize=20)

    monkeypatch.setitem(draw._DRAWERS, "timeline", clumsy)
    monkeypatch.setattr(cache, "_IN_MEMORY", {})  # drawn by the real drawer earlier

    code, lines = _check(project, "--strict")

    assert code == 1
    found = [x for x in lines if "[chart-labels]" in x]
    assert any(
        x.startswith("content/2022-12/go-live.yaml:")
        and "'2 oppstarter" in x
        and "labels '7. mai 2022' and '12. november 2022' are drawn on top of each other" in x
        for x in found
    ), lines


def test_chart_text_under_the_readable_minimum_is_a_finding_at_the_slide_and_line(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def tiny(ax, spec, style, width):  # type: ignore[no-untyped-def]
        ax.text(0.1, 0.5, "7. mai 2022", fontsize=20)
        ax.text(0.6, 0.5, "Trondheim kommune", fontsize=12)
        ax.set_axis_off()

    monkeypatch.setitem(draw._DRAWERS, "timeline", tiny)
    monkeypatch.setattr(cache, "_IN_MEMORY", {})

    code, lines = _check(project, "--strict")

    assert code == 1
    golive = (project / "content" / "2022-12" / "go-live.yaml").read_text("utf-8")
    # the chart records the events it draws: their list, which starts under its key
    line = golive.splitlines().index("events:") + 2
    assert any(
        x.startswith(f"content/2022-12/go-live.yaml:{line}:")
        and "Go-live timeline: chart text 'Trondheim kommune' at 12 pt is under the readable "
        "minimum of 14 pt for chart text [min-size]"
        in x
        for x in lines
    ), lines


def test_a_label_leaving_the_chart_is_named() -> None:
    import matplotlib.pyplot as plt

    fig, _ax = plt.subplots(figsize=(4, 3), dpi=draw.DPI)
    try:
        fig.text(0.9, 0.5, "Midtre Gauldal kommune", fontsize=20)
        fig.text(0.1, 0.5, "Os", fontsize=20)
        trouble = draw.label_trouble(fig)
    finally:
        plt.close(fig)

    assert trouble == [["cut", "Midtre Gauldal kommune"]]


def test_close_go_lives_become_a_dated_list_and_pass_strict(project: Path, tmp_path: Path) -> None:
    path = project / "content" / "2022-12" / "go-live.yaml"
    path.write_text(
        path.read_text("utf-8")
        + (
            "  - date: 2022-11-12\n    summary: Frøya kommune tok i bruk Helseplattformen\n"
            "    label: Frøya kommune\n"
            "  - date: 2022-12-01\n    summary: Hitra kommune tok i bruk Helseplattformen\n"
            "    label: Midtre Gauldal kommune\n"
        ),
        "utf-8",
    )
    status = project / "content" / "2022-12" / "status.yaml"
    status.write_text(status.read_text("utf-8").replace("2022-11-12", "2022-12-01"), "utf-8")

    code, lines = _check(project, "--strict")
    result = CliRunner().invoke(
        main, ["build", str(project.joinpath(*DECK)), "--out", str(tmp_path)]
    )

    assert code == 0, lines
    assert result.exit_code == 0, result.output
    slide = next(
        s
        for s in Presentation(str(tmp_path / "monthly-briefing.pptx")).slides
        if "oppstarter" in s.shapes.title.text_frame.text
    )
    alt = next(s for s in slide.shapes if s.shape_type == 13)._element.nvPicPr.cNvPr.get("descr")
    assert "Frøya kommune" in alt and "Hitra kommune" in alt
    assert "4 oppstarter" in slide.shapes.title.text_frame.text.replace("\u00a0", " ")


def test_every_timeline_size_draws_without_label_trouble() -> None:
    import datetime as dt

    from hpdeck.plan.charts import ChartSpec, Series
    from hpdeck.render.charts.style import ChartStyle

    style = ChartStyle(
        "1A1A1A",
        "555555",
        "999999",
        "FFFFFF",
        "AA0055",
        ("Carlito", "Liberation Sans", "DejaVu Sans"),
        18,
        24,
        "",
    )
    for count, step in ((1, 1), (2, 180), (4, 60), (5, 21), (8, 30), (8, 3)):  # a slide holds 8
        days = [dt.date(2021, 1, 1) + dt.timedelta(days=step * i) for i in range(count)]
        names = [("Midtre Gauldal kommune" if i % 3 == 0 else f"Kommune {i}") for i in range(count)]
        spec = ChartSpec(
            "timeline",
            tuple(names),
            (
                Series(
                    "",
                    tuple(d.toordinal() for d in days),
                    tuple(f"{d.day}. {d:%B %Y}" for d in days),
                ),
            ),
            tuple("1B4F72" for _ in days),
            "alt",
            (count - 1,),
        )
        png = draw.draw(spec, style, 11.7, 4.95)
        from hpdeck.check.lint import chart_label_trouble

        trouble = chart_label_trouble(png)
        assert [kind for kind, *_ in trouble] == ["smallest"], (count, step, trouble)
        assert float(trouble[0][2]) >= style.label_size - 2, (count, step, trouble)


def test_crowded_dates_are_said_shorter_before_the_line_gives_way_to_a_list() -> None:
    import datetime as dt

    import matplotlib.pyplot as plt

    from hpdeck.plan.charts import ChartSpec, Series
    from hpdeck.render.charts.style import ChartStyle

    style = ChartStyle(
        "1A1A1A",
        "555555",
        "999999",
        "FFFFFF",
        "AA0055",
        ("Carlito", "Liberation Sans", "DejaVu Sans"),
        18,
        24,
        "",
    )

    def drawn(count: int, step: int) -> tuple[list[str], list[list[str]]]:
        days = [dt.date(2021, 1, 4) + dt.timedelta(days=step * i) for i in range(count)]
        at = tuple(d.toordinal() for d in days)
        spec = ChartSpec(
            "timeline",
            tuple("Os" for _ in days),
            (
                Series("", at, tuple(f"{d.day}. {d:%B} {d.year}" for d in days)),
                Series("", at, tuple(f"{d:%d.%m.%Y}" for d in days)),
            ),
            tuple("1B4F72" for _ in days),
            "alt",
        )
        fig, ax = plt.subplots(figsize=(12.13, 4.95), dpi=draw.DPI)
        try:
            draw._DRAWERS["timeline"](ax, spec, style, 12.13)
            fig.tight_layout(pad=0.3)
            return [t.get_text() for t in ax.texts], draw.label_trouble(fig)
        finally:
            plt.close(fig)

    roomy, trouble = drawn(3, 200)
    assert roomy[0] == "4. January 2021" and trouble == []
    crowded, trouble = drawn(8, 30)
    assert crowded[:3] == ["04.01.2021", "Os", "03.02.2021"]  # still a line, dates shorter
    assert trouble == []


def _small_share(project: Path) -> str:
    economy = project / "content" / "2022-12" / "economy.yaml"
    text = economy.read_text("utf-8")
    economy.write_text(
        text.replace("share: 0.70", "share: 0.98").replace("share: 0.30", "share: 0.02"), "utf-8"
    )
    return text


def test_a_native_part_too_small_for_its_label_gives_its_value_in_the_legend(
    corporate: Path, tmp_path: Path
) -> None:
    from pptx import Presentation

    _small_share(corporate)
    code, lines = _check(corporate, "--theme", "corporate", "--strict")
    assert code == 0, lines
    deck = corporate / "decks" / "monthly-briefing.yaml"
    CliRunner().invoke(main, ["build", str(deck), "--theme", "corporate", "--out", str(tmp_path)])

    prs = Presentation(str(tmp_path / "monthly-briefing-corporate.pptx"))
    (chart,) = [
        shape.chart for s in prs.slides for shape in s.shapes if shape.name == "Cost split chart"
    ]
    big, small = chart.plots[0].series
    assert big.name == "Spesialisthelsetjenesten (Helse Midt-Norge RHF)"
    assert small.name == ("Primærhelsetjenesten (Trondheim kommune og kommunene ellers) – 2\u00a0%")
    assert big._element.xpath("./c:dLbls/c:showVal/@val") == ["1"]
    assert small._element.xpath("./c:dLbls/c:showVal/@val") in ([], ["0"])


def test_a_native_part_too_narrow_for_its_label_is_a_finding_at_its_line(
    corporate: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hpdeck.render import native_charts

    monkeypatch.setattr(native_charts, "SMALL_PART", 0.0)  # labels in every part, however small
    text = _small_share(corporate)

    code, lines = _check(corporate, "--theme", "corporate", "--strict")

    assert code == 1
    found = [x for x in lines if "[chart-labels]" in x]
    assert len(found) == 1, lines
    line = text.splitlines().index("split:") + 2  # the shares the chart draws, not the type
    assert found[0].startswith(f"content/2022-12/economy.yaml:{line}: slide 16 "), found
    assert "Cost split chart: chart label '2 %' needs" in found[0], found
    assert "but its part of the bar is 0.13 in wide" in found[0], found


@pytest.mark.parametrize("theme", ["helseplattformen", "high-contrast"])
@pytest.mark.parametrize("growth", [1.45, 1.05, 0.97])
def test_a_long_single_line_shows_only_values_that_keep_clear(theme: str, growth: float) -> None:
    """Thirteen months of one figure (steep, rising, falling): every value drawn stands apart
    from the others and off the line; the first and the latest are there."""
    import numpy as np

    from hpdeck.content.theme import load_theme
    from hpdeck.plan import layout
    from hpdeck.plan.charts import ChartSpec, Series
    from hpdeck.render.charts.style import ChartStyle

    from .conftest import REPO

    values = [round(700 * growth**i) for i in range(13)]
    labels = tuple(f"{v:,}".replace(",", "\u00a0") for v in values)
    spec = ChartSpec(
        "line",
        tuple(f"{m}. 2022" for m in range(1, 14)),
        (Series("Nedlastinger", tuple(float(v) for v in values), labels),),
        ("AA0055",),
        "alt",
        x=tuple(30.0 * i for i in range(13)),
    )
    style = ChartStyle.from_theme(load_theme(REPO, theme))
    box = layout.BODY.split_left(0.64, layout.GAP)[1]
    with draw.figure(spec, style, box.width, box.height) as fig:
        fig.canvas.draw()
        trouble = draw.label_trouble(fig)
        (ax,) = fig.axes
        renderer = fig.canvas.get_renderer()
        shown = {t.get_text(): t.get_window_extent(renderer) for t in ax.texts}
        (line,) = [a for a in ax.get_lines() if len(a.get_xdata()) == 13]
        points = ax.transData.transform(np.column_stack([line.get_xdata(), line.get_ydata()]))
    assert trouble == [], trouble
    assert labels[-1] in shown and labels[0] in shown  # where it started, where it stands
    drawn = [label for label in labels if label in shown]
    for label in drawn:
        box_px = shown[label]
        along = np.vstack(
            [a + (b - a) * t for a, b in itertools.pairwise(points) for t in np.linspace(0, 1, 30)]
        )
        inside = (
            (along[:, 0] > box_px.x0)
            & (along[:, 0] < box_px.x1)
            & (along[:, 1] > box_px.y0)
            & (along[:, 1] < box_px.y1)
        )
        assert not inside.any(), f"{label} drawn on the line ({theme}, growth {growth})"


def test_bar_names_drawn_bold_are_wrapped_as_bold_and_stay_in_the_chart() -> None:
    """A bar's name is drawn bold: wrapped by its bold width, a name that would just fit in
    the regular weight takes two lines instead of running out of the picture (DejaVu Sans,
    a theme's font or the fallback, is a tenth wider in bold)."""
    from hpdeck.check.lint import chart_label_trouble
    from hpdeck.plan.charts import ChartSpec, Series
    from hpdeck.render.charts.style import ChartStyle

    style = ChartStyle(
        "1A1A1A", "555555", "999999", "FFFFFF", "AA0055", ("DejaVu Sans",), 18, 24, ""
    )
    text = "Felles innføringsprosjekt for kommunene i Trøndelag og Møre og Romsdal"
    for end in range(40, len(text) + 1, 2):  # through the lengths where one line ends
        name = text[:end].rstrip()
        spec = ChartSpec(
            "hbar",
            (name, "Drift"),
            (Series("Beløp", (385e6, 12e6), ("385 mill. kr", "12 mill. kr")),),
            ("0B3C5D", "2B6CB0"),
            "alt",
        )
        trouble = chart_label_trouble(draw.draw(spec, style, 6.83, 4.45))
        assert not [t for t in trouble if t[0] == "cut"], (name, trouble)
