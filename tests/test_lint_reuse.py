"""The linter reads slides from their XML and keeps each shape's verdict by what it depends on:
it must read what python-pptx reads, and a kept verdict must never hide a finding (a later
deck's own mistake, the same shape on another colour, a theme file whose lines moved)."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Inches, Pt

from hpdeck.check import lint
from hpdeck.check.lint import lint_pptx, lint_theme
from hpdeck.check.slide_keys import DeckParts
from hpdeck.check.slide_xml import (
    alignment,
    anchor,
    coloured_runs,
    frame_text,
    insets,
    layout_positions,
    paragraphs,
    placed,
    read_shape,
    shape_elements,
    text_body,
    title_element,
)
from hpdeck.content.theme import load_theme
from hpdeck.pipeline.batch import build_all
from hpdeck.pipeline.build import Options, build
from hpdeck.render.charts.draw import LABELS_KEY


@pytest.mark.parametrize("theme", [None, "corporate"])
def test_slides_are_read_as_python_pptx_reads_them(
    project: Path, tmp_path: Path, theme: str | None
) -> None:
    """Every shape's name, position (a placeholder's from its layout and master), text, runs,
    insets, alignment and colours, on every slide of the monthly deck (the corporate theme's
    template places its titles by placeholder)."""
    deck = project / "decks" / "monthly-briefing.yaml"
    data = build(deck, tmp_path, Options(theme=theme)).path.read_bytes()
    parts = DeckParts(data)
    prs = Presentation(io.BytesIO(data))
    inherited = 0
    for name, slide in zip(parts.slides, prs.slides, strict=True):
        tree = parts.xml(name)
        layout = parts.related(name, "slideLayout")
        assert layout is not None
        master = parts.related(layout, "slideMaster")
        positions = layout_positions(parts.xml(layout), parts.xml(master) if master else None)
        read = [(e, read_shape(e)) for e in shape_elements(tree)]
        assert [s.name for _, s in read] == [s.name for s in slide.shapes]
        for (element, mine), theirs in zip(read, slide.shapes, strict=True):
            box = placed(mine, positions)
            assert box is not None
            assert (box.left, box.top, box.width, box.height) == (
                theirs.left / 914400,
                theirs.top / 914400,
                theirs.width / 914400,
                theirs.height / 914400,
            ), theirs.name
            assert mine.placeholder == theirs.is_placeholder
            inherited += theirs.is_placeholder and theirs._element.xpath("./p:spPr/a:xfrm") == []
            if not theirs.has_text_frame:
                continue
            frame = theirs.text_frame
            body = text_body(element)
            assert frame_text(body) == frame.text
            assert insets(body) == tuple(
                m / 914400
                for m in (
                    frame.margin_left,
                    frame.margin_right,
                    frame.margin_top,
                    frame.margin_bottom,
                )
            )
            read_paragraphs = paragraphs(body, "Carlito")[0]
            for paragraph, p in zip(read_paragraphs, frame.paragraphs, strict=True):
                assert [r.text for r in paragraph.runs] == [r.text for r in p.runs]
                assert [r.bold for r in paragraph.runs] == [bool(r.font.bold) for r in p.runs]
                sizes = [r.font.size.pt for r in p.runs if r.font.size is not None]
                assert paragraph.size == (sizes[0] if sizes else 18.0)
            align = next((p.alignment for p in frame.paragraphs if p.alignment), None)
            assert {None: None, "ctr": 2, "r": 3, "l": 1, "just": 4}[alignment(body)] == (
                int(align) if align is not None else None
            )
            vertical = frame.vertical_anchor
            assert {None: None, "t": 1, "ctr": 3, "b": 4}[anchor(body)] == (
                int(vertical) if vertical is not None else None
            )
            coloured = [
                (r.text, str(r.font.color.rgb))
                for p in frame.paragraphs
                for r in p.runs
                if r.text.strip() and r.font.color.type is not None and r.font.color.rgb
            ]
            assert [(r.text, r.colour) for r in coloured_runs(body)] == coloured
        title = slide.shapes.title
        found = title_element(tree)
        assert (found is None) == (title is None)
        if title is not None and found is not None:
            assert frame_text(text_body(found)) == title.text_frame.text
    if theme == "corporate":
        assert inherited > 5  # the template's placeholders are placed by their layouts


def _deck(card: str) -> bytes:
    """One slide with a grey headline on a card of colour ``card``."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text_frame.text = "Status"
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(1), Inches(3), Inches(6), Inches(2))
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(card)
    shape.line.fill.background()
    box = slide.shapes.add_textbox(Inches(1.5), Inches(3.5), Inches(5), Inches(1))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "Seven municipalities live"
    run.font.size = Pt(28)
    run.font.color.rgb = RGBColor.from_string("A0A0A0")
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def test_the_same_shape_on_another_colour_is_judged_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The headline's XML is the same in every deck; only the card behind it differs."""
    theme = load_theme(project, "helseplattformen")
    for cache in ("_SEEN_SLIDES", "_VERDICTS", "_FACTS"):
        monkeypatch.setattr(lint, cache, {})

    def contrast(card: str) -> list[str]:
        return [f.shape for f in lint_pptx(_deck(card), theme) if f.check == "contrast"]

    # Large text needs 3:1; #A0A0A0 has 2.6:1 on white, 2.1:1 on light grey, 8:1 on black.
    assert contrast("FFFFFF") == ["TextBox 3"]
    assert contrast("000000") == []
    assert contrast("FFFFFF") == ["TextBox 3"]
    assert contrast("E6E6E6") == ["TextBox 3"]
    assert contrast("000000") == []
    assert 3 <= len(lint._SEEN_SLIDES) < 5  # the slides on white and on black seen again


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_later_municipalitys_own_mistake_is_found_in_the_batch(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """The third and fourth decks have a role in nynorsk on their own slides (the fourth's
    contact card is the third's, shape for shape): each reports both, at its own file, in one
    process and in workers forked after the first deck."""
    for cache in ("_SEEN_SLIDES", "_VERDICTS", "_FACTS"):
        monkeypatch.setattr(lint, cache, {})
    for slug in ("orkland", "orsta"):
        path = project / "content" / "municipalities" / f"{slug}.yaml"
        lines = path.read_text("utf-8").splitlines()
        lines += ["contact:", "  name: Kari Nordmann", "  role: prosjektleiar for Helseplattformen"]
        path.write_text("\n".join(lines) + "\n", "utf-8")
    deck = project / "decks" / "council-meeting.yaml"

    slugs = ["skaun", "volda", "orkland", "orsta"]
    outcomes = build_all(deck, tmp_path / "out", slugs, Options(language="en"), jobs=jobs)

    found = {o.slug: [line for line in o.findings if "[language]" in line] for o in outcomes}
    assert found["skaun"] == found["volda"] == []
    for slug in ("orkland", "orsta"):
        assert len(found[slug]) == 2, found
        assert all(line.startswith(f"content/municipalities/{slug}.yaml:") for line in found[slug])
        assert all("'prosjektleiar'" in line for line in found[slug])
    alone = build(deck, tmp_path / "alone", Options(language="en", municipality="orsta"))
    assert found["orsta"] == [str(f.problem()) for f in alone.findings if f.check == "language"]


def test_a_theme_file_whose_lines_moved_is_read_again(project: Path) -> None:
    """Colour names are kept per theme file; a line added above them moves the lines named."""
    pale = project / "themes" / "pale"
    pale.mkdir()
    stages = "['#1B7F5B', '#2B6CB0', '#A86A12', '#6B46C1', '#D9DEE3']"
    text = f"name: Pale\nextends: helseplattformen\ncolors:\n  stages: {stages}\n"
    (pale / "theme.yaml").write_text(text, encoding="utf-8")
    before = [f.source for f in lint_theme(load_theme(project, "pale")) if f.check == "contrast"]
    (pale / "theme.yaml").write_text("# Pale for print\n" + text, encoding="utf-8")
    after = [f.source for f in lint_theme(load_theme(project, "pale")) if f.check == "contrast"]

    assert before == ["themes/pale/theme.yaml:4"]
    assert after == ["themes/pale/theme.yaml:5"]


def _repacked(data: bytes, *, deflate: bool, comment: bytes, labels: str) -> bytes:
    """The deck's entries packed again (pictures deflated or stored, the directory followed by a
    comment or not), the first drawn chart recording ``labels``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    chart = next(
        n
        for n in source.namelist()
        if "/media/" in n and LABELS_KEY in Image.open(io.BytesIO(source.read(n))).info
    )
    image = Image.open(io.BytesIO(source.read(chart)))
    info = PngImagePlugin.PngInfo()
    info.add_text(LABELS_KEY, labels)
    redrawn = io.BytesIO()
    image.save(redrawn, format="png", pnginfo=info)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.comment = comment
        for item in source.infolist():
            body = redrawn.getvalue() if item.filename == chart else source.read(item)
            packing = zipfile.ZIP_DEFLATED if deflate or item.compress_type else zipfile.ZIP_STORED
            target.writestr(item.filename, body, compress_type=packing)
    return out.getvalue()


def test_a_deck_packed_otherwise_lints_alike(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parts are read straight from the package's bytes where it can be, by zipfile where it
    cannot (a comment after the directory); a picture's recorded labels are read stored or
    deflated: the same findings every way (a strict minimum size makes many)."""
    deck = build(
        project / "decks" / "council-meeting.yaml", tmp_path, Options(municipality="volda")
    )
    theme = load_theme(project, "helseplattformen")
    sizes = theme.sizes.model_copy(update={"min_body": 40.0, "caption": 40.0})
    strict = replace(theme, spec=theme.spec.model_copy(update={"sizes": sizes}))
    data = deck.path.read_bytes()
    labels = json.dumps([["cut", "Volda"], ["overlap", "Ørsta", "Volda"]])
    found = []
    for deflate, comment in ((False, b""), (True, b""), (False, b"hpdeck"), (True, b"hpdeck")):
        for cache in ("_SEEN_SLIDES", "_VERDICTS", "_FACTS"):
            monkeypatch.setattr(lint, cache, {})
        repacked = _repacked(data, deflate=deflate, comment=comment, labels=labels)
        assert (DeckParts(repacked)._entries is None) == bool(comment)
        found.append(lint_pptx(repacked, strict))

    assert len(found[0]) > 10
    assert [f.check for f in found[0]].count("chart-labels") == 2
    assert all(other == found[0] for other in found[1:])
