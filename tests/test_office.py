"""PDFs through LibreOffice: tagged, one page per slide, handouts that show the speaker notes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pptx import Presentation
from pypdf import PdfReader

from hpdeck.commands.cli import main
from hpdeck.errors import RenderError
from hpdeck.export import office
from hpdeck.pipeline.build import build
from tests.conftest import soffice_or_skip

DECK = Path("decks") / "monthly-briefing.yaml"


def pdftotext_or_skip() -> str:
    binary = shutil.which("pdftotext")
    if binary:
        return binary
    if os.environ.get("CI") == "true":
        pytest.fail("pdftotext is required in CI: .ci/run installs poppler-utils")
    pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")


def notes_of(deck: Path) -> list[str]:
    """Each slide's speaker notes, read back the way PowerPoint would show them."""
    return [
        slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        for slide in Presentation(str(deck)).slides
    ]


def test_hpdeck_soffice_names_the_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "my-soffice"
    fake.write_text("#!/bin/sh\n")
    monkeypatch.setenv("HPDECK_SOFFICE", str(fake))
    assert office.find_soffice() == fake


def test_hpdeck_soffice_pointing_nowhere_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HPDECK_SOFFICE", "/no/such/soffice")
    with pytest.raises(RenderError, match=r"HPDECK_SOFFICE='/no/such/soffice' is not a file"):
        office.find_soffice()


def test_missing_libreoffice_tells_what_to_install(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HPDECK_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(office, "_candidates", list)
    result = CliRunner().invoke(
        main, ["build", str(project / DECK), "--out", str(tmp_path / "out"), "--pdf"]
    )
    assert result.exit_code == 1
    assert (
        "error: LibreOffice is needed to write PDFs and previews but was not found; install "
        "LibreOffice (Debian/Ubuntu: apt-get install libreoffice-impress;"
    ) in result.output
    assert (tmp_path / "out" / "monthly-briefing.pptx").is_file()  # the deck itself is still built


def test_pdf_filter_asks_for_tags_and_the_handout_for_notes_pages() -> None:
    def options(kind: office.Kind) -> dict[str, dict[str, str]]:
        prefix = "pdf:impress_pdf_Export:"
        spec = office.filter_spec(kind)
        assert spec.startswith(prefix)
        return json.loads(spec.removeprefix(prefix))

    assert options("pdf")["UseTaggedPDF"] == {"type": "boolean", "value": "true"}
    assert "ExportNotesPages" not in options("pdf")
    assert options("handout")["ExportOnlyNotesPages"]["value"] == "true"
    assert options("handout")["UseTaggedPDF"]["value"] == "true"


def test_every_section_puts_its_authored_notes_and_talking_points_in_the_slide_notes(
    project: Path, tmp_path: Path
) -> None:
    sections = yaml.safe_load((project / DECK).read_text("utf-8"))["sections"]
    content = [project / "content" / "2022-12" / f"{name}.yaml" for name in sections]
    for path in content:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f'\nnotes: "Fortell om {path.stem} først."\n')
    deck = build(project / DECK, tmp_path / "out").path
    notes = notes_of(deck)
    everything = "\n".join(notes)
    for path in content:
        assert f"Fortell om {path.stem} først." in everything, path.stem
    status = next(n for n in notes if "Fortell om status først." in n)
    assert status.index("Fortell om status først.") < status.index("12 kommuner har vedtatt")
    metrics = next(n for n in notes if "Fortell om metrics først." in n)
    assert "3,76 millioner besøk i kommunehelsetjenesten" in metrics


@pytest.mark.libreoffice
def test_build_pdf_is_tagged_with_one_page_per_slide(project: Path, tmp_path: Path) -> None:
    soffice_or_skip()
    result = CliRunner().invoke(
        main,
        ["build", str(project / DECK), "--out", str(tmp_path / "out"), "--pdf"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    pdf_path = tmp_path / "out" / "monthly-briefing.pdf"
    assert f"wrote {pdf_path}" in result.output
    slides = len(Presentation(str(tmp_path / "out" / "monthly-briefing.pptx")).slides)
    pdf = PdfReader(pdf_path)
    assert len(pdf.pages) == slides
    catalog = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "nb-NO"  # the deck's language, for screen readers
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert pdf.metadata.title == "Status for kommunene og Helseplattformen"
    assert "7 av 66 kommuner har tatt Helseplattformen i bruk" in pdf.pages[1].extract_text()


@pytest.mark.libreoffice
def test_handout_shows_the_speaker_notes_under_each_slide(project: Path, tmp_path: Path) -> None:
    soffice_or_skip()
    pdftotext = pdftotext_or_skip()
    metrics = project / "content" / "2022-12" / "metrics.yaml"
    with metrics.open("a", encoding="utf-8") as handle:
        handle.write('\nnotes: "Husk å takke vaksinasjonsteamet i Fjordvik."\n')
    result = CliRunner().invoke(
        main,
        ["build", str(project / DECK), "--out", str(tmp_path / "out"), "--handout"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    handout = tmp_path / "out" / "monthly-briefing-handout.pdf"
    assert not (tmp_path / "out" / "monthly-briefing.pdf").exists()
    notes = notes_of(tmp_path / "out" / "monthly-briefing.pptx")
    assert len(PdfReader(handout).pages) == len(notes)
    page = next(i for i, n in enumerate(notes, start=1) if "Fjordvik" in n)
    text = subprocess.run(
        [pdftotext, "-f", str(page), "-l", str(page), str(handout), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(text.split())
    assert "Husk å takke vaksinasjonsteamet i Fjordvik." in flat
    assert "3,76 millioner besøk i kommunehelsetjenesten" in flat  # a derived talking point


@pytest.mark.libreoffice
def test_a_failed_conversion_names_the_deck_and_keeps_the_old_pdf(tmp_path: Path) -> None:
    soffice_or_skip()
    broken = tmp_path / "broken.pptx"
    broken.write_bytes(b"this is not a presentation")
    old = tmp_path / "broken.pdf"
    old.write_bytes(b"%PDF-old")
    with pytest.raises(RenderError, match="LibreOffice did not write a PDF for"):
        office.export_pdfs([broken])
    assert old.read_bytes() == b"%PDF-old"


@pytest.mark.libreoffice
def test_pictures_handed_over_one_by_one_name_the_deck_that_failed(
    project: Path, tmp_path: Path
) -> None:
    """export_each hands over each PDF as LibreOffice writes it, in the order of the decks
    given, and a deck it cannot convert is named, after the PDFs before it were handed over."""
    soffice_or_skip()
    good = build(project / "decks" / "monthly-briefing.yaml", tmp_path / "good").path
    broken = tmp_path / "broken" / "broken.pptx"
    broken.parent.mkdir()
    broken.write_bytes(b"this is not a presentation")
    handed: list[tuple[int, int]] = []
    with (
        office.Office() as libreoffice,
        pytest.raises(RenderError, match=rf"did not write a PDF for {broken}"),
    ):
        for index, pdf in libreoffice.export_each([good, broken]):
            handed.append((index, len(PdfReader(pdf).pages)))
    assert handed == [(0, len(Presentation(str(good)).slides))]
