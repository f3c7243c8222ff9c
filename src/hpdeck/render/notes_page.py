"""Notes pages on A4, the paper Norwegian offices print on, so the handout fills the page.

The handout PDF is LibreOffice's (or PowerPoint's) print of the notes pages, whose size is the
presentation's ``notesSz``; python-pptx leaves it at its template's 7.5 × 10 in. The notes
master's placeholders (the slide picture, the notes text, headers) are moved and scaled with
the page, so they keep their places on it.
"""

from __future__ import annotations

from typing import Any

from pptx.oxml.ns import qn
from pptx.util import Mm

from hpdeck.render import shared_slides

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
    master = shared_slides.notes_master_part(prs)
    # In a batch every deck's notes master is the same copy: scaled once, its bytes kept.
    key = (shared_slides.bytes_of(master), old) if shared_slides.active() else None
    scaled = _SCALED.get(key) if key else None
    if scaled is None or not shared_slides.replace_bytes(master, scaled):
        _scale(master, A4[0] / old[0], A4[1] / old[1])
        if key:
            if len(_SCALED) > 64:  # a long-running process must not grow without end
                _SCALED.clear()
            _SCALED[key] = shared_slides.bytes_of(master)
    size.set("cx", str(A4[0]))
    size.set("cy", str(A4[1]))


def _scale(master: Any, scale_x: float, scale_y: float) -> None:
    for shape in master.notes_master.shapes:
        if shape.left is None or shape.width is None:
            continue
        shape.left, shape.width = round(shape.left * scale_x), round(shape.width * scale_x)
        shape.top, shape.height = round(shape.top * scale_y), round(shape.height * scale_y)


_SCALED: dict[tuple[bytes, tuple[int, int]], bytes] = {}
