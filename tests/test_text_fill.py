"""The writer fills text frames straight in the XML; what it writes must be what python-pptx's
own text frame setters write for the same plan, on every kind of frame it fills."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from hpdeck.content.theme import load_theme
from hpdeck.plan.i18n import LANG_TAGS, Formatter
from hpdeck.plan.model import Box, Paragraph, Run, Text
from hpdeck.render import pptx as writer_module
from hpdeck.render.charts.cache import ChartCache
from hpdeck.render.pptx import PptxWriter

REPO = Path(__file__).resolve().parents[1]
ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}


def _reference(writer: PptxWriter, frame, block: Text) -> None:  # type: ignore[no-untyped-def]
    """The fill as written with python-pptx's setters (the writer's former code)."""
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = ANCHOR[block.anchor]
    for side in ("margin_left", "margin_right"):
        setattr(frame, side, Inches(0.1))
    for side in ("margin_top", "margin_bottom"):
        setattr(frame, side, Inches(0.05))
    theme = writer.theme
    family = theme.fonts.heading if block.font == "heading" else theme.fonts.body
    for i, plan in enumerate(block.paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = ALIGN[plan.align or block.align]
        if plan.space_before:
            paragraph.space_before = Pt(plan.space_before)
        if plan.bullet:
            writer_module._bullet(paragraph._p, block.color)
        for run_plan in plan.runs:
            run = paragraph.add_run()
            run.text = run_plan.text
            props = run.font._rPr
            props.set("lang", LANG_TAGS.get(run_plan.lang or "", writer.fmt.lang_tag))
            props.set("sz", str(round((plan.size or block.size) * 100)))
            props.set("b", "1" if run_plan.bold else "0")
            props.set("i", "1" if run_plan.italic else "0")
            fill = etree.SubElement(props, qn("a:solidFill"))
            etree.SubElement(fill, qn("a:srgbClr"), val=run_plan.color or block.color)
            etree.SubElement(props, qn("a:latin"), typeface=family)
            if run_plan.link:
                run.hyperlink.address = run_plan.link
    for paragraph in frame.paragraphs:
        paragraph._p.get_or_add_endParaRPr().set("lang", writer.fmt.lang_tag)


BLOCKS = [
    Text(Box(1, 1, 4, 1), (Paragraph((Run("Skaun kommune"),)),), 24, 18, "1F2A44"),
    Text(
        Box(1, 1, 4, 2),
        (
            Paragraph(
                (Run("Først", bold=True), Run(" og så", italic=True, color="D04A02")),
            ),
            Paragraph((Run("punkt", lang="en"),), bullet=True, align="right", size=14),
            Paragraph((Run(""),), space_before=6),
            Paragraph((Run("lenke\x07\vher", link="https://example.org/a"),), align="center"),
        ),
        20,
        12,
        "333333",
        font="heading",
        anchor="bottom",
    ),
    Text(
        Box(1, 1, 4, 1),
        (Paragraph((Run("midt"),), space_before=3),),
        18,
        18,
        "000000",
        anchor="middle",
    ),
]


@pytest.mark.parametrize("kind", ["textbox", "shape", "title", "filled twice"])
@pytest.mark.parametrize("block", BLOCKS)
def test_a_filled_frame_is_what_python_pptx_setters_write(
    kind: str, block: Text, tmp_path: Path
) -> None:
    made = []
    for fill in (PptxWriter._fill, _reference):
        writer = PptxWriter(
            load_theme(REPO, "helseplattformen"), Formatter("nb"), ChartCache(tmp_path)
        )
        slide = writer.prs.slides.add_slide(writer._layout("content"))
        if kind == "shape":
            shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, 0, 0, Inches(2), Inches(1))
        elif kind == "title":
            shape = slide.shapes.title
        else:
            shape = slide.shapes.add_textbox(0, 0, Inches(2), Inches(1))
        if kind == "filled twice":  # a frame with paragraphs, runs and autofit already
            fill(writer, shape.text_frame, BLOCKS[1])
        fill(writer, shape.text_frame, block)
        made.append(
            etree.tostring(slide.part._element)
            + repr([(k, r.reltype, r.target_ref) for k, r in slide.part.rels.items()]).encode()
        )
    assert made[0] == made[1]
