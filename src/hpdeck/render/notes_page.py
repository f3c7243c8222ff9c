"""Notes pages on A4, the paper Norwegian offices print on, so the handout fills the page.

The handout PDF is LibreOffice's (or PowerPoint's) print of the notes pages, whose size is the
presentation's ``notesSz``; python-pptx leaves it at its template's 7.5 × 10 in. The notes
master's placeholders (the slide picture, the notes text, headers) are moved and scaled with
the page, so they keep their places on it.
"""

from __future__ import annotations

from pptx.oxml.ns import qn
from pptx.util import Mm

A4 = (Mm(210), Mm(297))


def a4_notes_pages(prs) -> None:  # type: ignore[no-untyped-def]
    """Set the notes page of a presentation that has notes to A4 portrait."""
    slides = (prs.part.related_part(slide_id.rId) for slide_id in prs.slides._sldIdLst)
    if not any(part.has_notes_slide for part in slides):  # parts: no slide's XML is parsed
        return
    size = prs.part._element.find(qn("p:notesSz"))
    old = int(size.get("cx")), int(size.get("cy"))
    if old == A4:
        return
    scale_x, scale_y = A4[0] / old[0], A4[1] / old[1]
    for shape in prs.notes_master.shapes:
        if shape.left is None or shape.width is None:
            continue
        shape.left, shape.width = round(shape.left * scale_x), round(shape.width * scale_x)
        shape.top, shape.height = round(shape.top * scale_y), round(shape.height * scale_y)
    size.set("cx", str(A4[0]))
    size.set("cy", str(A4[1]))
