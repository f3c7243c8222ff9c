"""What each slide's findings depend on, and the parts the linter reads, from a built deck's zip.

A batch of council decks writes mostly the same slides into every deck; the linter checks a
slide once and reuses its findings wherever the same slide turns up again. Deciding that
"the same slide turns up" must cost far less than checking it, so it is read here from the zip
entries without python-pptx: the slide's XML and relationships, its notes, and what it relates
to (charts, its layout and, through the layout, its master, whose backgrounds and placeholders
the checks inherit). A part counts by its bytes as packed (equal packed bytes inflate to the
same part, so nothing is inflated to be recognised); a picture by what the linter reads of it,
the chunks before its pixels where a drawn chart records its labels; a chart's workbook, which
no check reads, by its name. Two slides with equal keys are linted alike, and a picture redrawn
with other labels under the same name is a new key.
"""

from __future__ import annotations

import functools
import hashlib
import io
import posixpath
import struct
import zipfile
import zlib
from typing import Any

from lxml import etree

_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_P_NS = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_OFFICE_DOCUMENT = f"{_RELATIONSHIPS}officeDocument"
_CORE_PROPERTIES = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
)
_DC_LANGUAGE = "{http://purl.org/dc/elements/1.1/}language"
_EMU_PER_INCH = 914400
_MEDIA = "ppt/media/"
_EMBEDDINGS = "ppt/embeddings/"
_PNG = b"\x89PNG\r\n\x1a\n"


class DeckParts:
    """A built deck's slides, in show order, as keys of what each one's findings depend on, and
    its parts as the linter reads them."""

    def __init__(self, data: bytes) -> None:
        self._data = memoryview(data)
        self._entries = _directory(self._data)
        self._digests: dict[str, bytes] = {}
        self._trees: dict[str, Any] = {}
        self._relations: dict[str, tuple[list[tuple[str, str | None, str]], bytes]] = {}
        main = next(
            target
            for rel_type, target, _ in self._rels("")
            if rel_type == _OFFICE_DOCUMENT and target is not None
        )
        presentation = etree.fromstring(self._read(main))
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
        """A digest of what the slide's findings depend on: its XML and relationships, and
        transitively what it relates to (its notes, charts, layout, the layout's master and
        theme); of a picture, what the linter reads of it (see ``_picture``)."""
        return self._digest(slide)

    def xml(self, name: str) -> Any:
        """The part's parsed XML; a part of the theme's template parsed once per process (the
        same packed bytes parse to the same tree, which no check changes)."""
        if name not in self._trees:
            if _is_theme_part(name):
                packed = self.packed(name)
                tree = _THEME_TREES.get(packed)
                if tree is None:
                    if len(_THEME_TREES) > 1_000:  # a live preview of many templates
                        _THEME_TREES.clear()
                    tree = _THEME_TREES[packed] = etree.fromstring(self._read(name))
                self._trees[name] = tree
            else:
                self._trees[name] = etree.fromstring(self._read(name))
        return self._trees[name]

    def blob(self, name: str) -> bytes:
        return self._read(name)

    def target(self, name: str, rid: str) -> str | None:
        """The part that relationship ``rid`` of part ``name`` points to."""
        return next((t for _, t, i in self._rels(name) if i == rid), None)

    def related(self, name: str, kind: str) -> str | None:
        """The part ``name`` relates to as ``kind`` (slideLayout, slideMaster, notesSlide…)."""
        wanted = f"{_RELATIONSHIPS}{kind}"
        return next((t for k, t, _ in self._rels(name) if k == wanted), None)

    @functools.cached_property
    def language(self) -> str:
        """The deck's language tag (``dc:language`` of its core properties), or ""."""
        core = next((t for k, t, _ in self._rels("") if k == _CORE_PROPERTIES and t), None)
        if core is None:
            return ""
        return etree.fromstring(self._read(core)).findtext(_DC_LANGUAGE) or ""

    def _digest(self, name: str) -> bytes:
        if name in self._digests:
            return self._digests[name]
        self._digests[name] = b""  # a cycle back to this part counts it once
        if name.startswith(_MEDIA):
            self._digests[name] = hashlib.sha256(self._picture(name)).digest()
        elif name.startswith(_EMBEDDINGS):
            self._digests[name] = name.encode()  # a chart's workbook: the linter never reads it
        else:
            digest = hashlib.sha256(self.packed(name))
            relations, summary = self._relations_of(name)
            digest.update(summary)
            for _, target, _ in relations:
                if target is not None and not _is_back_link(name, target):
                    digest.update(self._digest(target))
            self._digests[name] = digest.digest()
        return self._digests[name]

    def packed(self, name: str) -> bytes:
        """The entry's bytes as packed, with how: equal packed bytes inflate to equal parts, so
        they tell the part without inflating it (a part packed otherwise is only a new key)."""
        method, raw = self._raw(name)
        if raw is None:
            return b"read\0" + self._zip.read(name)
        return method.to_bytes(2, "little") + raw

    def _picture(self, name: str) -> bytes | memoryview:
        """What the linter reads of a picture: of a PNG, the chunks before its pixels (where
        the chart drawing records its labels, see lint.chart_label_trouble), else all of it."""
        data = self._stored(name)
        if data is None:
            data = memoryview(self._read(name))
        if data[:8] != _PNG:
            return data
        at = 8
        while at + 8 <= len(data):
            length = int.from_bytes(data[at : at + 4], "big")
            if data[at + 4 : at + 8] == b"IDAT":
                return data[:at]
            at += 12 + length
        return data

    def _read(self, name: str) -> bytes:
        """The entry's bytes, sliced from the package (and inflated) without zipfile's file
        object per entry; zipfile reads what is neither stored nor deflated."""
        method, raw = self._raw(name)
        if raw is not None and method == zipfile.ZIP_STORED:
            return bytes(raw)
        if raw is not None and method == zipfile.ZIP_DEFLATED:
            return zlib.decompress(raw, -15)
        return self._zip.read(name)

    def _stored(self, name: str) -> memoryview | None:
        method, raw = self._raw(name)
        return raw if method == zipfile.ZIP_STORED else None

    def _raw(self, name: str) -> tuple[int, memoryview | None]:
        """How the entry is packed and its bytes as they lie in the package; None when the
        package is not read here (see ``_directory``), the entry is encrypted, or not where
        its local header should be. A missing entry raises KeyError, as zipfile does."""
        if self._entries is None:
            return self._zip.getinfo(name).compress_type, None
        method, flags, start, size = self._entries[name]
        header = self._data[start : start + 30]
        if flags & 1 or len(header) < 30 or header[:4] != b"PK\x03\x04":
            return method, None
        begin = start + 30 + int.from_bytes(header[26:28], "little")
        begin += int.from_bytes(header[28:30], "little")
        return method, self._data[begin : begin + size]

    @functools.cached_property
    def _zip(self) -> zipfile.ZipFile:
        """zipfile's reading of the package, for what is not read straight from its bytes."""
        return zipfile.ZipFile(io.BytesIO(self._data))

    def _rels(self, name: str) -> list[tuple[str, str | None, str]]:
        """(type, target part name or None when external, id) of each relationship."""
        return self._relations_of(name)[0]

    def _relations_of(self, name: str) -> tuple[list[tuple[str, str | None, str]], bytes]:
        """The part's relationships, and a digest of them (ids, types and targets)."""
        known = self._relations.get(name)
        if known is not None:
            return known
        folder, base = posixpath.split(name)
        rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
        try:
            packed = self.packed(rels_name)
        except KeyError:
            packed = b""
        key = (folder, packed)  # the same relationships in many slides and decks: parsed once
        found = _RELS.get(key)
        if found is None:
            if len(_RELS) > 10_000:  # a long live preview must not grow without end
                _RELS.clear()
            relations = _parsed_rels(folder, self._read(rels_name)) if packed else []
            summary = hashlib.sha256()
            for rel_type, target, rid in relations:
                summary.update(f"\0{rid}\0{rel_type}\0{target or ''}".encode())
            found = _RELS[key] = (relations, summary.digest())
        self._relations[name] = found
        return found


_END = struct.Struct("<4s4H2LH")
_CENTRAL = struct.Struct("<4s6H3L5H2L")


def _directory(data: memoryview) -> dict[str, tuple[int, int, int, int]] | None:
    """Each entry's (packing method, flags, offset of its local header, packed size), from the
    zip's central directory: zipfile makes an object of each entry, which costs a batch more
    than all of a deck's keys. None for a package this does not read (a zip64 or multi-disk
    archive, one with a comment or bytes before it): zipfile reads those."""
    at = len(data) - _END.size
    if at < 0 or data[at : at + 4] != b"PK\x05\x06":
        return None
    _, disk, first, _, count, size, offset, comment = _END.unpack_from(data, at)
    if disk or first or comment or count == 0xFFFF or offset == 0xFFFFFFFF:
        return None
    directory = bytes(data[offset : offset + size])
    found: dict[str, tuple[int, int, int, int]] = {}
    at = 0
    for _ in range(count):
        fields = _CENTRAL.unpack_from(directory, at)
        if fields[0] != b"PK\x01\x02" or fields[8] == 0xFFFFFFFF or fields[16] == 0xFFFFFFFF:
            return None
        flags, length, start = fields[3], fields[10], at + _CENTRAL.size
        name = directory[start : start + length].decode("utf-8" if flags & 0x800 else "cp437")
        found[name] = (fields[4], flags, fields[16], fields[8])
        at = start + length + fields[11] + fields[12]
    return found


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


_THEME_TREES: dict[bytes, Any] = {}
_RELS: dict[tuple[str, bytes], tuple[list[tuple[str, str | None, str]], bytes]] = {}
