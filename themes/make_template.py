"""Make the sample corporate template, themes/corporate/template.pptx, from code.

Like an organisation's own template it has a master with the logo and a brand band, named
layouts ("Forside", "Innhold", …) whose placeholders sit on hpdeck's grid, and its own title
style. It is committed (16 KB, so `--theme corporate` works on a fresh clone and in the wheel)
and made by this script, byte for byte: after changing the script, run `make templates` or
`python themes/make_template.py [OUT]` and commit the result; a test checks they agree.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from hpdeck.plan import layout as grid
from hpdeck.plan.fit import text_width

# The cover's own grid: its side panel and accent bar stand left of a wide title, so it keeps
# the full-width places hpdeck's own title slide gives up to its colour field.
COVER_TITLE = grid.Box(grid.MARGIN + 0.4, 2.0, grid.SLIDE_WIDTH - 2 * grid.MARGIN - 0.8, 2.0)
COVER_SUBTITLE = grid.Box(grid.MARGIN + 0.4, 4.2, grid.SLIDE_WIDTH - 2 * grid.MARGIN - 0.8, 1.6)

NAVY, BERRY, TEXT, MUTED = "0B3C5D", "A3195B", "1F2A37", "55606E"
FONT = "Calibri"
# python-pptx's built-in layout -> the name this template gives it; the rest are removed.
KEEP = {
    "Title Slide": "Forside",
    "Title Only": "Innhold",
    "Title and Content": "Tittel og innhold",
    "Picture with Caption": "Bilde med tekst",
}
UNUSED = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)


def _emu(box: grid.Box) -> tuple[int, int, int, int]:
    return Inches(box.left), Inches(box.top), Inches(box.width), Inches(box.height)


def _place(shape, box: grid.Box) -> None:  # type: ignore[no-untyped-def]
    shape.left, shape.top, shape.width, shape.height = _emu(box)


def _text_style(element, size: float, color: str, *, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Set a master text level's default run: size, weight, colour and font."""
    def_rpr = element.find(qn("a:defRPr"))
    for child in list(def_rpr):
        if child.tag in (qn("a:solidFill"), qn("a:latin")):
            def_rpr.remove(child)
    def_rpr.set("sz", str(int(size * 100)))
    def_rpr.set("b", "1" if bold else "0")
    fill = etree.Element(qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=color)
    def_rpr.insert(0, fill)  # the schema's order: fill, then latin, then ea and cs
    def_rpr.insert(1, etree.Element(qn("a:latin"), typeface=FONT))


class _Scratch:
    """A throwaway slide to draw shapes on before moving them onto a master or layout."""

    def __init__(self, prs) -> None:  # type: ignore[no-untyped-def]
        self.prs = prs
        self.slide = prs.slides.add_slide(prs.slide_layouts[0])

    def move(self, shape, target) -> None:  # type: ignore[no-untyped-def]
        """Move ``shape`` to the end of ``target``'s shape tree (behind its placeholders), with
        an id no other shape there has (PowerPoint repairs a file whose ids repeat)."""
        tree = target.shapes._spTree
        used = [int(element.get("id")) for element in tree.iter(qn("p:cNvPr"))]
        shape._element.xpath("./*/p:cNvPr")[0].set("id", str(max(used, default=1) + 1))
        tree.insert(2, shape._element)

    def rect(self, box: grid.Box, color: str, name: str):  # type: ignore[no-untyped-def]
        shape = self.slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *_emu(box))
        shape.name = name
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(color)
        shape.line.fill.background()
        style = shape._element.find(qn("p:style"))
        if style is not None:
            shape._element.remove(style)
        return shape

    def words(
        self,
        box: grid.Box,
        text: str,
        size: float,
        color: str,
        name: str,
        *,
        align: PP_ALIGN = PP_ALIGN.RIGHT,
    ):  # type: ignore[no-untyped-def]
        shape = self.slide.shapes.add_textbox(*_emu(box))
        shape.name = name
        frame = shape.text_frame
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame.word_wrap = True  # keep the box's width, so left-aligned text starts at its edge
        frame.margin_left = frame.margin_right = 0
        while text_width(text, size, bold=True, family=FONT) > box.width * 0.95 and size > 8:
            size -= 1  # a wordmark is one line: "Helseplattforme/n" is not the brand
        paragraph = frame.paragraphs[0]
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = text
        run.font.size, run.font.bold, run.font.name = Pt(size), True, FONT
        run.font.color.rgb = RGBColor.from_string(color)
        return shape

    def close(self) -> None:
        id_list = self.prs.slides._sldIdLst
        slide_id = id_list[-1]
        self.prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def make(out: Path) -> Path:
    """Write the template to ``out`` and return it."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(grid.SLIDE_WIDTH), Inches(grid.SLIDE_HEIGHT)
    master = prs.slide_master
    for layout in list(prs.slide_layouts):
        if layout.name not in KEEP:
            prs.slide_layouts.remove(layout)
    master.background.fill.solid()
    master.background.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    styles = master._element.find(qn("p:txStyles"))
    _text_style(styles.find(qn("p:titleStyle")).find(qn("a:lvl1pPr")), 36, NAVY, bold=True)
    _text_style(styles.find(qn("p:bodyStyle")).find(qn("a:lvl1pPr")), 24, TEXT)

    scratch = _Scratch(prs)
    # The master: a berry band along the bottom edge and the wordmark at the top right.
    scratch.move(
        scratch.rect(
            grid.Box(0, grid.SLIDE_HEIGHT - 0.12, grid.SLIDE_WIDTH, 0.12), BERRY, "Brand band"
        ),
        master,
    )
    scratch.move(scratch.words(grid.LOGO, "Helseplattformen", 18, NAVY, "Logo"), master)

    for layout in prs.slide_layouts:
        layout.name = KEEP[layout.name]
        for placeholder in list(layout.placeholders):
            if placeholder.placeholder_format.type in UNUSED:
                placeholder._element.getparent().remove(placeholder._element)
        for placeholder in layout.placeholders:
            kind = placeholder.placeholder_format.type
            if kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
                _place(placeholder, COVER_TITLE if layout.name == "Forside" else grid.TITLE)
            elif layout.name == "Forside":
                _place(placeholder, COVER_SUBTITLE)
            elif kind == PP_PLACEHOLDER.PICTURE:
                _place(placeholder, grid.BODY.split_left(0.6, grid.GAP)[0])
            elif layout.name == "Bilde med tekst":
                _place(placeholder, grid.BODY.split_left(0.6, grid.GAP)[1])
            else:
                _place(placeholder, grid.BODY)
    # The title layout: a navy panel at the left edge with a berry accent beside the title.
    cover = next(layout for layout in prs.slide_layouts if layout.name == "Forside")
    cover._element.set("showMasterSp", "0")  # the cover has its own logo, not the master's
    scratch.move(scratch.rect(grid.Box(0, 0, 0.45, grid.SLIDE_HEIGHT), NAVY, "Side panel"), cover)
    title = COVER_TITLE
    scratch.move(
        scratch.rect(grid.Box(title.left - 0.35, title.top + 0.2, 0.12, 3.4), BERRY, "Accent bar"),
        cover,
    )
    inset = 0.1  # the title placeholder's own left inset: the wordmark starts under its text
    scratch.move(
        scratch.words(
            grid.Box(title.left + inset, 6.2, 5.0, 0.7),
            "Helseplattformen",
            26,
            NAVY,
            "Cover logo",
            align=PP_ALIGN.LEFT,
        ),
        cover,
    )
    scratch.close()

    props = prs.core_properties
    props.title, props.author, props.last_modified_by = "Helseplattformen (mal)", "hpdeck", "hpdeck"
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    prs.save(buffer)
    out.write_bytes(_dated_1980(buffer.getvalue()))
    return out


def _dated_1980(data: bytes) -> bytes:
    """The same package with every entry dated 1980-01-01, so the committed file changes only
    when this script's output does."""
    result = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item))
    return result.getvalue()


if __name__ == "__main__":
    default = Path(__file__).parent / "corporate" / "template.pptx"
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    print(f"wrote {make(target)}")
