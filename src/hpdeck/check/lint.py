"""Checks on the built deck, read back from the .pptx as a reader's software would see it.

Each finding names the slide (number and title), the shape, and where known the content line the
shape comes from (the writer records it in an a:extLst extension of each shape). The rules:

- **fit**: the text of every shape is measured again with the font metrics used for fitting;
  text taller than its box (beyond 0.02 in) is a finding.
- **off-slide**: any part of a shape outside the slide.
- **overlap**: what a reader sees of two shapes collides. What a shape shows is its box when it
  is filled, outlined or a picture, and the area its text takes when it is a bare text box.
  Connectors are exempt (they are meant to touch what they join), and so is anything lying
  wholly on a filled shape or picture below it: text on a card or backdrop is one visual unit.
- **min-size**: text under the theme's body minimum (``sizes.min_body``); text the layout sets
  as a caption, tile or card (recorded smallest size under ``min_body``) may go down to
  ``sizes.caption``. The footer and the logo are chrome and exempt. Text inside a drawn chart
  may not go under ``CHART_TEXT_MIN`` (the drawing records its smallest text in the picture).
- **contrast**: WCAG 2.1 AA between each run's colour and what lies behind it (the shape's own
  fill, else the nearest filled shape below that holds it, else the slide background):
  4.5:1, or 3:1 for large text (at least 18 pt, or bold and at least 14 pt). Chart marks need
  3:1 against the background: native charts' series colours are read from the chart, and the
  theme's chart colours (series, stages, accent) are checked once for the charts drawn as images.
- **chart-labels**: labels inside a drawn chart that overlap each other or are cut off at its
  edge; the drawing records them in the picture (see ``render.charts.draw.label_trouble``).
  In native charts, where the data fixes the geometry (see ``check.native_labels``): a part's
  label wider than its part of a one-bar stacked chart; a bar's value running out of the
  chart's frame, a name wider than its room, labels on top of each other in bar and column
  charts; a single line whose first or latest value the chart leaves out.
- **alt-text**: pictures and charts without a description.
- **title**: slides without text in the title placeholder.
- **empty-placeholder**: placeholders left without content, which show 'Click to add text'.
- **language**: text of another written form than the language its runs are tagged with
  (bokmål in nynorsk, Norwegian in English), on the slide, in alt text and in the speaker notes
  (see hpdeck.check.langcheck); quotes are tagged with the language they were said in.

The slides are read from their XML as python-pptx reads them (hpdeck.check.slide_xml), and a
batch's decks repeat most of them: a slide seen before in this process gets its findings again
by its key (hpdeck.check.slide_keys), and on a new slide each shape seen before in the same
place, on the same colour, under the same theme gets its own checks' verdict again; only what
depends on several shapes (overlap, the title, the speaker notes) is checked for every new slide.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from lxml import etree

from hpdeck.check.langcheck import notes_mismatches, shape_mismatches
from hpdeck.check.native_labels import (
    bar_trouble,
    legend_trouble,
    line_ends_unsaid,
    stacked_bar_trouble,
)
from hpdeck.check.slide_keys import DeckParts
from hpdeck.check.slide_xml import (
    Position,
    ShapeXml,
    alignment,
    anchor,
    body_placeholder,
    coloured_runs,
    frame_text,
    insets,
    layout_positions,
    paragraphs,
    placed,
    read_shape,
    shape_elements,
    text_body,
    title_element,
)
from hpdeck.content.loader import Document, Origin, load_yaml
from hpdeck.content.theme import Theme
from hpdeck.errors import ContentError, Problem
from hpdeck.messages import decimals, say, shown, ui_language
from hpdeck.messages import number as local_number
from hpdeck.plan import fit, fonts
from hpdeck.plan.colour import contrast
from hpdeck.plan.conventions import CHROME, DECORATIVE_EXT, HP_PREFIX, NAMESPACES
from hpdeck.plan.model import Box, Paragraph

EMU_PER_INCH = 914400
FIT_TOLERANCE = 0.02  # inches; rounding in EMU and point sizes
EDGE_TOLERANCE = 0.01  # inches a shape may stick out past the slide edge
OVERLAP_TOLERANCE = 0.03  # inches two visible areas may share before it counts as a collision
_SP = f"{{{NAMESPACES['p']}}}sp"
CHART_TEXT_MIN = 14.0
"""Points under which text inside a chart cannot be read from the back of a council room
(the design rule: chart labels at least 14 pt at projected size), or the theme's caption
size if that is smaller."""


@dataclass(frozen=True)
class Finding:
    """One thing a reader would stumble on in the built deck."""

    check: str
    message: str
    slide: int | None = None
    title: str = ""
    shape: str = ""
    source: str = ""

    def problem(self, *, warning: bool = True) -> Problem:
        """The finding as a located problem line, like validation errors."""
        origin = Origin.parse(self.source)
        where = say("lint.slide", number=self.slide, title=shown(self.title)) if self.slide else ""
        shape = f"{self.shape}: " if self.shape else ""
        return Problem(
            origin.file if origin else "(deck)",
            origin.line if origin else None,
            None,
            where,
            f"{shape}{self.message} [{self.check}]",
            warning=warning,
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# -- colour -----------------------------------------------------------------------------------


def _xp(element: Any, path: str) -> list[Any]:
    """XPath with hpdeck's prefixes (python-pptx's own xpath knows only the OOXML ones)."""
    return _compiled(path)(element)


@functools.cache
def _compiled(path: str) -> etree.XPath:
    """``path`` compiled once: the linter asks the same few questions of every shape."""
    return etree.XPath(path, namespaces=NAMESPACES)


_contrast = functools.lru_cache(maxsize=4096)(contrast)
"""``contrast``, once per pair of colours: a batch's shapes use a handful of them."""


def _solid(element: Any) -> str | None:
    """The srgb colour of an element's direct solid fill, if it has one."""
    if element is None:
        return None
    found = _xp(element, "./a:solidFill/a:srgbClr/@val")
    return str(found[0]).upper() if found else None


# -- reading shapes ---------------------------------------------------------------------------


@dataclass(eq=False, slots=True)  # each shape is itself (found in its slide's list by identity)
class _Shape:
    """One shape of a slide as the checks read it (made for each shape of each new slide: plain
    slots, not a frozen dataclass, which sets each field through object.__setattr__)."""

    name: str
    box: Box
    element: Any
    checked: bytes
    """The shape's XML less where its content was written (``hp:meta``'s source), which no
    check reads: a subtitle from each municipality's own file is the same subtitle."""
    source: str
    min_size: float | None
    kind: str  # "text", "autoshape", "picture", "connector", "chart", "other"
    fill: str | None
    outlined: bool
    placeholder: bool
    body: Any | None
    """The text body of a shape that has one (an ``p:sp``), else None."""


def _meta(element: Any) -> tuple[str, float | None]:
    meta = _xp(element, "./*[1]/p:cNvPr/a:extLst/a:ext/hp:meta")
    if not meta:
        return "", None
    minimum = meta[0].get("min")
    return meta[0].get("source", ""), float(minimum) if minimum else None


def _category_sources(element: Any) -> dict[int, tuple[str, str]]:
    """Where each category of a native chart had its name and its note written (the writer's
    ``hp:category``), by the category's index; "" where not recorded."""
    return {
        int(category.get("i")): (category.get("source", ""), category.get("note", ""))
        for category in _xp(element, "./*[1]/p:cNvPr/a:extLst/a:ext/hp:meta/hp:category")
    }


def _decorative(element: Any) -> bool:
    """Marked decorative as PowerPoint does (see hpdeck.render.decorative)."""
    return bool(_xp(element, f"./*[1]/p:cNvPr/a:extLst/a:ext[@uri='{DECORATIVE_EXT}']"))


def _kind(element: Any) -> str:
    tag = element.tag.rsplit("}", 1)[-1]
    if tag == "pic":
        return "picture"
    if tag == "cxnSp":
        return "connector"
    if tag == "graphicFrame":
        return "chart" if _xp(element, ".//c:chart") else "other"
    if tag == "sp":
        geometry = _xp(element, "./p:spPr/a:prstGeom/@prst")
        is_box = _xp(element, "./p:nvSpPr/p:cNvSpPr/@txBox") == ["1"]
        return "text" if is_box or not geometry else "autoshape"
    return "other"


class _Facts(NamedTuple):
    """What a shape's XML says of it, kept by that XML."""

    own: ShapeXml
    box: Box | None
    """Where it is, when that does not depend on its layout."""
    checked: bytes
    source: str
    min_size: float | None
    kind: str
    fill: str | None
    outlined: bool


def _facts(element: Any, xml: bytes) -> _Facts:
    own = read_shape(element)
    source, minimum = _meta(element)
    sp_pr = element.find("p:spPr", NAMESPACES)
    return _Facts(
        own,
        None if own.inherits else placed(own, {}),
        _META_SOURCE.sub(rb"\1", xml, count=1),
        source,
        minimum,
        _kind(element),
        _solid(sp_pr),
        bool(sp_pr is not None and _xp(sp_pr, "./a:ln/a:solidFill")),
    )


def _shapes(slide: Any, inherited: Mapping[int, Position]) -> list[_Shape]:
    """The slide's shapes with a known position, in z-order."""
    shapes = []
    for element in shape_elements(slide):
        xml = etree.tostring(element)
        facts = _FACTS.get(xml)
        if facts is None:
            if len(_FACTS) > 20_000:  # a long live preview must not grow without end
                _FACTS.clear()
            facts = _FACTS[xml] = _facts(element, xml)
        own = facts.own
        box = placed(own, inherited) if own.inherits else facts.box
        if box is None:
            continue
        shapes.append(
            _Shape(
                own.name,
                box,
                element,
                facts.checked,
                facts.source,
                facts.min_size,
                facts.kind,
                facts.fill,
                facts.outlined,
                own.placeholder,
                text_body(element) if own.has_text else None,
            )
        )
    return shapes


_FACTS: dict[bytes, _Facts] = {}
_META_SOURCE = re.compile(rf'(<{HP_PREFIX}:meta\b[^>]*?) source="[^"]*"'.encode())


_Text = tuple[tuple[Paragraph, ...], float, str]


def _text_box(shape: _Shape) -> Box:
    """The box the fitter measures against: the shape less the writer's insets, plus fit's own."""
    left, right, top, bottom = insets(shape.body)
    return Box(
        shape.box.left,
        shape.box.top,
        shape.box.width - left - right + 2 * fit.INSET_X,
        shape.box.height - top - bottom + 2 * fit.INSET_Y,
    )


def _bare(shape: _Shape) -> bool:
    """A shape a reader sees only by its text: neither filled nor outlined, nor a picture."""
    return shape.kind in ("text", "autoshape") and not shape.fill and not shape.outlined


def _visible(shape: _Shape, extent: tuple[float, float] | None) -> Box | None:
    """The part of the slide a reader sees this shape take (``extent``: the width and height
    of its text, when it is bare and shows text)."""
    if shape.kind == "connector":
        return None
    if not _bare(shape):
        return shape.box
    if extent is None:
        return None
    width, height = min(extent[0], shape.box.width), min(extent[1], shape.box.height)
    align = alignment(shape.body)
    left = shape.box.left
    if align == "ctr":
        left += (shape.box.width - width) / 2
    elif align == "r":
        left += shape.box.width - width
    top = shape.box.top
    vertical = anchor(shape.body)
    if vertical == "ctr":
        top += (shape.box.height - height) / 2
    elif vertical == "b":
        top += shape.box.height - height
    return Box(left, top, width, height)


def _inside(inner: Box, outer: Box) -> bool:
    t = EDGE_TOLERANCE
    return (
        inner.left >= outer.left - t
        and inner.top >= outer.top - t
        and inner.right <= outer.right + t
        and inner.bottom <= outer.bottom + t
    )


def _overlap(one: Box, other: Box) -> float:
    width = min(one.right, other.right) - max(one.left, other.left)
    height = min(one.bottom, other.bottom) - max(one.top, other.top)
    return min(width, height)


# -- the checks -------------------------------------------------------------------------------

_Said = tuple[tuple[str, str, str], ...]
"""Findings on one shape: (check, message, source when a part of it has its own, else "")."""


@dataclass(frozen=True)
class _Verdict:
    """What the checks of one shape found, in the order they report it, and the area a reader
    sees it take (for the overlap check, which looks at the slide's shapes together)."""

    own: _Said
    """Position, alt text, placeholder, fit, size and contrast."""
    area: Box | None
    drawn: _Said
    """What a chart's or picture's own data says (labels, mark colours)."""
    language: _Said


@dataclass(frozen=True)
class _Context:
    """What a shape's verdict depends on besides its own XML, the same for every slide of a
    deck: the theme's fonts, sizes and colour names, the slide size, the deck's language, and
    the language the messages are said in."""

    theme: tuple[str, Path]
    family: str
    min_body: float
    caption: float
    colour_names: tuple[tuple[str, str], ...]
    size: tuple[float, float]
    language: str
    says: str

    def __hash__(self) -> int:
        return self._hash

    @functools.cached_property
    def _hash(self) -> int:
        """Hashed once: every kept verdict and slide is looked up with the context."""
        return hash(
            (
                self.theme,
                self.family,
                self.min_body,
                self.caption,
                self.colour_names,
                self.size,
                self.language,
                self.says,
            )
        )


_CONTEXTS: dict[_Context, _Context] = {}


class _SlideLinter:
    """Runs every check on one slide: each shape's own checks (their verdict kept by what it
    depends on, see ``verdict``) and those that look at several shapes."""

    def __init__(
        self,
        number: int,
        parts: DeckParts,
        name: str,
        context: _Context,
    ) -> None:
        self.number = number
        self.parts = parts
        self.name = name
        self.context = context
        slide = parts.xml(name)
        positions, inherited = _layout(parts, parts.related(name, "slideLayout"))
        sets, colour = _background(slide)
        self.background = colour if sets else inherited
        self.shapes = _shapes(slide, positions)
        title = title_element(slide)
        self.title = frame_text(text_body(title)).strip() if title is not None else ""
        self.slide_source = next(
            (s.source for s in self.shapes if title is not None and s.element is title), ""
        )
        self.findings: list[Finding] = []

    def add(self, check: str, message: str, shape: _Shape | None = None, source: str = "") -> None:
        """A finding on ``shape`` (else the slide), at ``source`` when a part of it has its own."""
        source = source or (shape.source if shape and shape.source else self.slide_source)
        self.findings.append(
            Finding(check, message, self.number, self.title, shape.name if shape else "", source)
        )

    def run(self) -> list[Finding]:
        if not self.title:
            self.add("title", say("lint.title"))
        visible: list[tuple[_Shape, Box]] = []
        language: list[tuple[_Shape, _Said]] = []
        for shape in self.shapes:
            verdict = self.verdict(shape)
            for check, message, source in verdict.own:
                self.add(check, message, shape, source)
            if verdict.area is not None:
                self.check_overlap(shape, verdict.area, visible)
                visible.append((shape, verdict.area))
            for check, message, source in verdict.drawn:
                self.add(check, message, shape, source)
            language.append((shape, verdict.language))
        for shape, said in language:
            for check, message, source in said:
                self.add(check, message, shape, source)
        notes = self.parts.related(self.name, "notesSlide")
        for message in self.notes_language(notes) if notes else ():
            self.add("language", message)
        return self.findings

    def notes_language(self, notes: str) -> tuple[str, ...]:
        """What the language check says of the speaker notes, once per process for the same
        notes (a municipality's own slide often has the same notes as another's)."""
        key = (self.parts.packed(notes), self.context.says)
        said = _NOTES.get(key)
        if said is None:
            if len(_NOTES) > 10_000:  # a long live preview must not grow without end
                _NOTES.clear()
            body = body_placeholder(self.parts.xml(notes))
            said = _NOTES[key] = tuple(notes_mismatches(body)) if body is not None else ()
        return said

    def verdict(self, shape: _Shape) -> _Verdict:
        """The shape's own checks, run once per process for each distinct shape in its place:
        the same XML (so the same text, runs, colours and position; where the shape's content
        was written is added to the findings afterwards) with the same colour behind
        it, the same charted data or recorded labels, under the same theme, slide size and
        language. Most shapes of a municipality's own slides recur in every deck of a batch."""
        back = self.behind(shape) if shape.body is not None else None
        drawn = self.drawn(shape)
        key = (
            shape.checked,
            shape.box,
            back,
            self.background if drawn else None,
            self.parts.key(drawn) if drawn else b"",
            self.context,
        )
        found = _VERDICTS.get(key)
        if found is None:
            if len(_VERDICTS) > 20_000:  # a long live preview must not grow without end
                _VERDICTS.clear()
            found = _VERDICTS[key] = _ShapeChecks(self, shape, back, drawn).verdict()
        return found

    def drawn(self, shape: _Shape) -> str | None:
        """The part a chart or picture shows: its chart's XML or its image."""
        if shape.kind == "chart":
            rid = _xp(shape.element, ".//c:chart/@r:id")
        elif shape.kind == "picture":
            rid = _xp(shape.element, "./p:blipFill/a:blip/@r:embed")
        else:
            return None
        return self.parts.target(self.name, str(rid[0])) if rid else None

    def behind(self, shape: _Shape) -> str | None:
        """The colour behind a shape's text: its fill, a filled shape below holding it, the page."""
        if shape.fill:
            return shape.fill
        below = self.shapes[: self.shapes.index(shape)]
        for other in reversed(below):
            if other.kind == "picture" and _inside(shape.box, other.box):
                return None  # text on a picture: its colours are unknown
            if other.fill and _inside(shape.box, other.box):
                return other.fill
        return self.background

    def check_overlap(self, shape: _Shape, area: Box, visible: list[tuple[_Shape, Box]]) -> None:
        for other, other_area in visible:
            if (other.fill or other.kind == "picture") and _inside(area, other.box):
                continue  # lying on a card, backdrop or picture
            if _overlap(area, other_area) > OVERLAP_TOLERANCE:
                self.add(
                    "overlap",
                    say(
                        "lint.overlap",
                        name=shown(other.name),
                        **decimals(inches=_overlap(area, other_area)),
                    ),
                    shape,
                )


_VERDICTS: dict[tuple[object, ...], _Verdict] = {}
_NOTES: dict[tuple[bytes, str], tuple[str, ...]] = {}
_LABELS: dict[bytes, list[list[str]]] = {}


class _ShapeChecks:
    """The checks that look at one shape alone (with the colour behind it)."""

    def __init__(
        self, slide: _SlideLinter, shape: _Shape, back: str | None, drawn: str | None
    ) -> None:
        self.slide = slide
        self.context = slide.context
        self.shape = shape
        self.back = back
        self.drawn = drawn
        self.said: list[tuple[str, str, str]] = []

    def add(self, check: str, message: str, source: str = "") -> None:
        self.said.append((check, message, source))

    def verdict(self) -> _Verdict:
        shape = self.shape
        self.check_edges()
        if shape.kind in ("picture", "chart") and not _decorative(shape.element):
            self.check_alt()
        written = frame_text(shape.body)
        if shape.placeholder:
            self.check_placeholder(written)
        extent = None
        if shape.body is not None and written.strip():
            text = paragraphs(shape.body, self.context.family)
            box = _text_box(shape)
            if _bare(shape):  # measured once for the fit and the area it takes
                extent = fit.text_extent(text[0], text[1], box, family=text[2])
                needed = extent[1]
            else:
                needed = fit.height_needed(text[0], text[1], box, family=text[2])
            self.check_text(text, box, needed)
        own, self.said = tuple(self.said), []
        area = _visible(shape, extent)
        if shape.kind == "chart" and self.drawn:
            self.check_chart(self.slide.parts.xml(self.drawn))
        if shape.kind == "picture" and self.drawn:
            self.check_chart_labels(self.drawn)
        drawn, self.said = tuple(self.said), []
        for message, source in shape_mismatches(shape.element, self.context.language):
            self.add("language", message, source)
        return _Verdict(own, area, drawn, tuple(self.said))

    def check_edges(self) -> None:
        box, t = self.shape.box, EDGE_TOLERANCE
        width, height = self.context.size
        if box.left < -t or box.top < -t or box.right > width + t or box.bottom > height + t:
            self.add(
                "off-slide",
                say(
                    "lint.off_slide",
                    **decimals(
                        left=box.left,
                        top=box.top,
                        width=box.width,
                        height=box.height,
                        slide_width=width,
                        slide_height=height,
                    ),
                ),
            )

    def check_alt(self) -> None:
        descr = _xp(self.shape.element, "./*[1]/p:cNvPr/@descr")
        if not descr or not str(descr[0]).strip():
            self.add("alt-text", say("lint.alt_text"))

    def check_placeholder(self, text: str) -> None:
        if self.shape.element.tag == _SP and not text.strip():
            self.add("empty-placeholder", say("lint.empty_placeholder"))

    def check_text(self, text: _Text, box: Box, needed: float) -> None:
        """``needed``: the height the text takes in ``box``, the shape's box for fitting."""
        paragraphs, main, _ = text
        if needed > box.height + FIT_TOLERANCE:
            self.add("fit", say("lint.fit", **decimals(needed=needed, height=box.height)))
        if self.shape.name not in CHROME:
            self.check_sizes(paragraphs, main)
        self.check_contrast()

    def check_sizes(self, paragraphs: tuple[Paragraph, ...], main: float) -> None:
        minimum, caption = self.context.min_body, self.context.caption
        body = self.shape.min_size is None or self.shape.min_size >= minimum
        floor = minimum if body else caption
        shown = [p.size for p in paragraphs if p.size and any(r.text.strip() for r in p.runs)]
        smallest = min(shown, default=main)
        # The body is the text's largest size, not the size with most letters: a short quote
        # over a long attribution is still a quote at quote size with a caption under it.
        largest = max(shown, default=main)
        if largest < floor:
            self.add(
                "min-size",
                say(
                    "lint.min_body" if body else "lint.min_text",
                    size=f"{largest:g}",
                    floor=f"{floor:g}",
                ),
            )
        elif smallest < caption:
            self.add(
                "min-size",
                say("lint.min_caption", size=f"{smallest:g}", caption=f"{caption:g}"),
            )

    def check_contrast(self) -> None:
        back = self.back
        if back is None:
            return
        for run in coloured_runs(self.shape.body):
            large = run.size >= 18 or (run.bold and run.size >= 14)
            needed = 3.0 if large else 4.5
            ratio = _contrast(run.colour, back)
            if ratio < needed:
                self.add(
                    "contrast",
                    say(
                        "lint.contrast_large" if large else "lint.contrast_normal",
                        colour=f"#{run.colour}{self.colour_name(run.colour)}",
                        back=f"#{back}",
                        needed=local_number(needed),
                        text=shown(run.text.strip()[:30]),
                        **decimals(ratio=ratio),
                    ),
                )
                return

    def colour_name(self, colour: str) -> str:
        name = dict(self.context.colour_names).get(colour.upper())
        return f" ({name})" if name else ""

    def check_chart(self, space: Any) -> None:
        family = self.context.family
        for text, needed, room in stacked_bar_trouble(space, self.shape.box.width, family):
            message = say(
                "lint.native_label",
                text=shown(text),
                **decimals(needed=needed, room=room),
            )
            self.add("chart-labels", message)
        box = self.shape.box
        written = _category_sources(self.shape.element)
        for trouble in bar_trouble(space, box.width, box.height, family):
            message = say(
                f"lint.native_bar_{trouble.kind}",
                text=shown(trouble.text),
                **decimals(needed=trouble.needed, room=trouble.room),
            )
            name, note = written.get(trouble.index, ("", ""))
            self.add("chart-labels", message, note if trouble.note and note else name)
        for end, value in line_ends_unsaid(space):
            self.add("chart-labels", say(f"lint.native_line_{end}", value=local_number(value)))
        needed, room = legend_trouble(space, box.width, box.height, family)
        if needed:
            message = say("lint.native_legend", **decimals(needed=needed, room=room))
            self.add("chart-labels", message)
        back = _solid(space.find("c:spPr", NAMESPACES)) or self.slide.background
        if back is None:
            return
        colours = {
            str(c).upper()
            for c in _xp(
                space,
                ".//c:ser/c:spPr/a:solidFill/a:srgbClr/@val | "
                ".//c:ser/c:dPt/c:spPr/a:solidFill/a:srgbClr/@val",
            )
        }
        for colour in sorted(colours):
            if _contrast(colour, back) < 3:
                self.add(
                    "contrast",
                    say(
                        "lint.contrast_marks",
                        colour=f"#{colour}{self.colour_name(colour)}",
                        back=f"#{back}",
                        **decimals(ratio=_contrast(colour, back)),
                    ),
                )

    def check_chart_labels(self, picture: str) -> None:
        """Labels inside a drawn chart that collide, leave it, or are set under the readable
        minimum for chart text, as the drawing recorded them (read once per process for each
        record: a map shown under another description is the same map)."""
        parts = self.slide.parts
        key = parts.key(picture)  # of a PNG, the chunks before its pixels: what is read here
        recorded = _LABELS.get(key)
        if recorded is None:
            if len(_LABELS) > 10_000:  # a long live preview must not grow without end
                _LABELS.clear()
            recorded = _LABELS[key] = chart_label_trouble(parts.blob(picture))
        for item in recorded:
            kind, text, *rest = item
            if kind == "smallest":
                floor = min(self.context.caption, CHART_TEXT_MIN)
                if float(rest[0]) < floor - 0.05:
                    message = say(
                        "lint.chart_small", text=shown(text), size=rest[0], floor=f"{floor:g}"
                    )
                    self.add("min-size", message)
            elif kind == "cut":
                self.add("chart-labels", say("lint.label_cut", text=shown(text)))
            else:
                message = say("lint.label_overlap", text=shown(text), other=shown(rest[0]))
                self.add("chart-labels", message)


def chart_label_trouble(png: bytes) -> list[list[str]]:
    """What hpdeck's chart drawing recorded in a PNG about its labels (see
    ``charts.draw.label_trouble``); nothing for other pictures."""
    import json

    from PIL import Image

    try:  # ``info`` holds the text chunks written before the pixels; ``text`` would decode them
        with Image.open(io.BytesIO(png)) as image:
            recorded = image.info.get("hpdeck-labels")
    except (OSError, ValueError):
        return []
    return list(json.loads(recorded)) if recorded else []


def _background(tree: Any) -> tuple[bool, str | None]:
    """Whether a slide, layout or master sets a background, and its colour if solid."""
    found = _xp(tree, "./p:cSld/p:bg/p:bgPr/a:solidFill/a:srgbClr/@val")
    if found:
        return True, str(found[0]).upper()
    return bool(_xp(tree, "./p:cSld/p:bg")), None  # a picture or gradient: colours unknown


def _layout(parts: DeckParts, layout: str | None) -> tuple[Mapping[int, Position], str | None]:
    """Where the layout's placeholders are, by idx (see slide_xml.layout_positions), and the
    background its slides inherit (its own, else its master's, else white). The same layouts
    serve every deck of a theme, so each is read once per process by its key."""
    if layout is None:
        return {}, "FFFFFF"
    key = parts.key(layout)
    found = _LAYOUTS.get(key)
    if found is None:
        master = parts.related(layout, "slideMaster")
        tree = parts.xml(layout)
        master_tree = parts.xml(master) if master else None
        background: str | None = "FFFFFF"
        for part in (tree, master_tree):
            sets, colour = _background(part) if part is not None else (False, None)
            if sets:
                background = colour
                break
        if len(_LAYOUTS) > 1_000:  # a long live preview must not grow without end
            _LAYOUTS.clear()
        found = _LAYOUTS[key] = (layout_positions(tree, master_tree), background)
    return found


_LAYOUTS: dict[bytes, tuple[Mapping[int, Position], str | None]] = {}


# -- the theme --------------------------------------------------------------------------------


def theme_colours(theme: Theme) -> dict[str, tuple[str, str]]:
    """Each theme colour 'RRGGBB' -> (its key in theme.yaml, file:line where it is set).

    Found once per process for the same colours in the same theme files (each file known again
    by its size and modification time), not once per deck of a batch.
    """
    root = theme.folder.parent.parent
    colours = theme.colors.model_dump()
    key = (root, theme.slug, repr(colours))
    known = _THEME_COLOURS.get(key)
    if known is not None and known[0] == _stamps(path for path, _ in known[0]):
        return dict(known[1])
    docs: dict[str, Document | None] = {}  # each theme file read once, not once per colour
    located = _located(theme, root, colours, docs)
    files = (root / "themes" / slug / "theme.yaml" for slug in docs)
    if len(_THEME_COLOURS) > 100:  # a long live preview must not grow without end
        _THEME_COLOURS.clear()
    _THEME_COLOURS[key] = (_stamps(files), located)
    return dict(located)


_Stamps = tuple[tuple[Path, tuple[int, int] | None], ...]
_THEME_COLOURS: dict[tuple[Path, str, str], tuple[_Stamps, dict[str, tuple[str, str]]]] = {}


def _stamps(paths: Iterable[Path]) -> _Stamps:
    """Each file with its modification time and size (None when it is gone)."""
    found: list[tuple[Path, tuple[int, int] | None]] = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            found.append((path, None))
        else:
            found.append((path, (stat.st_mtime_ns, stat.st_size)))
    return tuple(found)


def _located(
    theme: Theme, root: Path, colours: dict[str, Any], docs: dict[str, Document | None]
) -> dict[str, tuple[str, str]]:
    """Each colour with its key and where the theme files (read into ``docs``) set it."""
    located: dict[str, tuple[str, str]] = {}
    for key, value in colours.items():
        for index, colour in enumerate(value if isinstance(value, list) else [value]):
            name = f"colors.{key}[{index}]" if isinstance(value, list) else f"colors.{key}"
            loc = ("colors", key, index) if isinstance(value, list) else ("colors", key)
            located.setdefault(
                str(colour).lstrip("#").upper(), (name, _theme_line(root, theme.slug, loc, docs))
            )
    return located


def _theme_line(
    root: Path, slug: str | None, loc: tuple[Any, ...], docs: dict[str, Document | None]
) -> str:
    """Where a theme colour is set: the theme's own file, else the theme it extends."""
    seen = set()
    while slug and slug not in seen:
        seen.add(slug)
        if slug not in docs:
            try:
                docs[slug] = load_yaml(root / "themes" / slug / "theme.yaml", root=root)
            except ContentError:  # the theme loaded once already; a vanished file loses the line
                docs[slug] = None
        doc = docs[slug]
        if doc is None:
            return ""
        if loc in doc.positions:
            return f"{doc.display}:{doc.positions[loc][0]}"
        slug = doc.data.get("extends") if isinstance(doc.data, dict) else None
    return ""


def font_findings(theme: Theme) -> list[Finding]:
    """Each theme font hpdeck found no file for, at the theme line naming it: its text was
    measured with a wide stand-in (plan.fit), so it fits but may be set smaller than needed,
    and the fix is to install the font (or its open twin) or to name one hpdeck measures."""
    root = theme.folder.parent.parent
    docs: dict[str, Document | None] = {}
    families = {theme.fonts.heading: "heading"}
    families.setdefault(theme.fonts.body, "body")
    findings = []
    for family, key in families.items():
        if fit.font_file(family) is not None:
            continue
        known = ", ".join(  # only those this machine measures: the advice must work here
            f"{name.title()} ({twin})"
            for name, twin in fonts.EQUIVALENT.items()
            if fonts.find(name) is not None
        )
        twin = fonts.EQUIVALENT.get(family.strip().lower())
        message = say(
            "lint.fonts_twin" if twin else "lint.fonts",
            key=f"fonts.{key}",
            family=family,
            twin=twin or "",
            stand_in=fit.STAND_IN,
            known=known,
        )
        where = _theme_line(root, theme.slug, ("fonts", key), docs)
        findings.append(Finding("fonts", message, source=where))
    return findings


def lint_theme(theme: Theme) -> list[Finding]:
    """The theme's fonts, and its chart colours checked against the background they are drawn on."""
    colours = theme.colors
    located = theme_colours(theme)
    findings = font_findings(theme)
    marks = [
        ("accent", colours.accent),
        *(("stages", c) for c in colours.stages),
        *(("series", c) for c in colours.series),
    ]
    for _, colour in marks:
        value = str(colour).lstrip("#").upper()
        ratio = contrast(value, str(colours.background).lstrip("#"))
        if ratio < 3:
            name, where = located.get(value, ("", ""))
            findings.append(
                Finding(
                    "contrast",
                    say(
                        "lint.contrast_theme",
                        colour=f"#{value} ({name})",
                        back=f"#{colours.background.lstrip('#')}",
                        **decimals(ratio=ratio),
                    ),
                    source=where,
                )
            )
    return findings


def lint_pptx(data: bytes, theme: Theme) -> list[Finding]:
    """Every finding on every slide of a built deck.

    A slide already linted in this process (the same slide of another council deck, see
    hpdeck.check.slide_keys) gets its findings again without being read.
    """
    parts = DeckParts(data)
    context = _Context(
        (theme.slug, theme.folder),
        theme.fonts.body,
        theme.sizes.min_body,
        theme.sizes.caption,
        _colour_names(theme),
        parts.size,
        parts.language,
        ui_language(),
    )
    # The one object of equal contexts, so that finding a kept verdict compares no fields.
    if len(_CONTEXTS) > 100:  # a long live preview must not grow without end
        _CONTEXTS.clear()
    context = _CONTEXTS.setdefault(context, context)
    if len(_SEEN_SLIDES) > 10_000:  # a long live preview must not grow without end
        _SEEN_SLIDES.clear()
    findings = []
    for number, name in enumerate(parts.slides, start=1):
        key = (parts.key(name), context)
        found = _SEEN_SLIDES.get(key)
        if found is None:
            found = _SEEN_SLIDES[key] = _SlideLinter(number, parts, name, context).run()
        findings += [replace(f, slide=number) for f in found]
    return findings


def _colour_names(theme: Theme) -> tuple[tuple[str, str], ...]:
    """Each theme colour 'RRGGBB' with its key and line in theme.yaml, as messages name it."""
    return tuple(
        (colour, f"{name}, {where}" if where else name)
        for colour, (name, where) in theme_colours(theme).items()
    )


# Findings of slides already linted in this process, by what the slide depends on: most slides
# of a batch of council decks are the same in every deck, and forked workers inherit what the
# first saw.
_SEEN_SLIDES: dict[tuple[bytes, _Context], list[Finding]] = {}


def fallback_findings(problems: Iterable[Problem]) -> list[Finding]:
    """Fallbacks as linter findings, so check and build list them and ``--strict`` refuses."""
    return [
        Finding(
            "fallback",
            f"{p.where}: {p.message}" if p.where else p.message,
            source=f"{p.file}:{p.line}" if p.line else p.file,
        )
        for p in problems
    ]


def region_findings(problems: Iterable[Problem]) -> list[Finding]:
    """Other municipalities' files that do not validate, at their lines: a council deck built
    without them shows a map and counts with those municipalities missing."""
    return [
        Finding(
            "region",
            say("lint.region_gap", problem=f"{p.where}: {p.message}" if p.where else p.message),
            source=p.place,
        )
        for p in problems
    ]


def lint(data: bytes, theme: Theme) -> list[Finding]:
    """The theme's chart colours and every slide of the deck."""
    return lint_theme(theme) + lint_pptx(data, theme)
