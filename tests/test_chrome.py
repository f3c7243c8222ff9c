"""The complete plan: every shape on a slide (title, footer, logo, accent bar) is planned before
the writer runs, and the writer adds nothing the plan does not hold."""

from __future__ import annotations

import io
from pathlib import Path

from pptx import Presentation

from hpdeck.pipeline.build import Options, load_deck, plan_deck, render
from hpdeck.plan import conventions
from hpdeck.plan.model import Picture, Shape, Text
from hpdeck.render.charts.cache import ChartCache

DECK = Path("decks") / "monthly-briefing.yaml"


def _text(block: Text) -> str:
    return "".join(run.text for p in block.paragraphs for run in p.runs)


def test_every_slide_is_complete_before_writing(project: Path) -> None:
    pages = plan_deck(load_deck(project / DECK, Options()))
    total = len(pages)
    first, *rest = pages
    assert first.slide.kind == "title" and first.subtitle is not None
    assert [b.name for b in first.chrome if isinstance(b, Shape)] == [
        conventions.COLOUR_FIELD,
        conventions.ACCENT_BAR,
    ]
    logo = first.chrome[-1]
    assert isinstance(logo, Picture) and logo.alt_text and not logo.decorative
    for number, page in enumerate(rest, start=2):
        assert page.title.size >= page.title.min_size and page.title.overflow == 0
        footer, brand = page.chrome
        assert isinstance(footer, Text) and footer.name == conventions.FOOTER
        assert _text(footer).endswith(f"{number}/{total}")
        assert isinstance(brand, Picture) and brand.decorative  # the logo, repeated


def test_the_writer_adds_only_what_is_planned(project: Path, tmp_path: Path) -> None:
    deck = load_deck(project / DECK, Options())
    pages = plan_deck(deck)
    data = render(deck, pages, ChartCache(tmp_path / "charts"))
    slides = Presentation(io.BytesIO(data)).slides
    assert len(slides) == len(pages)
    for page, slide in zip(pages, slides, strict=True):
        planned = len(page.slide.blocks) + len(page.chrome) + 1 + (page.subtitle is not None)
        assert len(slide.shapes) == planned, page.slide.title
        assert slide.shapes.title.text_frame.text.replace("\xad", "") == "".join(
            run.text for p in page.title.paragraphs for run in p.runs
        ).replace("\xad", "")
        if page.slide.kind == "content":
            (footer,) = [s for s in slide.shapes if s.name == conventions.FOOTER]
            assert footer.text_frame.text == _text(page.chrome[0])  # type: ignore[arg-type]


def test_a_deck_footer_shows_on_slides_without_a_source(project: Path) -> None:
    """One fallback: the deck's footer, else the theme's, on every slide that names no source."""
    path = project / DECK
    path.write_text(path.read_text("utf-8") + "footer: Helseplattformen\n", "utf-8")
    pages = plan_deck(load_deck(path, Options()))
    footers = [_text(p.chrome[0]) for p in pages if p.slide.kind == "content"]  # type: ignore[arg-type]
    assert all(f.startswith("Helseplattformen · ") for f in footers), footers


def test_a_picture_is_placed_in_the_plan_at_its_own_proportions(tmp_path: Path) -> None:
    from PIL import Image

    from hpdeck.plan.model import Box
    from hpdeck.plan.pictures import placed

    path = tmp_path / "wide.png"
    Image.new("RGB", (400, 100), "teal").save(path, dpi=(300, 300))
    box = Box(1.0, 1.0, 2.0, 2.0)
    shown = placed(Picture(box, path, "a wide picture")).box
    assert abs(shown.width - 2.0) < 1e-6 and abs(shown.height - 0.5) < 1e-6
    assert abs(shown.left - 1.0) < 1e-6 and abs(shown.top - 1.75) < 1e-6  # centred


def test_the_writer_puts_pictures_exactly_where_the_plan_says(
    project: Path, tmp_path: Path
) -> None:
    from hpdeck.plan.pictures import to_emu

    deck = load_deck(project / DECK, Options())
    pages = plan_deck(deck)
    data = render(deck, pages, ChartCache(tmp_path / "charts"))
    for page, slide in zip(pages, Presentation(io.BytesIO(data)).slides, strict=True):
        planned = [b.box for b in (*page.slide.blocks, *page.chrome) if isinstance(b, Picture)]
        written = [(s.left, s.top, s.width, s.height) for s in slide.shapes if s.shape_type == 13]
        for box in planned:  # charts drawn as pictures are written too, from their chart blocks
            exact = tuple(to_emu(v) for v in (box.left, box.top, box.width, box.height))
            assert exact in written, (page.slide.title, exact, written)
