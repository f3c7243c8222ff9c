"""docProps/app.xml, the "extended properties" File > Info shows: which program made the file,
its format and how many slides and notes it has.

python-pptx copies its own template's part unchanged ("Microsoft Macintosh PowerPoint",
"On-screen Show (4:3)", 0 slides), which is untrue of every deck hpdeck writes.
"""

from __future__ import annotations

from fractions import Fraction
from xml.sax.saxutils import escape

from pptx.opc.constants import RELATIONSHIP_TYPE as RT

PARTNAME = "/docProps/app.xml"
_FORMATS = {
    Fraction(16, 9): "On-screen Show (16:9)",
    Fraction(4, 3): "On-screen Show (4:3)",
    Fraction(16, 10): "On-screen Show (16:10)",
}


def app_xml(*, slides: int, notes: int, width: int, height: int, version: str) -> bytes:
    """The extended properties of a deck of ``slides`` slides (``notes`` with notes), sized
    ``width`` × ``height`` EMU, written by hpdeck ``version``."""
    shape = _FORMATS.get(Fraction(width, height).limit_denominator(20), "Custom")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/docPropsVTypes"><TotalTime>0</TotalTime>'
        f"<Application>{escape(f'hpdeck {version}')}</Application>"
        f"<PresentationFormat>{shape}</PresentationFormat>"
        f"<Slides>{slides}</Slides><Notes>{notes}</Notes><HiddenSlides>0</HiddenSlides>"
        "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "</Properties>"
    ).encode()


def set_app_properties(prs) -> None:  # type: ignore[no-untyped-def]
    """Replace the presentation's app.xml (when it has one) with the truth about it."""
    from hpdeck import __version__

    package = prs.part.package  # the package relates to it (python-pptx's templates do)
    related = (rel for rel in package._rels.values() if not rel.is_external)
    part = next((r.target_part for r in related if r.target_part.partname == PARTNAME), None)
    if part is None:
        return
    # The slide parts, not python-pptx's slide objects: those parse every copied slide's XML
    # (see hpdeck.render.shared_slides) only to count it.
    slides = [prs.part.related_part(slide_id.rId) for slide_id in prs.slides._sldIdLst]
    part._blob = app_xml(
        slides=len(slides),
        notes=sum(_has_notes(s) for s in slides),
        width=prs.slide_width,
        height=prs.slide_height,
        version=__version__,
    )


def _has_notes(slide_part) -> bool:  # type: ignore[no-untyped-def]
    """``slide_part.has_notes_slide``, read from its relationships' fields (python-pptx sorts
    every relationship by type to answer)."""
    return any(rel._reltype == RT.NOTES_SLIDE for rel in slide_part._rels._rels.values())
