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
  In native charts, where the data fixes the geometry: a part's label wider than its part of a
  one-bar stacked chart (see ``check.native_labels``).
- **alt-text**: pictures and charts without a description.
- **title**: slides without text in the title placeholder.
- **empty-placeholder**: placeholders left without content, which show 'Click to add text'.
- **language**: text of another written form than the language its runs are tagged with
  (bokmål in nynorsk, Norwegian in English), on the slide, in alt text and in the speaker notes
  (see hpdeck.check.langcheck); quotes are tagged with the language they were said in.
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from lxml import etree

from hpdeck.check.langcheck import slide_mismatches
from hpdeck.check.native_labels import stacked_bar_trouble
from hpdeck.check.slide_keys import DeckParts
from hpdeck.content.loader import Document, Origin, load_yaml
from hpdeck.content.theme import Theme
from hpdeck.errors import ContentError, Problem
from hpdeck.messages import decimals, say, shown
from hpdeck.messages import number as local_number
from hpdeck.plan import fit
from hpdeck.plan.colour import contrast
from hpdeck.plan.conventions import CHROME, NAMESPACES
from hpdeck.plan.model import Box, Paragraph, Run
from hpdeck.render.decorative import is_decorative

EMU_PER_INCH = 914400
FIT_TOLERANCE = 0.02  # inches; rounding in EMU and point sizes
EDGE_TOLERANCE = 0.01  # inches a shape may stick out past the slide edge
OVERLAP_TOLERANCE = 0.03  # inches two visible areas may share before it counts as a collision
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


def _solid(element: Any) -> str | None:
    """The srgb colour of an element's direct solid fill, if it has one."""
    if element is None:
        return None
    found = _xp(element, "./a:solidFill/a:srgbClr/@val")
    return str(found[0]).upper() if found else None


# -- reading shapes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Shape:
    name: str
    box: Box
    element: Any
    shape: Any
    source: str
    min_size: float | None
    kind: str  # "text", "autoshape", "picture", "connector", "chart", "other"
    fill: str | None
    outlined: bool


def _meta(element: Any) -> tuple[str, float | None]:
    meta = _xp(element, "./*[1]/p:cNvPr/a:extLst/a:ext/hp:meta")
    if not meta:
        return "", None
    minimum = meta[0].get("min")
    return meta[0].get("source", ""), float(minimum) if minimum else None


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


def _shapes(slide: Any) -> list[_Shape]:
    shapes = []
    for shape in slide.shapes:
        element = shape._element
        # Each read once: a placeholder looks up its layout's for every one it lacks.
        width, left = shape.width, shape.left
        if width is None or left is None:
            continue
        box = Box(
            left / EMU_PER_INCH,
            shape.top / EMU_PER_INCH,
            width / EMU_PER_INCH,
            shape.height / EMU_PER_INCH,
        )
        source, minimum = _meta(element)
        sp_pr = element.find("p:spPr", NAMESPACES)
        outlined = bool(sp_pr is not None and _xp(sp_pr, "./a:ln/a:solidFill"))
        shapes.append(
            _Shape(
                shape.name,
                box,
                element,
                shape,
                source,
                minimum,
                _kind(element),
                _solid(sp_pr),
                outlined,
            )
        )
    return shapes


_Text = tuple[tuple[Paragraph, ...], float, str]


def _paragraphs(frame: Any, family: str) -> _Text:
    """The text frame as plan paragraphs with each one's size, plus the main size and family."""
    paragraphs = []
    sizes: dict[float, int] = {}
    for p in frame.paragraphs:
        runs = tuple(
            Run(r.text, bold=bool(r.font.bold), italic=bool(r.font.italic)) for r in p.runs
        )
        size = next((r.font.size.pt for r in p.runs if r.font.size is not None), 18.0)
        family = next((r.font.name for r in p.runs if r.font.name), family)
        bullet = bool(_xp(p._p, "./a:pPr/a:buChar"))
        before = p.space_before.pt if p.space_before is not None else 0
        paragraphs.append(Paragraph(runs, bullet=bullet, size=size, space_before=before))
        for r in p.runs:
            sizes[size] = sizes.get(size, 0) + len(r.text)
    main = max(sizes, key=lambda s: sizes[s]) if sizes else 18.0
    return tuple(paragraphs), main, family


def _text_of(shape: _Shape, family: str) -> _Text:
    """``_paragraphs`` of the shape's text, read once for each distinct text body: the same
    footer, title and card turn up on many slides of a batch's decks."""
    body = shape.element.find("p:txBody", NAMESPACES)
    if body is None:  # a text frame python-pptx finds elsewhere: read it as it is
        return _paragraphs(shape.shape.text_frame, family)
    key = (etree.tostring(body), family)
    found = _TEXTS.get(key)
    if found is None:
        if len(_TEXTS) > 10_000:  # a long live preview must not grow without end
            _TEXTS.clear()
        found = _TEXTS[key] = _paragraphs(shape.shape.text_frame, family)
    return found


_TEXTS: dict[tuple[bytes, str], _Text] = {}


def _text_box(shape: _Shape) -> Box:
    """The box the fitter measures against: the shape less the writer's insets, plus fit's own."""
    frame = shape.shape.text_frame
    left, right = frame.margin_left / EMU_PER_INCH, frame.margin_right / EMU_PER_INCH
    top, bottom = frame.margin_top / EMU_PER_INCH, frame.margin_bottom / EMU_PER_INCH
    return Box(
        shape.box.left,
        shape.box.top,
        shape.box.width - left - right + 2 * fit.INSET_X,
        shape.box.height - top - bottom + 2 * fit.INSET_Y,
    )


def _visible(shape: _Shape, text: _Text | None) -> Box | None:
    """The part of the slide a reader sees this shape take (``text``: its paragraphs, main size
    and family when it shows text)."""
    if shape.kind == "connector":
        return None
    if shape.fill or shape.outlined or shape.kind in ("picture", "chart", "other"):
        return shape.box
    if text is None:
        return None
    frame = shape.shape.text_frame
    paragraphs, main, family = text
    box = _text_box(shape)
    width, height = fit.text_extent(paragraphs, main, box, family=family)
    width, height = min(width, shape.box.width), min(height, shape.box.height)
    align = next((p.alignment for p in frame.paragraphs if p.alignment is not None), None)
    left = shape.box.left
    if align is not None and int(align) == 2:  # centre
        left += (shape.box.width - width) / 2
    elif align is not None and int(align) == 3:  # right
        left += shape.box.width - width
    anchor = frame.vertical_anchor
    top = shape.box.top
    if anchor is not None and int(anchor) == 3:  # middle
        top += (shape.box.height - height) / 2
    elif anchor is not None and int(anchor) == 4:  # bottom
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


class _SlideLinter:
    """Runs every check on one slide."""

    def __init__(
        self,
        number: int,
        slide: Any,
        theme: Theme,
        size: tuple[float, float],
        background: str | None,
        colour_names: dict[str, str],
    ) -> None:
        self.number = number
        self.slide = slide
        self.theme = theme
        self.width, self.height = size
        self.background = background
        self.colour_names = colour_names
        self.shapes = _shapes(slide)
        title = slide.shapes.title
        self.title = title.text_frame.text.strip() if title is not None else ""
        self.slide_source = next(
            (s.source for s in self.shapes if title is not None and s.element is title._element), ""
        )
        self.findings: list[Finding] = []

    def add(self, check: str, message: str, shape: _Shape | None = None, source: str = "") -> None:
        """A finding on ``shape`` (else the slide), at ``source`` when a part of it has its own."""
        source = source or (shape.source if shape and shape.source else self.slide_source)
        self.findings.append(
            Finding(check, message, self.number, self.title, shape.name if shape else "", source)
        )

    def run(self) -> list[Finding]:
        self.check_title()
        visible: list[tuple[_Shape, Box]] = []
        for shape in self.shapes:
            self.check_edges(shape)
            if shape.kind in ("picture", "chart") and not is_decorative(shape.element):
                self.check_alt(shape)
            if shape.shape.is_placeholder:
                self.check_placeholder(shape)
            text = None
            if shape.shape.has_text_frame and shape.shape.text_frame.text.strip():
                text = _text_of(shape, self.theme.fonts.body)
                self.check_text(shape, text)
            area = _visible(shape, text)
            if area is not None:
                self.check_overlap(shape, area, visible)
                visible.append((shape, area))
            if shape.kind == "chart":
                self.check_chart(shape)
            if shape.kind == "picture":
                self.check_chart_labels(shape)
        for where, message, source in slide_mismatches(self.slide, self.shapes):
            self.add("language", message, where, source)
        return self.findings

    def check_title(self) -> None:
        if not self.title:
            self.add("title", say("lint.title"))

    def check_edges(self, shape: _Shape) -> None:
        box, t = shape.box, EDGE_TOLERANCE
        if (
            box.left < -t
            or box.top < -t
            or box.right > self.width + t
            or box.bottom > self.height + t
        ):
            self.add(
                "off-slide",
                say(
                    "lint.off_slide",
                    **decimals(
                        left=box.left,
                        top=box.top,
                        width=box.width,
                        height=box.height,
                        slide_width=self.width,
                        slide_height=self.height,
                    ),
                ),
                shape,
            )

    def check_alt(self, shape: _Shape) -> None:
        descr = _xp(shape.element, "./*[1]/p:cNvPr/@descr")
        if not descr or not str(descr[0]).strip():
            self.add("alt-text", say("lint.alt_text"), shape)

    def check_placeholder(self, shape: _Shape) -> None:
        if shape.shape.has_text_frame and not shape.shape.text_frame.text.strip():
            self.add("empty-placeholder", say("lint.empty_placeholder"), shape)

    def check_text(self, shape: _Shape, text: _Text) -> None:
        frame = shape.shape.text_frame
        paragraphs, main, family = text
        box = _text_box(shape)
        needed = fit.height_needed(paragraphs, main, box, family=family)
        if needed > box.height + FIT_TOLERANCE:
            self.add("fit", say("lint.fit", **decimals(needed=needed, height=box.height)), shape)
        if shape.name not in CHROME:
            self.check_sizes(shape, paragraphs, main)
        self.check_contrast(shape, frame)

    def check_sizes(self, shape: _Shape, paragraphs: tuple[Paragraph, ...], main: float) -> None:
        sizes = self.theme.sizes
        body = shape.min_size is None or shape.min_size >= sizes.min_body
        floor = sizes.min_body if body else sizes.caption
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
                shape,
            )
        elif smallest < sizes.caption:
            self.add(
                "min-size",
                say("lint.min_caption", size=f"{smallest:g}", caption=f"{sizes.caption:g}"),
                shape,
            )

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

    def check_contrast(self, shape: _Shape, frame: Any) -> None:
        back = self.behind(shape)
        if back is None:
            return
        for paragraph in frame.paragraphs:
            for run in paragraph.runs:
                if not run.text.strip() or run.font.color.type is None:
                    continue
                try:
                    colour = str(run.font.color.rgb)
                except AttributeError:  # a scheme colour: resolved by the template, not here
                    continue
                size = run.font.size.pt if run.font.size is not None else 18
                large = size >= 18 or (bool(run.font.bold) and size >= 14)
                needed = 3.0 if large else 4.5
                ratio = contrast(colour, back)
                if ratio < needed:
                    self.add(
                        "contrast",
                        say(
                            "lint.contrast_large" if large else "lint.contrast_normal",
                            colour=f"#{colour}{self.colour_name(colour)}",
                            back=f"#{back}",
                            needed=local_number(needed),
                            text=shown(run.text.strip()[:30]),
                            **decimals(ratio=ratio),
                        ),
                        shape,
                    )
                    return

    def colour_name(self, colour: str) -> str:
        name = self.colour_names.get(colour.upper())
        return f" ({name})" if name else ""

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

    def check_chart(self, shape: _Shape) -> None:
        chart = shape.shape.chart
        space = chart._chartSpace
        family = self.theme.fonts.body
        for text, needed, room in stacked_bar_trouble(space, shape.box.width, family):
            message = say(
                "lint.native_label",
                text=shown(text),
                **decimals(needed=needed, room=room),
            )
            self.add("chart-labels", message, shape)
        back = _solid(space.find("c:spPr", NAMESPACES)) or self.background
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
            if contrast(colour, back) < 3:
                self.add(
                    "contrast",
                    say(
                        "lint.contrast_marks",
                        colour=f"#{colour}{self.colour_name(colour)}",
                        back=f"#{back}",
                        **decimals(ratio=contrast(colour, back)),
                    ),
                    shape,
                )

    def check_chart_labels(self, shape: _Shape) -> None:
        """Labels inside a drawn chart that collide, leave it, or are set under the readable
        minimum for chart text, as the drawing recorded them."""
        for item in chart_label_trouble(shape.shape.image.blob):
            kind, text, *rest = item
            if kind == "smallest":
                floor = min(self.theme.sizes.caption, CHART_TEXT_MIN)
                if float(rest[0]) < floor - 0.05:
                    message = say(
                        "lint.chart_small", text=shown(text), size=rest[0], floor=f"{floor:g}"
                    )
                    self.add("min-size", message, shape)
            elif kind == "cut":
                self.add("chart-labels", say("lint.label_cut", text=shown(text)), shape)
            else:
                message = say("lint.label_overlap", text=shown(text), other=shown(rest[0]))
                self.add("chart-labels", message, shape)


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


def _background(slide: Any) -> str | None:
    """The slide's solid background colour, inherited from its layout and master if need be."""
    for part in (slide, slide.slide_layout, slide.slide_layout.slide_master):
        found = _xp(part._element, "./p:cSld/p:bg/p:bgPr/a:solidFill/a:srgbClr/@val")
        if found:
            return str(found[0]).upper()
        if _xp(part._element, "./p:cSld/p:bg"):
            return None  # a picture or gradient background: colours unknown
    return "FFFFFF"


# -- the theme --------------------------------------------------------------------------------


def theme_colours(theme: Theme) -> dict[str, tuple[str, str]]:
    """Each theme colour 'RRGGBB' -> (its key in theme.yaml, file:line where it is set)."""
    root = theme.folder.parent.parent
    located: dict[str, tuple[str, str]] = {}
    colours = theme.colors.model_dump()
    docs: dict[str, Document | None] = {}  # each theme file read once, not once per colour
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


def lint_theme(theme: Theme) -> list[Finding]:
    """The theme's fonts, and its chart colours checked against the background they are drawn on."""
    colours = theme.colors
    located = theme_colours(theme)
    findings = [
        Finding("fonts", say("lint.fonts", family=family))
        for family in dict.fromkeys((theme.fonts.heading, theme.fonts.body))
        if fit.font_file(family) is None
    ]
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
    hpdeck.check.slide_keys) gets its findings again without python-pptx opening the deck.
    """
    parts = DeckParts(zipfile.ZipFile(io.BytesIO(data)))
    keys = [(parts.key(name), theme.slug, theme.folder, parts.size) for name in parts.slides]
    if any(key not in _SEEN_SLIDES for key in keys):
        _lint_new(data, theme, keys)
    return [
        replace(f, slide=number)
        for number, key in enumerate(keys, start=1)
        for f in _SEEN_SLIDES[key]
    ]


def _lint_new(data: bytes, theme: Theme, keys: Sequence[tuple[object, ...]]) -> None:
    """Lint the slides whose keys have not been seen, keeping their findings under the keys.

    The slides are read from the presentation the writer serialised into ``data`` when this
    process just wrote it (the same XML, already parsed), else from ``data``.
    """
    from pptx import Presentation

    from hpdeck.render.pptx import written_presentation

    prs = written_presentation(data) or Presentation(io.BytesIO(data))
    size = ((prs.slide_width or 0) / EMU_PER_INCH, (prs.slide_height or 0) / EMU_PER_INCH)
    names = {
        colour: f"{name}, {where}" if where else name
        for colour, (name, where) in theme_colours(theme).items()
    }
    if len(_SEEN_SLIDES) > 10_000:  # a long live preview must not grow without end
        _SEEN_SLIDES.clear()
    slide_ids = prs.slides._sldIdLst
    for number, (slide_id, key) in enumerate(zip(slide_ids, keys, strict=True), start=1):
        if key not in _SEEN_SLIDES:
            slide = prs.part.related_slide(slide_id.rId)  # only these slides' XML is read
            background = _background(slide)
            _SEEN_SLIDES[key] = _SlideLinter(number, slide, theme, size, background, names).run()


# Findings of slides already linted in this process, by what the slide depends on: most slides
# of a batch of council decks are the same in every deck, and forked workers inherit what the
# first saw.
_SEEN_SLIDES: dict[tuple[object, ...], list[Finding]] = {}


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
