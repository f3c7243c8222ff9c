"""Every deck the samples produce is valid OOXML: schemas, semantics and relationships.

openxml-audit is a port of Microsoft's Open XML SDK validator (the checks PowerPoint's 'repair'
dialog stems from); the relationship walk below is our own, so a dangling link fails even if
the validator's rules change.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from hpdeck.commands.cli import main

openxml_audit = pytest.importorskip("openxml_audit", reason="pip install -e '.[test]'")

_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}Override"


def _build(project: Path, out: Path, *args: str) -> list[Path]:
    council = "--all-municipalities" in args or "-m" in args
    deck = "council-meeting.yaml" if council else "monthly-briefing.yaml"
    result = CliRunner().invoke(
        main, ["build", str(project / "decks" / deck), "--out", str(out), *args]
    )
    assert result.exit_code == 0, result.output
    return sorted(out.glob("*.pptx"))


def dangling(path: Path) -> list[str]:
    """Relationships whose internal target is not in the package, and overrides without parts."""
    problems = []
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        for rels in (n for n in names if n.endswith(".rels")):
            folder = posixpath.dirname(posixpath.dirname(rels))
            for rel in etree.fromstring(package.read(rels)).iter(_RELS):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target", "")
                part = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target))
                )
                if part not in names:
                    problems.append(f"{rels}: {rel.get('Id')} -> {target} (missing)")
        types = etree.fromstring(package.read("[Content_Types].xml"))
        for override in types.iter(_TYPES):
            if override.get("PartName", "").lstrip("/") not in names:
                problems.append(
                    f"[Content_Types].xml: override for missing {override.get('PartName')}"
                )
    return problems


def assert_valid(path: Path) -> None:
    validator = openxml_audit.OpenXmlValidator(
        file_format=openxml_audit.FileFormat.MICROSOFT_365, max_errors=0
    )
    result = validator.validate(str(path))
    assert result.is_valid, f"{path.name}:\n" + "\n".join(str(e) for e in result.errors[:20])
    assert dangling(path) == []


@pytest.mark.parametrize("theme", ["helseplattformen", "high-contrast"])
def test_the_monthly_briefing_is_valid_ooxml(project: Path, tmp_path: Path, theme: str) -> None:
    (path,) = _build(project, tmp_path / "out", "--theme", theme)
    assert_valid(path)


def test_every_council_deck_is_valid_ooxml(project: Path, tmp_path: Path) -> None:
    # One of each kind among the 66: in use with a quote, own costs, nothing but a name.
    paths = _build(project, tmp_path / "out", "-m", "roros", "-m", "skaun", "-m", "steinkjer")
    assert len(paths) == 3
    for path in paths:
        assert_valid(path)


def test_a_deck_on_the_corporate_template_with_native_charts_is_valid(
    corporate: Path, tmp_path: Path
) -> None:
    (path,) = _build(corporate, tmp_path / "out", "--theme", "corporate")
    assert_valid(path)


def test_the_validator_and_the_walk_catch_what_powerpoint_would_repair(
    project: Path, tmp_path: Path
) -> None:
    (good,) = _build(project, tmp_path / "out")
    bad = tmp_path / "bad.pptx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "ppt/slides/_rels/slide2.xml.rels":
                data = data.replace(b"../slideLayouts/", b"../slideLayouts/gone-")
            if item.filename == "ppt/slides/slide3.xml":
                data = data.replace(b"<a:bodyPr", b"<a:bogus/><a:bodyPr", 1)
            target.writestr(item, data)
    assert any("slide2.xml.rels" in p and "missing" in p for p in dangling(bad))
    result = openxml_audit.OpenXmlValidator(max_errors=0).validate(str(bad))
    assert not result.is_valid
    messages = " ".join(str(e) for e in result.errors)
    assert "bogus" in messages and "not found" in messages
