"""Drawing chart specs as PNG images with matplotlib, in the theme's colours and fonts.

Charts are drawn at the size of their slot, so a 16 pt label here is 16 pt on the slide. They
follow the council-slide rules: labels on the marks instead of legends, no gridlines or borders,
bars from zero, each stage in its own colour.
"""

from __future__ import annotations

import json
import math
import re
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import pairwise
from typing import Any

import matplotlib

# For the theme's look (style.look): imported with the drawing code, so a batch's helper reads
# matplotlib's bundled styles (~15 ms) while the batch's first deck is planned, not after.
import matplotlib.style

matplotlib.use("Agg")

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import blended_transform_factory, offset_copy

from hpdeck.plan.charts import ChartSpec
from hpdeck.plan.colour import ink_on
from hpdeck.plan.typography import glue
from hpdeck.render.charts import metrics
from hpdeck.render.charts.map import Boxes, measured
from hpdeck.render.charts.style import DPI, ChartStyle, look

LABEL_GAP = 0.25  # inches between neighbouring category or date labels; less reads as one phrase


def _figure(ax: Axes) -> Figure:
    """The figure of a chart's axes (never a subfigure: each chart is one figure)."""
    figure = ax.figure
    assert isinstance(figure, Figure)
    return figure


def _hex(color: str) -> str:
    return f"#{color}"


def _wrap(text: str, width_in: float, size: float) -> str:
    """Wrap ``text`` to lines that fit ``width_in`` inches at ``size`` points."""
    text = glue(text)
    chars = max(6, int(width_in * 72 / (size * 0.55)))
    return "\n".join(
        textwrap.fill(line, chars, break_long_words=False) for line in text.split("\n")
    )


def _width_in(ax: Axes, text: str, size: float, *, bold: bool = False) -> float:
    """Width in inches of ``text`` at ``size`` points, measured by the renderer that draws it
    (as a text of it would span, without making one: wrapping measures many)."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    width = metrics.width_px(renderer, text, size, bold=bold)
    if width is not None:
        return width / DPI
    probe = ax.text(0, 0, text, fontsize=size, fontweight="bold" if bold else "normal")
    try:
        return probe.get_window_extent(renderer).width / DPI
    finally:
        probe.remove()


def _hang_in(ax: Axes, line: str, size: float) -> float:
    """How far below its anchor matplotlib puts the baseline of a top-aligned ``line``, in
    inches: it hangs a line from its tallest glyph (or from 'lp', whichever is taller)."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    probe = ax.text(0, 0, line, fontsize=size, va="top")
    try:
        top = probe.get_window_extent(renderer).y0
        probe.set_verticalalignment("baseline")  # one probe, aligned twice
        return (probe.get_window_extent(renderer).y0 - top) / DPI
    finally:
        probe.remove()


def _raise_in(ax: Axes, text: str, size: float) -> float:
    """How far to raise a top-aligned ``text`` so its first baseline lies where a plain
    line's ('lp') would: 'Åfjord' (the ring above the capital) then sits on one baseline with
    'Høylandet' beside it."""
    first = text.split("\n", 1)[0]
    return _hang_in(ax, first, size) - _hang_in(ax, "lp", size)


def _measured_wrap(
    ax: Axes, text: str, room: float, size: float, *, bold: bool = False
) -> str | None:
    """``text`` wrapped at spaces into lines of at most ``room`` inches in the weight it is
    drawn in; None if a word is wider.

    Word by word, each line as long as fits; but first (and after each break) the words left
    as one line: a line is never narrower than a run of its words (each glyph stands where it
    stood, among more), so when they fit, every word and every longer try fits too and the
    words fill one line, found with one text measured instead of two per word."""
    lines: list[str] = []
    for hard in glue(text).split("\n"):
        words = hard.split(" ")
        line = _if_fits(ax, words, room, size, bold)
        if line is None:
            line = ""
            for i, word in enumerate(words):
                if _width_in(ax, word, size, bold=bold) > room:
                    return None
                trial = f"{line} {word}" if line else word
                if line and _width_in(ax, trial, size, bold=bold) > room:
                    lines.append(line)
                    rest = _if_fits(ax, words[i:], room, size, bold)
                    if rest is not None:
                        line = rest
                        break
                    line = word
                else:
                    line = trial
        lines.append(line)
    return "\n".join(lines)


def _if_fits(ax: Axes, words: list[str], room: float, size: float, bold: bool) -> str | None:
    """``words`` as one line if it fits ``room`` inches (None for a run with an empty word:
    the word-by-word wrap drops a line's leading space, which joining would keep)."""
    line = " ".join(words)
    return line if all(words) and _width_in(ax, line, size, bold=bold) <= room else None


def _bare(ax: Axes, style: ChartStyle, *, keep: tuple[str, ...] = ()) -> None:
    for name, spine in ax.spines.items():
        spine.set_visible(name in keep)
        spine.set_color(_hex(style.line))
    ax.tick_params(length=0, colors=_hex(style.text))
    ax.set_facecolor(_hex(style.background))


def _tickless(ax: Axes, style: ChartStyle, *, keep: tuple[str, ...] = ()) -> None:
    """A chart without ticks, its texts placed by hand: both axes hidden, so matplotlib makes
    no more ticks than the one per axis it made with the axes (each costs about a millisecond)
    and leaves them out of every layout and drawing. Drawn as with no ticks: an axis without
    tick labels adds nothing to the layout, and a spine's box grows only by ticks of some
    length."""
    for name, spine in ax.spines.items():
        spine.set_visible(name in keep)
        spine.set_color(_hex(style.line))
    ax.xaxis.set_visible(False)
    ax.yaxis.set_visible(False)
    ax.set_facecolor(_hex(style.background))


def _columns(ax: Axes, spec: ChartSpec, style: ChartStyle, width: float) -> None:
    series = spec.series[0]
    n = len(spec.categories)
    bars = ax.bar(
        range(n), series.values, width=0.68, color=[_hex(c) for c in spec.colors], zorder=2
    )
    top = max(series.values) or 1
    for i, (bar, label) in enumerate(zip(bars, series.labels, strict=True)):
        ax.text(
            bar.get_x() + bar.get_width() / 2,
            bar.get_height() + top * 0.03,
            label,
            ha="center",
            va="bottom",
            fontsize=style.value_size + 4,
            fontweight="bold",
            color=_hex(style.text),
        )
        if i in spec.highlight:
            bar.set_edgecolor(_hex(style.accent))
            bar.set_linewidth(5)
    ax.set_ylim(0, top * 1.22)
    _tickless(ax, style, keep=("bottom",))
    # Category labels measured as drawn: wrapped, then shrunk (not below 12 pt), until
    # neighbours stay LABEL_GAP apart and do not read as one phrase.
    _figure(ax).tight_layout(pad=0.3)
    low, high = ax.get_xlim()
    pitch = ax.get_window_extent().width / DPI / (high - low)
    size = style.label_size
    while True:
        labels = [_measured_wrap(ax, c, pitch - LABEL_GAP, size) for c in spec.categories]
        if all(labels) or size <= 12:
            break
        size -= 1
    # Each line its own text on a shared baseline: a wrapped label as one text would start
    # lower than its one-line neighbours ("Planlegger vedtak" under "Forbereder").
    base = blended_transform_factory(ax.transData, ax.transAxes)
    for i, (wrapped, category) in enumerate(zip(labels, spec.categories, strict=True)):
        for k, text in enumerate((wrapped or category).split("\n")):
            ax.text(
                i,
                0,
                text,
                transform=offset_copy(
                    base, _figure(ax), y=-(size + 6 + k * size * 1.2), units="points"
                ),
                ha="center",
                va="baseline",
                fontsize=size,
                color=_hex(style.text),
                gid=f"category-{i}",
            )


def _hbar(ax: Axes, spec: ChartSpec, style: ChartStyle, width: float) -> None:
    """Sorted horizontal bars, each named above its bar across the chart's whole width: the
    name on one line and its note (period, price basis) on a second, never more. Labels shrink
    (not below 14 pt) until every one fits two lines and the rows fit the height."""
    series = spec.series[0]
    n = len(spec.categories)
    height = _figure(ax).get_size_inches()[1]
    notes = spec.category_notes or ("",) * n
    room = width - 0.3
    size = style.label_size
    while True:
        names = [_measured_wrap(ax, c, room, size, bold=True) or c for c in spec.categories]
        details = [_measured_wrap(ax, note, room, size) or note for note in notes]
        lines = [
            name.count("\n") + 1 + (detail.count("\n") + 1 if detail else 0)
            for name, detail in zip(names, details, strict=True)
        ]
        bar = min(0.55, max(0.3, height / n * 0.35))
        needed = sum(count * size * 1.25 / 72 + 0.1 + bar for count in lines)
        if (max(lines) <= 2 and needed <= height * 0.95) or size <= 14:
            break
        size -= 1
    top = spec.max_value or max(series.values) or 1
    gap = max(0.0, min(0.45, (height - needed) / max(n, 1)))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)  # inches from the top
    y = max(0.0, (height - needed - gap * (n - 1)) / 2)
    value_in = max(_width_in(ax, label, style.value_size, bold=True) for label in series.labels)
    bar_room = width - value_in - 0.35
    for name, detail, count, value, label, color in zip(
        names, details, lines, series.values, series.labels, spec.colors, strict=True
    ):
        ax.text(
            0,
            y,
            name,
            va="top",
            ha="left",
            fontsize=size,
            fontweight="bold",
            color=_hex(style.text),
        )
        if detail:
            below = y + (name.count("\n") + 1) * size * 1.25 / 72
            ax.text(0, below, detail, va="top", ha="left", fontsize=size, color=_hex(style.muted))
        y += count * size * 1.25 / 72 + 0.1
        length = bar_room * max(0.0, value) / top
        ax.barh([y + bar / 2], [length], height=bar, left=0, color=_hex(color), zorder=2)
        ax.text(
            length + 0.12,
            y + bar / 2,
            label,
            va="center",
            ha="left",
            fontsize=style.value_size,
            fontweight="bold",
            color=_hex(style.text),
        )
        y += bar + gap
    _tickless(ax, style)


def _stacked_bar(ax: Axes, spec: ChartSpec, style: ChartStyle, width: float) -> None:
    """One bar of parts; names listed under it with a colour key, so narrow parts stay legible."""
    series = spec.series[0]
    total = sum(series.values) or 1
    start = 0.0
    notes = spec.category_notes or ("",) * len(spec.categories)
    rows = zip(series.values, series.labels, spec.categories, notes, spec.colors, strict=True)
    for i, (value, label, name, note, color) in enumerate(rows):
        ax.barh(
            [0],
            [value],
            left=start,
            height=0.6,
            color=_hex(color),
            zorder=2,
            edgecolor=_hex(style.background),
            linewidth=3,
        )
        ax.text(
            start + value / 2,
            0,
            label,
            ha="center",
            va="center",
            fontweight="bold",
            fontsize=style.value_size + 4,
            color=_hex(ink_on(color)),
        )
        y = -0.75 - i * 0.55
        ax.scatter([total * 0.012], [y], marker="s", s=260, color=_hex(color), zorder=2)
        key = _wrap(
            f"{label}  {name}" + (f" ({note})" if note else ""), width * 0.9, style.label_size
        )
        ax.text(
            total * 0.04,
            y,
            key,
            ha="left",
            va="center",
            fontsize=style.label_size,
            color=_hex(style.text),
        )
        start += value
    ax.set_xlim(0, total)
    ax.set_ylim(-0.75 - len(spec.categories) * 0.55, 0.35)
    _tickless(ax, style)


def _timeline(ax: Axes, spec: ChartSpec, style: ChartStyle, width: float) -> None:
    """Events on a line spaced as in time, dates above and who below.

    Close events adapt instead of colliding: a date or label that would touch its neighbour
    moves to a second row (dates up, labels down), dates are said shorter (a second series
    holds the short forms) when two rows of long ones are not enough, and when that is not
    enough either, the events are set as a dated list instead.
    """
    series = spec.series[0]
    xs = list(series.values)
    low, high = min(xs), max(xs)
    span = (high - low) or 1
    pad = 0.14
    fracs = [0.5] if len(xs) == 1 else [pad + (x - low) / span * (1 - 2 * pad) for x in xs]
    date_size, label_size = style.value_size, style.label_size + 2
    room = width * 0.96  # the axes' width in inches, near enough before tight_layout
    dates = list(series.labels)
    date_rows = _rows(ax, [f * room for f in fracs], dates, date_size, bold=True)
    if date_rows is None and len(spec.series) > 1:  # crowded: the dates said shorter
        dates = list(spec.series[1].labels)
        date_rows = _rows(ax, [f * room for f in fracs], dates, date_size, bold=True)
    slot = max(1.2, min(room * 0.3, room / max(len(xs), 1) * 2))
    labels = [
        _measured_wrap(ax, label, slot, label_size) or _wrap(label, slot, label_size)
        for label in spec.categories
    ]
    label_rows = _rows(ax, [f * room for f in fracs], labels, label_size)
    if date_rows is None or label_rows is None:
        _timeline_list(ax, spec, style, width)
        return
    ax.plot(
        [0.02, 0.98], [0, 0], color=_hex(style.line), linewidth=3, zorder=1, solid_capstyle="round"
    )
    line_in = date_size * 1.35 / 72
    deepest = max(
        label.count("\n") + 1 for label, row in zip(labels, label_rows, strict=True) if row == 0
    )  # the second row of labels starts under the first row's longest
    height = _figure(ax).get_size_inches()[1]
    per_in = 2.0 / height  # the y axis runs from -1.2 to 0.8 over the drawing's height
    for i, (frac, date, label) in enumerate(zip(fracs, dates, labels, strict=True)):
        color = _hex(style.accent if i in spec.highlight else spec.colors[i])
        ax.scatter(
            [frac],
            [0],
            s=700,
            color=color,
            zorder=3,
            edgecolors=_hex(style.background),
            linewidths=3,
        )
        ax.text(
            frac,
            0.18 + date_rows[i] * line_in * per_in,
            date,
            ha="center",
            va="bottom",
            fontsize=date_size,
            fontweight="bold",
            color=_hex(style.text),
        )
        depth = label_rows[i] * (deepest + 0.4) * label_size * 1.3 / 72 * per_in
        ax.text(
            frac,
            -0.2 - depth + _raise_in(ax, label, label_size) * per_in,
            label,
            ha="center",
            va="top",
            fontsize=label_size,
            color=_hex(style.text),
        )
    ax.set_xlim(0, 1)
    ax.set_ylim(-1.2, 0.8)
    _tickless(ax, style)


def _rows(
    ax: Axes, centres: list[float], texts: list[str], size: float, *, bold: bool = False
) -> list[int] | None:
    """A row (0 or 1) for each centred text so none comes within LABEL_GAP of a neighbour in
    its row, or None when two rows are not enough."""
    ends = [-math.inf, -math.inf]
    rows = []
    for i, (centre, text) in enumerate(zip(centres, texts, strict=True)):
        half = max(_width_in(ax, line, size, bold=bold) for line in text.split("\n")) / 2
        if any(abs(other - centre) < half for j, other in enumerate(centres) if j != i):
            return None  # a text over a neighbour's dot would be read as that event's
        row = next((r for r, end in enumerate(ends) if centre - half >= end + LABEL_GAP), None)
        if row is None:
            return None
        ends[row] = centre + half
        rows.append(row)
    return rows


def _timeline_list(ax: Axes, spec: ChartSpec, style: ChartStyle, width: float) -> None:
    """The events as a dated list, oldest first, in one or two columns: for many or close events.

    Each entry takes the lines its wrapped label needs. One column when it fits; else two, whose
    text steps down a point at a time when they would run past the bottom, never under the
    theme's caption size. Room to spare goes between the entries, up to a quarter inch.
    """
    series = spec.series[0]
    count = len(series.values)
    height = _figure(ax).get_size_inches()[1]
    largest, floor = style.label_size + 2, style.label_size - 2  # floor: the caption size
    tries = [(1, largest)] + [(2, largest - step) for step in range(int(largest - floor) + 1)]
    for columns, size in tries:
        per_column = math.ceil(count / columns)
        column_in = width / columns
        date_in = max(_width_in(ax, date, size, bold=True) for date in series.labels) + 0.25
        room = column_in - date_in - 0.45
        texts = [
            _measured_wrap(ax, label, room, size) or _wrap(label, room, size)
            for label in spec.categories
        ]
        line_in, gap = size * 1.25 / 72, size * 0.6 / 72
        tallest = max(
            sum(
                (text.count("\n") + 1) * line_in + gap
                for text in texts[c * per_column : (c + 1) * per_column]
            )
            for c in range(columns)
        )
        if tallest <= height - 0.2 or size <= floor:
            break
    gap += min(0.25, (height - 0.2 - tallest) / per_column) if tallest < height - 0.2 else 0
    ascent = _hang_in(ax, "lp", size)  # a line's baseline below its top
    for column in range(columns):
        top = height - 0.1
        x = column * column_in
        for i in range(column * per_column, min(count, (column + 1) * per_column)):
            color = _hex(style.accent if i in spec.highlight else spec.colors[i])
            # Every line on a baseline of its own: the bold date and the label's first line
            # share one, whatever their glyphs ('Åfjord', digits) reach up to; the dot sits
            # at the middle of the date's figures.
            baseline = top - ascent
            middle = baseline + size * 0.33 / 72
            ax.scatter([x + 0.12], [middle], s=size * 6, color=color, zorder=3)
            ax.text(
                x + 0.3,
                baseline,
                series.labels[i],
                ha="left",
                va="baseline",
                fontsize=size,
                fontweight="bold",
                color=_hex(style.text),
                in_layout=False,
            )
            for line in texts[i].split("\n"):
                ax.text(
                    x + 0.3 + date_in,
                    baseline,
                    line,
                    ha="left",
                    va="baseline",
                    fontsize=size,
                    color=_hex(style.text),
                    in_layout=False,  # placed in inches: a wide text must not shrink the axes
                )
                baseline -= line_in
            top -= (texts[i].count("\n") + 1) * line_in + gap
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    _tickless(ax, style)


def _line(ax: Axes, spec: ChartSpec, style: ChartStyle, width: float) -> None:
    """Series over time: thick lines, dates spaced as in time, each line named at its end.

    A single series gets its values over its points (those that keep clear of the line and of
    each other, the latest always), with "0" marking where the axis starts.
    Several series are compared, so they get a scale: a few round values with light gridlines.
    Each line is named at its end with its latest value; names that would touch are spread
    apart (up and down, as little as need be) and joined to their line's end by a thin leader.
    The axis leaves to the right exactly the room the names take, and the dates stay on one row.
    """
    xs = list(spec.x or range(len(spec.categories)))
    span = (xs[-1] - xs[0]) or 1
    known = [v for s in spec.series for v in s.values if not math.isnan(v)]
    top = max(known) or 1
    size = style.label_size
    several = len(spec.series) > 1
    ends: list[tuple[float, float]] = []
    for series, color in zip(spec.series, spec.colors, strict=False):
        points = [
            (x, v, label)
            for x, v, label in zip(xs, series.values, series.labels, strict=True)
            if not math.isnan(v)
        ]
        ends.append((points[-1][0], points[-1][1]))
        ax.plot(
            [p[0] for p in points],
            [p[1] for p in points],
            color=_hex(color),
            linewidth=4.5,
            marker="o",
            markersize=11,
            zorder=3,
            solid_capstyle="round",
            markeredgecolor=_hex(style.background),
            markeredgewidth=2,
        )
    names = []
    for series in spec.series:
        last_label = [label for label in series.labels if label][-1]
        names.append((series.name if not several else f"{last_label} {series.name}").strip())
    if several:
        ticks = _scale(top)
        ax.set_yticks(ticks, [_tick_text(t) for t in ticks], fontsize=size)
        ax.yaxis.grid(True, color=_hex(style.line), linewidth=0.8, alpha=0.45, zorder=0)
        ax.set_axisbelow(True)
        high = ticks[-1]
    else:
        ax.set_yticks([0], ["0"], fontsize=size * 0.85)  # levels start at zero: say so
        for zero in ax.get_yticklabels():  # just above the axis, clear of the first date below
            zero.set_verticalalignment("bottom")
        high = top * 1.25
    ax.set_ylim(min(0, *known), high)
    _bare(ax, style, keep=("bottom",))
    ax.tick_params(axis="y", colors=_hex(style.muted if several else style.line))
    # Room on the right for the names, measured: the axes' width is known once laid out.
    ax.set_xticks(xs, list(spec.categories), fontsize=size)
    _figure(ax).tight_layout(pad=0.3)
    # In inches: the first date's half left of the first point, the names right of the last.
    left_in = max(0.15, _width_in(ax, spec.categories[0], size) / 2 + 0.05)
    right_in = max(_width_in(ax, name, size, bold=True) for name in names) + 0.35
    axes_in = ax.get_window_extent().width / DPI
    per_in = span / max(axes_in * 0.3, axes_in - left_in - right_in)
    ax.set_xlim(xs[0] - left_in * per_in, xs[-1] + right_in * per_in)
    label_x = xs[-1] + 0.2 * per_in
    _date_ticks(ax, xs, spec.categories, size)
    # Names at the line ends, spread apart by at least one line of text.
    low_y, high_y = ax.get_ylim()
    step = size * 1.3 / 72 * (high_y - low_y) / (ax.get_window_extent().height / DPI)
    wanted = [y for _, y in ends]
    placed = _spread(wanted, step, low_y + step / 2, max(high_y, max(wanted)) + step / 2)
    if max(placed) + step / 2 > high_y:
        ax.set_ylim(low_y, max(placed) + step / 2)
    for name, (end_x, end_y), y, color in zip(names, ends, placed, spec.colors, strict=False):
        if abs(y - end_y) > step * 0.15 or end_x < xs[-1]:  # moved: a leader to its end
            ax.plot(
                [end_x + 0.08 * per_in, label_x - 0.03 * per_in],
                [end_y, y],
                color=_hex(color),
                linewidth=1.2,
                zorder=2,
            )
        ax.text(
            label_x,
            y,
            name,
            va="center",
            ha="left",
            fontsize=size,
            fontweight="bold",
            color=_hex(color),
        )
    if not several:
        _figure(ax).tight_layout(pad=0.3)  # as figure() lays it out last: boxes are final
        (series,) = spec.series
        shown = zip(xs, series.values, series.labels, strict=True)
        _value_labels(ax, [p for p in shown if not math.isnan(p[1])], size + 2, style)


# How far the line and its markers reach round their centre line and points, in points.
_LINE_HALF_PT = 4.5 / 2 + 1
_MARKER_PT = 11 / 2 + 2


def _value_labels(
    ax: Axes, points: list[tuple[float, float, str]], size: float, style: ChartStyle
) -> None:
    """Each point's value over it, where it keeps clear of the line, its markers, the other
    values and the line's name; else over it to the left (a steep rise leaves that side
    free); else left out (a steep or crowded line reads by its dates and the values that fit).
    The first and the latest may also stand over-right or under-left, where a falling line
    leaves room. The latest value is placed first and always stays; then the first, then the
    rest newest first."""
    import numpy as np

    renderer = _figure(ax).canvas.get_renderer()  # type: ignore[attr-defined]
    px_per_pt = DPI / 72
    line = ax.transData.transform([(x, v) for x, v, _ in points])
    # The line sampled every few pixels: a label's box must not reach any sample.
    samples = [line[:1]]
    for (x0, y0), (x1, y1) in pairwise(line):
        steps = max(2, int(math.hypot(x1 - x0, y1 - y0) / 3))
        t = np.linspace(0, 1, steps)[1:, None]
        samples.append(np.hstack([x0 + (x1 - x0) * t, y0 + (y1 - y0) * t]))
    path = np.vstack(samples)
    taken = [text.get_window_extent(renderer) for text in ax.texts]  # the line's name

    def reaches(xy: Any, box: Any, reach_pt: float) -> bool:
        """Whether any of the points ``xy`` lies within ``reach_pt`` of ``box``."""
        reach = reach_pt * px_per_pt
        x, y = xy[:, 0], xy[:, 1]
        inside = (x > box.x0 - reach) & (x < box.x1 + reach)
        return bool((inside & (y > box.y0 - reach) & (y < box.y1 + reach)).any())

    def clear(box: Any) -> bool:
        gap = 0.06 * DPI
        apart = all(
            box.x1 + gap <= other.x0
            or box.x0 >= other.x1 + gap
            or box.y1 + gap <= other.y0
            or box.y0 >= other.y1 + gap
            for other in taken
        )
        return (
            apart and not reaches(path, box, _LINE_HALF_PT) and not reaches(line, box, _MARKER_PT)
        )

    lift = (_MARKER_PT + 1) * px_per_pt
    side = 0.6 * lift
    # Over the point, then the sides a steep line leaves free (over-left, over-right, under-left).
    places: list[tuple[float, float, str, str]] = [
        (0.0, lift, "center", "bottom"),
        (-side, lift, "right", "bottom"),
        (side, lift, "left", "bottom"),
        (-side, -lift, "right", "top"),
    ]

    def put(i: int, place: tuple[float, float, str, str]) -> Any:
        dx, dy, ha, va = place
        px, py = line[i]
        x, y = ax.transData.inverted().transform((px + dx, py + dy))
        return ax.text(
            x,
            y,
            points[i][2],
            ha=ha,
            va=va,
            fontsize=size,
            fontweight="bold",
            color=_hex(style.text),
        )

    order = [len(points) - 1, *([0] if len(points) > 1 else []), *range(len(points) - 2, 0, -1)]
    for rank, i in enumerate(order):
        # The values between read as one row over the line: over or over-left of their points.
        for place in places if rank < 2 else places[:2]:
            text = put(i, place)
            box = text.get_window_extent(renderer)
            if clear(box):
                taken.append(box)
                break
            text.remove()
        else:
            if rank == 0:  # the latest value stays, over its point, even where nothing is free
                taken.append(put(i, places[0]).get_window_extent(renderer))


def _scale(top: float) -> list[float]:
    """Three to five round values from zero to at least ``top``, for a scale's gridlines."""
    from matplotlib.ticker import MaxNLocator

    ticks = MaxNLocator(nbins=4, integer=True, min_n_ticks=3).tick_values(0, top)
    ticks = [float(t) for t in ticks if t >= 0]
    while ticks[-1] < top:
        ticks.append(ticks[-1] + (ticks[1] - ticks[0]))
    return ticks


def _tick_text(value: float) -> str:
    """A scale value: whole, grouped by thousands with a narrow no-break space."""
    return f"{round(value):,}".replace(",", "\u202f")


def _spread(wanted: list[float], step: float, low: float, high: float) -> list[float]:
    """Positions near ``wanted``, each at least ``step`` from the next, within low–high:
    labels that would touch form a group centred on where its members want to be."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    groups: list[list[int]] = []
    for i in order:
        groups.append([i])
        while len(groups) > 1:
            below, above = groups[-2], groups[-1]
            if (
                _group_start(above, wanted, step, low, high)
                >= _group_start(below, wanted, step, low, high) + len(below) * step - 1e-9
            ):
                break
            groups[-2:] = [below + above]
    placed = [0.0] * len(wanted)
    for group in groups:
        start = _group_start(group, wanted, step, low, high)
        for k, i in enumerate(group):
            placed[i] = start + k * step
    return placed


def _group_start(
    group: list[int], wanted: list[float], step: float, low: float, high: float
) -> float:
    """Where a group's lowest label goes: the group centred on its members' mean, kept inside."""
    centre = sum(wanted[i] for i in group) / len(group)
    start = centre - (len(group) - 1) * step / 2
    return min(max(start, low), max(low, high - (len(group) - 1) * step))


def _date_ticks(ax: Axes, xs: list[float], dates: tuple[str, ...], size: float) -> None:
    """Dates on one row under their points: in full if they keep LABEL_GAP apart, else with
    the year short ("nov. 22"), else at a smaller size (not below 14 pt), else only those that
    fit, the newest and oldest first; every point keeps its tick."""
    short = tuple(_SHORT_YEAR.sub(r"\1", date) for date in dates)
    for labels, at in ((dates, size), (short, size), (short, max(14.0, size - 2))):
        keep = _fitting_dates(ax, xs, labels, at)
        if len(keep) == len(xs):
            break
    ax.set_xticks(xs, [label if i in keep else "" for i, label in enumerate(labels)], fontsize=at)
    ax.tick_params(axis="x", length=5, width=1.2, color=ax.spines["bottom"].get_edgecolor())


_SHORT_YEAR = re.compile(r"\b(?:19|20)(\d\d)\b")


def _fitting_dates(ax: Axes, xs: list[float], labels: tuple[str, ...], size: float) -> set[int]:
    """The dates that keep LABEL_GAP from each other and stay inside the figure, newest first."""
    order = [len(xs) - 1, 0, *range(len(xs) - 2, 0, -1)] if len(xs) > 1 else [0]
    figure_in = _figure(ax).get_size_inches()[0]
    taken: list[tuple[float, float]] = []
    keep: set[int] = set()
    for i in order:
        centre = ax.transData.transform((xs[i], 0))[0] / DPI
        half = _width_in(ax, labels[i], size) / 2
        left, right = centre - half, centre + half
        if left < 0 or right > figure_in:
            continue
        if all(right + LABEL_GAP <= a or left >= b + LABEL_GAP for a, b in taken):
            taken.append((left, right))
            keep.add(i)
    return keep


def _map(ax: Axes, spec: ChartSpec, style: ChartStyle, width: float) -> None:
    from hpdeck.render.charts.map import draw_map  # the borders are read only when a map is drawn

    draw_map(ax, spec, style, width)


_DRAWERS: dict[str, Callable[[Axes, ChartSpec, ChartStyle, float], None]] = {
    "map": _map,
    "columns": _columns,
    "hbar": _hbar,
    "stacked-bar": _stacked_bar,
    "timeline": _timeline,
    "line": _line,
}


LABELS_KEY = "hpdeck-labels"
"""The PNG text chunk listing the drawn labels that collide or leave the picture, and the
smallest text (JSON), so the linter, which reads the built deck, sees inside chart pictures."""
LABEL_TOLERANCE = 0.02  # inches two label boxes may share, or one may stick out, before it counts


def label_boxes(
    fig: Figure, known: Boxes | None = None
) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every visible text the chart shows, with its box in inches (x0, y0, x1, y1); a map's
    names measured once per base in ``known`` (see map.measured)."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = []
    texts = [*fig.texts, *(t for ax in fig.axes for t in (*ax.texts, *_drawn_ticks(ax)))]
    for text in texts:
        if not text.get_visible() or not text.get_text().strip():
            continue
        extent = measured(text, renderer, known)
        boxes.append(
            (
                " ".join(text.get_text().split()),
                (extent.x0 / DPI, extent.y0 / DPI, extent.x1 / DPI, extent.y1 / DPI),
            )
        )
    return boxes


def _drawn_ticks(ax: Axes) -> list:
    """The tick labels a reader sees: of shown axes, at ticks inside the view."""
    labels = []
    for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        if not (ax.axison and axis.get_visible()):
            continue
        low, high = sorted(limits)
        labels += [
            tick.label1
            for tick in axis.get_major_ticks()
            if low - 1e-9 <= tick.get_loc() <= high + 1e-9 and tick.label1.get_visible()
        ]
    return labels


def label_trouble(fig: Figure, known: Boxes | None = None) -> list[list[str]]:
    """What a reader would stumble on among the labels, as ``["cut", text]`` (cut off at the
    edge) and ``["overlap", text, other]``; the linter words them in the user's language."""
    width, height = fig.get_size_inches()
    boxes = label_boxes(fig, known)
    found = []
    for i, (text, (x0, y0, x1, y1)) in enumerate(boxes):
        if (
            x0 < -LABEL_TOLERANCE
            or y0 < -LABEL_TOLERANCE
            or x1 > width + LABEL_TOLERANCE
            or y1 > height + LABEL_TOLERANCE
        ):
            found.append(["cut", text])
        for other, (a0, b0, a1, b1) in boxes[i + 1 :]:
            if (
                min(x1, a1) - max(x0, a0) > LABEL_TOLERANCE
                and min(y1, b1) - max(y0, b0) > LABEL_TOLERANCE
            ):
                found.append(["overlap", text, other])
    return found


def smallest_label(fig: Figure) -> list[list[str]]:
    """The smallest text the chart shows as ``[["smallest", text, points]]`` (points as on the
    slide), for the linter to hold against the readable minimum; nothing without text."""
    texts = [*fig.texts, *(t for ax in fig.axes for t in (*ax.texts, *_drawn_ticks(ax)))]
    sizes = [
        (float(t.get_fontsize()), " ".join(t.get_text().split()))
        for t in texts
        if t.get_visible() and t.get_text().strip()
    ]
    if not sizes:
        return []
    size, text = min(sizes)
    return [["smallest", text, f"{size:g}"]]


@contextmanager
def figure(spec: ChartSpec, style: ChartStyle, width: float, height: float) -> Iterator[Figure]:
    """The chart drawn and laid out in the theme's look (its fonts, colours and style file), as
    ``draw`` saves it. Tests measure what a reader sees here."""
    with look(style):
        # Not pyplot's: a figure of its own needs no closing, and pyplot costs a quarter of a
        # second to import, paid by every build with a chart to draw.
        fig = Figure(figsize=(width, height), dpi=DPI)
        metrics.canvas(fig)
        ax = fig.add_subplot()
        _DRAWERS[spec.kind](ax, spec, style, width)
        fig.tight_layout(pad=0.3)
        yield fig


def draw(spec: ChartSpec, style: ChartStyle, width: float, height: float) -> bytes:
    """The chart as PNG bytes, ``width`` × ``height`` inches, without timestamps in the file."""
    if spec.kind == "map":  # one per municipality: its own marks on a base drawn once
        return _map_png(spec, style, width, height)
    with figure(spec, style, width, height) as fig:
        report = json.dumps(label_trouble(fig) + smallest_label(fig), ensure_ascii=False)
        fig.canvas.draw()
        return _png(fig, report)


def _map_png(spec: ChartSpec, style: ChartStyle, width: float, height: float) -> bytes:
    """A status map as PNG bytes: written straight from its pixels, only the rows its own
    marks change deflated again (see ``map_png``), as quick to save as its marks are to draw."""
    import numpy as np

    from hpdeck.render.charts import map_png
    from hpdeck.render.charts.map import boxes_of, marked, saved_as

    with marked(spec, style, width, height) as fig:
        trouble = label_trouble(fig, boxes_of(fig))
        report = json.dumps(trouble + smallest_label(fig), ensure_ascii=False)
        rgba = np.asarray(fig.canvas.buffer_rgba())  # type: ignore[attr-defined]
        return map_png.encode(rgba, {LABELS_KEY: report}, DPI, *saved_as(fig))


def _png(fig: Figure, report: str) -> bytes:
    """The figure's pixels, already drawn on its canvas, as a small PNG (see ``png``: a chart
    is kept in every deck that shows it) carrying the chart's label report."""
    import numpy as np

    from hpdeck.render import png

    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)  # matplotlib.use("Agg") above
    return png.encode(np.asarray(canvas.buffer_rgba()), {LABELS_KEY: report}, DPI, small=True)
