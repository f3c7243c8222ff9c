"""Decoration is marked decorative and skipped by assistive technology; every other figure
carries its description through to the tagged PDF."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from lxml import etree
from pptx import Presentation

from hpdeck.export.office import export_pdfs
from hpdeck.pipeline.build import Options, build
from hpdeck.render.decorative import is_decorative
from tests.conftest import soffice_or_skip


def _figures(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found = []

    def walk(node: pikepdf.Object) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure":
                found.append(node)
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    return found


def _artifacts(pdf: pikepdf.Pdf) -> int:
    return sum(
        1
        for page in pdf.pages
        for operands, operator in pikepdf.parse_content_stream(page)
        if str(operator) in ("BMC", "BDC") and operands[0] == pikepdf.Name.Artifact
    )


def _decks(project: Path, out: Path) -> list[Path]:
    monthly = build(project / "decks" / "monthly-briefing.yaml", out).path
    council = build(
        project / "decks" / "council-meeting.yaml", out, Options(municipality="skaun")
    ).path
    return [monthly, council]


def test_decoration_is_marked_decorative_and_everything_else_described(
    project: Path, tmp_path: Path
) -> None:
    for deck in _decks(project, tmp_path / "out"):
        connectors = decorated = 0
        for number, slide in enumerate(Presentation(str(deck)).slides, start=1):
            for shape in slide.shapes:
                kind = etree.QName(shape._element).localname
                text = shape.has_text_frame and shape.text_frame.text.strip()
                if kind == "cxnSp" or (kind == "sp" and not text):
                    assert is_decorative(shape._element), (number, shape.name)
                    connectors += kind == "cxnSp"
                    decorated += 1
                elif kind in ("pic", "graphicFrame") and not is_decorative(shape._element):
                    descr = shape._element.xpath("./*[1]/p:cNvPr/@descr")
                    assert descr and descr[0].strip(), (number, shape.name)
        assert decorated
        if deck.stem == "monthly-briefing":
            assert connectors >= 8  # the actors diagram's spokes


def test_every_figure_in_the_tagged_pdf_has_alt_text_or_is_an_artifact(
    project: Path, tmp_path: Path
) -> None:
    soffice_or_skip()
    for pdf_path in export_pdfs(_decks(project, tmp_path / "out")):
        with pikepdf.open(pdf_path) as pdf:
            figures = _figures(pdf)
            assert figures, pdf_path.name  # the charts are still figures
            missing = [
                f.get("/Pg") and pdf.pages.index(pikepdf.Page(f.Pg)) + 1
                for f in figures
                if not str(f.get("/Alt", "")).strip()
            ]
            assert missing == [], f"{pdf_path.name}: figures without /Alt on pages {missing}"
            assert _artifacts(pdf) > len(pdf.pages)  # accent bars and connectors, not just
            # the page chrome LibreOffice marks itself
