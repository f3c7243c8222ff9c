"""The sign-off sheet is a tagged PDF of real text: names, headings and described thumbnails."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from PIL import Image
from pypdf import PdfReader

from hpdeck.export.preview import DeckPreview
from hpdeck.export.signoff_pdf import SignOffPage, sign_off

NAMES = ("Midtre Gauldal kommune", "Bø kommune", "Våler kommune")


def _previews(tmp_path: Path) -> list[DeckPreview]:
    previews = []
    for name in NAMES:
        folder = tmp_path / name.split()[0]
        folder.mkdir()
        slides, texts = [], []
        for number in range(1, 9):
            path = folder / f"slide-{number:02d}.png"
            Image.new("RGB", (1600, 900), "navy").save(path)
            slides.append(path)
            texts.append(f"{name}: lysbilde med tekst nummer {number}\nmer tekst")
        previews.append(
            DeckPreview(
                tmp_path / f"council-{folder.name}.pptx",
                slides,
                folder / "contact-sheet.png",
                tuple(texts),
            )
        )
    return previews


def _structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found = []

    def walk(node: pikepdf.Object) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found.append(node)
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    return found


def test_sign_off_is_tagged_text_naming_every_municipality(tmp_path: Path) -> None:
    pages = [
        SignOffPage(
            NAMES[0],
            (NAMES[0], "Midtre Gauldal"),
            "nn",
            ("ingen logo (logo): tittellysbiletet viser ikkje logoen til kommunen",),
            tuple(f"slide {n}: text does not fit" for n in range(40)),
        ),
        SignOffPage(NAMES[1], (NAMES[1],), "nb"),
        SignOffPage(NAMES[2], (NAMES[2],), "nb"),
    ]
    target = sign_off(_previews(tmp_path), pages, tmp_path / "sign-off.pdf")
    reader = PdfReader(target)
    assert len(reader.pages) == len(NAMES)
    for page, name in zip(reader.pages, NAMES, strict=True):
        text = page.extract_text()
        assert name in text
        assert ("lysbilete 1" if name == NAMES[0] else "lysbilde 1") in text  # its language
    first = reader.pages[0].extract_text()
    assert "tittellysbiletet viser ikkje logoen" in first
    assert "til (sjå hpdeck check)" in first  # 40 findings end in a count, not off the page
    with pikepdf.open(target) as pdf:
        assert pdf.Root.MarkInfo.Marked
        elements = _structure(pdf)
        headings = [e for e in elements if e.S == "/H1"]
        assert len(headings) == len(NAMES)
        figures = [e for e in elements if e.S == "/Figure"]
        assert len(figures) == 6 * len(NAMES)
        alts = [str(f.Alt) for f in figures]
        assert (
            alts[0] == "Lysbilete 1: Midtre Gauldal kommune: lysbilde med tekst nummer 1 mer tekst"
        )
        assert all(alt.startswith("Lysbilde ") for alt in alts[6:])
        assert sum(1 for e in elements if e.S == "/P") > 20


def test_a_page_with_room_for_one_line_under_a_heading_counts_the_findings(
    tmp_path: Path,
) -> None:
    """Many missing facts leave the warnings room for one line: it says how many there are, not
    '… and 40 more' under nothing."""
    page = SignOffPage(
        NAMES[0],
        (NAMES[0],),
        "nb",
        tuple(f"ingen fakta nummer {n} (felt {n})" for n in range(60)),
        tuple(f"slide {n}: text does not fit" for n in range(40)),
    )
    target = sign_off(_previews(tmp_path)[:1], [page], tmp_path / "sign-off.pdf")
    text = PdfReader(target).pages[0].extract_text()
    warnings = text.split("Merknader fra kontrollen", 1)[1]
    assert "slide 0: text does not fit" in warnings or "40 i alt (se hpdeck check)" in warnings
    assert "… og 40 til" not in warnings
