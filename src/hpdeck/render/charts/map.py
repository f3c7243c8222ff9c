"""The status map: the region's municipalities drawn from their real borders, filled by stage.

The borders are Kartverket's (2020, CC BY 4.0), simplified once by ``scripts/extract_map.py`` into
``data/region-map.json``: integer coordinates in thousandths of a degree, longitude already
scaled so the map is not stretched. A map spec lists municipality numbers as its categories, one
fill colour each, and in its single series the names to print (empty for none) with a priority:
labels are placed in priority order and a label that would touch one already placed is left out,
so the names that matter most (the own municipality, then those outside the two counties, then
those in use) win.

Every council deck's map shows the same region in the same colours; only the own municipality's
outline and the names differ. ``paint`` draws the shared part once per process and size and
draws each map's own marks on a copy of it: Agg draws the same pixels in the same order as
drawing the whole map at once, so the picture is the one a full draw makes (a test compares).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from hpdeck.plan.charts import ChartSpec
from hpdeck.plan.region_map import geometry
from hpdeck.render.charts.style import ChartStyle

if TYPE_CHECKING:  # matplotlib is imported only when a map is drawn, not when one is planned
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.path import Path as MplPath
    from matplotlib.transforms import Bbox

OWN_LAYER = 3  # zorder from which a map's own marks (outline, names) are drawn on the shared base
BORDER_WIDTH = 0.6  # points: thin borders between municipalities
OWN_WIDTH = 3.5  # points: the own municipality's outline
LABEL_PAD = 3  # pixels kept free around each label


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
    """Every municipality of the spec as one filled patch, its gid 'municipality-<number>'.

    Patches are added with ``add_artist``, not ``add_patch``: the limits are set from the
    vertices below, and ``add_patch`` would walk every border's Bézier segments in Python to
    grow data limits nobody reads (most of the map's drawing time).
    """
    import numpy as np
    from matplotlib.patches import PathPatch

    data = geometry()
    grid = data["grid"]
    places = data["municipalities"]
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
    for index in spec.highlight:
        for width_pt, color, gid in (
            (OWN_WIDTH + 2.5, background, "own-halo"),
            (OWN_WIDTH, f"#{style.accent}", "own-outline"),
        ):
            ax.add_artist(
                PathPatch(
                    paths[index],
                    facecolor="none",
                    edgecolor=color,
                    linewidth=width_pt,
                    zorder=OWN_LAYER,
                    gid=gid,
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
    cast("Figure", ax.figure).tight_layout(pad=0.2)
    _labels(ax, spec, style, places, grid, paths)


def _labels(
    ax: Axes,
    spec: ChartSpec,
    style: ChartStyle,
    places: dict[str, Any],
    grid: int,
    paths: list[MplPath],
) -> None:
    """Names in priority order, each left out when it would touch one already placed."""
    from matplotlib import patheffects

    series = spec.series[0]
    size = style.label_size  # chart-label size, readable from the back of a council room
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = ax.get_window_extent(renderer)
    placed: list[Bbox] = []
    order = sorted(
        (i for i, name in enumerate(series.labels) if name), key=lambda i: (-series.values[i], i)
    )
    halo = [patheffects.withStroke(linewidth=3.5, foreground=f"#{style.background}")]
    for index in order:
        x, y = (value / grid for value in places[spec.categories[index]]["label"])
        own = index in spec.highlight
        text = ax.text(
            x,
            y,
            series.labels[index],
            ha="center",
            va="center",
            fontsize=size + 2 if own else size,
            fontweight="bold",
            color=f"#{style.accent if own else style.text}",
            zorder=OWN_LAYER + 1,
            gid=f"label-{spec.categories[index]}",
            path_effects=halo,
        )
        box = text.get_window_extent(renderer).expanded(1, 1).padded(LABEL_PAD)
        if own:  # a name wider than its municipality would hide the outline: set it beside
            box = _beside(ax, text, box, paths[index], frame, renderer)
        inside = (
            box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1
        )
        if not inside or any(box.overlaps(other) for other in placed):
            text.remove()
            continue
        placed.append(box)


def _beside(ax: Axes, text: Any, box: Bbox, path: MplPath, frame: Bbox, renderer: Any) -> Bbox:
    """Move the own municipality's name right (else left) of its shape when it would cover it."""
    shape = path.get_extents(ax.transData)
    if box.width < shape.width * 0.8:
        return box
    gap = 4 * LABEL_PAD
    to_right = shape.x1 + gap + box.width <= frame.x1
    x_px = shape.x1 + gap if to_right else shape.x0 - gap
    y_px = (shape.y0 + shape.y1) / 2
    x, y = ax.transData.inverted().transform((x_px, y_px))
    text.set_position((x, y))
    text.set_horizontalalignment("left" if to_right else "right")
    return text.get_window_extent(renderer).expanded(1, 1).padded(LABEL_PAD)


def paint(fig: Figure, spec: ChartSpec, style: ChartStyle) -> None:
    """Leave the map's final pixels on its Agg canvas: the shared base (background, every
    municipality's fill and border) from this process's copy when one of the same size, place
    and colours was drawn, then the map's own marks on top, in the order a full draw uses."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    (ax,) = fig.axes
    own = sorted(
        (a for a in ax.get_children() if a.get_zorder() >= OWN_LAYER and a.get_visible()),
        key=lambda a: a.get_zorder(),  # stable: Axes.draw's order among equal layers
    )
    key = (
        tuple(fig.bbox.bounds),
        tuple(ax.get_position().bounds),
        ax.get_xlim(),
        ax.get_ylim(),
        spec.categories,
        spec.colors,
        style.key(),
    )
    base = _BASES.get(key)
    renderer = canvas.get_renderer()
    if base is None:
        for artist in own:
            artist.set_visible(False)
        try:
            canvas.draw()
        finally:
            for artist in own:
                artist.set_visible(True)
        base = canvas.copy_from_bbox(fig.bbox)
        if len(_BASES) > 8:  # a long live preview must not grow without end
            _BASES.clear()
        _BASES[key] = base
    canvas.restore_region(base)
    for artist in own:
        artist.draw(renderer)


# Drawn bases by size, place and colours (see paint); forked batch workers inherit them.
_BASES: dict[tuple[Any, ...], Any] = {}
