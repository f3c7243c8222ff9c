"""The gate a theme's PowerPoint template passes before python-pptx opens it.

Templates travel by e-mail, and everything in one is copied into every deck built on it, which a
council opens on hundreds of PCs. So before anything parses it, the template's zip container,
its XML and its relationships are checked; each refusal names the part and what to remove:

- the container: a bounded number of parts of bounded size and compression ratio (no zip bombs),
  plain part names, no encryption, only the stored and deflate methods, no damaged streams;
- every XML part well-formed without a DOCTYPE (no entities, no DTD);
- only the content types a template needs: no macros (VBA), ActiveX, OLE objects, embedded
  files, sound or video;
- links out of the package only as http(s) hyperlinks: no ``javascript:``, ``file:`` or UNC
  links, no pictures fetched from elsewhere on opening (that leaks the user's Windows password
  hash), no programs or macros run by a click;
- at least one slide master and one layout.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from hpdeck.content.reading import read_regular
from hpdeck.errors import ContentError, Problem

MAX_BYTES = 50 * 2**20
"""A template file; corporate templates with a few photos are well under 20 MiB."""
MAX_PARTS = 1000
MAX_PART_BYTES = 64 * 2**20
MAX_TOTAL_BYTES = 256 * 2**20
MAX_RATIO = 100
"""Unpacked size over packed size; XML packs about 10:1, anything past 100:1 is built to hurt."""

_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE = "application/vnd.openxmlformats-officedocument."
_ALLOWED_TYPES = (
    f"{_OFFICE}presentationml.",
    f"{_OFFICE}drawingml.",
    f"{_OFFICE}theme",
    f"{_OFFICE}extended-properties",
    f"{_OFFICE}custom-properties",
    f"{_OFFICE}customXmlProperties",
    f"{_OFFICE}obfuscatedFont",
    "application/vnd.openxmlformats-package.core-properties+xml",
    "application/vnd.openxmlformats-package.relationships+xml",
    "application/vnd.ms-office.",
    "application/vnd.ms-powerpoint.",
    "application/xml",
    "text/xml",
    "application/x-fontdata",
    "application/x-font",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/bmp",
    "image/tiff",
    "image/x-emf",
    "image/x-wmf",
    "image/svg+xml",
    "image/vnd.ms-photo",
)
_MACROS = (
    "macros (VBA)",
    "save the template as .pptx or .potx (not .pptm or .potm), which drops the macros",
)
_ACTIVEX = ("an ActiveX control", "remove the control from the slide master or layout")
_OLE = ("an embedded or linked object (OLE)", "remove the object, or paste it as a picture")
_EMBEDDED = ("an embedded file", "remove the embedded file from the master or layout")
_MEDIA = ("sound or video", "remove the sound or video from the master or layout")
# What a refused part is and what to do about it: by the last word of a relationship type...
_REFUSED_RELATIONS = {
    "vbaProject": _MACROS,
    "wordVbaData": _MACROS,
    "control": _ACTIVEX,
    "activeXControl": _ACTIVEX,
    "activeXControlBinary": _ACTIVEX,
    "oleObject": _OLE,
    "package": _EMBEDDED,
    "audio": _MEDIA,
    "video": _MEDIA,
    "media": _MEDIA,
}
# ... and by a fragment of a content type, first match wins.
_REFUSED_TYPES = (
    ("vbaproject", _MACROS),
    ("macroenabled", _MACROS),
    ("activex", _ACTIVEX),
    ("oleobject", _OLE),
    ("spreadsheetml", _EMBEDDED),
    ("wordprocessingml", _EMBEDDED),
    ("audio/", _MEDIA),
    ("video/", _MEDIA),
)
_AGAIN = "save the template again from PowerPoint"
# The root element each kind of part must have, and the kind of part each relationship must
# point at: python-pptx trusts both and fails deep inside when they disagree.
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_ROOTS = {
    "presentation.main+xml": f"{_P}presentation",
    "template.main+xml": f"{_P}presentation",
    "slideMaster+xml": f"{_P}sldMaster",
    "slideLayout+xml": f"{_P}sldLayout",
    "slide+xml": f"{_P}sld",
    "notesMaster+xml": f"{_P}notesMaster",
    "notesSlide+xml": f"{_P}notes",
    "theme+xml": "{http://schemas.openxmlformats.org/drawingml/2006/main}theme",
}
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_TARGET_TYPES = {
    "officeDocument": ("presentation.main+xml", "template.main+xml"),
    "slideMaster": ("slideMaster+xml",),
    "slideLayout": ("slideLayout+xml",),
    "slide": ("slide+xml",),
    "theme": ("theme+xml",),
    "notesMaster": ("notesMaster+xml",),
    "notesSlide": ("notesSlide+xml",),
}
_SAFE_ACTIONS = re.compile(r"^(ppaction://(hlink\w*|noaction|customshow|media)\b.*)?$")
_NAME = re.compile(r"^[A-Za-z0-9._\-~%\[\]()!$&'+,;=@ ]+(/[A-Za-z0-9._\-~%\[\]()!$&'+,;=@ ]+)*$")


def admit(path: Path, display: str) -> bytes:
    """The template's bytes once every check passes; else every reason at once, by part."""
    data = read_regular(
        path,
        display=display,
        limit=MAX_BYTES,
        too_large=f"template is larger than {MAX_BYTES // 2**20} MiB; "
        "compress its pictures in PowerPoint and save it again",
    )
    digest = hashlib.sha256(data).digest()
    if digest not in _ADMITTED:
        problems = [Problem(display, None, None, part, message) for part, message in _inspect(data)]
        if problems:
            raise ContentError(problems)
        _ADMITTED.add(digest)
    return data


_ADMITTED: set[bytes] = set()
"""Digests of templates already checked in this process: a batch uses one template many times."""


def _inspect(data: bytes) -> list[tuple[str, str]]:
    """(part, what is wrong and what to remove) for everything the gate refuses."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        return [
            ("", f"not a PowerPoint template ({exc}); save it from PowerPoint as .pptx or .potx")
        ]
    found = _container(infos)
    if found:
        return found
    parts, found = _unpack(archive, infos)
    if found:
        return found
    types = _content_types(parts)
    if isinstance(types, str):
        return [("[Content_Types].xml", types)]
    trees: dict[str, etree._Element] = {}
    for name, body in parts.items():
        kind = types(name)
        if name.endswith((".xml", ".rels")) or (kind or "").endswith("xml"):
            tree = _xml(body)
            if isinstance(tree, str):
                found.append((name, tree))
                continue
            trees[name] = tree
        found.extend((name, message) for message in _part_type(name, kind))
    for name, tree in trees.items():
        if name.endswith(".rels"):
            found.extend(_relationships(name, tree, parts, types))
        elif types(name) == "image/svg+xml":
            found.extend((name, message) for message in _svg(tree))
        else:
            found.extend((name, message) for message in _actions(tree))
            expected = next(
                (tag for suffix, tag in _ROOTS.items() if (types(name) or "").endswith(suffix)),
                None,
            )
            if expected and tree.tag != expected:
                found.append(
                    (
                        name,
                        f"the part is not the {etree.QName(expected).localname} its "
                        f"content type says; {_AGAIN}",
                    )
                )
            found.extend((name, message) for message in _references(name, tree, trees))
    found.extend(_structure(parts, types))
    return found


def _container(infos: list[zipfile.ZipInfo]) -> list[tuple[str, str]]:
    """Refusals from the zip directory alone, before any part is unpacked."""
    if len(infos) > MAX_PARTS:
        return [
            (
                "",
                f"the template has {len(infos)} parts; a template has at most "
                f"{MAX_PARTS}; save it again from PowerPoint",
            )
        ]
    found = []
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        shown = _short(name)
        if info.is_dir():
            continue
        if not _NAME.match(name) or any(seg in (".", "..") for seg in name.split("/")):
            found.append(
                (
                    shown,
                    "a part name that is not a plain path inside the package "
                    "(absolute, '..', '\\' or control characters); save the "
                    "template again from PowerPoint",
                )
            )
            continue
        if name.lower() in seen:
            found.append(
                (shown, "the same part appears twice; save the template again from PowerPoint")
            )
        seen.add(name.lower())
        if info.flag_bits & 0x1:
            found.append(
                (
                    shown,
                    "the part is encrypted; remove the password (File > Info > "
                    "Protect) and save the template again",
                )
            )
        elif info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            found.append(
                (
                    shown,
                    f"the part is compressed with zip method {info.compress_type}"
                    f"{' (deflate64)' if info.compress_type == 9 else ''}; "
                    "PowerPoint uses only deflate: save the template again from "
                    "PowerPoint",
                )
            )
        elif info.file_size > MAX_PART_BYTES or (
            info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            found.append((shown, _bomb(info.file_size, info.compress_size)))
        total += info.file_size
    if total > MAX_TOTAL_BYTES and not found:
        found.append(
            (
                "",
                f"the template unpacks to {total / 2**20:.0f} MiB; at most "
                f"{MAX_TOTAL_BYTES // 2**20} MiB: compress its pictures",
            )
        )
    return found


def _bomb(size: int, packed: int) -> str:
    return (
        f"the part unpacks to {size / 2**20:.0f} MiB from {packed / 2**20:.1f} MiB; parts "
        f"may be at most {MAX_PART_BYTES // 2**20} MiB and packed at most {MAX_RATIO}:1; "
        "remove it or save the template again from PowerPoint"
    )


def _unpack(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]
) -> tuple[dict[str, bytes], list[tuple[str, str]]]:
    """Every part's bytes, read no further than the size it declares (which was checked)."""
    parts: dict[str, bytes] = {}
    found = []
    for info in infos:
        if info.is_dir():
            continue
        try:
            with archive.open(info) as stream:
                body = stream.read(info.file_size + 1)
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            ValueError,
            NotImplementedError,
            RuntimeError,
        ) as exc:
            found.append(
                (
                    _short(info.filename),
                    f"the part is damaged ({exc}); save the template again from PowerPoint",
                )
            )
            continue
        if len(body) > info.file_size:
            found.append((_short(info.filename), _bomb(len(body), info.compress_size)))
            continue
        parts[info.filename] = body
    return parts, found


def _content_types(parts: dict[str, bytes]) -> Callable[[str], str | None] | str:
    """A function from part name to content type, or why [Content_Types].xml is unusable."""
    body = parts.get("[Content_Types].xml")
    if body is None:
        return "missing; this is not an Office file: save it from PowerPoint as .pptx or .potx"
    tree = _xml(body)
    if isinstance(tree, str):
        return tree
    if tree.tag != f"{{{_CT}}}Types" or any(
        not el.get("ContentType") or not (el.get("Extension") or el.get("PartName"))
        for el in tree.iter(f"{{{_CT}}}Default", f"{{{_CT}}}Override")
    ):
        return "an entry without its content type or part; save the template again from PowerPoint"
    defaults = {
        el.get("Extension", "").lower(): el.get("ContentType", "")
        for el in tree.iter(f"{{{_CT}}}Default")
    }
    overrides = {
        el.get("PartName", "").lstrip("/"): el.get("ContentType", "")
        for el in tree.iter(f"{{{_CT}}}Override")
    }

    def kind(name: str) -> str | None:
        return overrides.get(name) or defaults.get(name.rpartition(".")[2].lower())

    return kind


def _xml(body: bytes) -> etree._Element | str:
    """The parsed part, or why it is refused; entities are never expanded, DTDs never read."""
    head = body[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in head:
        return _DOCTYPE
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
    )
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        return f"not well-formed XML ({exc}); save the template again from PowerPoint"
    if root.getroottree().docinfo.doctype:
        return _DOCTYPE
    return root


_DOCTYPE = (
    "contains a DOCTYPE (a DTD or entity declarations), which PowerPoint never writes; "
    "save the template again from PowerPoint"
)


def _refusal(what: tuple[str, str] | None) -> str | None:
    return f"{what[0]} is not allowed in a template; {what[1]}" if what else None


def _refused_type(kind: str) -> str | None:
    lowered = kind.lower()
    if lowered.startswith(f"{_OFFICE}presentationml.") and not lowered.endswith(
        ("+xml", "printersettings")
    ):
        return _refusal(_EMBEDDED)  # a whole presentation inside the template
    return _refusal(next((what for marker, what in _REFUSED_TYPES if marker in lowered), None))


def _part_type(name: str, kind: str | None) -> list[str]:
    if name == "[Content_Types].xml" or name.endswith(".rels"):
        return []
    if kind is None:
        return [
            "a part with no content type in [Content_Types].xml; remove it or save the "
            "template again from PowerPoint"
        ]
    refused = _refused_type(kind)
    if refused:
        return [refused]
    if not kind.startswith(_ALLOWED_TYPES):
        return [f"content of type '{_short(kind)}' does not belong in a template; remove it"]
    return []


def _source_folder(rels_name: str) -> str:
    """Where a .rels part's relative targets start: ppt/slides/_rels/x.rels → ppt/slides."""
    return posixpath.dirname(posixpath.dirname(rels_name))


def _relationships(
    name: str,
    tree: etree._Element,
    parts: dict[str, bytes],
    types: Callable[[str], str | None],
) -> list[tuple[str, str]]:
    """Links out of the package only to web pages; links inside it only to parts that exist."""
    found = []
    source = name.replace("_rels/", "").removesuffix(".rels") or "the package"
    if tree.tag != f"{{{_RELS}}}Relationships":
        return [(name, f"not a list of relationships; {_AGAIN}")]
    ids: set[str] = set()
    for rel in tree.iter(f"{{{_RELS}}}Relationship"):
        kind = rel.get("Type", "")
        target = rel.get("Target", "")
        short_kind = kind.rpartition("/")[2]
        where = f"{rel.get('Id', '?')} of {source}"
        if not (kind and target and rel.get("Id")) or rel.get("Id") in ids:
            found.append(
                (
                    name,
                    f"{where}: a relationship without its id, type or target, or "
                    f"with an id used twice; {_AGAIN}",
                )
            )
            continue
        ids.add(rel.get("Id", ""))
        refused = _refusal(_REFUSED_RELATIONS.get(short_kind))
        if rel.get("TargetMode", "Internal") == "External":
            why = _external(short_kind, target, where)
            if why:
                found.append((name, why))
            continue
        if refused:
            found.append((name, f"{where}: {refused}"))
            continue
        resolved = (
            posixpath.normpath(posixpath.join(_source_folder(name), target))
            if not target.startswith("/")
            else target.lstrip("/")
        )
        if resolved.startswith("../") or resolved not in parts:
            found.append(
                (
                    name,
                    f"{where} refers to a part that is not in the template "
                    f"('{_short(target)}'); save the template again from "
                    "PowerPoint",
                )
            )
        elif short_kind in _TARGET_TYPES and not (types(resolved) or "").endswith(
            _TARGET_TYPES[short_kind]
        ):
            found.append(
                (
                    name,
                    f"{where}: a {short_kind} relationship to a part of another "
                    f"kind ('{_short(target)}'); {_AGAIN}",
                )
            )
    return found


def _references(name: str, tree: etree._Element, trees: dict[str, etree._Element]) -> list[str]:
    """Every r:id (r:embed, r:link…) in a part names one of the part's relationships."""
    folder, _, file = name.rpartition("/")
    rels = trees.get(f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels")
    ids = (
        {rel.get("Id") for rel in rels.iter(f"{{{_RELS}}}Relationship")}
        if rels is not None
        else set()
    )
    for element in tree.iter():
        for key, value in element.attrib.items():
            if key.startswith(_R) and value and value not in ids:
                return [
                    f"refers to relationship {_short(value)!r}, which the part does not "
                    f"have; {_AGAIN}"
                ]
    return []


def _external(kind: str, target: str, where: str) -> str | None:
    """Why a link out of the package is refused, or None for a plain web link."""
    shown = _short(target)
    if kind == "hyperlink":
        parts = urlsplit(target.strip())
        if parts.scheme.lower() in ("http", "https") and parts.netloc and "\\" not in target:
            return None
        return (
            f"{where}: a link to '{shown}'; a template may link only to http(s) web pages "
            "(javascript:, file: and network paths run or fetch things when clicked); "
            "remove the link"
        )
    if kind == "image":
        return (
            f"{where}: a picture linked from '{shown}', which PowerPoint fetches when the "
            "deck opens (a network path leaks the user's Windows sign-in); insert the "
            "picture into the template instead of linking it"
        )
    refused = _refusal(_REFUSED_RELATIONS.get(kind))
    if refused:
        return f"{where}: {refused} (linked from '{shown}')"
    return f"{where}: a link of type '{kind}' to '{shown}' outside the template; remove it"


def _actions(tree: etree._Element) -> list[str]:
    """Click actions that run programs, macros or objects, wherever a shape carries one."""
    found = []
    for element in tree.iter():
        action = element.get("action")
        if action is not None and not _SAFE_ACTIONS.match(action):
            found.append(
                f"a shape runs '{_short(action)}' when clicked; remove the action "
                "(Insert > Action > None)"
            )
    return found


def _svg(tree: etree._Element) -> list[str]:
    """SVG pictures may not script or fetch anything."""
    for element in tree.iter():
        tag = etree.QName(element).localname.lower() if isinstance(element.tag, str) else ""
        hrefs = [v for k, v in element.attrib.items() if etree.QName(k).localname == "href"]
        if (
            tag in ("script", "foreignobject")
            or any(etree.QName(k).localname.lower().startswith("on") for k in element.attrib)
            or any(not href.startswith(("#", "data:image/")) for href in hrefs)
        ):
            return ["an SVG picture with scripts or links to other files; insert it as PNG"]
    return []


def _structure(parts: dict[str, bytes], types) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The parts every template needs: a presentation, a slide master and a layout."""
    kinds = [types(name) or "" for name in parts]
    found = []
    if not any(k.endswith(("presentation.main+xml", "template.main+xml")) for k in kinds):
        found.append(
            (
                "",
                "no presentation part; this is not a PowerPoint file: save it from "
                "PowerPoint as .pptx or .potx",
            )
        )
    if not any(k.endswith("slideMaster+xml") for k in kinds):
        found.append(("", "no slide master; a template needs a master with its layouts"))
    if not any(k.endswith("slideLayout+xml") for k in kinds):
        found.append(
            ("", "no slide layouts; a template needs layouts for title and content slides")
        )
    return found


def _short(text: str, limit: int = 60) -> str:
    """At most ``limit`` characters of a name or target, for one readable line."""
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."
