"""A municipality's own slides, written once per batch as a form and filled in for each deck.

The slides a council deck does not share with the others (its title slide, its place on the
status map, its costs, its contact) differ from deck to deck only in words: the name in the
title and the legend, the file and line the words come from, the map's picture and its alt
text, the notes. Where fitting gave two decks the same sizes and places, the writer would write
the same XML around those words. So the first deck's slide is written from a form of its plan,
each such word a unique mark (the same word the same mark, so what the writer decides from
words being equal stays as decided); the slide's XML with the marks is kept, and each deck's
slide, the first one's too, is that XML with its own words put in place of the marks, its own
map related where the form's was. A deck built alone writes the plan itself; the batch's
decks are compared with those byte for byte (tests/test_shared_slides.py).

The words are put in as python-pptx writes them: a run's text with control characters escaped
(``_x0007_``), an origin as its text. Notes with line breaks (which python-pptx turns into
paragraphs and breaks) and slides with native charts are not formed: they are written as
planned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any
from xml.sax.saxutils import escape

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.oxml.ns import qn
from pptx.oxml.text import CT_RegularTextRun
from pptx.parts.image import Image

from hpdeck.content.loader import Origin
from hpdeck.plan.chrome import CompleteSlide
from hpdeck.plan.model import Box, Chart, Line, Paragraph, Picture, Run, Shape, Text
from hpdeck.render import shared_slides
from hpdeck.render.shared_slides import Relation

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: no plan writes them
_MARK = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_MARK_BYTES = re.compile(f"{_OPEN}(\\d+){_CLOSE}".encode())
# Characters XML 1.0 does not allow (lxml refuses them; python-pptx escapes them in runs).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# Values a block holds that are never words: numbers, names, colours, places, pictures' bytes.
_PLAIN = frozenset({str, int, float, bool, bytes, type(None), Box})


class _Unformed(Exception):
    """The slide is written as planned (a native chart, notes with line breaks)."""


@dataclass
class Form:
    """A page's form: its key, the page with marks to write, each mark's words."""

    key: tuple[Any, ...]
    page: CompleteSlide
    words: list[str]
    charts: list[Chart]  # the real charts, in the order the form relates their pictures
    in_text: list[bool]  # whether each mark stands in a text (a run's, the notes'), else in
    # an attribute (an origin, an alt text)

    def escaped(self) -> list[bytes]:
        """Each mark's words as they stand in the XML's bytes."""
        return [
            (_in_text if text else _in_attribute)(word).encode()
            for word, text in zip(self.words, self.in_text, strict=True)
        ]


@dataclass(frozen=True)
class _Kept:
    xml: bytes
    relations: tuple[Relation, ...]
    notes_xml: bytes | None


def form(context: tuple[Any, ...], page: CompleteSlide, native: Any) -> Form | None:
    """The form of ``page`` while a batch shares slides, else None (also when it has none)."""
    if not shared_slides.active():
        return None
    words: dict[tuple[Any, ...], int] = {}
    said: list[str] = []
    in_text: list[bool] = []
    charts: list[Chart] = []

    def mark(word: str, *identity: Any) -> str:
        """The mark of ``word``; words of the same identity share it (by default, the same
        kind of word and the same text)."""
        if _OPEN in word or _NOT_XML.search(word):  # written as planned: lxml refuses it
            raise _Unformed
        number = words.setdefault(identity, len(words))
        if number == len(said):
            said.append(word)
            in_text.append(identity[0] in ("t", "n"))
        return f"{_OPEN}{number}{_CLOSE}"

    def walk(obj: Any) -> tuple[Any, Any]:
        """(what to write, its part of the key)."""
        if isinstance(obj, tuple):
            pairs = [walk(item) for item in obj]
            return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)
        made: Any
        if isinstance(obj, Run):
            text = CT_RegularTextRun._escape_ctrl_chars(obj.text)
            made = replace(obj, text=mark(text, "t", text))
            return made, made
        if isinstance(obj, Origin):  # the same origin the same mark: the writer compares them
            made = Origin(mark(str(obj), "o", obj.file, obj.line))
            return made, made
        if isinstance(obj, Chart):
            if native(obj):
                raise _Unformed
            charts.append(obj)
            alt = mark(obj.spec.alt_text, "a", obj.spec.alt_text)
            source, source_key = walk(obj.source)
            made = replace(obj, spec=replace(obj.spec, alt_text=alt), source=source)
            return made, ("chart", obj.box, obj.name, obj.style, alt, source_key)
        if isinstance(obj, Text | Paragraph | Shape | Picture | Line):
            changed = {}
            key = [type(obj).__name__]
            for name in obj.__dataclass_fields__:
                value = getattr(obj, name)
                if type(value) in _PLAIN:  # no words in it: as it is
                    key.append(value)
                    continue
                made, part = walk(value)
                if made is not value:
                    changed[name] = made
                key.append(part)
            return (replace(obj, **changed) if changed else obj), tuple(key)
        return obj, obj

    slide = page.slide
    notes = slide.notes
    try:
        blocks, blocks_key = walk(slide.blocks)
        title, title_key = walk(page.title)
        subtitle, subtitle_key = walk(page.subtitle)
        chrome, chrome_key = walk(page.chrome)
        if notes and "\n" not in notes and "\v" not in notes:
            escaped = CT_RegularTextRun._escape_ctrl_chars(notes)
            notes = mark(escaped, "n", escaped)
    except _Unformed:
        return None
    key = (context, slide.kind, blocks_key, title_key, subtitle_key, chrome_key, notes)
    written = replace(
        page,
        slide=replace(slide, blocks=blocks, notes=notes),
        title=title,
        subtitle=subtitle,
        chrome=chrome,
    )
    return Form(key, written, said, charts, in_text)


def make(prs: Any, layout: Any, made: Form, png: Any) -> bool:
    """Add the slide kept for ``made``'s key, filled in with its words; False when none is
    kept. ``png(chart)`` is a chart's picture."""
    kept = shared_slides.forms().get(made.key)
    if kept is None:
        return False
    # Each chart's picture, read before anything is added: pictures the same as each other or
    # as another picture on the slide would share a relationship, which the form has not.
    images = [Image.from_blob(png(chart)) for chart in made.charts]
    fixed = {r.target.sha1 for r in kept.relations if isinstance(r.target, Image)}
    hashes = [image.sha1 for image in images]
    if len(set(hashes)) != len(hashes) or fixed.intersection(hashes):
        return False
    presentation_part = prs.part
    package = presentation_part.package
    escaped = made.escaped()
    slide_part = shared_slides.frozen_slide(
        presentation_part._next_slide_partname, package, _fill_bytes(kept.xml, escaped)
    )
    # In the deck before its relationships, as a written slide is: a missing notes master is
    # made (and related to the presentation) after the slide.
    shared_slides.append_slide(prs, slide_part)
    add = slide_part.rels._add_relationship  # a new part: nothing to look for first
    for relation in kept.relations:
        if relation.kind == "layout":
            rid = add(relation.reltype, layout.part)
        elif relation.kind == "image":
            assert isinstance(relation.target, Image)
            rid = add(relation.reltype, shared_slides.image_part(package, relation.target))
        elif relation.kind == "chart":
            assert isinstance(relation.target, int)
            rid = add(relation.reltype, shared_slides.image_part(package, images[relation.target]))
        elif relation.kind == "external":
            assert isinstance(relation.target, str)
            rid = add(relation.reltype, relation.target, is_external=True)
        else:
            assert kept.notes_xml is not None
            notes_part = shared_slides.frozen_notes(
                shared_slides.next_notes_partname(prs),
                package,
                _fill_bytes(kept.notes_xml, escaped),
            )
            notes_part.rels._add_relationship(RT.NOTES_MASTER, shared_slides.notes_master_part(prs))
            notes_part.rels._add_relationship(RT.SLIDE, slide_part)
            rid = add(relation.reltype, notes_part)
        if rid != relation.rid:  # the slide would not be the one the writer makes
            raise RuntimeError(f"formed slide: {rid} where {relation.rid} was kept")
    return True


def keep(slide: Any, made: Form, charts: list[Any]) -> None:
    """Keep the slide just written from ``made``'s page (with marks) for the batch's later
    decks, then put this deck's words in place of its marks. ``charts`` are the picture
    elements the form's charts were written as, in order."""
    part = slide.part
    embeds = [pic.find(f".//{qn('a:blip')}").get(qn("r:embed")) for pic in charts]
    referenced = [str(rid) for rid in part._element.xpath("//@r:embed | //@r:link | //@r:id")]
    formed = all(referenced.count(rid) == 1 for rid in embeds)
    found = shared_slides.relations_of(part, embeds)
    if found is None:
        raise AssertionError("a formed slide relates to a part no form remakes")
    relations, notes_part = found
    kept = shared_slides.forms()
    if formed and made.key not in kept:
        notes_xml = None if notes_part is None else serialize_part_xml(notes_part._element)
        kept[made.key] = _Kept(serialize_part_xml(part._element), relations, notes_xml)
    _fill(part._element, made.words)
    if notes_part is not None:
        _fill(notes_part._element, made.words)


def _fill_bytes(xml: bytes, escaped: list[bytes]) -> bytes:
    """``xml`` with each mark replaced by its words, escaped for where they stand as lxml
    escapes them, so the bytes are those of the filled-in XML serialised (tested)."""
    return _MARK_BYTES.sub(lambda match: escaped[int(match.group(1))], xml)


def _in_text(word: str) -> str:
    return escape(word, {"\r": "&#13;"})


def _in_attribute(word: str) -> str:
    """A word in an attribute, its quotes and white space kept as they are."""
    return escape(word, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _fill(element: Any, words: list[str]) -> None:
    """Put each mark's words in its place, in texts and attributes."""

    def put(match: re.Match[str]) -> str:
        return words[int(match.group(1))]

    for found in element.xpath(f"//@*[contains(., '{_OPEN}')] | //text()[contains(., '{_OPEN}')]"):
        owner = found.getparent()
        text = _MARK.sub(put, str(found))
        if found.is_attribute:
            owner.set(found.attrname, text)
        elif found.is_tail:
            owner.tail = text
        else:
            owner.text = text
