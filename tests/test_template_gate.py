"""Hostile templates, built in each test from python-pptx's own: each is refused before
python-pptx opens it, by `build` and `check-theme` alike, naming the template, the part and what
to remove, and no deck is written."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hpdeck.commands.cli import main

TEMPLATE = "themes/hostile/template.pptx"
MASTER_RELS = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
Parts = dict[str, bytes]


def _base() -> Parts:
    from pptx import Presentation

    out = io.BytesIO()
    Presentation().save(out)
    archive = zipfile.ZipFile(out)
    return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: Parts) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


def _relation(
    parts: Parts, kind: str, target: str, *, external: bool = True, rels: str = MASTER_RELS
) -> None:
    mode = ' TargetMode="External"' if external else ""
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        f'<Relationship Id="rId99" Type="{OFFICE_REL}/{kind}" '
        f'Target="{target}"{mode}/></Relationships>'.encode(),
    )


def _part(parts: Parts, name: str, kind: str, body: bytes = b"\0" * 64) -> None:
    parts[name] = body
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/{name}" ContentType="{kind}"/></Types>'.encode()
    )


def _drop_masters(parts: Parts) -> None:
    for name in [n for n in parts if "slideMaster" in n or "slideLayout" in n]:
        del parts[name]
    parts["[Content_Types].xml"] = re.sub(
        rb'<Override PartName="/ppt/slide(Master|Layout)s/'
        rb"[^>]*/>",
        b"",
        parts["[Content_Types].xml"],
    )


def _action(parts: Parts) -> None:
    master = "ppt/slideMasters/slideMaster1.xml"
    parts[master] = parts[master].replace(
        b'<p:cNvPr id="2" name="Title Placeholder 1"/>',
        b'<p:cNvPr id="2" name="Title Placeholder 1"><a:hlinkClick r:id="" '
        b'action="ppaction://program"/></p:cNvPr>',
        1,
    )


MUTATIONS: dict[str, tuple[Callable[[Parts], None], str, str]] = {
    "javascript-link": (
        lambda p: _relation(p, "hyperlink", "javascript:alert(1)"),
        MASTER_RELS,
        "rId99 of ppt/slideMasters/slideMaster1.xml: a link to "
        "'javascript:alert(1)'; a template may link only to http(s) web pages",
    ),
    "file-link": (
        lambda p: _relation(p, "hyperlink", "file:///C:/Windows/System32/calc.exe"),
        MASTER_RELS,
        "a link to 'file:///C:/Windows/System32/calc.exe'",
    ),
    "unc-picture": (
        lambda p: _relation(p, "image", r"\\attacker.example\share\logo.png"),
        MASTER_RELS,
        r"a picture linked from '\\attacker.example\share\logo.png', "
        "which PowerPoint fetches when the deck opens",
    ),
    "ole-link": (
        lambda p: _relation(p, "oleObject", "file:///C:/budget.xlsx"),
        MASTER_RELS,
        "an embedded or linked object (OLE) is not allowed in a template; remove the "
        "object, or paste it as a picture",
    ),
    "vba": (
        lambda p: _part(p, "ppt/vbaProject.bin", "application/vnd.ms-office.vbaProject"),
        "ppt/vbaProject.bin",
        "macros (VBA) is not allowed in a template; save the template as .pptx or .potx",
    ),
    "activex": (
        lambda p: _part(
            p, "ppt/activeX/activeX1.xml", "application/vnd.ms-office.activeX+xml", b"<ax/>"
        ),
        "ppt/activeX/activeX1.xml",
        "an ActiveX control is not allowed in a template",
    ),
    "doctype": (
        lambda p: p.update(
            {
                "ppt/presentation.xml": b'<?xml version="1.0"?>\n'
                b'<!DOCTYPE p [<!ENTITY e "boom">]>\n<p>&e;</p>'
            }
        ),
        "ppt/presentation.xml",
        "contains a DOCTYPE (a DTD or entity declarations)",
    ),
    "click-runs-program": (
        _action,
        "ppt/slideMasters/slideMaster1.xml",
        "a shape runs 'ppaction://program' when clicked; remove the action",
    ),
    "theme-bomb": (
        lambda p: p.update({"ppt/theme/theme1.xml": b" " * (8 * 2**20)}),
        "ppt/theme/theme1.xml",
        "the part unpacks to 8 MiB from 0.0 MiB",
    ),
    "no-master": (_drop_masters, "", "no slide master; a template needs a master"),
    "dotdot-name": (
        lambda p: p.update({"../evil.xml": b"<x/>"}),
        "../evil.xml",
        "a part name that is not a plain path inside the package",
    ),
    "missing-part": (
        lambda p: _relation(p, "image", "../media/nothere.png", external=False),
        MASTER_RELS,
        "rId99 of ppt/slideMasters/slideMaster1.xml refers to a part "
        "that is not in the template ('../media/nothere.png')",
    ),
}


def _patched(data: bytes, name: str, offset_local: int, offset_central: int, value: bytes) -> bytes:
    """``data`` with bytes of ``name``'s local and central zip headers overwritten."""
    raw = bytearray(data)
    encoded = name.encode()
    for signature, offset, name_at in (
        (b"PK\x03\x04", offset_local, 30),
        (b"PK\x01\x02", offset_central, 46),
    ):
        start = 0
        while (start := raw.find(signature, start)) != -1:
            if raw[start + name_at : start + name_at + len(encoded)] == encoded:
                raw[start + offset : start + offset + len(value)] = value
            start += 4
    return bytes(raw)


def _damaged_stream(data: bytes) -> bytes:
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo("ppt/presentation.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    raw = bytearray(data)
    raw[start + 10 : start + 40] = b"\xff" * 30
    return bytes(raw)


ZIP_DAMAGE: dict[str, tuple[Callable[[bytes], bytes], str, str]] = {
    "encrypted": (
        lambda d: _patched(d, "ppt/presentation.xml", 6, 8, struct.pack("<H", 1)),
        "ppt/presentation.xml",
        "the part is encrypted; remove the password",
    ),
    "deflate64": (
        lambda d: _patched(d, "ppt/presentation.xml", 8, 10, struct.pack("<H", 9)),
        "ppt/presentation.xml",
        "compressed with zip method 9 (deflate64)",
    ),
    "corrupt-stream": (_damaged_stream, "ppt/presentation.xml", "the part is damaged"),
}


@pytest.fixture
def hostile(project: Path) -> Path:
    """A theme 'hostile' on a template at themes/hostile/template.pptx, written by each test."""
    folder = project / "themes" / "hostile"
    folder.mkdir()
    (folder / "theme.yaml").write_text(
        "name: Hostile\nextends: helseplattformen\ntemplate: template.pptx\n", "utf-8"
    )
    return folder / "template.pptx"


def _refused(project: Path, tmp_path: Path, part: str, expected: str) -> None:
    out = tmp_path / "out"
    deck = project / "decks" / "monthly-briefing.yaml"
    build: Result = CliRunner().invoke(
        main, ["build", str(deck), "--out", str(out), "--theme", "hostile"], catch_exceptions=False
    )
    check: Result = CliRunner().invoke(
        main, ["check-theme", "hostile", "--project", str(project)], catch_exceptions=False
    )
    where = f"{TEMPLATE}: {part}: " if part else f"{TEMPLATE}: "
    for result in (build, check):
        assert result.exit_code == 1, result.output
        line = next(
            (x for x in result.output.splitlines() if x.startswith(where) and expected in x), None
        )
        assert line is not None, result.output
    assert not out.exists()


def test_the_plain_template_passes(project: Path, hostile: Path, tmp_path: Path) -> None:
    hostile.write_bytes(_zip(_base()))
    result = CliRunner().invoke(
        main, ["check-theme", "hostile", "--project", str(project)], catch_exceptions=False
    )
    assert "template: themes/hostile/template.pptx" in result.output, result.output
    assert [x for x in result.output.splitlines() if x.startswith(TEMPLATE)] == []  # no refusal


@pytest.mark.parametrize("case", list(MUTATIONS))
def test_a_hostile_part_is_refused(project: Path, hostile: Path, tmp_path: Path, case: str) -> None:
    mutate, part, expected = MUTATIONS[case]
    parts = _base()
    mutate(parts)
    hostile.write_bytes(_zip(parts))
    _refused(project, tmp_path, part, expected)


@pytest.mark.parametrize("case", list(ZIP_DAMAGE))
def test_a_damaged_container_is_refused(
    project: Path, hostile: Path, tmp_path: Path, case: str
) -> None:
    damage, part, expected = ZIP_DAMAGE[case]
    hostile.write_bytes(damage(_zip(_base())))
    _refused(project, tmp_path, part, expected)


def test_check_reports_a_hostile_template(project: Path, hostile: Path) -> None:
    parts = _base()
    _relation(parts, "hyperlink", "javascript:alert(1)")
    hostile.write_bytes(_zip(parts))
    result = CliRunner().invoke(
        main, ["check", str(project / "decks" / "monthly-briefing.yaml"), "--theme", "hostile"]
    )
    assert result.exit_code == 1, result.output
    assert (
        f"{TEMPLATE}: {MASTER_RELS}: rId99 of ppt/slideMasters/slideMaster1.xml: a link to "
        "'javascript:alert(1)'"
    ) in result.output


_REPO_TEMPLATE = Path(__file__).resolve().parent.parent / "themes" / "corporate" / "template.pptx"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_damaged_template_never_gives_a_traceback(project: Path, hostile: Path, data) -> None:  # type: ignore[no-untyped-def]
    from hpdeck.content.theme import load_theme
    from hpdeck.errors import HpdeckError
    from hpdeck.render.template import report

    archive = zipfile.ZipFile(_REPO_TEMPLATE)
    parts = {name: archive.read(name) for name in archive.namelist()}
    name = data.draw(st.sampled_from(sorted(n for n in parts if n.endswith((".xml", ".rels")))))
    how = data.draw(st.sampled_from(["byte", "drop-part", "drop-attribute"]))
    body = parts[name]
    if how == "byte":
        at = data.draw(st.integers(0, len(body) - 1))
        parts[name] = body[:at] + bytes([data.draw(st.integers(32, 126))]) + body[at + 1 :]
    elif how == "drop-part":
        del parts[name]
    else:
        found = list(re.finditer(rb'\w+="[^"]*"', body))
        if found:
            cut = found[data.draw(st.integers(0, len(found) - 1))]
            parts[name] = body[: cut.start()] + body[cut.end() :]
    hostile.write_bytes(_zip(parts))
    try:
        report(load_theme(project, "hostile"))
    except HpdeckError as err:
        assert "themes/hostile/template.pptx" in err.format_message()
