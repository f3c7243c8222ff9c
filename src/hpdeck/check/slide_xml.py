"""A built slide's shapes and text read straight from its XML, as python-pptx would read them.

The linter asks a few questions of every shape on every new slide: where it is (a placeholder
without its own position takes its layout's, and the layout's its master's), what it is, what
its text says at which sizes, and in which colours. python-pptx answers them through a proxy
object per shape whose lookups (``ph``, inherited positions, font properties) cost most of the
linter's time; here each is one walk over the element. The answers are the ones python-pptx
gives for the same XML: run text from ``a:t``, a line break as a vertical tab, insets defaulting
to 0.1 in and 0.05 in, a run's colour only when it is an explicit ``a:srgbClr`` solid fill.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from hpdeck.plan.model import Box, Paragraph, Run

EMU_PER_INCH = 914400

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"

_SHAPE_TAGS = frozenset(
    f"{_P}{tag}" for tag in ("sp", "grpSp", "graphicFrame", "cxnSp", "pic", "contentPart")
)
"""The children of a shape tree python-pptx counts as shapes."""

_FILLS = tuple(
    f"{_A}{tag}" for tag in ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill")
)
_COLOURS = tuple(
    f"{_A}{tag}" for tag in ("scrgbClr", "srgbClr", "hslClr", "sysClr", "schemeClr", "prstClr")
)
"""A run's fill and a fill's colour, each in the order python-pptx looks for them."""

_LAYOUT_BASE = {
    "body": "body",
    "chart": "body",
    "clipArt": "body",
    "ctrTitle": "title",
    "dgm": "body",
    "dt": "dt",
    "ftr": "ftr",
    "media": "body",
    "obj": "body",
    "pic": "body",
    "sldNum": "sldNum",
    "subTitle": "body",
    "tbl": "body",
    "title": "title",
}
"""The master placeholder type a layout placeholder of each type takes its position from."""

Position = tuple[int | None, int | None, int | None, int | None]
"""x, y, cx, cy in EMU as an element sets them; None where it does not."""


def shape_elements(tree: Any) -> Iterator[Any]:
    """The shapes of a slide, layout or master, in z-order (``p:cSld/p:spTree``'s children)."""
    spTree = child(child(tree, f"{_P}cSld"), f"{_P}spTree")
    if spTree is None:
        return
    for shape in spTree:
        if shape.tag in _SHAPE_TAGS:
            yield shape


def child(element: Any | None, tag: str) -> Any | None:
    """The element's first child of ``tag`` (a full ``{namespace}name``), else None; lxml's
    ``find`` parses a path for each call, which the linter's questions of every shape add up."""
    if element is None:
        return None
    return next(element.iterchildren(tag), None)


def _first(element: Any, tags: tuple[str, ...]) -> Any | None:
    """The first child of the first of ``tags`` it has, as python-pptx looks up a choice."""
    found: dict[str, Any] = {}
    for item in element:
        found.setdefault(item.tag, item)
    return next((found[tag] for tag in tags if tag in found), None)


def placeholder(element: Any) -> Any | None:
    """The shape's ``p:ph``, which makes it a placeholder."""
    first = element[0] if len(element) else None
    if first is None:
        return None
    return child(child(first, f"{_P}nvPr"), f"{_P}ph")


def _ph_idx(ph: Any) -> int:
    return int(ph.get("idx", "0"))


def _own_position(element: Any) -> Position:
    tag = element.tag
    if tag == f"{_P}graphicFrame":
        xfrm = child(element, f"{_P}xfrm")
    elif tag == f"{_P}grpSp":
        xfrm = child(child(element, f"{_P}grpSpPr"), f"{_A}xfrm")
    else:
        xfrm = child(child(element, f"{_P}spPr"), f"{_A}xfrm")
    if xfrm is None:
        return (None, None, None, None)
    off, ext = child(xfrm, f"{_A}off"), child(xfrm, f"{_A}ext")
    return (
        _int(off, "x"),
        _int(off, "y"),
        _int(ext, "cx"),
        _int(ext, "cy"),
    )


def _int(element: Any, name: str) -> int | None:
    if element is None:
        return None
    value = element.get(name)
    return int(value) if value is not None else None


def _merged(own: Position, base: Position) -> Position:
    """Each of the four values from ``own`` where it sets one, else from ``base``."""
    return (
        own[0] if own[0] is not None else base[0],
        own[1] if own[1] is not None else base[1],
        own[2] if own[2] is not None else base[2],
        own[3] if own[3] is not None else base[3],
    )


_NOTHING: Position = (None, None, None, None)


def layout_positions(layout: Any, master: Any | None) -> dict[int, Position]:
    """Where each of a layout's placeholders is, by ``idx`` (the first of an idx counts): its
    own position, else that of the master's first placeholder of its base type."""
    masters: dict[str, Position] = {}
    if master is not None:
        for element in shape_elements(master):
            ph = placeholder(element)
            if ph is not None:
                masters.setdefault(ph.get("type", "obj"), _own_position(element))
    found: dict[int, Position] = {}
    for element in shape_elements(layout):
        ph = placeholder(element)
        if ph is None or _ph_idx(ph) in found:
            continue
        own = _own_position(element)
        if element.tag == f"{_P}sp":  # only a layout's sp placeholders inherit
            base = _LAYOUT_BASE.get(ph.get("type", "obj"))
            own = _merged(own, masters.get(base, _NOTHING) if base else _NOTHING)
        found[_ph_idx(ph)] = own
    return found


@dataclass(frozen=True)
class ShapeXml:
    """What a shape's element says of itself (the same for the same XML)."""

    name: str
    position: Position
    inherits: bool
    """A placeholder shape or picture: it takes what its position leaves out from its layout's
    placeholder of the same ``idx``."""
    idx: int
    placeholder: bool
    has_text: bool
    """An ``p:sp``: python-pptx gives it a text frame (perhaps empty)."""


def read_shape(element: Any) -> ShapeXml:
    ph = placeholder(element)
    c_nv_pr = child(element[0], f"{_P}cNvPr") if len(element) else None
    return ShapeXml(
        c_nv_pr.get("name", "") if c_nv_pr is not None else "",
        _own_position(element),
        ph is not None and element.tag in (f"{_P}sp", f"{_P}pic"),
        _ph_idx(ph) if ph is not None else 0,
        ph is not None,
        element.tag == f"{_P}sp",
    )


def placed(shape: ShapeXml, inherited: Mapping[int, Position]) -> Box | None:
    """Where the shape is on its slide, in inches; None when that is not known."""
    position = shape.position
    if shape.inherits:
        position = _merged(position, inherited.get(shape.idx, _NOTHING))
    left, top, width, height = position
    if left is None or top is None or width is None or height is None:
        return None
    return Box(left / EMU_PER_INCH, top / EMU_PER_INCH, width / EMU_PER_INCH, height / EMU_PER_INCH)


def title_element(slide: Any) -> Any | None:
    """The slide's title as python-pptx finds it: the first placeholder with ``idx`` 0."""
    for element in shape_elements(slide):
        ph = placeholder(element)
        if ph is not None and _ph_idx(ph) == 0:
            return element
    return None


def body_placeholder(notes: Any) -> Any | None:
    """A notes slide's text body: that of its first ``body`` placeholder."""
    for element in shape_elements(notes):
        ph = placeholder(element)
        if ph is not None and ph.get("type", "obj") == "body":
            return child(element, f"{_P}txBody")
    return None


# -- text -------------------------------------------------------------------------------------


def text_body(element: Any) -> Any | None:
    return child(element, f"{_P}txBody")


def _run_text(run: Any) -> str:
    text = child(run, f"{_A}t")
    return (text.text or "") if text is not None else ""


def paragraph_text(paragraph: Any) -> str:
    """A paragraph's text: its runs' and fields' text, a line break as a vertical tab."""
    parts = []
    for child in paragraph:
        tag = child.tag
        if tag == f"{_A}r" or tag == f"{_A}fld":
            parts.append(_run_text(child))
        elif tag == f"{_A}br":
            parts.append("\v")
    return "".join(parts)


def frame_text(body: Any | None) -> str:
    """The text of a text body, paragraphs joined by newlines (python-pptx's ``.text``)."""
    if body is None:
        return ""
    return "\n".join(paragraph_text(p) for p in body.iterchildren(f"{_A}p"))


def _runs(paragraph: Any) -> Iterator[tuple[str, Any | None]]:
    for run in paragraph.iterchildren(f"{_A}r"):
        yield _run_text(run), child(run, f"{_A}rPr")


def _on(props: Any | None, name: str) -> bool:
    return props is not None and props.get(name) in ("1", "true")


def _size(props: Any | None) -> float | None:
    value = props.get("sz") if props is not None else None
    return int(value) / 100 if value is not None else None


def _typeface(props: Any | None) -> str | None:
    latin = child(props, f"{_A}latin")
    return latin.get("typeface") if latin is not None else None


def paragraphs(body: Any, family: str) -> tuple[tuple[Paragraph, ...], float, str]:
    """The text body as plan paragraphs with each one's size, plus the size most of its letters
    are set in and the font family (a run's own, else the one before, else ``family``)."""
    found = []
    sizes: dict[float, int] = {}
    for p in body.iterchildren(f"{_A}p"):
        runs = list(_runs(p))
        size = next((s for _, props in runs if (s := _size(props)) is not None), 18.0)
        family = next((f for _, props in runs if (f := _typeface(props))), family)
        props = child(p, f"{_A}pPr")
        bullet = child(props, f"{_A}buChar") is not None
        before = child(child(props, f"{_A}spcBef"), f"{_A}spcPts")
        space = int(before.get("val")) / 100 if before is not None else 0
        found.append(
            Paragraph(
                tuple(Run(t, bold=_on(r, "b"), italic=_on(r, "i")) for t, r in runs),
                bullet=bullet,
                size=size,
                space_before=space,
            )
        )
        for text, _ in runs:
            sizes[size] = sizes.get(size, 0) + len(text)
    main = max(sizes, key=lambda s: sizes[s]) if sizes else 18.0
    return tuple(found), main, family


def insets(body: Any) -> tuple[float, float, float, float]:
    """Left, right, top and bottom insets of a text body in inches."""
    props = child(body, f"{_A}bodyPr")

    def inset(name: str, default: int) -> float:
        value = props.get(name) if props is not None else None
        return (int(value) if value is not None else default) / EMU_PER_INCH

    return inset("lIns", 91440), inset("rIns", 91440), inset("tIns", 45720), inset("bIns", 45720)


def alignment(body: Any) -> str | None:
    """The first alignment a paragraph sets (``ctr``, ``r``…), if any."""
    for p in body.iterchildren(f"{_A}p"):
        props = child(p, f"{_A}pPr")
        if props is not None and props.get("algn") is not None:
            return str(props.get("algn"))
    return None


def anchor(body: Any) -> str | None:
    """The text's vertical anchor (``t``, ``ctr``, ``b``), if the body sets one."""
    props = child(body, f"{_A}bodyPr")
    return props.get("anchor") if props is not None else None


@dataclass(frozen=True)
class ColouredRun:
    """A run with text and an explicit RGB colour."""

    text: str
    colour: str  # RRGGBB, upper case
    size: float
    bold: bool


def coloured_runs(body: Any) -> Iterator[ColouredRun]:
    """The runs with visible text whose colour is an explicit RGB solid fill (a scheme colour
    is the template's to resolve), in reading order."""
    for p in body.iterchildren(f"{_A}p"):
        for text, props in _runs(p):
            if not text.strip() or props is None:
                continue
            fill = _first(props, _FILLS)
            if fill is None or fill.tag != f"{_A}solidFill":
                continue
            colour = _first(fill, _COLOURS)
            if colour is None or colour.tag != f"{_A}srgbClr":
                continue
            rgb = str(colour.get("val", "")).upper()
            size = _size(props)
            yield ColouredRun(text, rgb, 18 if size is None else size, _on(props, "b"))
