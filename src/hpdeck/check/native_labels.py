"""Label boxes inside native charts, where the chart's own data says where they go.

PowerPoint places a native chart's labels itself when the deck is opened, so the linter cannot
read their boxes; it can compute them where the geometry follows from the data. A one-bar
stacked chart (the cost split) centres each part's value label in the part: the label's width,
measured with the fitting fonts, must fit the part's share of the bar. Bars and columns put
each value at its bar's end and each name beside or under its bar (bar_trouble). A line's
labels are placed by the writer, which leaves out those without room: the linter says when
that was one of a single line's ends (line_ends_unsaid).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from lxml import etree

from hpdeck.plan import fit
from hpdeck.plan.conventions import NAMESPACES
from hpdeck.plan.model import Box
from hpdeck.render.native_charts import (
    FIGURE_SPACE,
    LINE_HEIGHT,
    PLOT_SHARE,
    column_room,
    legend_height,
)
from hpdeck.render.native_charts import LABEL_GAP as GAP

LABEL_PADDING = 0.1  # inches a label needs beside its text inside a part


def _xp(element: Any, path: str) -> list[Any]:
    return etree._Element.xpath(element, path, namespaces=NAMESPACES)


def _label_text(series: Any, value: float) -> str:
    """What the part's label shows: its own text, else the value in the label's number format."""
    own = "".join(_xp(series, "./c:dLbls/c:dLbl/c:tx//a:t/text()"))
    if own:
        return own
    code = "".join(_xp(series, "./c:dLbls/c:numFmt/@formatCode"))
    suffix = "".join(code.split('"')[1::2])  # hpdeck's formats: 0, 0" %", 0"%"
    return f"{round(value)}{suffix}"


def _label_size(series: Any) -> float:
    sizes = _xp(series, "./c:dLbls//a:defRPr/@sz | ./c:dLbls/c:dLbl//a:rPr/@sz")
    return int(sizes[0]) / 100 if sizes else 10.0


def stacked_bar_trouble(space: Any, width: float, family: str) -> list[tuple[str, float, float]]:
    """(label, its width, its part's width) in inches for each part too narrow for its label,
    in a one-bar stacked bar chart of ``width`` inches; nothing for other charts."""
    bars = _xp(space, ".//c:barChart[c:grouping/@val='stacked' and c:barDir/@val='bar']")
    if len(bars) != 1:
        return []
    parts = []
    for series in _xp(bars[0], "./c:ser"):
        values = [float(v) for v in _xp(series, "./c:val//c:v/text()")]
        if len(values) != 1:
            return []  # more than one bar: PowerPoint's layout is not computed here
        parts.append((series, values[0]))
    total = sum(value for _, value in parts)
    if total <= 0:
        return []
    found = []
    for series, value in parts:
        if not _xp(series, "./c:dLbls/c:showVal[@val='1']") or value <= 0:
            continue
        text = _label_text(series, value)
        needed = fit.text_width(text, _label_size(series), family=family) + LABEL_PADDING
        room = value / total * width * PLOT_SHARE
        if needed > room:
            found.append((text, needed, room))
    return found


@dataclass(frozen=True)
class BarTrouble:
    """A label of a native bar or column chart a reader would see broken."""

    kind: str
    """``edge``: a bar's value label runs out of the chart's frame (``edge_note``: with the note
    under it; ``top``: a column's, over the frame's top edge); ``name``: a line of a bar's
    name is wider than the room left of the bars; ``word``: a word of a column's name
    (which wraps at spaces only) is wider than its column; ``crowded``: labels need more
    room than their bar gets, so they run into their neighbours'."""
    text: str
    needed: float
    """Inches the label takes (its width; its height when bars are stacked too close)."""
    room: float
    """Inches it has."""
    index: int
    """The category (bar or column) at fault, counted from 0 as in the chart's data: the
    writer records where each one's name and note were written, so the finding names that."""
    note: bool = False
    """Whether the text at fault may be the category's note (else it is its name): the
    finding names the note's line where the category has a note."""


def _font(element: Any, rich: str, default: float) -> tuple[float, bool]:
    """The size in points and boldness of text under ``element``: its runs', else its default."""
    for path in (f"{rich}//a:rPr", f"{rich}//a:defRPr"):
        found = _xp(element, path)
        if found and found[0].get("sz"):
            return int(found[0].get("sz")) / 100, found[0].get("b") == "1"
    return default, False


def _points(series: Any, part: str) -> dict[int, str]:
    return {
        int(pt.get("idx")): "".join(_xp(pt, "./c:v/text()"))
        for pt in _xp(series, f"./c:{part}//c:pt")
    }


Line = tuple[str, float, bool]
"""A line of a label: its text, size in points and boldness."""


def _value_labels(series: Any, values: dict[int, float]) -> dict[int, tuple[Line, ...]]:
    """Each bar's value label as shown, line by line."""
    if not _xp(series, "./c:dLbls/c:showVal[@val='1']"):
        return {}
    size, bold = _font(series, "./c:dLbls/c:txPr", 10.0)
    code = "".join(_xp(series, "./c:dLbls/c:numFmt/@formatCode"))
    suffix = "".join(code.split('"')[1::2])  # hpdeck's formats: 0, 0" %", 0"%"
    shown: dict[int, tuple[Line, ...]] = {
        i: ((f"{round(v)}{suffix}", size, bold),) for i, v in values.items()
    }
    for label in _xp(series, "./c:dLbls/c:dLbl"):
        i = int(_xp(label, "./c:idx/@val")[0])
        lines = tuple(
            ("".join(_xp(p, ".//a:t/text()")), *_font(p, ".", size))
            for p in _xp(label, "./c:tx/c:rich/a:p")
        )
        if i in shown and any(text for text, _, _ in lines):
            shown[i] = lines
    return shown


def _wide(lines: tuple[Line, ...], family: str) -> float:
    """Inches the widest line of a label takes."""
    return max(fit.text_width(t, size, bold=bold, family=family) for t, size, bold in lines)


def _said(lines: tuple[Line, ...]) -> str:
    """A label's lines as one line of a message (less the writer's padding at their ends)."""
    return " / ".join(text.rstrip(FIGURE_SPACE) for text, _, _ in lines)


def bar_trouble(space: Any, width: float, height: float, family: str) -> list[BarTrouble]:
    """The labels of a one-series bar or column chart of ``width`` by ``height`` inches that
    run out of the frame, past their room or into each other, measured with the fitting fonts
    where the chart's data and layout say where they go; nothing for other charts.

    Horizontal bars (the cost overview) have their plot area placed in the chart: names in the
    area left of it, each value right of its bar's end, each bar a slot of the plot's height.
    Columns are placed by the viewer in about PLOT_SHARE of the width, a slot per column:
    a value is centred over its column, a name wrapped at spaces under it, the plot as tall
    as column_room estimates."""
    charts = _xp(space, ".//c:barChart[c:grouping/@val='clustered']")
    if len(charts) != 1 or len(_xp(charts[0], "./c:ser")) != 1:
        return []
    series = _xp(charts[0], "./c:ser")[0]
    values = {i: float(v) for i, v in _points(series, "val").items()}
    names = _points(series, "cat")
    top = [float(v) for v in _xp(space, ".//c:valAx/c:scaling/c:max/@val")]
    if not values or not top or top[0] <= 0:
        return []
    labels = _value_labels(series, values)
    name_size, _ = _font(space, ".//c:catAx/c:txPr", _font(space, "./c:txPr", 10.0)[0])
    count = len(names) or len(values)
    if "".join(_xp(charts[0], "./c:barDir/@val")) == "bar":
        return _bars_trouble(space, labels, values, names, top[0], (width, height), family, count)
    slot = width * PLOT_SHARE / count
    found = _columns_trouble(labels, names, name_size, slot, family)
    room = column_room(Box(0, 0, width, height), list(names.values()), name_size, family)
    return _over_the_top(labels, values, top[0], room) + found


def _over_the_top(
    labels: dict[int, tuple[Line, ...]], values: dict[int, float], top: float, room: float
) -> list[BarTrouble]:
    """The column whose value label reaches highest over the plot's top, when it leaves the
    frame: the plot ``room`` inches tall (column_room) is all the height under it."""
    reach = []
    for i, label in labels.items():
        tall = sum(size for _, size, _ in label) * LINE_HEIGHT / 72 + GAP
        left = room * (1 - max(values[i], 0) / top)
        reach.append((tall - left, tall, left, i, label))
    if not reach:
        return []
    over, tall, left, i, label = max(reach, key=lambda r: r[0])
    if over <= FIT_TOLERANCE:
        return []
    return [BarTrouble("top", _said(label), tall, max(left, 0.0), i)]


def _columns_trouble(
    labels: dict[int, tuple[Line, ...]],
    names: dict[int, str],
    name_size: float,
    slot: float,
    family: str,
) -> list[BarTrouble]:
    """bar_trouble for columns ``slot`` inches apart: a word of a name wider than its column
    (names wrap at spaces only), and two neighbours' values wider than their columns."""
    found = []
    for i, name in sorted(names.items()):
        for word in name.split():
            needed = fit.text_width(word, name_size, family=family) + LABEL_PADDING
            if needed > slot + FIT_TOLERANCE:
                found.append(BarTrouble("word", word, needed, slot, i))
    for (i, a), (_, b) in itertools.pairwise(sorted(labels.items())):
        needed = (_wide(a, family) + _wide(b, family)) / 2 + LABEL_PADDING
        if needed > slot + FIT_TOLERANCE:
            found.append(BarTrouble("crowded", f"{_said(a)} · {_said(b)}", needed, slot, i))
    return found


def _bars_trouble(
    space: Any,
    labels: dict[int, tuple[Line, ...]],
    values: dict[int, float],
    names: dict[int, str],
    top: float,
    frame: tuple[float, float],
    family: str,
    count: int,
) -> list[BarTrouble]:
    """bar_trouble for horizontal bars in a plot area placed by hand (hpdeck's own)."""
    width, height = frame
    layout = _xp(space, ".//c:plotArea/c:layout/c:manualLayout")
    if not layout:
        return []
    share = {key: float(_xp(layout[0], f"./c:{key}/@val")[0]) for key in ("x", "w", "h")}
    left, plot = share["x"] * width, share["w"] * width
    slot = share["h"] * height / count
    name_size, _ = _font(space, ".//c:catAx/c:txPr", _font(space, "./c:txPr", 10.0)[0])
    found, crowded = [], []
    for i, label in sorted(labels.items()):
        needed = _wide(label, family) + LABEL_PADDING
        room = width - left - max(values[i], 0) / top * plot - GAP
        if needed > room + FIT_TOLERANCE:
            noted = len(label) > 1  # a note under the value: the text the user can shorten
            kind = "edge_note" if noted else "edge"
            found.append(BarTrouble(kind, _said(label), needed, room, i, note=noted))
    for i, name in sorted(names.items()):
        lines = name.split("\n")
        # A second line over a value of one line is the note (a name of two lines has its
        # note under the value); where the category has no note it is the name's.
        for n, line in enumerate(lines):
            needed = fit.text_width(line, name_size, family=family) + LABEL_PADDING
            if needed > left + FIT_TOLERANCE:
                noted = n == 1 and len(labels.get(i, ())) == 1
                found.append(BarTrouble("name", line, needed, left, i, note=noted))
        value = sum(size for _, size, _ in labels.get(i, ()))
        tall = max(len(lines) * name_size, value) * LINE_HEIGHT / 72
        if tall > slot + FIT_TOLERANCE:
            crowded.append(BarTrouble("crowded", name.replace("\n", " "), tall, slot, i))
    return found + sorted(crowded, key=lambda t: -t.needed)[:1]  # every bar's slot is alike


FIT_TOLERANCE = 0.02  # inches: rounding in the chart's shares and the fonts' measures


def line_ends_unsaid(space: Any) -> list[tuple[str, float]]:
    """("first" or "latest", its value) for each end of a single line its chart does not write
    the value of: with the latest, the first value gives a line without an axis its scale, so
    a chart that had no room for it must say so. Nothing for several lines (each is named at
    its latest value only) or other charts. The line is the series with markers; a dated
    chart's series without them carries the dates."""
    lines = _xp(space, ".//c:lineChart/c:ser[not(c:marker/c:symbol/@val='none')]")
    if len(lines) != 1:
        return []
    values = {i: float(v) for i, v in _points(lines[0], "val").items() if v}
    if not values:
        return []
    every = bool(_xp(lines[0], "./c:dLbls/c:showVal[@val='1']"))
    said = {
        int(_xp(label, "./c:idx/@val")[0])
        for label in _xp(lines[0], "./c:dLbls/c:dLbl")
        if not _xp(label, "./c:delete[@val='1']") and _xp(label, "./c:showVal[@val='1']")
    }
    ends = (("first", min(values)), ("latest", max(values)))
    return [(end, values[i]) for end, i in ends if not (every or i in said)]


def legend_trouble(space: Any, width: float, height: float, family: str) -> tuple[float, float]:
    """(inches needed, inches it has) when a native chart's legend, placed by the writer
    under its bar, is too short for its entries one under another, each wrapped beside its
    key (see legend_height), or starts over the bar's area: the viewer sets them on each
    other, cuts them or lays them over the bar; (0, 0) when they fit or the legend is the
    viewer's to place."""
    layout = _xp(space, "./c:chart/c:legend/c:layout/c:manualLayout")
    entries = ["".join(_xp(s, "./c:tx//c:v/text()")) for s in _xp(space, ".//c:ser")]
    if not layout or len(entries) < 2:
        return 0.0, 0.0
    top, tall = (float(_xp(layout[0], f"./c:{key}/@val")[0]) for key in ("y", "h"))
    size, _ = _font(space, "./c:chart/c:legend/c:txPr", 10.0)
    needed = legend_height(entries, width, size, family)
    room = min(tall, 1 - top) * height
    plot = _xp(space, "./c:chart/c:plotArea/c:layout/c:manualLayout")
    if plot:
        bottom = sum(float(_xp(plot[0], f"./c:{key}/@val")[0]) for key in ("y", "h"))
        room = min(room, (1 - max(top, bottom)) * height)
    return (needed, room) if needed > room + FIT_TOLERANCE else (0.0, 0.0)
