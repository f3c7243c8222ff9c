"""Each distinct slide of many decks sent to LibreOffice once: the sign-off of a whole region.

Sixty-six council decks share most of their slides. A slide's picture depends only on what the
slide part holds and refers to (its XML, its pictures and links, its layout, master and theme),
and on the deck's language (LibreOffice hyphenates in it): decks show no slide numbers, so
the same slide looks the same in any deck. ``distinct_slides`` names each slide by a hash of
exactly that; ``reduced`` writes a copy of a deck that lists only some of its slides, so
LibreOffice converts each distinct slide once and the pictures are handed to every deck that
has it.
"""

from __future__ import annotations

import hashlib
import posixpath
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from lxml import etree

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
_NOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide"
_PRESENTATION = "ppt/presentation.xml"


def _rels(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str, str, str]]:
    """(id, type, target part or address, mode) of every relationship of ``part``."""
    folder, name = posixpath.split(part)
    try:
        data = archive.read(posixpath.join(folder, "_rels", f"{name}.rels"))
    except KeyError:
        return []
    found = []
    for rel in etree.fromstring(data).iter(f"{{{_REL_NS}}}Relationship"):
        target = rel.get("Target", "")
        external = rel.get("TargetMode") == "External"
        if not external:
            target = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
        found.append((rel.get("Id", ""), rel.get("Type", ""), target, "External" * external))
    return found


def _digest_part(archive: zipfile.ZipFile, part: str, seen: dict[str, bytes]) -> bytes:
    """A hash of ``part`` and of everything it refers to (a layout's master and theme too),
    speaker notes left out: they are not on the slide's picture."""
    if part in seen:
        return seen[part]
    seen[part] = b""  # a cycle (a layout and its master refer to each other) ends here
    digest = hashlib.sha256(archive.read(part))  # by content: part names follow the deck
    for rid, kind, target, mode in _rels(archive, part):
        if kind == _NOTES:
            continue
        digest.update(f"\0{rid}\0{kind}\0{mode}\0".encode())
        digest.update(target.encode() if mode else _digest_part(archive, target, seen))
    seen[part] = digest.digest()
    return seen[part]


def distinct_slides(
    deck: Path, language: str | None, seen: dict[str, bytes] | None = None
) -> list[tuple[str, str]]:
    """(relationship id in the presentation, picture key) of each slide, in order; ``seen``
    receives the hash of each part read (see merged)."""
    seen = {} if seen is None else seen
    with zipfile.ZipFile(deck) as archive:
        targets = {rid: target for rid, _, target, _ in _rels(archive, _PRESENTATION)}
        listed = etree.fromstring(archive.read(_PRESENTATION)).find(f"{{{_P_NS}}}sldIdLst")
        slides = []
        for entry in [] if listed is None else listed:
            rid = entry.get(_R_ID, "")
            digest = hashlib.sha256(f"{language}\0".encode())
            digest.update(_digest_part(archive, targets[rid], seen))
            slides.append((rid, digest.hexdigest()))
        return slides


def reduced(deck: Path, keep: set[str], target: Path) -> None:
    """A copy of ``deck`` at ``target`` that lists only the slides with relationship ids in
    ``keep`` (the others stay in the file, unlisted, so LibreOffice does not show them)."""
    with zipfile.ZipFile(deck) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == _PRESENTATION:
                root = etree.fromstring(data)
                listed = root.find(f"{{{_P_NS}}}sldIdLst")
                for entry in [] if listed is None else list(listed):
                    if entry.get(_R_ID) not in keep:
                        listed.remove(entry)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            copy.writestr(_stored(info), data)


_SLIDE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide"
_LAYOUT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideLayout"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_CONTENT_TYPES = "[Content_Types].xml"
_OVERRIDE, _DEFAULT = f"{{{_CT_NS}}}Override", f"{{{_CT_NS}}}Default"
_PRESENTATION_RELS = "ppt/_rels/presentation.xml.rels"


Part = tuple[Path, Sequence[str], dict[str, bytes]]
"""A deck, the relationship ids of the slides wanted from it, and the hashes of its parts
distinct_slides made (the layouts are compared by them)."""


def merged(parts: Sequence[Part], target: Path) -> bool:
    """One deck at ``target`` listing, in order, the slides with the given relationship ids of
    each deck: LibreOffice then opens one document for the slides of many decks, and its cost
    per document (about 0.1 s of CPU, as much as converting two slides) is paid once.

    The first deck is the base. Each other deck's slides come with every part they refer to
    (pictures, charts) under new names, speaker notes left out, on the base's layouts. False,
    with nothing written, when a deck's layouts differ from the base's: its slides would not
    look as in their own deck.
    """
    base_deck, base_rids, base_digests = parts[0]
    with zipfile.ZipFile(base_deck) as base:
        types = etree.fromstring(base.read(_CONTENT_TYPES))
        presentation_rels = etree.fromstring(base.read(_PRESENTATION_RELS))
        presentation = etree.fromstring(base.read(_PRESENTATION))
        listed = presentation.find(f"{{{_P_NS}}}sldIdLst")
        if listed is None:
            return False
        entries = {entry.get(_R_ID, ""): entry for entry in listed}
        next_id = max(int(entry.get("id", "255")) for entry in [*listed, listed]) + 1
        for entry in list(listed):
            listed.remove(entry)
        listed.extend(entries[rid] for rid in base_rids)
        files: dict[str, bytes] = {}
        for number, (deck, rids, digests) in enumerate(parts[1:], start=1):
            with zipfile.ZipFile(deck) as other:
                copier = _Copier(other, base, (base_digests, digests), f"merged{number}-")
                slides = {rid: target for rid, _, target, _ in _rels(other, _PRESENTATION)}
                for rid in rids:
                    slide = copier.copy(slides[rid])
                    if slide is None:
                        return False
                    new_rid = f"rIdMerged{next_id}"
                    relationship = etree.SubElement(presentation_rels, f"{{{_REL_NS}}}Relationship")
                    relationship.set("Id", new_rid)
                    relationship.set("Type", _SLIDE)
                    relationship.set("Target", posixpath.relpath(slide, "ppt"))
                    entry = etree.SubElement(listed, f"{{{_P_NS}}}sldId", id=str(next_id))
                    entry.set(_R_ID, new_rid)
                    next_id += 1
                for name, (data, kind) in copier.copied.items():
                    files[name] = data
                    if kind is not None:
                        override = etree.SubElement(types, f"{{{_CT_NS}}}Override")
                        override.set("PartName", f"/{name}")
                        override.set("ContentType", kind)
        files[_PRESENTATION] = _xml(presentation)
        files[_PRESENTATION_RELS] = _xml(presentation_rels)
        files[_CONTENT_TYPES] = _xml(types)
        with zipfile.ZipFile(target, "w") as copy:
            for info in base.infolist():
                changed = files.pop(info.filename) if info.filename in files else None
                copy.writestr(_stored(info), base.read(info) if changed is None else changed)
            for name, data in files.items():
                copy.writestr(name, data)
    return True


def _stored(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """An entry for a copy LibreOffice reads once: stored, as compressing it again cost more
    than reading it uncompressed saves."""
    return zipfile.ZipInfo(info.filename, info.date_time)


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _content_types(archive: zipfile.ZipFile) -> Callable[[str], str | None]:
    """The content type ``archive`` gives a part: its own, else its extension's."""
    types = etree.fromstring(archive.read(_CONTENT_TYPES))
    own = {o.get("PartName", "").lstrip("/"): o.get("ContentType") for o in types.iter(_OVERRIDE)}
    by_extension = {
        d.get("Extension", "").lower(): d.get("ContentType") for d in types.iter(_DEFAULT)
    }

    def content_type(part: str) -> str | None:
        return own.get(part) or by_extension.get(posixpath.splitext(part)[1][1:].lower())

    return content_type


class _Copier:
    """The parts a slide of ``other`` refers to, copied for a deck based on ``base``."""

    def __init__(
        self,
        other: zipfile.ZipFile,
        base: zipfile.ZipFile,
        digests: tuple[dict[str, bytes], dict[str, bytes]],
        prefix: str,
    ) -> None:
        self.other, self.base, self.prefix = other, base, prefix
        self.base_digests, self.other_digests = digests
        self.content_type = _content_types(other)
        self.base_names = set(base.namelist())
        self.copied: dict[str, tuple[bytes, str | None]] = {}  # new name -> (data, type)
        self.renamed: dict[str, str] = {}

    def copy(self, part: str) -> str | None:
        """The name in the merged deck of ``part`` (copied with what it refers to), or None
        when it refers to a layout the base does not have."""
        if part in self.renamed:
            return self.renamed[part]
        data = self.other.read(part)
        if part in self.base_names and self.base.read(part) == data and not _rels(self.other, part):
            self.renamed[part] = part  # the same picture in the base: used as it is
            return part
        folder, name = posixpath.split(part)
        new = posixpath.join(folder, self.prefix + name)
        self.renamed[part] = new
        kind = self.content_type(part)
        if kind is None:
            return None
        rels = []
        for rid, relation, target, mode in _rels(self.other, part):
            if relation == _NOTES:
                continue
            if mode:
                rels.append((rid, relation, target, mode))
                continue
            if relation == _LAYOUT:
                same = target in self.base_names and _digest_part(
                    self.base, target, self.base_digests
                ) == _digest_part(self.other, target, self.other_digests)
                if not same:
                    return None
                rels.append((rid, relation, target, ""))
                continue
            copied = self.copy(target)
            if copied is None:
                return None
            rels.append((rid, relation, copied, ""))
        self.copied[new] = (data, kind)
        root = etree.Element(f"{{{_REL_NS}}}Relationships", nsmap={None: _REL_NS})
        for rid, relation, target, mode in rels:
            relationship = etree.SubElement(root, f"{{{_REL_NS}}}Relationship")
            relationship.set("Id", rid)
            relationship.set("Type", relation)
            relationship.set("Target", target if mode else posixpath.relpath(target, folder))
            if mode:
                relationship.set("TargetMode", mode)
        self.copied[posixpath.join(folder, "_rels", f"{self.prefix}{name}.rels")] = (
            _xml(root),
            None,
        )
        return new
