"""Chart specs as native PowerPoint charts: editable data, theme colours, labels on the marks.

The same rules as the drawn charts: values written on the bars instead of axes and legends, no
gridlines, bars from zero, each category in its own colour, dates spaced as in time. A label stays
linked to its value (so it follows when a presenter edits the data) whenever a number format
reproduces the deck's formatted label in every locale; otherwise it is the deck's own text.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import math
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

from lxml import etree
from pptx.chart.chart import Chart as PptxChart
from pptx.chart.data import ChartData
from pptx.chart.datalabel import DataLabel
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
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.parts.chart import ChartPart
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide as PptxSlide
from pptx.text.text import Font
from pptx.util import Inches, Pt

from hpdeck.languages import LANGUAGES
from hpdeck.plan import fit
from hpdeck.plan.charts import ChartSpec, Series
from hpdeck.plan.colour import ink_on
from hpdeck.plan.i18n import LANG_TAGS, Formatter
from hpdeck.plan.model import Box
from hpdeck.render.charts.style import ChartStyle
from hpdeck.render.deflated import FIXED_TIME

_FIXED_STAMP = "1980-01-01T00:00:00Z"
# Number formats whose output is the same in every locale, with the label they give for a value.
_LINKED_FORMATS: tuple[tuple[str, Callable[[float], str]], ...] = (
    ("0", lambda v: f"{round(v)}"),
    ('0"\u00a0%"', lambda v: f"{round(v)}\u00a0%"),
    ('0"%"', lambda v: f"{round(v)}%"),
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of spreadsheet date serial numbers
_LABEL_GAP = 0.25  # inches between neighbouring date labels, as in drawn charts


def add_native_chart(
    slide: PptxSlide, spec: ChartSpec, box: Box, style: ChartStyle, *, name: str, lang: str
) -> GraphicFrame:
    """Add ``spec`` to ``slide`` as an editable chart filling ``box``."""
    date_name = _formatter(lang).t("chart.date_labels")
    names = bar_labels(spec, style, box).texts if spec.kind == "hbar" else spec.categories
    kind, data = _data(spec, names, date_name)
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


def _data(
    spec: ChartSpec, names: tuple[str, ...], date_name: str
) -> tuple[XL_CHART_TYPE, ChartData]:
    """The chart type and its data sheet; the stacked bar is one category with a series a part.
    ``names`` are the category labels as shown (a bar's name and note, already in lines).

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
    if spec.kind == "hbar":  # name and note already set in their lines
        data.categories = list(names)
    else:
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
    """Columns with their values over them and names under them; the value axis ends high
    enough over the tallest column that its value stays inside the chart's frame (see
    column_room): a large value beside small ones in a short chart would put it over the
    slide's title."""
    series = _bars(chart, spec, 45)
    notes = spec.category_notes or ("",) * len(spec.categories)
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
    names = [f"{c}\n{n}" if n else c for c, n in zip(spec.categories, notes, strict=True)]
    high = max(spec.series[0].values)
    room = column_room(box, names, style.label_size, style.fonts[0])
    need = (style.value_size + 4) * LINE_HEIGHT / 72 + LABEL_GAP
    _hide_value_axis(chart, top=high * column_headroom(need, room))
    _category_axis(chart, style)


LINE_HEIGHT = 1.2  # a line of chart text, in multiples of its size
LABEL_GAP = 0.05  # inches the viewers leave between a bar's end and its value label
PLOT_SHARE = 0.94
"""Share of the chart frame's width the viewers' automatic layout gives the bars or columns
when the value axis is hidden (measured on LibreOffice and PowerPoint renderings)."""
COLUMN_PADDING = 0.3
"""Inches of a column chart's frame height the viewers keep clear over the plot and between
the names and the frame's foot (at least; LibreOffice keeps more in a tall chart)."""
TALLEST_SHARE = 0.3  # the least share of the plot's height the tallest column keeps


def column_room(box: Box, names: Sequence[str], size: float, family: str) -> float:
    """Inches of height the columns' plot gets in a chart of ``box`` with these names under
    the columns (each wrapped at spaces to its column's width, ``size`` points): the frame
    less the names' tallest wrapping and COLUMN_PADDING; an estimate on the low side."""
    slot = box.width * PLOT_SHARE / max(len(names), 1)
    lines = max((_wrapped_lines(name, size, family, slot) for name in names), default=1)
    return box.height - lines * size * LINE_HEIGHT / 72 - COLUMN_PADDING


def column_headroom(need: float, room: float) -> float:
    """How far above the tallest column the value axis ends, as a multiple of its value: a
    fifth more, or as much as keeps ``need`` inches (its value label) clear over it in a plot
    ``room`` inches tall, while it keeps TALLEST_SHARE of that height."""
    if room <= 0:
        return 1 / TALLEST_SHARE
    return max(1.2, min(1 / TALLEST_SHARE, room / max(room - need, 1e-9)))


def _wrapped_lines(name: str, size: float, family: str, width: float) -> int:
    """Lines a column's name takes wrapped at spaces in ``width`` inches (less its padding)."""
    count = 0
    for line in name.split("\n"):
        count += 1
        used = 0.0
        for word in line.split():
            wide = _width(word, size, family)
            space = _width(" ", size, family) if used else 0.0
            if used and used + space + wide > width - _COLUMN_NAME_PAD:
                count += 1
                used = wide
            else:
                used += space + wide
    return count


_COLUMN_NAME_PAD = 0.1  # inches of a column's width its name leaves clear


def _hbar(chart: PptxChart, spec: ChartSpec, style: ChartStyle, box: Box) -> None:
    """Bars right of a label area as wide as the widest line of the names and notes, so no
    label wraps on its own; a note a name's two lines leave no room for goes under the value,
    in the names' type (on one line with it, it would be as long as both: out of the chart).
    The bars are scaled so that every value and its note end inside the chart."""
    labels = bar_labels(spec, style, box)
    data = spec.series[0]
    series = _bars(chart, spec, 60)
    _labels(
        chart, series, data, style, size=style.value_size, position=XL_LABEL_POSITION.OUTSIDE_END
    )
    family = style.fonts[0]
    widths = []
    for i, (value, note) in enumerate(zip(data.labels, labels.moved, strict=True)):
        widths.append(_width(value, style.value_size, family, bold=True))
        if note:
            _note_under_value(series.points[i].data_label, value, note, style, labels.size)
            widths[-1] = max(widths[-1], _width(note, labels.size, family))
    # Room right of each bar for its label, measured, in the width the bars get; the longest
    # bar keeps at least 30 % of that width (a label too wide for the rest is the linter's).
    bars_in = box.width * (1 - labels.share - _EDGE)
    longest = spec.max_value or max(data.values)
    needs = [
        v * bars_in / room if (room := bars_in - w - 0.15) > 0 else math.inf
        for v, w in zip(data.values, widths, strict=True)
    ]
    _hide_value_axis(chart, top=min(max(longest, *needs), longest / 0.3))
    _category_axis(chart, style)
    chart.category_axis.tick_labels.font.size = Pt(labels.size)
    chart.category_axis.reverse_order = True  # first category on top, as it is read
    _plot_area(chart, left=labels.share, width=1 - labels.share - _EDGE)


def _note_under_value(
    label: DataLabel, value: str, note: str, style: ChartStyle, size: float
) -> None:
    """A bar's value label as two lines: the value, and under it the note in the names' type,
    both starting at the bar's end. PowerPoint aligns them left as written; LibreOffice
    centres a label's lines whatever their alignment (a short value would float right of its
    bar over a long note), so the shorter line is padded to about the longer one's width with
    figure spaces, which it counts where it drops other trailing spaces (FIGURE_SPACE)."""
    label.position = XL_LABEL_POSITION.OUTSIDE_END
    frame = label.text_frame
    family = style.fonts[0]
    lines = [(value, style.value_size, True), (note, size, False)]
    widest = max(_width(text, points, family, bold=bold) for text, points, bold in lines)
    padded = []
    for text, points, bold in lines:
        short = widest - _width(text, points, family, bold=bold)
        figures = round(short / _width(FIGURE_SPACE, points, family, bold=bold))
        padded.append(text + FIGURE_SPACE * figures)
    frame.text = "\n".join(padded)
    frame._bodyPr.set("wrap", "none")
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
    _style_font(frame.paragraphs[0].runs[0].font, style.value_size, style.text)
    font = frame.paragraphs[1].runs[0].font
    _style_font(font, size, style.text)
    font.bold = False


FIGURE_SPACE = "\u2007"
"""A space as wide as a digit, which LibreOffice keeps at a line's end when it centres it."""
_EDGE = 0.01  # share of the chart's width kept clear right of the bars' area
_LABEL_SHARE = 0.5  # the most of a bar chart's width one-line names and notes take
_MOST_LABEL_SHARE = 0.6  # and names that need two lines
_LABEL_PAD = 0.2  # inches between a label's longest line and the bars (both sides' insets)


@dataclass(frozen=True)
class BarLabels:
    """How a horizontal bar chart's category labels are set."""

    texts: tuple[str, ...]
    """Each label as shown: the name (one line, two at most) and its note on a line below."""
    size: float
    """Their type size in points."""
    share: float
    """The share of the chart's width the label area takes, left of the bars."""
    moved: tuple[str, ...]
    """Per bar, a note said after the value instead (a name needs two lines), else ''."""


def bar_labels(spec: ChartSpec, style: ChartStyle, box: Box) -> BarLabels:
    """Labels of at most two lines: a name on one line with its note under it, at the theme's
    label size or a step smaller (not below 14 pt), in a label area as wide as the widest line
    up to half the chart; a name that still does not fit takes two even lines (the area up to
    60 % of the chart), and its note moves after the bar's value."""
    family = style.fonts[0]
    names = spec.categories
    notes = spec.category_notes or ("",) * len(names)
    room = box.width * _LABEL_SHARE - _LABEL_PAD
    sizes = (style.label_size, max(_SMALLEST_LABEL, style.label_size - 2))
    for size in sizes:
        widest = max(_width(line, size, family) for line in (*names, *notes) if line)
        if widest <= room:
            texts = tuple(f"{c}\n{n}" if n else c for c, n in zip(names, notes, strict=True))
            return BarLabels(texts, size, (widest + _LABEL_PAD) / box.width, ("",) * len(names))
    size = sizes[-1]
    shown, moved, widest = [], [], 0.0
    for name, note in zip(names, notes, strict=True):
        lines = [name]
        if _width(name, size, family) > room:
            lines = _two_lines(name, size, family)
        fits = len(lines) == 1 and (not note or _width(note, size, family) <= room)
        kept = [*lines, note] if fits and note else lines
        shown.append("\n".join(kept))
        moved.append("" if fits else note)
        widest = max(widest, *(_width(line, size, family) for line in kept))
    share = min(_MOST_LABEL_SHARE, (widest + _LABEL_PAD) / box.width)
    return BarLabels(tuple(shown), size, share, tuple(moved))


def _two_lines(text: str, size: float, family: str) -> list[str]:
    """``text`` broken between two words into the two lines whose longer one is shortest."""
    words = text.split()
    if len(words) < 2:
        return [text]
    splits = [[" ".join(words[:i]), " ".join(words[i:])] for i in range(1, len(words))]
    return min(splits, key=lambda lines: max(_width(x, size, family) for x in lines))


def _plot_area(
    chart: PptxChart, *, left: float, width: float, top: float = 0.02, height: float = 0.96
) -> None:
    """The bars' area placed by hand (shares of the chart), so the labels get what is left."""
    area = chart._chartSpace.find(f"{qn('c:chart')}/{qn('c:plotArea')}")
    for old in area.findall(qn("c:layout")):
        area.remove(old)
    area.insert(
        0,
        etree.fromstring(
            f'<c:layout xmlns:c="{_C}"><c:manualLayout><c:layoutTarget val="inner"/>'
            '<c:xMode val="edge"/><c:yMode val="edge"/>'
            f'<c:x val="{left:.4f}"/><c:y val="{top:.4f}"/>'
            f'<c:w val="{width:.4f}"/><c:h val="{height:.4f}"/></c:manualLayout></c:layout>'
        ),
    )


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
    entries = [series.name for series in plot.series]
    tall = legend_height(entries, box.width, style.label_size, style.fonts[0]) / box.height
    legend_top = max(1 - tall, LEAST_BAR_SHARE + LEGEND_GAP)
    _plot_area(chart, left=_EDGE, width=1 - 2 * _EDGE, height=legend_top - LEGEND_GAP - 0.02)
    _legend_area(chart, top=legend_top)


LEAST_BAR_SHARE = 0.3
"""The least share of its chart's height a one-bar chart's bar keeps over its legend (a legend
too tall for the rest is the linter's)."""
LEGEND_GAP = 0.04  # share of the chart's height between the bar and its legend
LEGEND_PADDING = 0.15  # inches of a legend's height over and under its entries
_LEGEND_KEY = 0.35  # inches of an entry's width its colour key and the padding take


def legend_height(entries: Sequence[str], width: float, size: float, family: str) -> float:
    """Inches a legend of ``entries`` one under another needs in a chart ``width`` inches
    wide, each wrapped at spaces beside its colour key (``size`` points)."""
    lines = sum(_wrapped_lines(entry, size, family, width - _LEGEND_KEY) for entry in entries)
    return lines * size * LINE_HEIGHT / 72 + LEGEND_PADDING


def _legend_area(chart: PptxChart, *, top: float) -> None:
    """The legend placed by hand across the chart from ``top`` (a share of its height) down:
    placed by the viewer, a legend of long entries is set in columns on top of each other
    (LibreOffice) or over the bar."""
    legend = chart._chartSpace.find(f"{qn('c:chart')}/{qn('c:legend')}")
    for old in legend.findall(qn("c:layout")):
        legend.remove(old)
    legend.find(qn("c:legendPos")).addnext(
        etree.fromstring(
            f'<c:layout xmlns:c="{_C}"><c:manualLayout>'
            '<c:xMode val="edge"/><c:yMode val="edge"/>'
            f'<c:x val="{_EDGE:.4f}"/><c:y val="{top:.4f}"/>'
            f'<c:w val="{1 - 2 * _EDGE:.4f}"/><c:h val="{1 - top:.4f}"/>'
            "</c:manualLayout></c:layout>"
        )
    )


def _line(chart: PptxChart, spec: ChartSpec, style: ChartStyle, box: Box) -> None:
    """Lines with round markers; each series named at its last point instead of a legend.

    Dated points stand on a date axis, as far apart as in time. Each date is written under its
    point by the chart itself, in the deck's words: the axis's own labels would come from a
    number format, which the viewer's locale spells. A missing value is bridged from the point
    before to the point after, as in the drawing. A single line's values stand over its points,
    those that would touch a newer one's or the line left out (the latest and the first are
    always said, where the chart has room for them; see _values_apart).
    """
    plot = chart.plots[0]
    top = max(v for s in spec.series for v in s.values if not math.isnan(v))
    _hide_value_axis(chart, top=top * 1.2)
    _category_axis(chart, style)
    chart._chartSpace.find(f"{qn('c:chart')}/{qn('c:dispBlanksAs')}").set("val", "span")
    places: dict[int, Place] = {}
    if spec.x:
        # Room under zero for the row of dates, inside the plot, so no viewer clips them.
        below = (1.25 * style.label_size / 72 + 0.1) / (box.height * 0.9)
        chart.value_axis.minimum_scale = round(-(top * 1.2 or 1) * below / (1 - below), 3)
        room = 0.0
        if len(spec.series) == 1:
            data = spec.series[0]
            places = _values_apart(
                chart, data, _date_scale(spec, style, box.width, 0)[2], box, style
            )
            wider = _first_value_room(data, places, style)
            if wider:  # the first value left of its point, if room there brings it in
                scale = _date_scale(spec, style, box.width, wider)[2]
                moved = _values_apart(chart, data, scale, box, style)
                if min(moved) < min(places):
                    places, room = moved, wider
        _dates_under_points(chart, plot.series[-1], spec, style, box.width, room)
    for series, data, color in zip(plot.series, spec.series, spec.colors, strict=False):
        series.smooth = False
        series.format.line.color.rgb = _rgb(color)
        series.format.line.width = Pt(4.5)
        series.marker.style = XL_MARKER_STYLE.CIRCLE
        series.marker.size = 11
        _fill(series.marker.format, color)
        series.marker.format.line.color.rgb = _rgb(style.background)
        known = [i for i, v in enumerate(data.values) if not math.isnan(v)]
        # One series: the values over its points; several: only the latest, with the name.
        shown = {known[-1]: Place(XL_LABEL_POSITION.RIGHT)}
        if len(spec.series) == 1:
            shown = places or {i: Place(XL_LABEL_POSITION.ABOVE) for i in known} | shown
        for i, place in sorted(shown.items()):
            last = i == known[-1]
            label = series.points[i].data_label
            label.position = place.position
            if place.shift:
                _move_label(label, place.shift / box.width)
            label.text_frame.text = f"{data.labels[i]}  {data.name}" if last else data.labels[i]
            label.text_frame._bodyPr.set("wrap", "none")
            _style_font(
                label.text_frame.paragraphs[0].runs[0].font,
                style.label_size + 2,
                color if last else style.text,
            )


def _values_apart(
    chart: PptxChart, data: Series, centres: list[float], box: Box, style: ChartStyle
) -> dict[int, Place]:
    """Where each shown value label stands: over its point where it keeps clear of the line
    itself (a steep line runs through a label centred over its point) and of the labels placed
    before it, the newer first; the latest right of the line's end, always; the first, which
    with the latest gives the line its scale, next: over its point, else left of it (no line
    runs there; see _first_value_room), else, when left of it would reach the dates' row (a
    line starting near zero), over it moved left until it ends where the line starts. Boxes
    in inches from the axis scale."""
    size, family = style.label_size + 2, style.fonts[0]
    low, high = chart.value_axis.minimum_scale or 0, chart.value_axis.maximum_scale or 1
    plot_height = box.height * 0.9
    line_in = size * 1.2 / 72
    known = [i for i, v in enumerate(data.values) if not math.isnan(v)]
    ys = {i: (data.values[i] - low) / ((high - low) or 1) * plot_height for i in known}
    dates_top = -low / ((high - low) or 1) * plot_height  # the dates stand under zero
    segments = list(itertools.pairwise((centres[i], ys[i]) for i in known))
    taken: list[tuple[float, float, float, float]] = []
    places: dict[int, Place] = {}
    # The latest and the first go first: the others give way to them.
    for i in dict.fromkeys([known[-1], known[0], *reversed(known)]):
        y = ys[i]
        if i == known[-1]:  # right of the point, centred on it: the name follows the value
            width = _width(f"{data.labels[i]}  {data.name}", size, family, bold=True)
            tries = [(XL_LABEL_POSITION.RIGHT, centres[i] + _BESIDE_POINT, y - line_in / 2)]
        else:
            width = _width(data.labels[i], size, family, bold=True)
            tries = [(XL_LABEL_POSITION.ABOVE, centres[i] - width / 2, y + _ABOVE_POINT)]
            if i == known[0] and y - line_in / 2 >= dates_top:  # clear of the dates' row
                left = centres[i] - _BESIDE_POINT - width
                tries.append((XL_LABEL_POSITION.LEFT, left, y - line_in / 2))
            if i == known[0]:  # over it, moved left: clear of the axis and the rising line
                left = centres[i] - _LINE_CLEARANCE - width
                tries.append((XL_LABEL_POSITION.ABOVE, left, y + _ABOVE_POINT))
        for position, left, bottom in tries:
            box_ = (left, bottom, left + width, bottom + line_in)
            clear = box_[0] >= 0 and all(
                box_[2] + _LABEL_GAP <= o[0]
                or box_[0] >= o[2] + _LABEL_GAP
                or box_[3] <= o[1]
                or box_[1] >= o[3]
                for o in taken
            )
            if clear and (i == known[-1] or not any(_crosses(s, box_) for s in segments)):
                taken.append(box_)
                shift = left - _default_left(position, centres[i], width)
                places[i] = Place(position, shift)
                break
    return places


@dataclass(frozen=True)
class Place:
    """Where a value label stands: a position beside its point, moved ``shift`` inches along
    the axis from where that position puts it (a moved label is written with its offset)."""

    position: XL_LABEL_POSITION
    shift: float = 0.0


def _default_left(position: XL_LABEL_POSITION, centre: float, width: float) -> float:
    """The left edge, in inches along the plot, of a label the chart sets at ``position``."""
    if position == XL_LABEL_POSITION.RIGHT:
        return centre + _BESIDE_POINT
    if position == XL_LABEL_POSITION.LEFT:
        return centre - _BESIDE_POINT - width
    return centre - width / 2


def _first_value_room(data: Series, places: dict[int, Place], style: ChartStyle) -> float:
    """Inches to keep left of the first point for its value, when the line leaves no room
    over it (a steep rise), so the line's first and latest values are always said; else 0."""
    known = [i for i, v in enumerate(data.values) if not math.isnan(v)]
    if len(known) < 2 or known[0] in places:
        return 0.0
    size, family = style.label_size + 2, style.fonts[0]
    return _width(data.labels[known[0]], size, family, bold=True) + _BESIDE_POINT + _LABEL_GAP


def _move_label(label: DataLabel, across: float) -> None:
    """Move a point's label ``across`` the chart's width (a share; negative is left) from where
    its position puts it: the offset PowerPoint writes for a label dragged by hand."""
    dlbl = label._get_or_add_dLbl()
    for old in dlbl.findall(qn("c:layout")):
        dlbl.remove(old)
    dlbl.find(qn("c:idx")).addnext(
        etree.fromstring(
            f'<c:layout xmlns:c="{_C}"><c:manualLayout>'
            f'<c:x val="{across:.4f}"/><c:y val="0"/></c:manualLayout></c:layout>'
        )
    )


_BESIDE_POINT = 0.1  # inches from a point's centre to a label beside it: marker and padding


_LINE_CLEARANCE = 0.03  # inches: about half the line's width, which a label must not touch
_ABOVE_POINT = 0.18  # inches from a point's centre up to its label's text: marker and padding


def _crosses(
    segment: tuple[tuple[float, float], tuple[float, float]],
    box: tuple[float, float, float, float],
) -> bool:
    """Whether a stretch of the line passes through a label's box (left, bottom, right, top)."""
    (x0, y0), (x1, y1) = segment
    left, right = max(box[0] - _LINE_CLEARANCE, x0), min(box[2] + _LINE_CLEARANCE, x1)
    if left >= right:
        return False
    slope = (y1 - y0) / ((x1 - x0) or 1e-9)
    ends = (y0 + slope * (left - x0), y0 + slope * (right - x0))
    return max(ends) + _LINE_CLEARANCE > box[1] and min(ends) - _LINE_CLEARANCE < box[3]


def _date_scale(
    spec: ChartSpec, style: ChartStyle, width: float, first_room: float
) -> tuple[float, float, list[float]]:
    """The date axis's ends (ordinal days) and each point's distance from the plot's left edge
    in inches: room right of the last point for the line names, and left of the first for
    half its date, or ``first_room`` inches when more."""
    size = style.label_size
    family = style.fonts[0]
    span = (spec.x[-1] - spec.x[0]) or 1
    ends = [f"{[t for t in s.labels if t][-1]}  {s.name}" for s in spec.series]
    label_in = max(_width(text, size + 2, family, bold=True) for text in ends)
    plot_in = width * 0.92
    high = spec.x[-1] + span * 0.05 + label_in / max(plot_in - label_in, 1) * span
    first_in = max(_width(spec.categories[0], size, family) / 2 + 0.05, first_room)
    low = spec.x[0] - max(span * 0.04, first_in / (plot_in - first_in) * (high - spec.x[0]))
    return low, high, [(x - low) / (high - low) * plot_in for x in spec.x]


def _dates_under_points(
    chart: PptxChart,
    dates: LineSeries,
    spec: ChartSpec,
    style: ChartStyle,
    width: float,
    first_room: float,
) -> list[float]:
    """The date axis, bare (see _date_scale); each date on the series of zeros under its
    point, all on one row: in full when they keep _LABEL_GAP apart, else with the year short
    ("nov. 22"), else a size smaller (not below 14 pt), else every second (third, ...) date
    counted back from the latest, which is always shown. Returns each point's distance from
    the plot's left edge in inches."""
    size = style.label_size
    family = style.fonts[0]
    low, high, centres = _date_scale(spec, style, width, first_room)
    axis = chart.category_axis
    axis.minimum_scale = round(low - _EXCEL_EPOCH.toordinal(), 2)  # as spreadsheet dates
    axis.maximum_scale = round(high - _EXCEL_EPOCH.toordinal(), 2)
    axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
    axis._element.find(qn("c:auto")).set("val", "0")  # a date axis even if edited oddly
    dates.format.line.fill.background()
    dates.marker.style = XL_MARKER_STYLE.NONE
    texts, at, shown = _one_row_of_dates(centres, spec.categories, size, family)
    for i in sorted(shown):
        label = dates.points[i].data_label
        label.position = XL_LABEL_POSITION.BELOW
        label.text_frame.text = texts[i]
        label.text_frame._bodyPr.set("wrap", "none")
        font = label.text_frame.paragraphs[0].runs[0].font
        font.size = Pt(at)
        font.bold = False
        font.color.rgb = _rgb(style.text)
    return centres


_SHORT_YEAR = re.compile(r"\b(?:19|20)(\d\d)\b")
_SMALLEST_LABEL = 14.0  # points: chart labels stay readable from the back of the room


def _one_row_of_dates(
    centres: list[float], dates: tuple[str, ...], size: float, family: str
) -> tuple[tuple[str, ...], float, set[int]]:
    """The dates' texts, their size and which are shown, so that no two shown dates come
    within _LABEL_GAP of each other on one row (``centres`` in inches along the plot)."""
    short = tuple(_SHORT_YEAR.sub(r"\1", date) for date in dates)
    smaller = max(_SMALLEST_LABEL, size - 2)
    every = set(range(len(dates)))
    for texts, at in ((dates, size), (short, size), (short, smaller)):
        if _apart(centres, texts, at, family, every):
            return texts, at, every
    last = len(dates) - 1
    for step in range(2, len(dates) + 1):  # ends with the latest alone, which always fits
        shown = {i for i in every if (last - i) % step == 0}
        if _apart(centres, short, smaller, family, shown):
            break
    return short, smaller, shown


def _apart(
    centres: list[float], texts: tuple[str, ...], size: float, family: str, shown: set[int]
) -> bool:
    """Whether the shown texts, centred at ``centres``, keep _LABEL_GAP from each other."""
    end = -math.inf
    for i in sorted(shown):
        half = _width(texts[i], size, family) / 2
        if centres[i] - half < end + _LABEL_GAP:
            return False
        end = centres[i] + half
    return True


def _width(text: str, size: float, family: str, *, bold: bool = False) -> float:
    """Inches ``text`` takes on one line, measured as the deck's text boxes are fitted."""
    return fit.text_width(text, size, bold=bold, family=family)


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
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    return out.getvalue()
