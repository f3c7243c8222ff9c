"""Slides every municipality's deck shares, written once per batch and copied into each deck.

A council batch writes the same slides (the region's status, the economy, the vision) into
every municipality's deck; python-pptx spends most of a deck's time building them shape by
shape. While ``sharing()`` is on, the writer records each slide it built: its XML, its notes'
XML and its relationships (layout, pictures, links, notes) in the order they were made. A later
deck with the same complete slide plan (its footer shows the slide's number and the total),
in the same theme and language, gets that slide as a copy: the parts are made in the same order
with the same names and relationship ids, so the file is byte-identical to one built shape by
shape (tests/test_shared_slides.py builds both and compares).

A copy costs little: its parts keep the recorded serialised XML and are parsed only if something
reads them (nothing in hpdeck does after writing), a picture already in the deck is found by its
hash, not by walking every part of the package, and so is the name of the next notes slide.

Only a batch turns sharing on: its decks are built from the same files within one command, so a
picture named by path cannot change between the record and the copy. Slides with parts other
than pictures (native charts with their workbooks) are always built.
"""

from __future__ import annotations

import contextlib
import copy as _copy
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.package import Part, XmlPart, _Relationship
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.package import Package
from pptx.parts.image import Image, ImagePart
from pptx.parts.slide import NotesMasterPart, NotesSlidePart, SlideLayoutPart, SlidePart

from hpdeck.plan.chrome import CompleteSlide
from hpdeck.plan.model import Block, Chart, Picture, Shape, Text
from hpdeck.render import image_parts


@dataclass(frozen=True)
class Relation:
    """One relationship of a recorded slide, as the writer made it."""

    rid: str
    kind: str  # "layout", "image", "external", "notes", or "chart" (a formed own slide's)
    reltype: str
    target: Image | str | int | None = None
    """A picture (read once, its hash kept), a link's address, a form's chart index."""


@dataclass(frozen=True)
class _Recorded:
    xml: bytes  # serialised as python-pptx writes the part
    relations: tuple[Relation, ...]
    notes_xml: bytes | None


class _Frozen:
    """An XML part that keeps the bytes it was copied with until something reads its XML.

    python-pptx serialises an XML part from its element; a copied slide's element would be parsed
    from the recorded bytes only to be serialised back to the same bytes. Once read (and so
    perhaps changed), the part is serialised from its element like any other.
    """

    _recorded: bytes

    def __getattr__(self, name: str) -> Any:
        """The XML element, parsed on first use (python-pptx sets ``_element`` in ``__init__``;
        a frozen part does not, so reading it lands here once)."""
        if name != "_element":
            raise AttributeError(name)
        self._element = parse_xml(self._recorded)
        return self._element

    @property
    def blob(self) -> bytes:
        if "_element" in self.__dict__:
            return serialize_part_xml(self.__dict__["_element"])
        return self._recorded

    @blob.setter
    def blob(self, value: bytes) -> None:
        self.__dict__.pop("_element", None)
        self._recorded = value


class _FrozenSlidePart(_Frozen, SlidePart):
    def __init__(self, partname: PackURI, package: Any, recorded: bytes) -> None:
        Part.__init__(self, partname, CT.PML_SLIDE, package)
        self._recorded = recorded


class _FrozenNotesPart(_Frozen, NotesSlidePart):
    def __init__(self, partname: PackURI, package: Any, recorded: bytes) -> None:
        Part.__init__(self, partname, CT.PML_NOTES_SLIDE, package)
        self._recorded = recorded


def frozen_slide(partname: PackURI, package: Any, xml: bytes) -> Any:
    """A slide part of ``xml``, as python-pptx serialises it, parsed only if read."""
    return _FrozenSlidePart(partname, package, xml)


def frozen_notes(partname: PackURI, package: Any, xml: bytes) -> Any:
    """A notes slide part of ``xml``, as python-pptx serialises it, parsed only if read."""
    return _FrozenNotesPart(partname, package, xml)


_STORE: dict[tuple[Any, ...], _Recorded | None] | None = None
_REPRS: dict[int, tuple[Any, str]] = {}


@contextlib.contextmanager
def sharing() -> Iterator[None]:
    """Record and copy shared slides until the block ends (forked workers inherit the store)."""
    global _STORE, _REPRS, _TEMPLATES, _BLOCKS, _NOTES_MASTERS, _FORMS, _SKELETONS, _BASES
    previous, _STORE = _STORE, {}
    reprs, _REPRS = _REPRS, {}
    templates, _TEMPLATES = _TEMPLATES, {}
    blocks, _BLOCKS = _BLOCKS, {}
    masters, _NOTES_MASTERS = _NOTES_MASTERS, {}
    forms, _FORMS = _FORMS, {}
    skeletons, _SKELETONS = _SKELETONS, {}
    bases, _BASES = _BASES, {}
    try:
        yield
    finally:
        _STORE, _REPRS, _TEMPLATES, _BLOCKS = previous, reprs, templates, blocks
        _NOTES_MASTERS, _FORMS, _SKELETONS, _BASES = masters, forms, skeletons, bases


def key(context: tuple[Any, ...], page: CompleteSlide) -> tuple[Any, ...] | None:
    """What a slide's XML depends on, or None when nothing is being shared: what the writer
    reads of its complete plan (whose footer shows a content slide's number and the total)."""
    if _STORE is None:
        return None
    slide = page.slide
    return (
        context,
        slide.kind,
        tuple(_spelt(block) for block in slide.blocks),
        _spelt(page.title),
        _spelt(page.subtitle),
        tuple(_spelt(block) for block in page.chrome),
        slide.notes,
    )


def _spelt(part: Any) -> str:
    """``repr(part)``, spelt once per object: a block planned once for the batch recurs in
    every deck (kept, so its id is not reused)."""
    known = _REPRS.get(id(part))
    if known is None:
        known = _REPRS[id(part)] = (part, repr(part))
    return known[1]


def copy(prs: Any, layout: Any, slide_key: tuple[Any, ...] | None) -> bool:
    """Add the recorded slide for ``slide_key`` to ``prs``; False when there is none."""
    if _STORE is None or slide_key is None:
        return False
    recorded = _STORE.get(slide_key)
    if recorded is None:
        return False
    presentation_part = prs.part
    package = presentation_part.package
    slide_part = _FrozenSlidePart(presentation_part._next_slide_partname, package, recorded.xml)
    # In the deck before its relationships, as a written slide is: a missing notes master is
    # made (and related to the presentation) after the slide.
    append_slide(prs, slide_part)
    # The parts are new: each recorded relationship is added under its recorded id, as
    # python-pptx's relate_to numbered it, without its search for one already there.
    rels = slide_part._rels._rels
    for relation in recorded.relations:
        mode, target = RTM.INTERNAL, None
        if relation.kind == "layout":
            target = layout.part
        elif relation.kind == "image":
            assert isinstance(relation.target, Image)
            target = image_part(package, relation.target)
        elif relation.kind == "external":
            assert isinstance(relation.target, str)
            mode, target = RTM.EXTERNAL, relation.target
        else:
            assert recorded.notes_xml is not None
            target = _FrozenNotesPart(next_notes_partname(prs), package, recorded.notes_xml)
            notes_rels = target._rels._rels
            notes_rels["rId1"] = _Relationship(
                _NOTES_BASE, "rId1", RT.NOTES_MASTER, RTM.INTERNAL, notes_master_part(prs)
            )
            notes_rels["rId2"] = _Relationship(
                _NOTES_BASE, "rId2", RT.SLIDE, RTM.INTERNAL, slide_part
            )
        rels[relation.rid] = _Relationship(
            _SLIDES_BASE, relation.rid, relation.reltype, mode, target
        )
    return True


def append_slide(prs: Any, slide_part: Any) -> None:
    """``prs.slides._sldIdLst.add_sldId(prs.part.relate_to(slide_part, RT.SLIDE))`` for a
    slide part just made: the same relationship id and slide id, without python-pptx's search
    for a relationship a new part cannot have yet, nor its search of every slide id for the
    highest (which is kept, as slides are only appended)."""
    rid = prs.part.rels._add_relationship(RT.SLIDE, slide_part)
    id_list = prs.slides._sldIdLst
    count = len(id_list)
    known = _SLIDE_IDS.get(prs.part)
    if known is not None and known[0] == count:
        top = known[1]
    else:
        top = max([_FIRST_SLIDE_ID - 1, *(int(v) for v in id_list.xpath("./p:sldId/@id"))])
    if top >= _LAST_SLIDE_ID:  # python-pptx looks for a free id below
        id_list.add_sldId(rid)
        return
    slide_id = etree.SubElement(id_list, _SLD_ID)  # in the tree first: r: is its prefix
    slide_id.set("id", str(top + 1))
    slide_id.set(_R_ID, rid)
    _SLIDE_IDS[prs.part] = (count + 1, top + 1)


_FIRST_SLIDE_ID, _LAST_SLIDE_ID = 256, 2147483647  # the slide ids PowerPoint allows
_SLIDES_BASE, _NOTES_BASE = "/ppt/slides", "/ppt/notesSlides"  # where their parts are named
_SLD_ID, _R_ID = qn("p:sldId"), qn("r:id")


def image_part(package: Any, image: Image) -> Any:
    """The package's part for a recorded picture, as ``get_or_add_image_part`` finds or makes
    it (see hpdeck.render.image_parts); found again without a search once this package has it."""
    known = _IMAGES.setdefault(package, {})
    sha1 = image.sha1
    if sha1 not in known:
        known[sha1] = image_parts.part_for(package, image)
    return known[sha1]


def next_notes_partname(prs: Any) -> PackURI:
    """The name python-pptx's ``next_partname`` gives a new notes slide: the first free number
    counting down from one past the notes slides in use. Those are reached only through the
    deck's slides, which are only ever appended, each with its notes: so they are listed from
    the slides added since the last call, not by walking every part of the package."""
    seen, used = _NOTES.setdefault(prs.part, ([0], set()))
    slide_ids = prs.slides._sldIdLst  # only slide ids: read from the relationships' fields
    related = prs.part._rels._rels
    for slide_id in slide_ids[seen[0] :]:
        for rel in related[slide_id.get(_R_ID)]._target._rels._rels.values():
            if rel._reltype == RT.NOTES_SLIDE and rel._target_mode != RTM.EXTERNAL:
                used.add(rel._target.partname)
    seen[0] = len(slide_ids)
    for number in range(len(used) + 1, 0, -1):
        name = f"/ppt/notesSlides/notesSlide{number}.xml"
        if name not in used:
            used.add(name)
            return PackURI(name)
    raise AssertionError("unreachable: one of len(used) + 1 numbers is free")


@dataclass(frozen=True)
class _RecordedPart:
    partname: PackURI
    content_type: str
    kind: type[Part]
    blob: bytes  # as python-pptx would write the part if nothing changed it
    rels: tuple[tuple[str, str, str, str], ...]  # rId, type, target mode, target name or address
    sha1: str | None = None  # a picture's hash (python-pptx's lazy ImagePart.sha1), read once

    @property
    def base(self) -> str:
        """The folder its relationships' targets are named from (``partname.baseURI``)."""
        return _BASES.setdefault(self.partname, self.partname.baseURI)


@dataclass(frozen=True)
class _RecordedTemplate:
    package_rels: tuple[tuple[str, str, str, str], ...]
    parts: tuple[_RecordedPart, ...]
    layouts: dict[str, tuple[Any, PackURI]]  # each slide kind's layout choice, by part name


def copy_template(theme_key: str) -> tuple[Any, dict[str, Any]] | None:
    """A fresh presentation made from the prepared template recorded for ``theme_key`` and its
    layout choices, or None when none is recorded (or nothing is being shared).

    python-pptx opens a template by parsing every part; the writer then prepares the master and
    layouts, and the file serialises every part again, though most (the theme, the layouts no
    slide uses) are never read. A copy gets every part with the bytes it had when recorded, as
    a frozen part, parsed only when something reads it, with the same relationships in the same
    order: so the package is walked, named and written as the one opened from the template.
    """
    if _STORE is None:
        return None
    recorded = _TEMPLATES.get(theme_key)
    if recorded is None:
        return None
    package = Package(None)  # type: ignore[arg-type]  # made here, not opened from a file
    parts: dict[PackURI, Any] = {}
    for item in recorded.parts:
        part: Any
        if issubclass(item.kind, XmlPart):
            part = _frozen_part(item.kind, item.partname, item.content_type, package, item.blob)
        else:
            part = item.kind.load(item.partname, item.content_type, package, item.blob)
            if item.sha1 is not None:
                part.__dict__["sha1"] = item.sha1  # python-pptx's lazy property, known
        parts[item.partname] = part
    _relate(package._rels, "/", recorded.package_rels, parts)
    for item in recorded.parts:
        if item.rels:
            _relate(parts[item.partname]._rels, item.base, item.rels, parts)
    layouts = {
        kind: replace(choice, layout=parts[name].slide_layout)
        for kind, (choice, name) in recorded.layouts.items()
    }
    _TEMPLATE_OF[package] = theme_key
    return package.presentation_part.presentation, layouts


def record_template(theme_key: str, prs: Any, layouts: dict[str, Any]) -> None:
    """Remember the prepared template of ``prs`` (no slide added yet) for copy_template."""
    if _STORE is None:
        return
    package = prs.part.package
    _TEMPLATE_OF[package] = theme_key
    if theme_key in _TEMPLATES:
        return
    parts = tuple(
        _RecordedPart(
            part.partname,
            part.content_type,
            type(part),
            part.blob,
            _relations(part.rels),
            part.sha1 if isinstance(part, ImagePart) else None,
        )
        for part in package.iter_parts()
    )
    chosen = {kind: (choice, choice.layout.part.partname) for kind, choice in layouts.items()}
    _TEMPLATES[theme_key] = _RecordedTemplate(_relations(package._rels), parts, chosen)


def notes_master_part(prs: Any) -> Any:
    """``prs.part.notes_master_part``; while sharing, a notes master the template lacks is made
    from the one python-pptx made for the first deck on the template (its XML and its theme's,
    as frozen parts with the same names, related in the same order), not parsed again."""
    presentation_part = prs.part
    package = presentation_part.package
    theme_key = _TEMPLATE_OF.get(package)
    if theme_key is None or "notes_master_part" in presentation_part.__dict__:
        return presentation_part.notes_master_part
    if any(rel.reltype == RT.NOTES_MASTER for rel in presentation_part.rels.values()):
        return presentation_part.notes_master_part  # the template's own
    recorded = _NOTES_MASTERS.get(theme_key)
    if recorded is None:
        made = presentation_part.notes_master_part
        theme = made.part_related_by(RT.THEME)
        _NOTES_MASTERS[theme_key] = (made.partname, made.blob, theme.partname, theme.blob)
        return made
    master_name, master_xml, theme_name, theme_xml = recorded
    master = _frozen_part(NotesMasterPart, master_name, CT.PML_NOTES_MASTER, package, master_xml)
    theme = _frozen_part(XmlPart, theme_name, CT.OFC_THEME, package, theme_xml)
    master.relate_to(theme, RT.THEME)
    presentation_part.relate_to(master, RT.NOTES_MASTER)
    presentation_part.__dict__["notes_master_part"] = master  # python-pptx's lazy property
    return master


def bytes_of(part: Any) -> bytes:
    """An XML part's bytes as written: a copied part's recorded bytes until its XML is read
    (so reading them does not parse it)."""
    if isinstance(part, _Frozen) and "_element" not in part.__dict__:
        return part._recorded
    return serialize_part_xml(part._element)


def replace_bytes(part: Any, blob: bytes) -> bool:
    """Give a copied part whose XML was not read ``blob`` as its bytes; False for any other."""
    if not isinstance(part, _Frozen) or "_element" in part.__dict__:
        return False
    part.blob = blob
    return True


def active() -> bool:
    """Whether slides are being shared (a batch is being built)."""
    return _STORE is not None


def forms() -> dict[Any, Any]:
    """Where hpdeck.render.own_slides keeps the slides it wrote from forms, for this batch."""
    return _FORMS


def _frozen_part(
    kind: type[XmlPart], name: PackURI, content_type: str, package: Any, blob: bytes
) -> Any:
    """A part of ``kind`` keeping ``blob`` until its XML is read (see _Frozen)."""
    part: Any = object.__new__(_frozen_class(kind))
    Part.__init__(part, name, content_type, package)
    part._recorded = blob
    return part


def _relations(rels: Any) -> tuple[tuple[str, str, str, str], ...]:
    """Each relationship in python-pptx's order (the order the package is walked in)."""
    return tuple(
        (
            rid,
            rel.reltype,
            RTM.EXTERNAL if rel.is_external else RTM.INTERNAL,
            rel.target_ref if rel.is_external else rel.target_part.partname,
        )
        for rid, rel in rels.items()
    )


def _relate(
    rels: Any, base_uri: str, recorded: tuple[tuple[str, str, str, str], ...], parts: dict
) -> None:
    for rid, reltype, mode, target in recorded:
        made = parts[target] if mode == RTM.INTERNAL else target
        rels._rels[rid] = _Relationship(base_uri, rid, reltype, mode, made)


def _frozen_class(kind: type[XmlPart]) -> type[XmlPart]:
    """``kind`` (an XML part class) keeping its recorded bytes until its XML is read."""
    if kind not in _FROZEN_KINDS:
        _FROZEN_KINDS[kind] = type(f"_Frozen{kind.__name__}", (_Frozen, kind), {})
    return _FROZEN_KINDS[kind]


def new_slide(prs: Any, layout: Any) -> Any:
    """``prs.slides.add_slide(layout)``, made from a recorded empty slide while sharing.

    python-pptx clones the layout's placeholders into every new slide one by one, looking each
    up by XPath; the first slide of a batch on a layout is made that way and recorded before
    anything is written on it, later ones are parsed from the record (see notes_slide).
    """
    if _STORE is None:
        return prs.slides.add_slide(layout)
    part = layout.part
    known = _MASTERS.get(part)
    if known is None:
        known = _MASTERS[part] = bytes_of(part)
    skeleton = _SKELETONS.get(known)
    if skeleton is None:
        made = prs.slides.add_slide(layout)
        _SKELETONS[known] = serialize_part_xml(made.part._element)
        return made
    presentation_part = prs.part
    slide_part = SlidePart(
        presentation_part._next_slide_partname,
        CT.PML_SLIDE,
        presentation_part.package,
        parse_xml(skeleton),
    )
    slide_part.relate_to(part, RT.SLIDE_LAYOUT)
    append_slide(prs, slide_part)
    return slide_part.slide


def notes_slide(prs: Any, slide: Any) -> Any:
    """``slide.notes_slide``, made from a recorded empty notes slide while sharing.

    python-pptx makes a notes slide by cloning the notes master's placeholders one by one, the
    same for every slide; and names it by walking every part of the package. The first notes
    slide of a batch made on a notes master is made that way and recorded before any text goes
    in; later ones are parsed from the record and named like copied slides' notes. Outside a
    batch python-pptx makes every one.
    """
    if _STORE is None:
        return slide.notes_slide
    master = notes_master_part(prs)  # first, as python-pptx makes (and names) a missing one
    known = _MASTERS.get(master)
    if known is None:
        known = _MASTERS[master] = bytes_of(master)
    skeleton = _SKELETONS.get(known)
    if skeleton is None:
        made = slide.notes_slide
        _SKELETONS[known] = serialize_part_xml(made.part._element)
        return made
    part = slide.part
    notes_part = NotesSlidePart(
        next_notes_partname(prs), CT.PML_NOTES_SLIDE, part.package, parse_xml(skeleton)
    )
    notes_part.relate_to(master, RT.NOTES_MASTER)
    notes_part.relate_to(part, RT.SLIDE)
    part.relate_to(notes_part, RT.NOTES_SLIDE)
    part.__dict__["notes_slide"] = notes_part.notes_slide  # python-pptx's lazy property
    return notes_part.notes_slide


def record(slide: Any, slide_key: tuple[Any, ...] | None) -> None:
    """Remember the slide the writer just built under ``slide_key`` (when sharing)."""
    if _STORE is None or slide_key is None or slide_key in _STORE:
        return
    part = slide.part
    found = relations_of(part)
    if found is None:  # a native chart and its workbook: built every time
        _STORE[slide_key] = None
        return
    relations, notes_part = found
    notes_xml = None if notes_part is None else notes_part.blob
    _STORE[slide_key] = _Recorded(part.blob, tuple(relations), notes_xml)


def relations_of(part: Any, charts: Sequence[str] = ()) -> tuple[tuple[Relation, ...], Any] | None:
    """A written slide's relationships as recorded, and its notes part (None without notes);
    None when it relates to a part no record remakes (a native chart). ``charts`` are the rIds
    of pictures recorded by their place among a form's charts instead of their image."""
    relations = []
    notes_part = None
    for rid, rel in part.rels.items():
        if rel.is_external:
            relations.append(Relation(rid, "external", rel.reltype, rel.target_ref))
            continue
        target = rel.target_part
        if isinstance(target, SlideLayoutPart):
            relations.append(Relation(rid, "layout", rel.reltype))
        elif isinstance(target, ImagePart) and rid in charts:
            relations.append(Relation(rid, "chart", rel.reltype, charts.index(rid)))
        elif isinstance(target, ImagePart):
            relations.append(Relation(rid, "image", rel.reltype, Image.from_blob(target.blob)))
        elif isinstance(target, NotesSlidePart) and len(target.rels) == 2:
            relations.append(Relation(rid, "notes", rel.reltype))
            notes_part = target
        else:
            return None
    return tuple(relations), notes_part


@dataclass(frozen=True)
class _RecordedBlock:
    element: Any  # the shape as the writer made it, copied for each later slide
    image: Image | None  # the picture it shows, related anew on each slide
    numbered: bool  # named after its id by python-pptx ("Picture N")


def block_key(context: tuple[Any, ...], block: Block) -> tuple[Any, ...] | None:
    """What a block's shape depends on, or None when it is always written (nothing is being
    shared; a chart; a link, whose relationship id depends on the slide).

    Most blocks on a municipality's own slides are the same in every deck of a batch: the
    legends, headings, cards, accent bars and the logo. The key holds the block's text as
    well (its repr, which spells out the origins its equality leaves out) and the block itself
    (its equality holds a prepared picture's bytes, which its repr leaves out).
    """
    if _STORE is None or isinstance(block, Chart) or _links(block):
        return None
    return (context, repr(block), block)


def _links(block: Block) -> bool:
    if isinstance(block, Picture):
        return block.link is not None
    text = block if isinstance(block, Text) else block.text if isinstance(block, Shape) else None
    if isinstance(block, Shape) and block.link:
        return True
    return text is not None and any(run.link for p in text.paragraphs for run in p.runs)


def paste_block(slide: Any, block_key: tuple[Any, ...] | None) -> bool:
    """Add the shape recorded for ``block_key`` to ``slide`` as python-pptx would make it;
    False when there is none. Its id is the slide's next one (see record_block), a picture
    is related to the slide as python-pptx's add_picture relates it."""
    if block_key is None:
        return False
    recorded = _BLOCKS.get(block_key)
    if recorded is None:
        return False
    element = _copy.deepcopy(recorded.element)
    shapes = slide.shapes
    if recorded.image is not None:
        picture = image_part(slide.part.package, recorded.image)
        element.find(_BLIP).set(_EMBED, slide.part.relate_to(picture, RT.IMAGE))
    shape_id = shapes._next_shape_id
    c_nv_pr = element[0][0]
    c_nv_pr.set("id", str(shape_id))
    if recorded.numbered:
        c_nv_pr.set("name", f"Picture {shape_id - 1}")
    shapes._spTree.insert_element_before(element, "p:extLst")
    return True


def record_block(slide: Any, block_key: tuple[Any, ...] | None, element: Any) -> None:
    """Remember the shape the writer just made for ``block_key`` (when sharing), unless it
    carries more than its own id and (a picture's) one relationship."""
    if block_key is None or block_key in _BLOCKS:
        return
    ids = [value for value in element.xpath(".//@id") if value.isdigit()]
    related = element.xpath(".//@r:*")  # python-pptx knows the r: prefix
    blips = element.findall(_BLIP)
    block = block_key[2]
    picture = isinstance(block, Picture)
    if (
        element[0][0].tag != qn("p:cNvPr")
        or ids != [element[0][0].get("id")]
        or len(related) != (1 if picture else 0)
        or (picture and (len(blips) != 1 or blips[0].get(_EMBED) is None))
    ):
        _BLOCKS[block_key] = None
        return
    image = None
    if picture:
        image = Image.from_blob(slide.part.related_part(blips[0].get(_EMBED)).blob)
    numbered = picture and block.name is None
    _BLOCKS[block_key] = _RecordedBlock(_copy.deepcopy(element), image, numbered)


_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_EMBED = f"{{{_R_NS}}}embed"
_BLIP = f".//{qn('a:blip')}"

# The template each package being written was made from, and the notes master python-pptx
# made for the first deck on a template that lacks one: its name and XML, its theme's.
_TEMPLATE_OF: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()
_NOTES_MASTERS: dict[str, tuple[PackURI, bytes, PackURI, bytes]] = {}
# Per presentation being written: how many of its slides were scanned, and their notes' names.
_NOTES: weakref.WeakKeyDictionary[Any, tuple[list[int], set[str]]] = weakref.WeakKeyDictionary()
# Each recorded part name's folder (see _RecordedPart.base).
_BASES: dict[str, str] = {}
# Prepared templates by theme (see copy_template), and the frozen part classes made for them.
_TEMPLATES: dict[str, _RecordedTemplate] = {}
_FROZEN_KINDS: dict[type[XmlPart], type[XmlPart]] = {}
# Each notes master's and layout's XML as the writer found it, and the empty notes slide or slide
# made on such a master or layout (see notes_slide, new_slide).
_MASTERS: weakref.WeakKeyDictionary[Any, bytes] = weakref.WeakKeyDictionary()
_SKELETONS: dict[bytes, bytes] = {}
# The own slides written from forms in this batch (see hpdeck.render.own_slides).
_FORMS: dict[Any, Any] = {}
# The shapes of blocks written before in this batch (None: always written), by block_key.
_BLOCKS: dict[tuple[Any, ...], _RecordedBlock | None] = {}
# Per presentation being written: how many slides it had and their highest id.
_SLIDE_IDS: weakref.WeakKeyDictionary[Any, tuple[int, int]] = weakref.WeakKeyDictionary()
# The picture parts each package being written already holds, by hash (see image_part).
_IMAGES: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()
