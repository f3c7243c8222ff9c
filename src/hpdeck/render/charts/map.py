"""The status map: the region's municipalities drawn from their real borders, filled by stage.

The borders are Kartverket's (2020, CC BY 4.0), simplified once by ``scripts/extract_map.py`` into
``data/region-map.json``: integer coordinates in thousandths of a degree, longitude already
scaled so the map is not stretched. A map spec lists municipality numbers as its categories, one
fill colour each, and in its single series the names to print (empty for none) with a priority:
labels are placed in priority order and a label that would touch one already placed is left out,
so the names that matter most (the own municipality, then those outside the two counties, then
those in use) win.

The own municipality's name lies wholly inside its shape, clear of the outline, when it fits
there; else beside the shape, as close as the outline allows, so it is read as that shape's name
and never straddles the outline. Another name whose place the own outline or name takes
(Trondheim's on Malvik's map: the region's main city, which a council reader finds their way
by) moves beside its own area, clear of them, and is left out only where it has no such place.

Every council deck's map shows the same region in the same colours; only the own municipality's
outline and the names differ. ``marked`` keeps one figure per process and base (size, places,
colours, theme) with that shared part drawn and laid out once, and per map adds the own marks,
paints them on the base's pixels and takes them off again, putting back the base's pixels
where they may have inked (``_touched``); another municipality's name whose ink meets no other
mark is drawn once per base and place and pasted after (a name moves on a few maps only, to
the same few places). Agg draws the same pixels in the same order as drawing the whole map at
once, so the picture is the one a full draw makes (a test compares, for every municipality);
the PNG deflates only the rows the own marks changed (``map_png``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from hpdeck.content.region_map import geometry
from hpdeck.plan.charts import ChartSpec
from hpdeck.plan.colour import neutral
from hpdeck.render.charts.style import DPI, ChartStyle, look

if TYPE_CHECKING:  # matplotlib is imported only when a map is drawn, not when one is planned
    import numpy as np
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.path import Path as MplPath
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox, BboxBase

    from hpdeck.render.charts.map_png import Base

OWN_LAYER = 3  # zorder from which a map's own marks (outline, names) are drawn on the shared base
BORDER_WIDTH = 0.6  # points: thin borders between municipalities
OWN_WIDTH = 3.5  # points: the own municipality's outline
OWN_HALO = OWN_WIDTH + 2.5  # points: the background-coloured band round that outline
NAME_HALO = 3.5  # points: the background-coloured stroke round every name
LABEL_PAD = 3  # pixels kept free around each label
INK_MARGIN = 3  # pixels past a mark's box or stroke that its ink may reach (overhang, antialiasing)
PAD = 0.3  # the figure's margin, in font sizes (as ``draw.figure`` lays out every chart)


def _path(rings: list[list[list[int]]], grid: int) -> MplPath:
    """One compound path per municipality: islands and holes together, holes left unfilled."""
    from matplotlib.path import Path as MplPath

    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    for ring in rings:
        points = [(x / grid, y / grid) for x, y in ring]
        vertices.extend([*points, points[0]])
        codes.extend(
            [
                int(MplPath.MOVETO),
                *[int(MplPath.LINETO)] * (len(points) - 1),
                int(MplPath.CLOSEPOLY),
            ]
        )
    return MplPath(vertices, codes)


def _shape(number: str) -> MplPath:
    """A municipality's path, built once per process: every map of a batch draws all of them
    (matplotlib never changes a path it draws)."""
    if number not in _SHAPES:
        data = geometry()
        _SHAPES[number] = _path(data["municipalities"][number]["rings"], data["grid"])
    return _SHAPES[number]


_SHAPES: dict[str, MplPath] = {}


def draw_map(ax: Axes, spec: ChartSpec, style: ChartStyle, width: float) -> None:
    """The whole map on ``ax`` at once: the region, laid out, then the own marks (``marked``
    draws the same in two steps, the region once per process)."""
    _region(ax, spec, style)
    _figure(ax).tight_layout(pad=PAD)
    ax.apply_aspect()  # the names are placed in pixels: the axes' final place, as drawn
    _own_marks(ax, spec, style)


def _region(ax: Axes, spec: ChartSpec, style: ChartStyle) -> None:
    """Every municipality of the spec as one filled patch, its gid 'municipality-<number>'.

    Patches are added with ``add_artist``, not ``add_patch``: the limits are set from the
    vertices below, and ``add_patch`` would walk every border's Bézier segments in Python to
    grow data limits nobody reads (most of the map's drawing time).
    """
    import numpy as np
    from matplotlib.patches import PathPatch

    background = f"#{style.background}"
    paths = [_shape(number) for number in spec.categories]
    # The outline of the whole region in the line colour: drawn wide underneath, so only its
    # outer half stays visible round the coast once the municipalities are filled on top.
    for path in paths:
        ax.add_artist(
            PathPatch(
                path,
                facecolor="none",
                edgecolor=f"#{style.line}",
                linewidth=BORDER_WIDTH * 2.5,
                zorder=1,
            )
        )
    for number, path, color in zip(spec.categories, paths, spec.colors, strict=True):
        ax.add_artist(
            PathPatch(
                path,
                facecolor=f"#{color}",
                edgecolor=background,
                linewidth=BORDER_WIDTH,
                zorder=2,
                gid=f"municipality-{number}",
            )
        )
    corners = np.concatenate([np.asarray(path.vertices, dtype=float) for path in paths])
    (x0, y0), (x1, y1) = corners.min(axis=0).tolist(), corners.max(axis=0).tolist()
    pad = (x1 - x0) * 0.02
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    ax.set_facecolor(background)


def _own_marks(
    ax: Axes,
    spec: ChartSpec,
    style: ChartStyle,
    boxes: Boxes | None = None,
    texts: Texts | None = None,
    seats: Seats | None = None,
) -> list[Artist]:
    """The map's own marks added to the laid-out ``ax``: the own municipality's outline on a
    halo, then the names (``boxes``: see ``measured``; ``texts``: see ``_labels``; ``seats``:
    see ``Seats``)."""
    from matplotlib.patches import PathPatch

    owns = [_shape(spec.categories[index]) for index in spec.highlight]
    marks: list[Artist] = []
    for path in owns:
        for width_pt, color, gid in (
            (OWN_HALO, f"#{style.background}", "own-halo"),
            (OWN_WIDTH, f"#{style.accent}", "own-outline"),
        ):
            marks.append(
                ax.add_artist(
                    PathPatch(
                        path,
                        facecolor="none",
                        edgecolor=color,
                        linewidth=width_pt,
                        zorder=OWN_LAYER,
                        gid=gid,
                        joinstyle="round",  # a sharp corner's mitre would poke far out
                    )
                )
            )
    return [*marks, *_labels(ax, spec, style, owns, boxes, texts, seats)]


Boxes = dict[tuple[Any, ...], "Bbox"]
"""Names' boxes in pixels on one laid-out base, by text, place, size and weight."""
Texts = dict[tuple[Any, ...], "Text"]
"""Names made for one base: other municipalities' by gid, text, place, size and colour, the
own municipality's by its order among those shown, size and colour."""
Seats = dict[tuple[Any, ...], "tuple[float, float] | None"]
"""Where other municipalities' names stand on one base (data coordinates), by the key they
are made by in ``Texts``; None for a name that has no place where it reads as its own."""


def measured(text: Text, renderer: Any, boxes: Boxes | None) -> Bbox:
    """``text``'s box in pixels, measured once per base in ``boxes``: on a base laid out once,
    a name's box depends only on its text, place, size and weight, and most maps of a batch
    show the same names (measuring is most of what a map's own marks cost)."""
    if boxes is None:
        return text.get_window_extent(renderer)
    key = (text.get_text(), text.get_position(), text.get_fontsize(), text.get_fontweight())
    box = boxes.get(key)
    if box is None:
        box = boxes[key] = text.get_window_extent(renderer).frozen()
    return box


def _labels(
    ax: Axes,
    spec: ChartSpec,
    style: ChartStyle,
    owns: list[MplPath],
    boxes: Boxes | None,
    texts: Texts | None,
    seats: Seats | None,
) -> list[Text]:
    """Names in priority order, each left out when it would touch one already placed or leave
    the picture; the own name placed by ``_own_place``, the others by ``_name_place``. The
    names are made once per base in ``texts`` when given (see ``_Sheet.texts``), and the others
    placed once per base in ``seats``; one whose seat this map's own outline or name takes
    moves after the rest are placed (``_moved_place``), so it takes no other name's place."""
    from matplotlib import patheffects

    data = geometry()
    grid = data["grid"]
    places = data["municipalities"]
    series = spec.series[0]
    size = style.label_size  # chart-label size, readable from the back of a council room
    renderer = _canvas(_figure(ax)).get_renderer()
    frame = _figure(ax).bbox  # names may use the margins the region's shape leaves
    clear = OWN_HALO / 2 * _figure(ax).dpi / 72  # pixels the outline reaches past the border
    outlines = [ax.transData.transform_path(path) for path in owns]  # in pixels
    placed: list[Bbox] = []  # the own names' first (``owned`` of them), then the others'
    owned = 0
    names: list[Text] = []
    moved: list[tuple[int, Text]] = []
    order = sorted(
        (i for i, name in enumerate(series.labels) if name), key=lambda i: (-series.values[i], i)
    )
    halo = [patheffects.withStroke(linewidth=NAME_HALO, foreground=f"#{style.background}")]
    for index in order:
        x, y = (value / grid for value in places[spec.categories[index]]["label"])
        own = index in spec.highlight
        fontsize = size + 2 if own else size
        color = f"#{style.accent if own else style.text}"
        gid = f"label-{spec.categories[index]}"
        if own:  # one per own municipality shown, whichever it is
            made: tuple[Any, ...] = ("own", spec.highlight.index(index), fontsize, color)
        else:
            made = (gid, series.labels[index], x, y, fontsize, color)
        text = None if texts is None else texts.get(made)
        if text is not None and own:  # made for an earlier map: this one's, on to be measured
            text.set_text(series.labels[index])
            text.set_position((x, y))
            text.set_gid(gid)
            ax._add_text(text)  # type: ignore[attr-defined]  # see below
        if text is None:
            text = ax.text(
                x,
                y,
                series.labels[index],
                ha="center",
                va="center",
                fontsize=fontsize,
                fontweight="bold",
                color=color,
                zorder=OWN_LAYER + 1,
                gid=gid,
                path_effects=halo,
                in_layout=False,  # placed inside the axes; the layout is the region's alone
            )
            if texts is not None:
                texts[made] = text
        box = _extent(text, renderer, boxes)
        if own:
            box = _own_place(
                ax,
                text,
                box,
                outlines[spec.highlight.index(index)],
                frame,
                clear,
                boxes,
                partial(_stage_areas, ax, spec, style, index),
            )
        else:
            if seats is not None and made in seats:  # placed for an earlier map on this base
                place = seats[made]
            else:
                place = _name_place(ax, spec, style, index, (x, y), box, frame, clear)
                if seats is not None:
                    seats[made] = place
            if place is None:  # nowhere it reads as its own area's: the legend names it
                _off(text)
                continue
            if place != text.get_position():
                text.set_position(place)
                box = _extent(text, renderer, boxes)
            if _on_own(box, outlines, clear) or any(box.overlaps(o) for o in placed[:owned]):
                moved.append((index, text))  # the own marks took its place: another, below
                continue
        if not _within(box, frame) or any(box.overlaps(other) for other in placed):
            _off(text)
            continue
        _put(ax, text)
        placed.append(box)
        names.append(text)
        owned += own
    for index, text in moved:  # beside its area, clear of the own marks and the names kept
        _put(ax, text)  # to be measured where it moves
        moved_box = _moved_place(
            ax, spec, style, index, placed, outlines, frame, clear, boxes, text
        )
        if moved_box is None:
            _off(text)
            continue
        placed.append(moved_box)
        names.append(text)
    return names


def _put(ax: Axes, text: Text) -> None:
    """``text`` on ``ax``, if made for an earlier map and not on yet: as ax.text puts it (still
    clipped; add_artist would clip it anew)."""
    if text.axes is None:
        ax._add_text(text)  # type: ignore[attr-defined]


def _on_own(box: Bbox, outlines: list[MplPath], clear: float) -> bool:
    """Whether another municipality's name (``box``, pixels) would lie across the own outline,
    hiding where it runs, or inside it, seeming to name the own area."""
    return any(outline.intersects_bbox(box.padded(clear), filled=True) for outline in outlines)


def _moved_place(
    ax: Axes,
    spec: ChartSpec,
    style: ChartStyle,
    index: int,
    placed: list[Bbox],
    outlines: list[MplPath],
    frame: BboxBase,
    clear: float,
    boxes: Boxes | None,
    text: Text,
) -> Bbox | None:
    """Another place for a name whose own place this map's own marks take (Trondheim's across
    Malvik's outline, or under Aure's name): the nearest spot beside its area (``_spots``) inside
    the picture, clear of the own outline and area, of the names placed and of areas of another
    stage; ``text`` moved there and its box in pixels, or None where there is none."""
    renderer = _canvas(_figure(ax)).get_renderer()
    box = _extent(text, renderer, boxes)
    centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
    area = ax.transData.transform_path(_shape(spec.categories[index]))
    others = _stage_areas(ax, spec, style, index)

    def free(spot: Bbox) -> bool:
        return (
            _within(spot, frame)
            and not _on_own(spot, outlines, clear)
            and not any(spot.overlaps(other) for other in placed)
            and not any(path.intersects_bbox(spot, filled=True) for path in others)
        )

    for x, y in _spots(area, box.width, box.height, clear):
        if free(box.translated(x - centre[0], y - centre[1])):
            return _move(ax, text, (x, y), renderer, boxes)
    return None


def _move(
    ax: Axes, text: Text, at: tuple[float, float], renderer: Any, boxes: Boxes | None
) -> Bbox:
    """Centre ``text`` on the pixel ``at``; its box there with the room round it (``_extent``):
    the box measured where it stood, moved with it, as a text's box is its layout's placed at
    its position (measuring a name again is most of what moving it would cost)."""
    here = measured(text, renderer, boxes)
    x, y = ax.transData.transform(text.get_position()).tolist()
    text.set_position(tuple(ax.transData.inverted().transform(at).tolist()))
    there = here.translated(at[0] - x, at[1] - y)
    if boxes is not None:
        key = (text.get_text(), text.get_position(), text.get_fontsize(), text.get_fontweight())
        boxes.setdefault(key, there)
    return there.expanded(1, 1).padded(LABEL_PAD)


def _off(text: Text) -> None:
    """``text`` off its axes, if on them (a name kept from an earlier map is not yet)."""
    if text.axes is not None:
        text.remove()


def _name_place(
    ax: Axes,
    spec: ChartSpec,
    style: ChartStyle,
    index: int,
    at: tuple[float, float],
    box: Bbox,
    frame: BboxBase,
    clear: float,
) -> tuple[float, float] | None:
    """Where another municipality's name (``box``, in pixels, at its place) reads as its own
    area's: at its place when that lies inside the area and the name covers no area filled in
    another stage's colour, which it would seem to name (Holtålen's name over Midtre Gauldal,
    the one area preparing); else the nearest spot beside the area (``_spots``) clear of
    such areas, inside the picture; else nowhere (None). In data coordinates."""
    others = _stage_areas(ax, spec, style, index)

    def clear_of_others(spot: Bbox) -> bool:
        return not any(path.intersects_bbox(spot, filled=True) for path in others)

    area = ax.transData.transform_path(_shape(spec.categories[index]))
    centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
    if area.contains_point(centre) and clear_of_others(box):
        return at
    for x, y in _spots(area, box.width, box.height, clear):
        spot = box.translated(x - centre[0], y - centre[1])
        if _within(spot, frame) and clear_of_others(spot):
            u, v = ax.transData.inverted().transform((x, y)).tolist()
            return u, v
    return None


def _stage_areas(ax: Axes, spec: ChartSpec, style: ChartStyle, index: int) -> list[MplPath]:
    """The areas (in pixels) a name of the area at ``index`` would seem to name if it lay over
    them: those filled in another stage's colour than its own (not the tint of no stage)."""
    plain = {spec.colors[index], _neutral(style)}
    return [
        ax.transData.transform_path(_shape(number))
        for number, color in zip(spec.categories, spec.colors, strict=True)
        if color not in plain
    ]


def _neutral(style: ChartStyle) -> str:
    """The fill of a municipality whose stage is not known."""
    return neutral(style.background, style.line)


def _own_place(
    ax: Axes,
    text: Text,
    box: Bbox,
    outline: MplPath,
    frame: BboxBase,
    clear: float,
    boxes: Boxes | None,
    stage_areas: Callable[[], list[MplPath]],
) -> Bbox:
    """Put the own name where it reads as its shape's: at its place inside the shape when it
    fits there clear of the outline, else the nearest spot beside the shape inside the picture
    (see ``_spots``) that lies over no area of another stage (``stage_areas``, which it would
    seem to name), else the nearest inside the picture, as its colour is the outline's; its
    box in pixels. Never across the outline, where it would hide it."""
    centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
    if outline.contains_point(centre) and not outline.intersects_bbox(
        box.padded(clear), filled=False
    ):
        return box
    first: tuple[float, float] | None = None
    others: list[MplPath] | None = None
    for x, y in _spots(outline, box.width, box.height, clear):
        spot = box.translated(x - centre[0], y - centre[1])
        if not _within(spot, frame):
            continue
        first = first or (x, y)
        others = stage_areas() if others is None else others
        if not any(area.intersects_bbox(spot, filled=True) for area in others):
            break
    else:
        if first is None:
            return box
        x, y = first
    return _move(ax, text, (x, y), _canvas(_figure(ax)).get_renderer(), boxes)


def _spots(
    outline: MplPath, width: float, height: float, clear: float
) -> Iterator[tuple[float, float]]:
    """Centres (pixels) for a ``width`` × ``height`` box ``clear`` off the outline, nearest
    first: right of the shape, then left, at its middle height, then half a box higher and
    lower in turn; then above and below its middle. Each hugs the outline where it runs
    beside the box, so the name sits at its shape's edge however ragged the shape."""
    import numpy as np
    from matplotlib.path import Path as MplPath

    vertices = np.asarray(outline.vertices, dtype=float)
    codes = np.asarray(outline.codes)
    drawn = codes[1:] != MplPath.MOVETO  # a segment ends at every vertex but a ring's first
    starts, ends = vertices[:-1][drawn], vertices[1:][drawn]
    (x0, y0), (x1, y1) = vertices.min(axis=0), vertices.max(axis=0)
    middle = (y0 + y1) / 2
    for step in range(int((y1 - y0) / height) * 2 + 1):
        y = middle + (step + 1) // 2 * height / 2 * (1 if step % 2 else -1)
        band = _reach(starts, ends, y - height / 2, y + height / 2, axis=1)
        if band is not None:
            yield band[1] + clear + width / 2, y
            yield band[0] - clear - width / 2, y
    x = (x0 + x1) / 2
    band = _reach(starts, ends, x - width / 2, x + width / 2, axis=0)
    if band is not None:
        yield x, band[1] + clear + height / 2
        yield x, band[0] - clear - height / 2


def _reach(
    starts: np.ndarray, ends: np.ndarray, low: float, high: float, *, axis: int
) -> tuple[float, float] | None:
    """How far the outline's segments reach across the band ``low``–``high`` of ``axis`` (0 x,
    1 y): the least and greatest other coordinate inside the band, or None if none enters."""
    import numpy as np

    a, b = starts[:, axis], ends[:, axis]
    inside = (np.minimum(a, b) <= high) & (np.maximum(a, b) >= low)
    if not inside.any():
        return None
    a, b = a[inside], b[inside]
    p, q = starts[inside, 1 - axis], ends[inside, 1 - axis]
    span = b - a
    flat = span == 0
    safe = np.where(flat, 1.0, span)
    # A straight segment is extreme across the band where it enters or leaves it.
    enter = np.where(flat, 0.0, np.clip((low - a) / safe, 0, 1))
    leave = np.where(flat, 1.0, np.clip((high - a) / safe, 0, 1))
    across = np.concatenate([p + (q - p) * enter, p + (q - p) * leave])
    return float(across.min()), float(across.max())


def _extent(text: Text, renderer: Any, boxes: Boxes | None) -> Bbox:
    """A name's box in pixels with the room kept free round it."""
    return measured(text, renderer, boxes).expanded(1, 1).padded(LABEL_PAD)


def _within(box: Bbox, frame: BboxBase) -> bool:
    return box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1


def _figure(ax: Axes) -> Figure:
    from matplotlib.figure import Figure

    figure = ax.figure
    assert isinstance(figure, Figure)  # a map is one figure, never a subfigure
    return figure


def _canvas(figure: Figure) -> FigureCanvasAgg:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = figure.canvas
    assert isinstance(canvas, FigureCanvasAgg)  # matplotlib.use("Agg") in draw
    return canvas


@contextmanager
def marked(spec: ChartSpec, style: ChartStyle, width: float, height: float) -> Iterator[Figure]:
    """The map's figure with this spec's own marks painted on the shared base's pixels, in the
    order a full draw uses: what ``draw`` saves and tests measure. The marks come off the
    shared figure, and their rows of pixels are the base's again, when the block ends;
    ``boxes_of`` gives the names' boxes meanwhile, ``saved_as`` the rows the marks changed."""
    import numpy as np

    key = (width, height, spec.categories, spec.colors, style.key())
    with look(style):
        sheet = _SHEETS.get(key) or _sheet(key, spec, style, width, height)
        canvas = _canvas(sheet.figure)
        marks: list[Artist] = []
        try:
            marks = _own_marks(sheet.axes, spec, style, sheet.boxes, sheet.texts, sheet.seats)
            renderer = canvas.get_renderer()
            if renderer is not sheet.renderer[0]:  # a new canvas: the base painted afresh
                canvas.restore_region(sheet.pixels)
                sheet.renderer[0] = renderer
            apart = _apart(sheet.axes, spec, marks, renderer, sheet.boxes)
            pasted = []
            for name, ink in apart:  # clear of every other mark: its pixels as drawn before
                seen = (name.get_gid(), name.get_text(), name.get_position(), ink.bounds)
                if seen in sheet.names:
                    canvas.restore_region(sheet.names[seen])
                else:  # drawn on the base alone, as nothing else reaches its box
                    name.draw(renderer)
                    sheet.names[seen] = canvas.copy_from_bbox(ink)
                pasted.append((*_pixels(ink, sheet.figure), seen))
            drawn = [mark for mark in marks if all(mark is not name for name, _ in apart)]
            for mark in sorted(drawn, key=lambda m: m.get_zorder()):  # stable, as Axes.draw
                mark.draw(renderer)
            own = _touched(sheet.axes, spec, drawn, renderer, sheet.boxes)
            sheet.touched[:] = [*((*box, None) for box in own), *pasted]
            yield sheet.figure
            pixels, base = np.asarray(canvas.buffer_rgba()), np.asarray(sheet.pixels)
            for top, end, left, right, _ in sheet.touched:  # the base again under the marks
                pixels[top:end, left:right] = base[top:end, left:right]
        except BaseException:
            _SHEETS.pop(key, None)  # marks half added or left on: draw this base afresh
            raise
        finally:
            for mark in marks:
                mark.remove()


def _touched(
    ax: Axes, spec: ChartSpec, marks: list[Artist], renderer: Any, boxes: Boxes
) -> list[Pixels]:
    """The pixels ``marks`` (drawn on the base) can ink: each name's ink (``_ink``), and the
    own outline's box widened by half its halo's width (no round join reaches further; a
    square cap's corner √2 times that) and a margin for antialiasing."""
    import math

    from matplotlib.patches import PathPatch
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    figure = _figure(ax)
    reach = OWN_HALO / 2 * figure.dpi / 72 * math.sqrt(2) + INK_MARGIN
    inked = [_ink(mark, renderer, figure.dpi, boxes) for mark in marks if isinstance(mark, Text)]
    if any(isinstance(mark, PathPatch) for mark in marks):
        for index in spec.highlight:  # its borders are straight: its box is its corners'
            corners = ax.transData.transform(_shape(spec.categories[index]).vertices)
            low, high = corners.min(axis=0).tolist(), corners.max(axis=0).tolist()
            inked.append(Bbox.from_extents(*low, *high).padded(reach))
    return [_pixels(box, figure) for box in inked]


Pixels = tuple[int, int, int, int]
"""A rectangle of a picture's pixels: its first row (from the top) and the one past its last,
its first column and the one past its last."""


def _pixels(box: BboxBase, figure: Figure) -> Pixels:
    """The pixels ``box`` (in display pixels, from the bottom) meets, with one more all round,
    as a picture lists them."""
    import math

    width, height = int(figure.bbox.width), int(figure.bbox.height)
    top = min(height, max(0, math.floor(height - box.y1) - 1))
    left = min(width, max(0, math.floor(box.x0) - 1))
    end = min(height, max(top, math.ceil(height - box.y0) + 1))
    return top, end, left, min(width, max(left, math.ceil(box.x1) + 1))


@dataclass(frozen=True)
class _Sheet:
    """A map's figure with the shared base laid out and drawn, and the base's pixels."""

    figure: Figure
    axes: Axes
    pixels: Any  # what FigureCanvasAgg.copy_from_bbox keeps
    names: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    """The pixels round each other municipality's name drawn on this base, by name and place:
    most maps show the same few names, each drawn once per process."""
    boxes: Boxes = field(default_factory=dict)
    """The names' boxes on this base (see ``measured``)."""
    texts: Texts = field(default_factory=dict)
    """Names made on this base: most maps show the same few other names, and making a text
    costs more than drawing one's outline; the own name is made once and given each map's
    text and place (a name is on the axes only while a map that shows it is)."""
    seats: Seats = field(default_factory=dict)
    """Where other municipalities' names stand on this base (see ``Seats``): placing one
    tests it against every area, the same for every map of the base."""
    renderer: list[Any] = field(default_factory=lambda: [None])
    """The renderer holding the base's pixels (between maps, all of them)."""
    touched: list[tuple[int, int, int, int, Any]] = field(default_factory=list)
    """The pixels the map being drawn changed (``Pixels``): by its own marks (``_touched``;
    None), or only by another name's pixels pasted (the name's key in ``names``)."""
    start: Base | None = None
    """The base's pixels as PNG bands (see ``map_png``)."""


def _apart(
    ax: Axes, spec: ChartSpec, marks: list[Artist], renderer: Any, boxes: Boxes
) -> list[tuple[Text, Bbox]]:
    """The names of other municipalities whose ink, with a margin (``_ink``), meets no other
    mark: not the own outline or its halo, nor another name's ink. Such a name's pixels are
    the base's with that name drawn on them, whatever else the map shows, and can be pasted."""
    from matplotlib.text import Text

    names = [mark for mark in marks if isinstance(mark, Text)]
    dpi = _figure(ax).dpi
    inks = [_ink(name, renderer, dpi, boxes) for name in names]
    own_names = {f"label-{spec.categories[index]}" for index in spec.highlight}
    reach = OWN_HALO / 2 * dpi / 72 + INK_MARGIN
    outlines = [
        ax.transData.transform_path(_shape(spec.categories[index])) for index in spec.highlight
    ]
    frame = _figure(ax).bbox
    return [
        (name, ink)
        for name, ink in zip(names, inks, strict=True)
        if name.get_gid() not in own_names
        and _within(ink, frame)
        and not any(ink.overlaps(other) for other in inks if other is not ink)
        and not any(
            outline.intersects_bbox(ink.padded(reach), filled=False) for outline in outlines
        )
    ]


def _ink(name: Text, renderer: Any, dpi: float, boxes: Boxes) -> Bbox:
    """Whole pixels holding all of a name's ink: its box, its halo and a margin for glyphs
    that overhang their box and for antialiasing."""
    import math

    from matplotlib.transforms import Bbox

    reach = NAME_HALO / 2 * dpi / 72 + INK_MARGIN
    box = measured(name, renderer, boxes).padded(reach)
    return Bbox.from_extents(
        math.floor(box.x0), math.floor(box.y0), math.ceil(box.x1), math.ceil(box.y1)
    )


def _sheet(
    key: tuple[Any, ...], spec: ChartSpec, style: ChartStyle, width: float, height: float
) -> _Sheet:
    """Lay out and draw the base once per process and ``key`` (drawn in the theme's look)."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from hpdeck.render.charts import map_png

    figure = Figure(figsize=(width, height), dpi=DPI)
    canvas = FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    _region(axes, spec, style)
    figure.tight_layout(pad=PAD)
    canvas.draw()
    if len(_SHEETS) >= 8:  # a long live preview must not grow without end
        _SHEETS.clear()
    pixels = canvas.copy_from_bbox(figure.bbox)
    start = map_png.base(np.asarray(pixels))
    _SHEETS[key] = _Sheet(figure, axes, pixels, start=start, renderer=[canvas.get_renderer()])
    return _SHEETS[key]


def boxes_of(figure: Figure) -> Boxes | None:
    """The names' boxes measured on ``figure``'s base, if it is one (see ``measured``)."""
    return next((sheet.boxes for sheet in _SHEETS.values() if sheet.figure is figure), None)


def saved_as(figure: Figure) -> tuple[Base | None, list[tuple[int, int, Any]]]:
    """``figure``'s base picture as PNG bands, if it is a map's (see ``map_png``), and the rows
    of pixels its marks changed (see ``_Sheet.touched``; all, if it is not a map's)."""
    for sheet in _SHEETS.values():
        if sheet.figure is figure:
            return sheet.start, [(top, end, key) for top, end, _, _, key in sheet.touched]
    return None, [(0, int(figure.bbox.height), None)]


# Drawn bases by size, places, colours and theme; forked batch workers inherit them.
_SHEETS: dict[tuple[Any, ...], _Sheet] = {}
