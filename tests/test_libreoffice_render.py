"""The deck opens in a real office suite: LibreOffice converts it to one PDF page per slide."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pypdf import PdfReader

from hpdeck.pipeline.build import build
from tests.conftest import libreoffice_pdf


def test_libreoffice_renders_one_page_per_slide(project: Path, tmp_path: Path) -> None:
    deck = build(project / "decks" / "monthly-briefing.yaml", tmp_path / "out").path
    pdf = PdfReader(libreoffice_pdf(deck, tmp_path / "pdf"))
    slides = len(Presentation(str(deck)).slides)
    assert len(pdf.pages) == slides
    first_page = pdf.pages[1].extract_text()
    assert "7 av 66 kommuner har tatt Helseplattformen i bruk" in first_page
