"""Nothing twice: --pdf, --handout and preview skip LibreOffice for a deck that has not changed
since its files were made, say so, and make them again after an edit or when one is gone.

LibreOffice is stood in for (it is counted, not run); what it writes is tested elsewhere."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from hpdeck.commands.cli import main
from hpdeck.export import office as office_module
from hpdeck.export import preview as preview_module
from hpdeck.export.preview import RenderedSlide

DECK = Path("decks") / "monthly-briefing.yaml"
METRICS = Path("content") / "2022-12" / "metrics.yaml"


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each deck LibreOffice would have converted, by file name and kind."""
    converted: list[str] = []

    def export(self, decks: Sequence[Path], kind: str = "pdf", **_: bool) -> list[Path]:  # type: ignore[no-untyped-def]
        targets = []
        for deck in decks:
            converted.append(f"{deck.name} {kind}")
            target = deck.with_name(deck.stem + office_module._SUFFIX[kind])  # type: ignore[index]
            target.write_bytes(b"%PDF-1.7 " + deck.read_bytes()[:64])
            targets.append(target)
        return targets

    monkeypatch.setattr(office_module.Office, "__init__", lambda self, binary=None: None)
    monkeypatch.setattr(office_module.Office, "close", lambda self: None)
    monkeypatch.setattr(office_module.Office, "export", export)
    return converted


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_pdf_and_handout_of_an_unchanged_deck_are_not_made_again(
    project: Path, tmp_path: Path, conversions: list[str]
) -> None:
    out = tmp_path / "out"
    deck = str(project / DECK)
    run("build", deck, "--out", str(out), "--pdf", "--handout")
    assert conversions == ["monthly-briefing.pptx pdf", "monthly-briefing.pptx handout"]
    pdf = out / "monthly-briefing.pdf"
    written = pdf.stat().st_mtime_ns

    again = run("build", deck, "--out", str(out), "--pdf", "--handout")
    assert len(conversions) == 2
    assert f"{pdf}: unchanged since the last run (same deck); LibreOffice not run" in again
    assert "monthly-briefing-handout.pdf: unchanged since the last run" in again
    assert pdf.stat().st_mtime_ns == written

    metrics = project / METRICS
    metrics.write_text(metrics.read_text("utf-8").replace("3760000", "4210000"), "utf-8")
    edited = run("build", deck, "--out", str(out), "--pdf")
    assert conversions[2:] == ["monthly-briefing.pptx pdf"]
    assert f"wrote {pdf}" in edited

    pdf.unlink()  # a file removed by hand is made again, though the deck is the same
    run("build", deck, "--out", str(out), "--pdf")
    assert conversions[3:] == ["monthly-briefing.pptx pdf"] and pdf.is_file()


def _pictures(decks: Sequence[Path], office: object) -> list[list[RenderedSlide]]:
    from PIL import Image
    from pptx import Presentation

    rendered = []
    for deck in decks:
        slides = []
        for slide in Presentation(str(deck)).slides:
            buffer = io.BytesIO()
            Image.new("RGB", (160, 90), "white").save(buffer, format="PNG")
            text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
            slides.append(RenderedSlide(buffer.getvalue(), text))
        rendered.append(slides)
    return rendered


def test_preview_of_an_unchanged_deck_keeps_its_pictures(
    project: Path, tmp_path: Path, conversions: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[int] = []

    def render(decks, office, kept=None, ready=None, smaller=()):  # type: ignore[no-untyped-def]
        drawn.append(len(decks))
        return _pictures(decks, office)

    monkeypatch.setattr(preview_module, "render_decks", render)
    out = tmp_path / "preview"
    deck = str(project / DECK)
    first = run("preview", deck, "--out", str(out))
    assert "wrote 17 slide pictures" in first and drawn == [1]
    sheet = out / "monthly-briefing" / "contact-sheet.png"
    made = sheet.stat().st_mtime_ns
    second = run("preview", deck, "--out", str(out))
    assert drawn == [1]
    assert (
        f"17 slide pictures in {out / 'monthly-briefing'}/ unchanged since the last run "
        "(same deck); LibreOffice not run"
    ) in second
    assert sheet.stat().st_mtime_ns == made
    run("preview", deck, "--out", str(out), "--lang", "en")  # another deck: drawn
    assert drawn == [1, 1]
