"""The .pptx writer: slide plans in, a PowerPoint file out, byte-identical for identical input."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from functools import partial
from typing import Any

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from pptx.opc.serialized import _ContentTypesItem
from pptx.oxml.ns import qn
from pptx.oxml.text import CT_RegularTextRun, CT_TextParagraph
from pptx.shapes.autoshape import AutoShapeType
from pptx.shapes.autoshape import Shape as PptxShape
from pptx.shapes.connector import Connector
from pptx.shapes.picture import Picture as PptxPicture
from pptx.slide import Slide as PptxSlide
from pptx.text.text import TextFrame, _Paragraph, _Run
from pptx.util import Emu, Inches, Length, Pt

from hpdeck.content.loader import Origin
from hpdeck.content.theme import Theme
from hpdeck.plan import layout
from hpdeck.plan.chrome import CompleteSlide
from hpdeck.plan.conventions import HP_NS, HP_PREFIX, SOURCE_EXT
from hpdeck.plan.i18n import LANG_TAGS, Formatter
from hpdeck.plan.model import Block, Box, Chart, Line, Paragraph, Shape, Text
from hpdeck.plan.pictures import to_emu
from hpdeck.render import image_parts, own_slides, package_walk, shared_slides
from hpdeck.render.charts.cache import ChartCache
from hpdeck.render.charts.style import ChartStyle
from hpdeck.render.charts.wanted import native
from hpdeck.render.decorative import mark_decorative
from hpdeck.render.deflated import zip_bytes
from hpdeck.render.template import choose_layouts, open_presentation

_SHAPES = {
    "rect": MSO_SHAPE.RECTANGLE,
    "rounded": MSO_SHAPE.ROUNDED_RECTANGLE,
    "ellipse": MSO_SHAPE.OVAL,
}


class PptxWriter:
    """Writes slide plans onto a presentation in the theme's look."""

    def __init__(self, theme: Theme, fmt: Formatter, charts: ChartCache) -> None:
        self.theme = theme
        self.fmt = fmt
        self.charts = charts
        self.chart_style = ChartStyle.from_theme(theme)
        spelt = repr(theme)  # what the theme's look depends on, spelt out once
        copied = shared_slides.copy_template(spelt)  # in a batch, after the first deck
        if copied is not None:
            self.prs, self.layouts = copied
        else:
            self.prs = open_presentation(theme)
            self.prs.slide_width = Inches(layout.SLIDE_WIDTH)
            self.prs.slide_height = Inches(layout.SLIDE_HEIGHT)
            self.layouts = choose_layouts(self.prs, theme)
            if theme.template is None:  # a template's own masters and layouts stay as they are
                self._prepare_layouts()
            shared_slides.record_template(spelt, self.prs, self.layouts)
        # What the user should know about the build: layouts the template lacks.
        self.warnings = [c.warning for c in self.layouts.values() if c.warning]
        image_parts.install(self.prs)  # pictures found by hash, not by walking the package
        # What a written slide depends on besides its plan (see hpdeck.render.shared_slides).
        self._context = (spelt, fmt.lang_tag)

    # -- the master and layouts ---------------------------------------------------------------

    def _layout(self, kind: str):  # type: ignore[no-untyped-def]
        return self.layouts[kind].layout

    def _prepare_layouts(self) -> None:
        """Put the title placeholders on the theme's grid, so 'Reset slide' keeps the look."""
        master = self.prs.slide_master
        master.background.fill.solid()
        master.background.fill.fore_color.rgb = RGBColor.from_string(self.theme.colors.background)
        places = {
            "title": (layout.TITLE_SLIDE_TITLE, layout.TITLE_SLIDE_SUBTITLE),
            "content": (layout.TITLE, None),
        }
        for kind, (title_box, subtitle_box) in places.items():
            for placeholder in self._layout(kind).placeholders:
                box = title_box if placeholder.placeholder_format.idx == 0 else subtitle_box
                if box is not None:
                    _place(placeholder, box)

    # -- slides -------------------------------------------------------------------------------

    def add(self, page: CompleteSlide) -> None:
        """Write one completed slide: title, subtitle, its blocks, then the chrome."""
        shared = shared_slides.key(self._context, page)
        slide_layout = self._layout(page.slide.kind)
        if shared_slides.copy(self.prs, slide_layout, shared):
            return
        # An own slide of a batch's deck: filled in from its form when one is kept.
        made = own_slides.form(self._context, page, partial(native, theme=self.theme))
        if made is not None and own_slides.make(self.prs, slide_layout, made, self._chart_png):
            return
        written = made.page if made is not None else page
        slide = shared_slides.new_slide(self.prs, slide_layout)
        self._title(slide, written)
        # Each new shape's id is one more than the last: the slide's highest id is found once
        # (python-pptx's "turbo add"), not by searching the slide for every shape.
        slide.shapes.turbo_add_enabled = True
        charts = []
        for block in (*written.slide.blocks, *written.chrome):
            memo = shared_slides.block_key(self._context, block)
            if not shared_slides.paste_block(slide, memo):
                element = self._block(slide, block)
                shared_slides.record_block(slide, memo, element)
                if isinstance(block, Chart):
                    charts.append(element)
        if written.slide.notes:
            notes = _notes_frame(shared_slides.notes_slide(self.prs, slide))
            notes.text = written.slide.notes
            self._tag_language(notes)
        if made is not None:
            own_slides.keep(slide, made, charts)
        shared_slides.record(slide, shared)

    def _title(self, slide: PptxSlide, page: CompleteSlide) -> None:
        title = page.title
        shapes = slide.shapes
        # The placeholders, found in one pass over the slide's shapes (as python-pptx's
        # ``shapes.title`` and ``placeholders`` find them, each with XPath per shape).
        found = [
            (elm, ph) for elm in shapes._spTree.iter_shape_elms() if (ph := _ph(elm)) is not None
        ]
        title_elm = next((elm for elm, ph in found if int(ph.get("idx", "0")) == 0), None)
        # A template layout without a title placeholder gets a text box in the title's place.
        title_shape: Any
        if title_elm is not None:
            title_shape = PptxShape(title_elm, shapes)
        else:
            title_shape = _add_textbox(shapes, title.box)
        self._fill(title_shape.text_frame, title)
        _record_source(title_shape, title.source, title.min_size)
        for elm in [elm for elm, ph in found if int(ph.get("idx", "0")) != 0]:
            placeholder = PptxShape(elm, shapes)
            if page.subtitle:
                self._fill(placeholder.text_frame, page.subtitle)
                _record_source(placeholder, page.subtitle.source)
            else:
                placeholder._element.getparent().remove(placeholder._element)

    # -- blocks -------------------------------------------------------------------------------

    def _block(self, slide: PptxSlide, block: Block) -> Any:
        """Write ``block`` onto ``slide``; the shape's element."""
        if isinstance(block, Text):
            box = block.box
            shape = _add_textbox(slide.shapes, box)
            shape.name = block.name
            self._fill(shape.text_frame, block)
            _record_source(shape, block.source, block.min_size, block.paragraphs)
            if block.fill:
                shape.fill.solid()
                shape.fill.fore_color.rgb = RGBColor.from_string(block.fill)
            return shape._element
        if isinstance(block, Shape):
            shape = _add_shape(slide.shapes, _SHAPES[block.kind], block.box)
            shape.name = block.name
            if block.fill:
                shape.fill.solid()
                shape.fill.fore_color.rgb = RGBColor.from_string(block.fill)
            else:
                shape.fill.background()
            if block.line:
                shape.line.color.rgb = RGBColor.from_string(block.line)
                shape.line.width = Pt(block.line_width)
            else:
                shape.line.fill.background()
            _plain(shape)
            if not block.text:  # an accent bar, a field, a swatch: the text beside it speaks
                mark_decorative(shape)
            if block.kind == "rounded":
                shape.adjustments[0] = 0.08
            if block.text:
                self._fill(shape.text_frame, block.text)
                _record_source(shape, block.text.source, block.text.min_size, block.text.paragraphs)
            if block.link:
                shape.click_action.hyperlink.address = block.link
            return shape._element
        if isinstance(block, Line):
            x1, y1 = block.start
            x2, y2 = block.end
            line = _add_connector(
                slide.shapes, MSO_CONNECTOR.STRAIGHT, Inches(x1), Inches(y1), Inches(x2), Inches(y2)
            )
            line.name = block.name
            line.line.color.rgb = RGBColor.from_string(block.color)
            line.line.width = Pt(block.width)
            mark_decorative(line)  # connectors and rules: what they join is said in text
            return line._element
        if isinstance(block, Chart) and native(block, self.theme):
            from hpdeck.render.native_charts import add_native_chart

            frame = add_native_chart(
                slide,
                block.spec,
                block.box,
                self.chart_style,
                name=block.name,
                lang=self.fmt.lang_tag,
            )
            _record_source(frame, block.source, categories=block.category_sources)
            return frame._element
        if isinstance(block, Chart):
            box = block.box
            picture = _add_picture(slide.shapes, io.BytesIO(self._chart_png(block)), *_emu(box))
            picture.name = block.name
            _alt(picture, block.spec.alt_text)
            _record_source(picture, block.source)
            return picture._element
        image = io.BytesIO(block.data) if block.data else str(block.path)
        box = block.box  # placed by the plan (hpdeck.plan.pictures), to the EMU
        left, top, width, height = (
            Emu(to_emu(v)) for v in (box.left, box.top, box.width, box.height)
        )
        picture = _add_picture(slide.shapes, image, left, top, width, height)
        if block.name is not None:
            picture.name = block.name
        if block.decorative:
            mark_decorative(picture)
        else:
            _alt(picture, block.alt_text)
        _record_source(picture, block.source)
        if block.link:
            picture.click_action.hyperlink.address = block.link
        return picture._element

    def _chart_png(self, chart: Chart) -> bytes:
        box = chart.box
        return self.charts.png(chart.spec, self.chart_style, box.width, box.height)

    def _fill(self, frame: TextFrame, block: Text, *, font: str | None = None) -> None:
        """Write the block's paragraphs with explicit sizes, so nothing depends on autofit.

        Written straight into the XML as python-pptx's text frame setters write it (clear,
        word wrap, no autofit, the anchor, margins at their defaults, each paragraph's
        alignment): its generic element machinery cost more than the rest of a deck's text.
        """
        theme = self.theme
        body = frame._txBody
        first, *extra = body.findall(_A_P)
        for paragraph in extra:  # python-pptx's frame.clear(): the first paragraph stays
            body.remove(paragraph)
        for child in first.findall("*"):  # ... without its runs, breaks and fields
            if child.tag in _CONTENT:
                first.remove(child)
        properties = body.find(_BODY_PR)
        properties.set("wrap", "square")
        for child in properties.findall("*"):
            if child.tag in _AUTOFIT:
                properties.remove(child)
        _insert(properties, properties.makeelement(_NO_AUTOFIT), _AUTOFIT_NEXT)
        properties.set("anchor", _ANCHOR_XML[block.anchor])
        for side in ("lIns", "rIns", "tIns", "bIns"):  # 0.1 in and 0.05 in: python-pptx's
            properties.attrib.pop(side, None)  # defaults, which its setters write as absence
        family = font or (theme.fonts.heading if block.font == "heading" else theme.fonts.body)
        for i, plan in enumerate(block.paragraphs):
            p = first if i == 0 else etree.SubElement(body, _A_P)
            p_pr = p.find(_P_PR)
            if p_pr is None:
                p_pr = _insert(p, p.makeelement(_P_PR), _P_PR_NEXT)
            p_pr.set("algn", _ALIGN_XML[plan.align or block.align])
            if plan.space_before:
                _Paragraph(p, frame).space_before = Pt(plan.space_before)
            if plan.bullet:
                _bullet(p, block.color)
            for run_plan in plan.runs:
                run = _run(
                    p,
                    run_plan.text,
                    family,
                    _size(plan, block),
                    run_plan.bold,
                    run_plan.italic,
                    run_plan.color or block.color,
                    LANG_TAGS.get(run_plan.lang or "", self.fmt.lang_tag),
                )
                if run_plan.link:
                    _Run(run, _Paragraph(p, frame)).hyperlink.address = run_plan.link
        for p in body.findall(_A_P):  # runs carry the language already; ends need it too
            end = p.find(_END)
            if end is None:
                end = etree.SubElement(p, _END)
            end.set("lang", self.fmt.lang_tag)

    def _tag_language(self, frame: TextFrame) -> None:
        """Mark every run with the deck's language so PowerPoint spell-checks it as such
        (written straight into the XML, where python-pptx's run fonts would put it)."""
        lang = self.fmt.lang_tag
        for p in frame._txBody.findall(_A_P):
            for run in p.findall(_R):
                props = run.find(_R_PR)
                if props is None:
                    props = _insert(run, run.makeelement(_R_PR), _R_PR_NEXT)
                props.set("lang", lang)
            end = p.find(_END)
            if end is None:
                end = etree.SubElement(p, _END)
            end.set("lang", lang)

    # -- output -------------------------------------------------------------------------------

    def to_bytes(
        self,
        *,
        title: str,
        stamp: dt.datetime,
        keywords: str = "",
        subject: str = "",
        identifier: str = "",
        version: str = "",
    ) -> bytes:
        """The finished file, with fixed document times and zip entry times."""
        values = (subject, identifier, version, title, stamp, keywords, self.fmt.lang_tag)
        core = self.prs.part.package.core_properties  # the part: not parsed yet when copied
        # In a batch every deck's properties are the same: written once, their bytes kept.
        key = (shared_slides.bytes_of(core), values) if shared_slides.active() else None
        kept = _CORE.get(key) if key else None
        if kept is None or not shared_slides.replace_bytes(core, kept):
            props = self.prs.core_properties
            if subject or identifier or version:
                props.subject, props.identifier, props.version = subject, identifier, version
            props.title = title
            props.author = "hpdeck"
            props.last_modified_by = "hpdeck"
            props.created = stamp
            props.modified = stamp
            props.last_printed = stamp
            props.revision = 1
            props.keywords = keywords
            props.language = self.fmt.lang_tag
            if key:
                if len(_CORE) > 64:  # a long-running process must not grow without end
                    _CORE.clear()
                _CORE[key] = core.blob
        return _package_bytes(self.prs)


_CORE: dict[tuple[bytes, tuple[Any, ...]], bytes] = {}


def write_slides(pages: Sequence[CompleteSlide], writer: PptxWriter) -> None:
    """Add every completed slide, in order (their pictures drawn before: see
    hpdeck.pipeline.build.render)."""
    for page in pages:
        writer.add(page)


def _run(
    p: CT_TextParagraph,
    text: str,
    family: str,
    size: float,
    bold: bool,
    italic: bool,
    color: str,
    lang: str,
) -> CT_RegularTextRun:
    """A text run with its style written straight into the XML: python-pptx's property setters
    cost more than everything else the writer does, and a batch writes thousands of runs."""
    run = _insert(p, p.makeelement(_R), _R_NEXT)
    props = etree.SubElement(run, _R_PR)
    props.set("lang", lang)
    props.set("sz", str(round(size * 100)))
    props.set("b", "1" if bold else "0")
    props.set("i", "1" if italic else "0")
    fill = etree.SubElement(props, _SOLID_FILL)
    etree.SubElement(fill, _SRGB_CLR, val=color)
    etree.SubElement(props, _LATIN, typeface=family)
    etree.SubElement(run, _T).text = CT_RegularTextRun._escape_ctrl_chars(text)
    return run


def _insert(parent: Any, child: Any, successors: frozenset[str]) -> Any:
    """``child`` added to ``parent`` before its first child of a kind in ``successors`` (at the
    end when there is none), where python-pptx's schema-aware adders put it."""
    for sibling in parent.iterchildren():
        if sibling.tag in successors:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


_A_P, _P_PR, _R, _R_PR, _T, _END = (
    qn(f"a:{n}") for n in ("p", "pPr", "r", "rPr", "t", "endParaRPr")
)
_SOLID_FILL, _SRGB_CLR, _LATIN = qn("a:solidFill"), qn("a:srgbClr"), qn("a:latin")
_CONTENT = frozenset(qn(f"a:{n}") for n in ("r", "br", "fld"))
_P_PR_NEXT = frozenset(qn(f"a:{n}") for n in ("r", "br", "fld", "endParaRPr"))
_R_NEXT = frozenset([_END])
_R_PR_NEXT = frozenset([_T])
_BODY_PR, _NO_AUTOFIT = qn("a:bodyPr"), qn("a:noAutofit")
_AUTOFIT = frozenset(qn(f"a:{n}") for n in ("noAutofit", "normAutofit", "spAutoFit"))
_AUTOFIT_NEXT = frozenset(qn(f"a:{n}") for n in ("scene3d", "sp3d", "flatTx", "extLst"))
# As python-pptx writes PP_ALIGN and MSO_ANCHOR's members.
_ALIGN_XML = {"left": "l", "center": "ctr", "right": "r"}
_ANCHOR_XML = {"top": "t", "middle": "ctr", "bottom": "b"}


def _size(paragraph: Paragraph, block: Text) -> float:
    return paragraph.size or block.size


def _emu(box: Box) -> tuple[Length, Length, Length, Length]:
    return Inches(box.left), Inches(box.top), Inches(box.width), Inches(box.height)


# python-pptx's adders, without its shape factory, which looks each new shape's placeholder up
# by XPath only to find it has none; the shapes are the classes the factory would return.


def _add_textbox(shapes: Any, box: Box) -> PptxShape:
    """``shapes.add_textbox(*_emu(box))``."""
    return PptxShape(shapes._add_textbox_sp(*_emu(box)), shapes)


def _add_shape(shapes: Any, kind: MSO_SHAPE, box: Box) -> PptxShape:
    """``shapes.add_shape(kind, *_emu(box))``."""
    return PptxShape(shapes._add_sp(AutoShapeType(kind), *_emu(box)), shapes)


def _add_connector(
    shapes: Any, kind: Any, x1: Length, y1: Length, x2: Length, y2: Length
) -> Connector:
    """``shapes.add_connector(kind, x1, y1, x2, y2)``."""
    return Connector(shapes._add_cxnSp(kind, x1, y1, x2, y2), shapes)


def _add_picture(
    shapes: Any, image: Any, left: Length, top: Length, width: Length, height: Length
) -> PptxPicture:
    """``shapes.add_picture(image, left, top, width, height)``, which also reads the picture's
    size in pixels three times (with Pillow) to scale it when both sides are already given."""
    image_part, rid = shapes.part.get_or_add_image_part(image)
    shape_id = shapes._next_shape_id
    if not (width and height):
        width, height = image_part.scale(width, height)
    pic = shapes._grpSp.add_pic(
        shape_id, f"Picture {shape_id - 1}", image_part.desc, rid, left, top, width, height
    )
    return PptxPicture(pic, shapes)


def _notes_frame(notes_slide: Any) -> TextFrame:
    """``notes_slide.notes_text_frame``: the body placeholder's, found in one pass (python-pptx
    looks each shape's placeholder up by XPath)."""
    shapes = notes_slide.shapes
    for elm in shapes._spTree.iter_shape_elms():
        ph = _ph(elm)
        if ph is not None and ph.get("type") == "body":
            return PptxShape(elm, shapes).text_frame
    raise ValueError("a notes slide without a notes placeholder")


def _ph(shape: Any) -> Any:
    """A shape element's placeholder element (``p:nvXxPr/p:nvPr/p:ph``), or None."""
    first = shape.find("*")  # ./*[1]/p:nvPr/p:ph, as python-pptx finds it
    properties = None if first is None else first.find(_NV_PR)
    return None if properties is None else properties.find(_PH)


_NV_PR, _PH, _C_NV_PR = qn("p:nvPr"), qn("p:ph"), qn("p:cNvPr")
_EXT_LST, _EXT = qn("a:extLst"), qn("a:ext")


def _place(shape, box: Box) -> None:  # type: ignore[no-untyped-def]
    shape.left, shape.top, shape.width, shape.height = _emu(box)


def _alt(picture, text: str) -> None:  # type: ignore[no-untyped-def]
    """Alt text lives in the picture's cNvPr/@descr, where PowerPoint and PDF export read it."""
    picture._element.nvPicPr.cNvPr.set("descr", text)


def _record_source(  # type: ignore[no-untyped-def]
    shape,
    source: Origin | None,
    min_size: float | None = None,
    paragraphs: Sequence[Paragraph] = (),
    categories: Sequence[tuple[Origin | None, Origin | None]] = (),
) -> None:
    """Note where a shape's content comes from and its smallest allowed size, for the linter;
    where a paragraph written elsewhere than the rest was (``hp:part``: its index, origin); and
    where a chart's category's name and note were (``hp:category``: its index, ``source``,
    ``note``).

    Stored as an OOXML extension (a:extLst), which PowerPoint ignores and the schemas allow.
    """
    parts = [(i, p.source) for i, p in enumerate(paragraphs) if p.source and p.source != source]
    if not source and min_size is None and not parts and not any(map(any, categories)):
        return
    c_nv_pr = shape._element.find("*").find(_C_NV_PR)  # ./*[1]/p:cNvPr
    ext_lst = c_nv_pr.find(_EXT_LST)
    if ext_lst is None:
        ext_lst = etree.SubElement(c_nv_pr, _EXT_LST)
    ext = etree.SubElement(ext_lst, _EXT, uri=SOURCE_EXT)
    meta = etree.SubElement(ext, f"{{{HP_NS}}}meta", nsmap={HP_PREFIX: HP_NS})
    if source:
        meta.set("source", str(source))
    if min_size is not None:
        meta.set("min", f"{min_size:g}")
    for index, part in parts:
        etree.SubElement(meta, f"{{{HP_NS}}}part", p=str(index), source=str(part))
    for index, (name, note) in enumerate(categories):
        written = {"source": str(name)} if name else {}
        category = etree.SubElement(meta, f"{{{HP_NS}}}category", i=str(index), **written)
        if note:
            category.set("note", str(note))


def _plain(shape) -> None:  # type: ignore[no-untyped-def]
    """Drop the default shape style, whose shadow and text colour LibreOffice still applies."""
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)


def _bullet(p, color: str) -> None:  # type: ignore[no-untyped-def]
    """A round bullet with a hanging indent, in the text colour."""
    p_pr = p.get_or_add_pPr()
    p_pr.set("marL", str(Inches(0.35)))
    p_pr.set("indent", str(-Inches(0.35)))
    bu_clr = etree.SubElement(p_pr, qn("a:buClr"))
    etree.SubElement(bu_clr, qn("a:srgbClr"), val=color)
    etree.SubElement(p_pr, qn("a:buFont"), typeface="Arial")
    etree.SubElement(p_pr, qn("a:buChar"), char="•")


def _entries(package: Any) -> Iterator[tuple[str, bytes, bool]]:
    """The package's zip entries in python-pptx's order (``PackageWriter``): content types,
    the package's relationships, then each part and its relationships. Pictures are stored
    as they are (deflating a PNG again only costs time)."""
    parts = package_walk.parts(package)
    yield CONTENT_TYPES_URI.membername, _content_types(parts), True
    yield PACKAGE_URI.rels_uri.membername, _rels_xml(package._rels), True
    for part in parts:
        name = part.partname
        yield name[1:], part.blob, not name.startswith("/ppt/media/")
        if part._rels:
            yield _rels_name(name), _rels_xml(part._rels), True


def _rels_name(partname: str) -> str:
    """The zip name of a part's relationships (python-pptx's ``partname.rels_uri``)."""
    found = _RELS_NAMES.get(partname)
    if found is None:
        if len(_RELS_NAMES) > 10_000:  # a long-running process must not grow without end
            _RELS_NAMES.clear()
        found = _RELS_NAMES[partname] = PackURI(partname).rels_uri.membername
    return found


_RELS_NAMES: dict[str, str] = {}


def _content_types(parts: Sequence[Any]) -> bytes:
    """python-pptx's ``[Content_Types].xml`` for ``parts``, made once for each distinct list of
    part names and types (it depends on nothing else)."""
    key = tuple((part.partname, part.content_type) for part in parts)
    found = _CONTENT_TYPES.get(key)
    if found is None:
        if len(_CONTENT_TYPES) > 1_000:  # a long-running process must not grow without end
            _CONTENT_TYPES.clear()
        found = _CONTENT_TYPES[key] = serialize_part_xml(_ContentTypesItem.xml_for(parts))
    return found


_CONTENT_TYPES: dict[tuple[tuple[str, str], ...], bytes] = {}


def _rels_xml(rels: Any) -> bytes:
    """python-pptx's ``rels.xml``, made once for each distinct set of relationships: most parts
    of the decks in a batch (the template's, the shared slides') relate to the same targets.
    What python-pptx writes depends only on the base, ids, types, modes and targets."""
    key = (
        rels._base_uri,
        tuple(
            (
                rid,
                rel._reltype,
                rel._target_mode,
                rel._target if rel._target_mode == RTM.EXTERNAL else rel._target.partname,
            )
            for rid, rel in rels._rels.items()
        ),
    )
    found = _RELS_XML.get(key)
    if found is None:
        if len(_RELS_XML) > 10_000:  # a long-running process must not grow without end
            _RELS_XML.clear()
        found = _RELS_XML[key] = rels.xml
    return found


_RELS_XML: dict[tuple[Any, ...], bytes] = {}


def _package_bytes(prs) -> bytes:  # type: ignore[no-untyped-def]
    """The package zipped in one pass, as ``Presentation.save`` would but reproducibly."""
    from hpdeck.render.app_props import set_app_properties
    from hpdeck.render.notes_page import a4_notes_pages

    a4_notes_pages(prs)
    set_app_properties(prs)
    return zip_bytes(_entries(prs.part.package))
