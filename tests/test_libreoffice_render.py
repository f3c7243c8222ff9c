"""The deck opens in a real office suite: LibreOffice converts it to one PDF page per slide."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pptx import Presentation
from pypdf import PdfReader

from hpdeck.build import build
from tests.conftest import soffice_or_skip


def test_libreoffice_renders_one_page_per_slide(project: Path, tmp_path: Path) -> None:
    soffice = soffice_or_skip()
    deck = build(project / "decks" / "monthly-briefing.yaml", tmp_path / "out").path
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(deck)],
        check=True, capture_output=True, timeout=240,
    )
    pdf = PdfReader(tmp_path / "pdf" / "monthly-briefing.pdf")
    slides = len(Presentation(str(deck)).slides)
    assert len(pdf.pages) == slides
    first_page = pdf.pages[1].extract_text()
    assert "7 av 66 kommuner har tatt Helseplattformen i bruk" in first_page
