"""Label boxes inside native charts, where the chart's own data says where they go.

PowerPoint places a native chart's labels itself when the deck is opened, so the linter cannot
read their boxes; it can compute them where the geometry follows from the data. A one-bar
stacked chart (the cost split) centres each part's value label in the part: the label's width,
measured with the fitting fonts, must fit the part's share of the bar. Other native kinds put
their labels at fixed places PowerPoint keeps apart (category axes, labels outside bars).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from hpdeck.plan import fit
from hpdeck.plan.conventions import NAMESPACES

PLOT_SHARE = 0.94
"""Share of the chart frame's width PowerPoint's automatic layout gives a bar with a hidden
value axis (measured on LibreOffice and PowerPoint renderings of the cost split)."""
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
