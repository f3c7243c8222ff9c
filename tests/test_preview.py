"""Sign-off pictures: one PNG per slide and a contact sheet with every slide on it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation

from hpdeck.build import build
from hpdeck.cli import main
from hpdeck.preview import THUMB_WIDTH_PX, contact_sheet, render_decks
from tests.conftest import soffice_or_skip

DECK = Path("decks") / "monthly-briefing.yaml"


def png(width: int, height: int, color: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


def size_of(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        return image.size


def test_contact_sheet_places_every_slide_in_rows_of_four() -> None:
    slides = [png(1600, 900, color) for color in ("red", "green", "blue", "black", "orange")]
    sheet = Image.open(io.BytesIO(contact_sheet(slides, "Fjordvik kommune")))
    assert sheet.width > 4 * THUMB_WIDTH_PX
    assert sheet.height > 2 * 270  # two rows of 16:9 thumbnails
    top_left = sheet.getpixel((24 + THUMB_WIDTH_PX // 2, 64 + 135))
    second_row = sheet.getpixel((24 + THUMB_WIDTH_PX // 2, sheet.height - 24 - 28 - 135))
    assert top_left == (255, 0, 0)
    assert second_row == (255, 165, 0)


@pytest.mark.libreoffice
def test_preview_writes_one_png_per_slide_and_a_contact_sheet(project: Path,
                                                              tmp_path: Path) -> None:
    soffice_or_skip()
    out = tmp_path / "preview"
    stale = out / "monthly-briefing" / "slide-99.png"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"from an older, longer deck")
    result = CliRunner().invoke(main, ["preview", str(project / DECK), "--out", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    folder = out / "monthly-briefing"
    slides = len(Presentation(str(build(project / DECK, tmp_path / "deck").path)).slides)
    pictures = sorted(folder.glob("slide-*.png"))
    assert [p.name for p in pictures] == [f"slide-{n:02d}.png" for n in range(1, slides + 1)]
    width, height = size_of(pictures[0])
    assert width == 1600
    assert abs(width / height - 16 / 9) < 0.01
    assert size_of(folder / "contact-sheet.png")[0] > 4 * THUMB_WIDTH_PX
    assert result.output == (f"wrote {slides} slide pictures to {folder}/ and the contact sheet "
                             f"{folder / 'contact-sheet.png'}\n")  # no temporary .pptx named


@pytest.mark.libreoffice
def test_rendered_slides_carry_their_text(project: Path, tmp_path: Path) -> None:
    soffice_or_skip()
    deck = build(project / DECK, tmp_path / "out").path
    from hpdeck.office import Office

    with Office() as office:
        (slides,) = render_decks([deck], office)
    assert "7 av 66 kommuner har tatt Helseplattformen i bruk" in slides[1].text
    assert slides[1].png.startswith(b"\x89PNG")


def test_sign_off_has_one_page_per_municipality_with_its_warnings(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from hpdeck.preview import DeckPreview, sign_off

    previews = []
    for slug in ("fjordvik", "nordvik"):
        folder = tmp_path / slug
        folder.mkdir()
        slides = []
        for number in range(1, 8):
            path = folder / f"slide-{number:02d}.png"
            path.write_bytes(png(1600, 900, "navy"))
            slides.append(path)
        previews.append(DeckPreview(tmp_path / f"council-{slug}.pptx", slides,
                                    folder / "contact-sheet.png"))
    target = sign_off(previews, [["slide 3: text does not fit"], []], tmp_path / "sign-off.pdf")
    assert len(PdfReader(target).pages) == 2
