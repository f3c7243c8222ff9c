"""Chart specs as native PowerPoint charts: editable data, theme colours, labels on the marks.

The same rules as the drawn charts: values written on the bars instead of axes and legends, no
gridlines, bars from zero, each category in its own colour, dates spaced as in time. A label stays
linked to its value (so it follows when a presenter edits the data) whenever a number format
reproduces the deck's formatted label in every locale; otherwise it is the deck's own text.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import textwrap
import zipfile
from collections.abc import Callable, Sequence
from typing import cast

from lxml import etree
from pptx.chart.chart import Chart as PptxChart
from pptx.chart.data import ChartData
from pptx.chart.series import LineSeries
from pptx.chart.series import _BaseCategorySeries as PptxSeries
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
    XL_TICK_MARK,
)
from pptx.oxml.ns import qn
from pptx.parts.chart import ChartPart
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide as PptxSlide
from pptx.text.text import Font
from pptx.util import Inches, Pt

from hpdeck.languages import LANGUAGES
from hpdeck.plan.charts import ChartSpec, Series
from hpdeck.plan.colour import ink_on
from hpdeck.plan.i18n import LANG_TAGS, Formatter
from hpdeck.plan.model import Box
from hpdeck.render.charts.style import ChartStyle

NATIVE_KINDS = frozenset({"columns", "hbar", "stacked-bar", "line"})
"""Kinds PowerPoint can draw itself; the rest (the timeline) stay images."""

_FIXED_STAMP = "1980-01-01T00:00:00Z"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# Number formats whose output is the same in every locale, with the label they give for a value.
_LINKED_FORMATS: tuple[tuple[str, Callable[[float], str]], ...] = (
    ("0", lambda v: f"{round(v)}"),
    ('0"\u00a0%"', lambda v: f"{round(v)}\u00a0%"),
    ('0"%"', lambda v: f"{round(v)}%"),
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of spreadsheet date serial numbers
_LABEL_GAP = 0.25  # inches between neighbouring date labels, as in drawn charts


def supports(spec: ChartSpec) -> bool:
    """Whether this chart can be a native chart."""
    return spec.kind in NATIVE_KINDS


def add_native_chart(
    slide: PptxSlide, spec: ChartSpec, box: Box, style: ChartStyle, *, name: str, lang: str
) -> GraphicFrame:
    """Add ``spec`` to ``slide`` as an editable chart filling ``box``."""
    # Characters per line of a category label given about 40 % of the width, as drawn charts do.
    date_name = _formatter(lang).t("chart.date_labels")
    kind, data = _data(
        spec, max(12, int(box.width * 0.4 * 72 / (style.label_size * 0.52))), date_name
    )
    # python-pptx's hint says Chart; it returns the GraphicFrame that holds the chart
    frame = cast(
        GraphicFrame,
        slide.shapes.add_chart(
            kind, Inches(box.left), Inches(box.top), Inches(box.width), Inches(box.height), data
        ),
    )
    frame.name = name
    frame._element.nvGraphicFramePr.cNvPr.set("descr", spec.alt_text)
    chart = frame.chart
    chart.has_title = False
    chart.has_legend = False
    chart.font.name = style.fonts[0]
    chart.font.size = Pt(style.label_size)
    chart.font.color.rgb = _rgb(style.text)
    _DRESSERS[spec.kind](chart, spec, style, box)
    _finish(chart, lang)
    return frame


# -- data ---------------------------------------------------------------------------------------


def _formatter(lang: str) -> Formatter:
    """The deck's formatter from its language tag (nb-NO, nn-NO, en-GB)."""
    return Formatter(next(code for code in LANGUAGES if LANG_TAGS[code] == lang))


def _data(spec: ChartSpec, chars: int, date_name: str) -> tuple[XL_CHART_TYPE, ChartData]:
    """The chart type and its data sheet; the stacked bar is one category with a series a part.

    A dated line chart has real dates as categories (a date axis spaces them as in time) and one
    more series, ``date_name``, of zeros: the points on the axis that carry the date labels.
    """
    if spec.kind == "stacked-bar":
        series = spec.series[0]
        data = ChartData(number_format=_linked_format(series) or "General")
        data.categories = [series.name]
        notes = spec.category_notes or ("",) * len(spec.categories)
        small = _small_parts(series)
        for i, (part, note, value) in enumerate(
            zip(spec.categories, notes, series.values, strict=True)
        ):
            name = f"{part} ({note})" if note else part
            data.add_series(f"{name} – {series.labels[i]}" if i in small else name, (value,))
        return XL_CHART_TYPE.BAR_STACKED, data
    data = ChartData()
    if spec.kind == "line" and spec.x:
        data.categories = [dt.date.fromordinal(round(x)) for x in spec.x]
        data.categories.number_format = "yyyy-mm-dd"  # the same in every locale's sheet
        for series in spec.series:
            values = [None if math.isnan(v) else v for v in series.values]  # blanks, not zeros
            data.add_series(series.name, values, _linked_format(series) or "General")
        data.add_series(date_name, [0] * len(spec.x), "0")
        return XL_CHART_TYPE.LINE_MARKERS, data
    notes = spec.category_notes or ("",) * len(spec.categories)
    names = spec.categories
    if spec.kind == "hbar":  # wrapped like the drawn chart, so the bars keep half the width,
        # but never narrower than the note under it: name and note, two lines
        room = max(chars, *(len(n) for n in notes))
        names = tuple(textwrap.fill(c, room, break_long_words=False) for c in names)
    data.categories = [f"{c}\n{n}" if n else c for c, n in zip(names, notes, strict=True)]
    for series in spec.series:
        values = [None if math.isnan(v) else v for v in series.values]  # gaps stay gaps
        data.add_series(series.name, values, _linked_format(series) or "General")
    kind = {
        "columns": XL_CHART_TYPE.COLUMN_CLUSTERED,
        "hbar": XL_CHART_TYPE.BAR_CLUSTERED,
        "line": XL_CHART_TYPE.LINE_MARKERS,
    }[spec.kind]
    return kind, data


def _linked_format(series: Series) -> str | None:
    """A number format that shows exactly the deck's labels, if one does in every locale."""
    shown = [
        (v, label)
        for v, label in zip(series.values, series.labels, strict=True)
        if not math.isnan(v)
    ]
    for code, render in _LINKED_FORMATS:
        if all(render(v) == label for v, label in shown):
            return code
    return None


# -- one dresser per kind -------------------------------------------------------------------


def _bars(chart: PptxChart, spec: ChartSpec, gap: int):  # type: ignore[no-untyped-def]
    """The one series of a bar chart, each bar in its category's colour."""
    plot = chart.plots[0]
    plot.gap_width = gap
    plot.vary_by_categories = False
    series = plot.series[0]
    _point_colors(series, spec.colors)
    return series


def _columns(chart: PptxChart, spec: ChartSpec, style: ChartStyle, box: Box) -> None:
    series = _bars(chart, spec, 45)
    for i in spec.highlight:
        line = series.points[i].format.line
        line.color.rgb = _rgb(style.accent)
        line.width = Pt(5)
    _labels(
        chart,
        series,
        spec.series[0],
        style,
        size=style.value_size + 4,
        position=XL_LABEL_POSITION.OUTSIDE_END,
    )
    _hide_value_axis(chart, top=max(spec.series[0].values) * 1.2)
    _category_axis(chart, style)


def _hbar(chart: PptxChart, spec: ChartSpec, style: ChartStyle, box: Box) -> None:
    series = _bars(chart, spec, 60)
    _labels(
        chart,
        series,
        spec.series[0],
        style,
        size=style.value_size,
        position=XL_LABEL_POSITION.OUTSIDE_END,
    )
    top = spec.max_value or max(spec.series[0].values)
    # Room right of the longest bar for its label: bars get about 60 % of the chart's width.
    longest = max(len(label) for label in spec.series[0].labels)
    label_width = longest * style.value_size * 0.5 / 72
    _hide_value_axis(chart, top=top / max(0.45, 1 - label_width / (box.width * 0.6)))
    _category_axis(chart, style)
    chart.category_axis.reverse_order = True  # first category on top, as it is read


SMALL_PART = 0.15
"""A part of a stacked bar smaller than this share gets its value in the legend instead of a
label inside it: at the labels' size a value like '100 %' needs about a sixth of the bar."""


def _small_parts(series: Series) -> set[int]:
    """The parts of a one-bar stacked chart too small to hold their value label."""
    total = sum(series.values)
    return {i for i, v in enumerate(series.values) if total > 0 and v / total < SMALL_PART}


def _stacked_bar(chart: PptxChart, spec: ChartSpec, style: ChartStyle, box: Box) -> None:
    """One bar of parts with a legend under it, since narrow parts cannot hold their names."""
    plot = chart.plots[0]
    plot.gap_width = 25
    plot.overlap = 100
    values = spec.series[0]
    small = _small_parts(values)
    for i, (series, color, label) in enumerate(
        zip(plot.series, spec.colors, values.labels, strict=True)
    ):
        _fill(series.format, color)
        series.format.line.color.rgb = _rgb(style.background)
        series.format.line.width = Pt(3)
        if i in small:
            continue  # its value is said in the legend
        part = Series(series.name, (series.values[0],), (label,))
        _labels(
            chart,
            series,
            part,
            style,
            size=style.value_size + 4,
            position=XL_LABEL_POSITION.CENTER,
            color=ink_on(color),
        )
    _hide_value_axis(chart, top=sum(values.values))
    chart.category_axis.visible = False
    chart.has_legend = True
    legend = chart.legend
    legend.position = XL_LEGEND_POSITION.BOTTOM
    legend.include_in_layout = False
    legend.font.size = Pt(style.label_size)


def _line(chart: PptxChart, spec: ChartSpec, style: ChartStyle, box: Box) -> None:
    """Lines with round markers; each series named at its last point instead of a legend.

    Dated points stand on a date axis, as far apart as in time. Each date is written under its
    point by the chart itself, in the deck's words: the axis's own labels would come from a
    number format, which the viewer's locale spells. A missing value is bridged from the point
    before to the point after, as in the drawing.
    """
    plot = chart.plots[0]
    for series, data, color in zip(plot.series, spec.series, spec.colors, strict=False):
        series.smooth = False
        series.format.line.color.rgb = _rgb(color)
        series.format.line.width = Pt(4.5)
        series.marker.style = XL_MARKER_STYLE.CIRCLE
        series.marker.size = 11
        _fill(series.marker.format, color)
        series.marker.format.line.color.rgb = _rgb(style.background)
        known = [i for i, v in enumerate(data.values) if not math.isnan(v)]
        # One series: every value over its point; several: only the latest, with the name.
        for i in known if len(spec.series) == 1 else known[-1:]:
            last = i == known[-1]
            label = series.points[i].data_label
            label.position = XL_LABEL_POSITION.RIGHT if last else XL_LABEL_POSITION.ABOVE
            label.text_frame.text = f"{data.labels[i]}  {data.name}" if last else data.labels[i]
            label.text_frame._bodyPr.set("wrap", "none")
            _style_font(
                label.text_frame.paragraphs[0].runs[0].font,
                style.label_size + 2,
                color if last else style.text,
            )
    top = max(v for s in spec.series for v in s.values if not math.isnan(v))
    _hide_value_axis(chart, top=top * 1.2)
    _category_axis(chart, style)
    chart._chartSpace.find(f"{qn('c:chart')}/{qn('c:dispBlanksAs')}").set("val", "span")
    if spec.x:
        rows = _dates_under_points(chart, plot.series[-1], spec, style, box.width)
        # Room under zero for the rows of dates, inside the plot, so no viewer clips them.
        below = (rows * 1.25 * style.label_size / 72 + 0.1) / (box.height * 0.9)
        chart.value_axis.minimum_scale = round(-(top * 1.2 or 1) * below / (1 - below), 3)


def _dates_under_points(
    chart: PptxChart,
    dates: LineSeries,
    spec: ChartSpec,
    style: ChartStyle,
    width: float,
) -> int:
    """The date axis, bare, with room right of the last point for the line names; each date on
    the series of zeros under its point, dropped a row when it would touch its neighbour, and
    every other date left out when two rows are not enough. Returns the rows used."""
    size = style.label_size
    span = (spec.x[-1] - spec.x[0]) or 1
    ends = [f"{[t for t in s.labels if t][-1]}  {s.name}" for s in spec.series]
    label_in = max(len(text) for text in ends) * (size + 2) * 0.5 / 72
    plot_in = width * 0.92
    high = spec.x[-1] + span * 0.05 + label_in / max(plot_in - label_in, 1) * span
    # Left of the first point: half its date, so the date stays inside the chart.
    first_in = len(spec.categories[0]) * size * 0.5 / 72 / 2 + 0.05
    low = spec.x[0] - max(span * 0.04, first_in / (plot_in - first_in) * (high - spec.x[0]))
    axis = chart.category_axis
    axis.minimum_scale = round(low - _EXCEL_EPOCH.toordinal(), 2)  # as spreadsheet dates
    axis.maximum_scale = round(high - _EXCEL_EPOCH.toordinal(), 2)
    axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
    axis._element.find(qn("c:auto")).set("val", "0")  # a date axis even if edited oddly
    dates.format.line.fill.background()
    dates.marker.style = XL_MARKER_STYLE.NONE

    def rows_for(shown: list[int]) -> dict[int, int]:
        ends: list[float] = []
        rows = {}
        for i in shown:
            centre = (spec.x[i] - low) / (high - low) * plot_in
            half = len(spec.categories[i]) * size * 0.5 / 72 / 2
            row = next(
                (r for r, end in enumerate(ends) if centre - half >= end + _LABEL_GAP), len(ends)
            )
            ends[row : row + 1] = [centre + half]
            rows[i] = row
        return rows

    last, every = len(spec.x) - 1, 1
    while True:  # ends with one date at worst, the latest, which always fits
        placed = rows_for([i for i in range(last + 1) if (last - i) % every == 0])
        if max(placed.values()) <= 1:
            break
        every += 1
    for i, row in placed.items():
        label = dates.points[i].data_label
        label.position = XL_LABEL_POSITION.BELOW
        label.text_frame.text = "\n" * row + spec.categories[i]
        label.text_frame._bodyPr.set("wrap", "none")
        for paragraph in label.text_frame.paragraphs:
            font = paragraph.runs[0].font if paragraph.runs else paragraph.font
            font.size = Pt(size)
            font.bold = False
            font.color.rgb = _rgb(style.text)
    return max(placed.values()) + 1


_DRESSERS: dict[str, Callable[[PptxChart, ChartSpec, ChartStyle, Box], None]] = {
    "columns": _columns,
    "hbar": _hbar,
    "stacked-bar": _stacked_bar,
    "line": _line,
}


# -- parts ------------------------------------------------------------------------------------


def _labels(
    chart: PptxChart,
    series: PptxSeries,
    data: Series,
    style: ChartStyle,
    *,
    size: float,
    position: XL_LABEL_POSITION,
    color: str | None = None,
) -> None:
    """Value labels on the marks: linked to the data when a format can say them, else text."""
    code = _linked_format(data)
    labels = series.data_labels
    labels.show_value = True
    labels.position = position
    _style_font(labels.font, size, color or style.text)
    if code:
        labels.number_format = code
        labels.number_format_is_linked = False
        return
    for i, text in enumerate(data.labels):
        label = series.points[i].data_label
        label.position = position
        label.text_frame.text = text
        label.text_frame._bodyPr.set("wrap", "none")  # a label is one line, never "385 mill.⏎kr"
        _style_font(label.text_frame.paragraphs[0].runs[0].font, size, color or style.text)


def _style_font(font: Font, size: float, color: str) -> None:
    font.size = Pt(size)
    font.bold = True
    font.color.rgb = _rgb(color)


def _point_colors(series, colors: Sequence[str]) -> None:  # type: ignore[no-untyped-def]
    for point, color in zip(series.points, colors, strict=False):
        _fill(point.format, color)


def _fill(fmt, color: str) -> None:  # type: ignore[no-untyped-def]
    fmt.fill.solid()
    fmt.fill.fore_color.rgb = _rgb(color)


def _hide_value_axis(chart: PptxChart, *, top: float) -> None:
    """No value axis or gridlines: the labels carry the values. Bars start at zero."""
    axis = chart.value_axis
    axis.has_major_gridlines = False
    axis.has_minor_gridlines = False
    axis.minimum_scale = 0
    axis.maximum_scale = top or 1
    axis.visible = False


def _category_axis(chart: PptxChart, style: ChartStyle) -> None:
    axis = chart.category_axis
    axis.has_major_gridlines = False
    axis.major_tick_mark = XL_TICK_MARK.NONE
    axis.minor_tick_mark = XL_TICK_MARK.NONE
    axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    axis.tick_labels.font.size = Pt(style.label_size)
    axis.format.line.color.rgb = _rgb(style.line)
    axis.format.line.width = Pt(1.5)


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color)


# -- the XML python-pptx leaves behind --------------------------------------------------------


def _finish(chart: PptxChart, lang: str) -> None:
    """Valid axis ids, a transparent square frame, the deck's language, reproducible data."""
    space = chart._chartSpace
    fix_axis_ids(space)
    _insert_after(space, "c:date1904", etree.fromstring(f'<c:lang xmlns:c="{_C}" val="{lang}"/>'))
    _insert_after(space, "c:lang", etree.fromstring(f'<c:roundedCorners xmlns:c="{_C}" val="0"/>'))
    _insert_after(
        space,
        "c:chart",
        etree.fromstring(
            f'<c:spPr xmlns:c="{_C}" xmlns:a="{_A}"><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
        ),
    )
    workbook = cast(ChartPart, chart.part).chart_workbook
    workbook.update_from_xlsx_blob(_fixed_xlsx(workbook.xlsx_part.blob))


_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _insert_after(parent: etree._Element, tag: str, element: etree._Element) -> None:
    anchor = parent.find(qn(tag))
    if anchor is None:
        parent.insert(0, element)
    else:
        anchor.addnext(element)


def fix_axis_ids(space: etree._Element) -> None:
    """Renumber axis ids to small positive ones: the schema types them as unsignedInt.

    python-pptx writes negative ids such as -2068027336, which strict readers reject.
    """
    ids: dict[str, str] = {}
    for element in space.iter(qn("c:axId"), qn("c:crossAx")):
        old = element.get("val")
        if old is not None:
            element.set("val", ids.setdefault(old, str(100 + len(ids))))


def _fixed_xlsx(blob: bytes) -> bytes:
    """The embedded workbook with fixed creation times, so equal decks stay byte-identical."""
    source = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", _FIXED_STAMP.encode(), data)
            info = zipfile.ZipInfo(item.filename, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    return out.getvalue()
