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


def distinct_slides(deck: Path, language: str | None) -> list[tuple[str, str]]:
    """(relationship id in the presentation, picture key) of each slide, in order."""
    with zipfile.ZipFile(deck) as archive:
        targets = {rid: target for rid, _, target, _ in _rels(archive, _PRESENTATION)}
        listed = etree.fromstring(archive.read(_PRESENTATION)).find(f"{{{_P_NS}}}sldIdLst")
        seen: dict[str, bytes] = {}
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
            copy.writestr(info, data)
