"""Slides every municipality's deck shares, written once per batch and copied into each deck.

A council batch writes the same slides (the region's status, the economy, the vision) into
every municipality's deck; python-pptx spends most of a deck's time building them shape by
shape. While ``sharing()`` is on, the writer records each slide it built: its XML, its notes'
XML and its relationships (layout, pictures, links, notes) in the order they were made. A later
deck with the same complete slide plan (its footer shows the slide's number and the total),
in the same theme and language, gets that slide as a copy: the parts are made in the same order
with the same names and relationship ids, so the file is byte-identical to one built shape by
shape (tests/test_shared_slides.py builds both and compares).

Only a batch turns sharing on: its decks are built from the same files within one command, so a
picture named by path cannot change between the record and the copy. Slides with parts other
than pictures (native charts with their workbooks) are always built.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.parts.image import ImagePart
from pptx.parts.slide import NotesSlidePart, SlideLayoutPart, SlidePart

from hpdeck.plan.chrome import CompleteSlide


@dataclass(frozen=True)
class _Relation:
    """One relationship of a recorded slide, as the writer made it."""

    rid: str
    kind: str  # "layout", "image", "external" or "notes"
    reltype: str
    target: bytes | str | None = None  # an image's bytes, a link's address


@dataclass(frozen=True)
class _Recorded:
    xml: bytes
    relations: tuple[_Relation, ...]
    notes_xml: bytes | None


_STORE: dict[tuple[Any, ...], _Recorded | None] | None = None


@contextlib.contextmanager
def sharing() -> Iterator[None]:
    """Record and copy shared slides until the block ends (forked workers inherit the store)."""
    global _STORE
    previous, _STORE = _STORE, {}
    try:
        yield
    finally:
        _STORE = previous


def key(context: tuple[Any, ...], page: CompleteSlide) -> tuple[Any, ...] | None:
    """What a slide's XML depends on, or None when nothing is being shared: its complete plan,
    whose footer shows a content slide's number and the total."""
    if _STORE is None:
        return None
    return (context, repr(page))


def copy(prs: Any, layout: Any, slide_key: tuple[Any, ...] | None) -> bool:
    """Add the recorded slide for ``slide_key`` to ``prs``; False when there is none."""
    if _STORE is None or slide_key is None:
        return False
    recorded = _STORE.get(slide_key)
    if recorded is None:
        return False
    presentation_part = prs.part
    package = presentation_part.package
    slide_part = SlidePart(
        presentation_part._next_slide_partname, CT.PML_SLIDE, package, parse_xml(recorded.xml)
    )
    for relation in recorded.relations:
        if relation.kind == "layout":
            made = slide_part.relate_to(layout.part, relation.reltype)
        elif relation.kind == "image":
            assert isinstance(relation.target, bytes)
            image_part = package.get_or_add_image_part(io.BytesIO(relation.target))
            made = slide_part.relate_to(image_part, relation.reltype)
        elif relation.kind == "external":
            assert isinstance(relation.target, str)
            made = slide_part.relate_to(relation.target, relation.reltype, is_external=True)
        else:
            assert recorded.notes_xml is not None
            notes_part = NotesSlidePart(
                package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
                CT.PML_NOTES_SLIDE,
                package,
                parse_xml(recorded.notes_xml),
            )
            notes_part.relate_to(presentation_part.notes_master_part, RT.NOTES_MASTER)
            notes_part.relate_to(slide_part, RT.SLIDE)
            made = slide_part.relate_to(notes_part, relation.reltype)
        if made != relation.rid:  # the copy would not be the slide the writer makes
            raise RuntimeError(f"copied slide: {made} where {relation.rid} was recorded")
    prs.slides._sldIdLst.add_sldId(presentation_part.relate_to(slide_part, RT.SLIDE))
    return True


def record(slide: Any, slide_key: tuple[Any, ...] | None) -> None:
    """Remember the slide the writer just built under ``slide_key`` (when sharing)."""
    if _STORE is None or slide_key is None or slide_key in _STORE:
        return
    part = slide.part
    relations = []
    notes_xml = None
    for rid in part.rels:
        rel = part.rels[rid]
        if rel.is_external:
            relations.append(_Relation(rid, "external", rel.reltype, rel.target_ref))
            continue
        target = rel.target_part
        if isinstance(target, SlideLayoutPart):
            relations.append(_Relation(rid, "layout", rel.reltype))
        elif isinstance(target, ImagePart):
            relations.append(_Relation(rid, "image", rel.reltype, target.blob))
        elif isinstance(target, NotesSlidePart) and len(target.rels) == 2:
            relations.append(_Relation(rid, "notes", rel.reltype))
            notes_xml = etree.tostring(target._element)
        else:  # a native chart and its workbook: built every time
            _STORE[slide_key] = None
            return
    _STORE[slide_key] = _Recorded(etree.tostring(part._element), tuple(relations), notes_xml)
