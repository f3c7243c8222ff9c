"""Decorative shapes: marked so assistive technology skips them, in the .pptx and in the PDF.

PowerPoint records "Mark as decorative" as an ``adec:decorative`` extension in a shape's cNvPr;
its accessibility checker and its own PDF export then leave the shape out. LibreOffice (7.4, the
stand-in for PowerPoint here) ignores the mark and tags every shape without text as a /Figure
with no alternative text, which a PDF/UA checker counts as a missing description. So the PDF
hpdeck exports is finished in :mod:`hpdeck.export.pdf_tags`: a figure LibreOffice left without /Alt
can only be one of these decorative shapes, because every other picture hpdeck writes carries
its description (the linter refuses one that does not), and it becomes an artifact.
"""

from __future__ import annotations

from lxml import etree
from pptx.oxml.ns import qn

from hpdeck.plan.conventions import DECORATIVE_EXT, DECORATIVE_NS, DECORATIVE_PREFIX


def mark_decorative(shape) -> None:  # type: ignore[no-untyped-def]
    """Mark ``shape`` decorative as PowerPoint does, with no description to read out."""
    c_nv_pr = shape._element.xpath("./*[1]/p:cNvPr")[0]
    c_nv_pr.attrib.pop("descr", None)
    ext_lst = c_nv_pr.find(qn("a:extLst"))
    if ext_lst is None:
        ext_lst = etree.SubElement(c_nv_pr, qn("a:extLst"))
    ext = etree.SubElement(ext_lst, qn("a:ext"), uri=DECORATIVE_EXT)
    etree.SubElement(
        ext, f"{{{DECORATIVE_NS}}}decorative", nsmap={DECORATIVE_PREFIX: DECORATIVE_NS}, val="1"
    )


def is_decorative(element) -> bool:  # type: ignore[no-untyped-def]
    """Whether a shape's XML element is marked decorative."""
    return bool(element.xpath(f"./*[1]/p:cNvPr/a:extLst/a:ext[@uri='{DECORATIVE_EXT}']"))
