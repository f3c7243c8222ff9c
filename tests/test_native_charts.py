"""Native charts: editable data that matches the content, labels as the deck writes numbers,
alt text, schema-valid axis ids, and a render in LibreOffice."""

from __future__ import annotations

import datetime as dt
import math
import shutil
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.chart import XL_LABEL_POSITION, XL_TICK_LABEL_POSITION
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches
from pypdf import PdfReader

from hpdeck.content.theme import load_theme
from hpdeck.pipeline.build import Options, build
from hpdeck.plan.charts import ChartSpec, Series
from hpdeck.plan.model import Box
from hpdeck.render.charts.style import ChartStyle
from hpdeck.render.native_charts import add_native_chart
from tests.conftest import REPO, libreoffice_pdf

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
DECK = "decks/monthly-briefing.yaml"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), "utf-8")


def _fictional_figures(project: Path) -> None:
    """Counts and amounts no real deck has, so matching values come from this content."""
    month = project / "content" / "2022-12"
    status = month / "status.yaml"
    for old, new in (
        ("total: 66", "total: 43"),
        ("count: 7", "count: 4"),
        ("Trondheim, Røros, Os, Holtålen,", "Trondheim,"),
        ("count: 12", "count: 9"),
        ("count: 26", "count: 17"),
        ("count: 16", "count: 8"),
    ):
        _edit(status, old, new)
    _edit(month / "economy.yaml", "amount: 385_000_000", "amount: 212_000_000")
    # A region of 43 is not the sample registry's 66 (the counts must agree with it): no registry.
    shutil.rmtree(project / "content" / "municipalities")


def _charts(path: Path) -> dict[str, object]:
    prs = Presentation(str(path))
    return {shape.name: shape for slide in prs.slides for shape in slide.shapes if shape.has_chart}


def test_monthly_deck_charts_are_native_with_the_contents_values(
    corporate: Path, tmp_path: Path
) -> None:
    _fictional_figures(corporate)
    deck = build(corporate / DECK, tmp_path, Options(theme="corporate")).path
    charts = _charts(deck)
    expected = {"Stages chart", "Cost split chart", "Cost overview chart"}
    assert expected <= set(charts)
    stages = charts["Stages chart"].chart
    assert list(stages.plots[0].categories) == [
        "I bruk",
        "Vedtatt",
        "Forbereder",
        "Planlegger vedtak",
        "Ikke tidfestet",
    ]
    assert stages.plots[0].series[0].values == (4, 9, 17, 8, 5)
    assert not stages.has_legend
    assert not stages.value_axis.has_major_gridlines
    overview = charts["Cost overview chart"].chart
    assert overview.plots[0].series[0].values == (212_000_000, 94_000_000)
    split = charts["Cost split chart"].chart
    assert [s.values[0] for s in split.plots[0].series] == [70, 30]
    assert split.has_legend  # names of narrow parts cannot sit on the bar


def test_labels_show_numbers_as_the_deck_writes_them(corporate: Path, tmp_path: Path) -> None:
    _fictional_figures(corporate)
    deck = build(corporate / DECK, tmp_path, Options(theme="corporate")).path
    charts = _charts(deck)
    # Whole counts and percentages stay linked to the data, so an edited value relabels itself.
    stages = charts["Stages chart"].chart._chartSpace
    assert stages.find(f".//{C}dLbls/{C}numFmt").get("formatCode") == "0"
    # Amounts in words cannot be a number format: each label carries the deck's text.
    overview = charts["Cost overview chart"].chart._chartSpace
    texts = [t.text for t in overview.iter(f"{A}t")]
    assert texts == ["212\u00a0mill. kr", "94\u00a0mill. kr"]


def test_native_charts_have_alt_text_and_the_timeline_stays_a_picture(
    corporate: Path, tmp_path: Path
) -> None:
    deck = build(corporate / DECK, tmp_path, Options(theme="corporate")).path
    prs = Presentation(str(deck))
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                descr = shape._element.nvGraphicFramePr.cNvPr.get("descr")
                assert descr and len(descr) > 20, shape.name
    timeline = [s for slide in prs.slides for s in slide.shapes if s.name == "Go-live timeline"]
    assert timeline and timeline[0].shape_type == MSO_SHAPE_TYPE.PICTURE


def test_axis_ids_are_unsigned_ints_as_the_schema_requires(corporate: Path, tmp_path: Path) -> None:
    deck = build(corporate / DECK, tmp_path, Options(theme="corporate")).path
    with zipfile.ZipFile(deck) as package:
        parts = [n for n in package.namelist() if n.startswith("ppt/charts/chart")]
        assert len(parts) == len(_charts(deck)) >= 3
        for name in parts:
            root = etree.fromstring(package.read(name))
            ids = [int(e.get("val")) for e in root.iter(f"{C}axId", f"{C}crossAx")]
            assert ids and all(0 <= i < 2**32 for i in ids), (name, ids)
            # Every crossAx names an axis of the same chart.
            axes = {int(e.get("val")) for e in root.iter(f"{C}axId")}
            assert {int(e.get("val")) for e in root.iter(f"{C}crossAx")} <= axes


def test_native_decks_are_byte_identical_across_builds(corporate: Path, tmp_path: Path) -> None:
    first = build(corporate / DECK, tmp_path / "a", Options(theme="corporate")).path
    second = build(corporate / DECK, tmp_path / "b", Options(theme="corporate")).path
    assert first.read_bytes() == second.read_bytes()


def test_a_section_chooses_its_own_chart_style(project: Path, tmp_path: Path) -> None:
    """The theme draws pictures; the status section asks for an editable chart."""
    status = project / "content" / "2022-12" / "status.yaml"
    _edit(status, "type: status\n", "type: status\nchart_style: native\n")
    charts = _charts(build(project / DECK, tmp_path).path)
    assert "Stages chart" in charts
    assert not {"Cost split chart", "Cost overview chart"} & set(charts)


def test_a_section_can_keep_a_picture_in_a_native_theme(corporate: Path, tmp_path: Path) -> None:
    economy = corporate / "content" / "2022-12" / "economy.yaml"
    _edit(economy, "type: economy\n", "type: economy\nchart_style: image\n")
    charts = _charts(build(corporate / DECK, tmp_path, Options(theme="corporate")).path)
    assert "Stages chart" in charts
    assert not {"Cost split chart", "Cost overview chart"} & set(charts)


def test_a_line_chart_names_each_series_at_its_last_point(tmp_path: Path) -> None:
    theme = load_theme(REPO, "helseplattformen")
    spec = ChartSpec(
        kind="line",
        categories=("sep", "okt", "nov"),
        series=(
            Series("Fjordvik", (3, 5, 8), ("3", "5", "8")),
            Series("Bakkeby", (1, 2, 2), ("1", "2", "2")),
        ),
        colors=("0B3C5D", "2F7F8F"),
        alt_text="Brukere per måned i to kommuner",
    )
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = add_native_chart(
        slide, spec, Box(1, 1, 8, 4.5), ChartStyle.from_theme(theme), name="Trend", lang="nb-NO"
    )
    assert frame.width == Inches(8)
    plot = frame.chart.plots[0]
    assert [s.values for s in plot.series] == [(3, 5, 8), (1, 2, 2)]
    labels = [s.points[2].data_label.text_frame.text for s in plot.series]
    assert labels == ["8  Fjordvik", "2  Bakkeby"]


def test_native_charts_render_in_libreoffice(corporate: Path, tmp_path: Path) -> None:
    _fictional_figures(corporate)
    deck = build(corporate / DECK, tmp_path / "out", Options(theme="corporate")).path
    pdf = libreoffice_pdf(deck, tmp_path / "pdf")
    pages = [page.extract_text().replace("\u00a0", " ") for page in PdfReader(pdf).pages]
    stages = next(text for text in pages if "Ikke tidfestet" in text)
    assert "17" in stages and "Forbereder" in stages
    overview = next(text for text in pages if "Total kostnadsoversikt" in text)
    assert "212 mill. kr" in overview and "94 mill. kr" in overview, overview


# Fictional history on four report dates; Bakkeby has no count on the first, Fjordvik on the third.
DAYS = (dt.date(2022, 5, 7), dt.date(2022, 6, 15), dt.date(2022, 9, 1), dt.date(2022, 11, 12))
NAN = math.nan


def _trend(
    lang: str = "nb-NO",
    months: tuple[str, ...] = ("mai 2022", "juni 2022", "sep. 2022", "nov. 2022"),
):
    """A dated two-series trend as the trend slides make it, drawn natively on a blank slide."""
    spec = ChartSpec(
        kind="line",
        categories=months,
        series=(
            Series("Fjordvik", (1, 1, NAN, 7), ("1", "1", "", "7")),
            Series("Bakkeby", (NAN, 5, 9, 12), ("", "5", "9", "12")),
        ),
        colors=("1B7F5A", "2F6DB5"),
        alt_text="Kommuner per fase over tid",
        x=tuple(float(day.toordinal()) for day in DAYS),
    )
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    style = ChartStyle.from_theme(load_theme(REPO, "helseplattformen"))
    return add_native_chart(
        slide, spec, Box(0.8, 1.9, 7.4, 4.95), style, name="Trend", lang=lang
    ).chart


def _dates(space) -> list[dt.date]:  # type: ignore[no-untyped-def]
    """The category dates a date axis plots, from their spreadsheet serial numbers."""
    serials = [float(v.text) for v in space.find(f".//{C}ser/{C}cat").iter(f"{C}v")]
    return [dt.date(1899, 12, 30) + dt.timedelta(days=s) for s in serials]


def test_a_dated_line_chart_spaces_its_points_as_in_time() -> None:
    chart = _trend()
    space = chart._chartSpace
    assert space.find(f".//{C}dateAx") is not None and space.find(f".//{C}catAx") is None
    assert _dates(space) == list(DAYS)  # real dates: 39, 78 and 72 days apart, not evenly
    # The axis starts a little before the first date and runs on to make room for the names.
    axis = chart.category_axis
    first, last = (d.toordinal() - dt.date(1899, 12, 30).toordinal() for d in (DAYS[0], DAYS[-1]))
    assert axis.minimum_scale < first and axis.maximum_scale > last
    ids = [int(e.get("val")) for e in space.iter(f"{C}axId", f"{C}crossAx")]
    assert sorted(set(ids)) == [100, 101]


def test_a_dated_line_chart_keeps_missing_values_as_gaps_bridged_not_zeros() -> None:
    chart = _trend()
    fjordvik, bakkeby, _ = chart.plots[0].series
    assert fjordvik.values == (1, 1, None, 7) and bakkeby.values == (None, 5, 9, 12)
    assert chart._chartSpace.find(f"{C}chart/{C}dispBlanksAs").get("val") == "span"
    # Labels linked to the data ("0") although a gap has no label.
    assert chart._chartSpace.find(f".//{C}ser/{C}val//{C}formatCode").text == "0"
    ends = [s.points[3].data_label.text_frame.text for s in (fjordvik, bakkeby)]
    assert ends == ["7  Fjordvik", "12  Bakkeby"]


def test_each_date_is_written_under_its_point_in_the_decks_language() -> None:
    """The axis prints no labels of its own (its number format would follow the viewer's
    locale); the dates ride on a series of zeros, on one row: May and June are too close for
    the full form, so every date says its year short."""
    chart = _trend()
    assert chart.category_axis.tick_label_position == XL_TICK_LABEL_POSITION.NONE
    dates = chart.plots[0].series[-1]
    assert dates.name == "Datoer (etiketter under punktene)"
    assert dates.values == (0, 0, 0, 0)
    texts = [dates.points[i].data_label.text_frame.text for i in range(4)]
    assert texts == ["mai 22", "juni 22", "sep. 22", "nov. 22"]
    assert {dates.points[i].data_label.position for i in range(4)} == {XL_LABEL_POSITION.BELOW}
    assert chart.value_axis.minimum_scale < 0  # the rows of dates have room inside the plot
    english = _trend("en-GB", ("May 2022", "Jun 2022", "Sept 2022", "Nov 2022"))
    dates = english.plots[0].series[-1]
    assert dates.name == "Dates (labels under the points)"
    assert dates.points[0].data_label.text_frame.text == "May 22"


def _history_of_three_reports(project: Path) -> None:
    """A June report between May and November, the decided stage counted since June, and
    HelsaMi downloads counted since May."""
    history = project / "content" / "history.yaml"
    _edit(history, "  status: {in-use: 1}\n", "  status: {in-use: 1}\n  helsami: 5000\n")
    _edit(
        history,
        "- as_of: 2022-11-12\n",
        "- as_of: 2022-06-15\n  source: Juni\n  status: {in-use: 1, decided: 5}\n"
        "- as_of: 2022-09-01\n  source: September\n  status: {decided: 9}\n  helsami: 30000\n"
        "- as_of: 2022-11-12\n",
    )


def test_the_stages_over_time_stay_a_picture_whose_alt_text_has_every_dated_count(
    corporate: Path, tmp_path: Path
) -> None:
    """A native chart would set its line names on top of each other where lines end close."""
    _history_of_three_reports(corporate)
    deck = build(corporate / DECK, tmp_path, Options(theme="corporate")).path
    prs = Presentation(str(deck))
    shape = next(s for slide in prs.slides for s in slide.shapes if s.name == "Stages over time")
    assert shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    alt = shape._element.nvPicPr.cNvPr.get("descr")
    assert "I bruk: 1 (mai 2022), 1 (juni 2022) og 7 (nov. 2022)" in alt
    assert "Vedtatt: 5 (juni 2022), 9 (sep. 2022) og 12 (nov. 2022)" in alt
    downloads = _charts(deck)["Downloads over time"].chart  # one line: native, dated
    assert _dates(downloads._chartSpace) == [DAYS[0], DAYS[2], dt.date(2022, 12, 12)]


def test_libreoffice_draws_the_trend_dates_as_far_apart_as_in_time(
    corporate: Path, tmp_path: Path
) -> None:
    _history_of_three_reports(corporate)
    deck = build(corporate / DECK, tmp_path / "out", Options(theme="corporate")).path
    pdf = libreoffice_pdf(deck, tmp_path / "pdf")
    page = next(p for p in PdfReader(pdf).pages if "des. 2022" in p.extract_text())
    lefts: dict[str, float] = {}

    def visit(text: str, cm, tm, font, size) -> None:  # type: ignore[no-untyped-def]
        if text.strip() in ("mai 2022", "sep. 2022", "des. 2022"):
            lefts.setdefault(text.strip(), cm[4] + tm[4] * cm[0])

    page.extract_text(visitor_text=visit)
    assert len(lefts) == 3, lefts
    # Left edges, so labels of about the same width: mai/sep/des 2022.
    may_to_sep = lefts["sep. 2022"] - lefts["mai 2022"]
    sep_to_dec = lefts["des. 2022"] - lefts["sep. 2022"]
    # 117 days, then 102: evenly spaced points would give 1.0.
    assert abs(sep_to_dec / may_to_sep - 102 / 117) < 0.05, lefts
