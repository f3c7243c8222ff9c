"""What each slide's findings depend on, read from a built deck's zip without python-pptx.

A batch of council decks writes mostly the same slides into every deck; the linter checks a
slide once and reuses its findings wherever the same slide turns up again. Deciding that
"the same slide turns up" must cost far less than opening the deck with python-pptx (parsing
every part), so it is read here from the zip entries: the slide's XML and relationships, its
notes, and the bytes of every part it relates to (pictures, charts, its layout and, through the
layout, its master, whose backgrounds and placeholders the checks inherit). Two slides with
equal keys are linted alike, and a picture redrawn under the same name is a new key.
"""

from __future__ import annotations

import hashlib
import posixpath
import zipfile

from lxml import etree

_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_P_NS = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_EMU_PER_INCH = 914400


class DeckParts:
    """A built deck's slides, in show order, as keys of what each one's findings depend on."""

    def __init__(self, package: zipfile.ZipFile) -> None:
        self._zip = package
        self._digests: dict[str, bytes] = {}
        main = next(
            target
            for rel_type, target, _ in self._rels("")
            if rel_type == _OFFICE_DOCUMENT and target is not None
        )
        presentation = etree.fromstring(self._zip.read(main))
        size = presentation.find(f"{_P_NS}sldSz")
        self.size = (
            (int(size.get("cx", 0)) / _EMU_PER_INCH, int(size.get("cy", 0)) / _EMU_PER_INCH)
            if size is not None
            else (0.0, 0.0)
        )
        targets = {rid: target for _, target, rid in self._rels(main) if target is not None}
        ids = presentation.find(f"{_P_NS}sldIdLst")
        self.slides = [targets[entry.get(_R_ID, "")] for entry in (ids if ids is not None else ())]

    def key(self, slide: str) -> bytes:
        """A digest of the slide and of everything it relates to, transitively through its
        layout (the layout's master, the master's theme)."""
        return self._digest(slide)

    def _digest(self, name: str) -> bytes:
        if name in self._digests:
            return self._digests[name]
        self._digests[name] = b""  # a cycle back to this part counts it once
        if _is_theme_part(name):
            # The same in every deck of a theme: hashed once per process, known again by the
            # entry's checksum and size (a changed template is a new entry).
            info = self._zip.getinfo(name)
            known = (name, info.CRC, info.file_size)
            if known not in _THEME_PARTS:
                _THEME_PARTS[known] = self._hashed(name)
            self._digests[name] = _THEME_PARTS[known]
        else:
            self._digests[name] = self._hashed(name)
        return self._digests[name]

    def _hashed(self, name: str) -> bytes:
        digest = hashlib.sha256(self._zip.read(name))
        for _, target, _ in self._rels(name):
            digest.update(b"\0" + (target or "").encode())
            if target is not None and not _is_back_link(name, target):
                digest.update(self._digest(target))
        return digest.digest()

    def _rels(self, name: str) -> list[tuple[str, str | None, str]]:
        """(type, target part name or None when external, id) of each relationship."""
        folder, base = posixpath.split(name)
        rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
        try:
            data = self._zip.read(rels_name)
        except KeyError:
            return []
        known = (folder, data)  # the same relationships in many slides and decks: parsed once
        if known not in _RELS:
            if len(_RELS) > 10_000:  # a long live preview must not grow without end
                _RELS.clear()
            _RELS[known] = _parsed_rels(folder, data)
        return _RELS[known]


def _parsed_rels(folder: str, data: bytes) -> list[tuple[str, str | None, str]]:
    found = []
    for rel in etree.fromstring(data).iter(f"{_REL_NS}Relationship"):
        target = rel.get("Target", "")
        resolved: str | None
        if rel.get("TargetMode") == "External":
            resolved = None
        elif target.startswith("/"):  # an absolute part name
            resolved = target[1:]
        else:
            resolved = posixpath.normpath(posixpath.join(folder, target))
        found.append((rel.get("Type", ""), resolved, rel.get("Id", "")))
    return found


def _is_back_link(source: str, target: str) -> bool:
    """A notes slide's link back to its slide, and a layout's to its master's list of layouts
    (the master relates to every layout): followed, they would make every slide's key depend on
    every layout, not only its own."""
    return ("notesSlide" in source and "/slides/" in f"/{target}") or (
        "slideMaster" in source and "slideLayout" in target
    )


def _is_theme_part(name: str) -> bool:
    """A part of the theme's template rather than of one slide."""
    return any(
        folder in name for folder in ("slideLayouts/", "slideMasters/", "notesMasters/", "theme/")
    )


_THEME_PARTS: dict[tuple[str, int, int], bytes] = {}
_RELS: dict[tuple[str, bytes], list[tuple[str, str | None, str]]] = {}
