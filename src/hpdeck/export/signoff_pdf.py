"""The sign-off sheet as a tagged PDF: real text in reading order, slide thumbnails as figures.

One A4 landscape page per municipality: its name as the heading, the deck's title, its key slides
as thumbnails (each a /Figure whose alternative text is the text on that slide), the facts its
file leaves empty and the check's findings, each a paragraph. Written with fpdf2 (LGPL, pure
Python, actively maintained, embeds TrueType subsets and writes a structure tree for images);
reportlab's open-source edition writes no structure tree at all. fpdf2 tags only images itself,
so headings and paragraphs are tagged here through its structure-tree builder, and rules and
frames are marked as artifacts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hpdeck.errors import OUT_HINT, cannot_write
from hpdeck.export.preview import DeckPreview, smaller_png
from hpdeck.plan.i18n import Formatter, Language

if TYPE_CHECKING:
    from fpdf import FPDF

PAGE_W, PAGE_H, MARGIN, GAP = 297.0, 210.0, 14.0, 6.0  # millimetres, A4 landscape
COLUMNS, THUMB_PX = 3, 720  # thumbnails are embedded this many pixels wide: sharp, not heavy
ALT_CHARS = 400  # a thumbnail's description: the slide's text, this long at most
_FAMILY = "body"


KEY_SLIDES = 6


@dataclass(frozen=True)
class SignOffPage:
    """What one municipality's sign-off page says beside its key slides."""

    heading: str
    """The municipality's name, e.g. 'Skaun kommune'."""
    names: tuple[str, ...]
    """Names that mark a slide as its own (full and short)."""
    language: Language
    """The deck's language, for the page's own words."""
    missing: tuple[str, ...] = ()
    """Optional facts its file leaves empty, each with the place it leaves blank."""
    warnings: tuple[str, ...] = ()
    """The linter's findings for its deck, and the figures its month still has to refresh."""


def key_slides(texts: Sequence[str], names: Sequence[str], count: int = KEY_SLIDES) -> list[int]:
    """Slide indexes worth signing off: the first, those naming the municipality, the last.

    Slides every deck shares are the same for all, so they only fill up the remaining places.
    """
    total = len(texts)
    words = [re.compile(rf"(?<!\w){re.escape(name)}(?!\w)") for name in names if name]
    flat = [re.sub(r"\s+", " ", text.replace("\xad", "")) for text in texts]
    own = [i for i, text in enumerate(flat) if any(w.search(text) for w in words)]
    chosen = list(dict.fromkeys([0, *own[: max(0, count - 2)], total - 1]))[:count]
    rest = [i for i in range(total) if i not in chosen]
    return sorted(chosen + rest[: count - len(chosen)]) if total else []


def sign_off(previews: Sequence[DeckPreview], pages: Sequence[SignOffPage], target: Path) -> Path:
    """One landscape PDF page per deck: its key slides, missing data and check warnings, as
    tagged text with the thumbnails as described figures."""
    if previews:
        chosen = [
            key_slides(result.texts, info.names)
            if result.texts
            else list(range(min(KEY_SLIDES, len(result.slides))))
            for result, info in zip(previews, pages, strict=True)
        ]
        try:
            write_sign_off(previews, pages, target, chosen)
        except OSError as exc:
            raise cannot_write(target, exc, OUT_HINT) from None
    return target


def write_sign_off(
    previews: Sequence[DeckPreview],
    pages: Sequence[SignOffPage],
    target: Path,
    chosen: Sequence[Sequence[int]],
) -> None:
    """Write the sheet to ``target``; ``chosen`` holds each deck's key slide indexes."""
    from fpdf import image_parsing

    # Deflating the thumbnails was most of the sheet's time: zlib's quickest kind of search
    # (level 3) takes half of the default's, for files a few per cent larger.
    level, image_parsing.SETTINGS.compression_level = image_parsing.SETTINGS.compression_level, 3
    try:
        _write_sign_off(previews, pages, target, chosen)
    finally:
        image_parsing.SETTINGS.compression_level = level


def _write_sign_off(
    previews: Sequence[DeckPreview],
    pages: Sequence[SignOffPage],
    target: Path,
    chosen: Sequence[Sequence[int]],
) -> None:
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_title("hpdeck sign-off")
    pdf.set_creator("hpdeck")
    _count_marks_from_end(pdf)
    unicode = _fonts(pdf)
    if pages:
        pdf.set_lang(pages[0].language)
    for preview, info, indexes in zip(previews, pages, chosen, strict=True):
        _page(pdf, preview, info, indexes, unicode)
    pdf.output(str(target))


def _count_marks_from_end(pdf: FPDF) -> None:
    """fpdf2 numbers the next marked content of a page by counting that page's elements among
    all of the document's, for every line and picture: quadratic in pages (a region's 66 pages
    spent a second there). Elements are added page by page, so counting back from the last
    one to the first of another page gives the same number."""
    builder = pdf.struct_builder
    elements = builder.doc_struct_elem.k

    def next_mcid(page_number: int) -> int:
        count = 0
        for element in reversed(elements):
            if element.page_number() != page_number:
                break
            count += bool(element.k)
        return count

    builder.next_mcid_for_page = next_mcid  # type: ignore[method-assign]


def _fonts(pdf: FPDF) -> bool:
    """The body font with Norwegian letters and dashes (Calibri or its Carlito twin); without
    one, Helvetica and text reduced to Latin-1."""
    from hpdeck.plan.fit import font_file

    regular = font_file("Calibri") or font_file("Arial")
    bold = font_file("Calibri", bold=True) or font_file("Arial", bold=True)
    if regular is None or bold is None:
        return False
    pdf.add_font(_FAMILY, "", str(regular))
    pdf.add_font(_FAMILY, "B", str(bold))
    return True


def _page(
    pdf: FPDF, preview: DeckPreview, info: SignOffPage, indexes: Sequence[int], unicode: bool
) -> None:
    from hpdeck.export.office import core_property

    fmt = Formatter(info.language)
    say = _Writer(pdf, unicode)
    pdf.add_page()
    say.line("H1", info.heading, 20, bold=True)
    title = core_property(preview.deck, "dc:title") or preview.deck.stem
    say.line("P", f"{title} · {preview.deck.name}", 11, color=(85, 85, 85))
    pdf.ln(3)
    thumb_w = (PAGE_W - 2 * MARGIN - (COLUMNS - 1) * GAP) / COLUMNS
    thumb_h = thumb_w * 9 / 16
    top = pdf.get_y()
    for place, index in enumerate(indexes):
        row, column = divmod(place, COLUMNS)
        x = MARGIN + column * (thumb_w + GAP)
        y = top + row * (thumb_h + 6 + GAP)
        label = fmt.t("signoff.slide", number=index + 1)
        text = preview.texts[index] if index < len(preview.texts) else ""
        alt = _describe(label, text)
        pdf.image(_thumbnail(preview.slides[index]), x=x, y=y, w=thumb_w, h=thumb_h, alt_text=alt)
        with say.artifact():
            pdf.set_draw_color(154, 154, 154)
            pdf.rect(x, y, thumb_w, thumb_h)
        pdf.set_xy(x, y + thumb_h + 0.5)
        say.line("P", label, 9, color=(51, 51, 51), width=thumb_w)
    rows = max(1, -(-len(indexes) // COLUMNS))
    pdf.set_xy(MARGIN, top + rows * (thumb_h + 6 + GAP))
    blocks = [
        (fmt.t("signoff.missing_heading"), info.missing, (138, 75, 0), fmt.t("signoff.no_missing")),
        (
            fmt.t("signoff.warnings_heading"),
            info.warnings,
            (176, 0, 32),
            fmt.t("signoff.no_warnings"),
        ),
    ]
    for number, (heading, lines, color, none) in enumerate(blocks):
        say.line("H2", heading, 12, bold=True)
        later = 2 * (len(blocks) - number - 1)  # the next heading and its first line
        room = max(1, int((PAGE_H - MARGIN - pdf.get_y()) // say.pitch(10.5)) - later)
        shown = list(lines) or [none]
        if len(shown) > room:  # the last line says how many more; with no room, how many
            more = len(shown) - room + 1
            last = (
                fmt.t("signoff.more", count=more) if room > 1 else fmt.t("signoff.all", count=more)
            )
            shown = [*shown[: room - 1], last]
        for text in shown:
            say.line("P", text, 10.5, color=color if lines else (27, 107, 47), clip=True)
        pdf.ln(2)


class _Writer:
    """Lines of text, each its own structure element, in the sheet's font."""

    def __init__(self, pdf: FPDF, unicode: bool) -> None:
        self.pdf = pdf
        self.unicode = unicode

    def pitch(self, size: float) -> float:
        return size * 0.3528 * 1.3  # points to millimetres, with leading

    def line(
        self,
        tag: str,
        text: str,
        size: float,
        *,
        bold: bool = False,
        color: tuple[int, int, int] = (0, 0, 0),
        width: float = 0,
        clip: bool = False,
    ) -> None:
        pdf = self.pdf
        if self.unicode:
            pdf.set_font(_FAMILY, "B" if bold else "", size)
        else:
            pdf.set_font("helvetica", "B" if bold else "", size)
            text = text.replace("…", "...").replace("–", "-").replace("−", "-")
            text = text.encode("latin-1", "replace").decode("latin-1")
        pdf.set_text_color(*color)
        room = width or PAGE_W - 2 * MARGIN
        if clip and pdf.get_string_width(text) > room:
            while text and pdf.get_string_width(text + "…") > room:
                text = text[:-1]
            text = text.rstrip() + "…"
        with self.tagged(tag):
            pdf.cell(
                room,
                self.pitch(size),
                text,
                new_x="LMARGIN" if not width else "RIGHT",
                new_y="NEXT",
            )

    @contextmanager
    def tagged(self, tag: str) -> Iterator[None]:
        """Marked content for a structure element of type ``tag`` (H1, H2, P)."""
        pdf = self.pdf
        mcid = pdf.struct_builder.next_mcid_for_page(pdf.page)
        pdf.struct_builder.add_marked_content(
            page_number=pdf.page, struct_type=f"/{tag}", mcid=mcid
        )
        spid = pdf.struct_builder.spid_per_page_number[pdf.page]
        pdf.pages[pdf.page].struct_parents = spid
        pdf._out(f"/{tag} <</MCID {mcid}>> BDC")
        yield
        pdf._out("EMC")

    @contextmanager
    def artifact(self) -> Iterator[None]:
        """Drawing that is not content (frames, rules): skipped by assistive technology."""
        self.pdf._out("/Artifact BMC")
        yield
        self.pdf._out("EMC")


def _describe(label: str, text: str) -> str:
    """A thumbnail's alternative text: which slide, and the words on it."""
    words = re.sub(r"\s+", " ", text.replace("\xad", "")).strip()
    if len(words) > ALT_CHARS:
        words = words[:ALT_CHARS].rsplit(" ", 1)[0] + " …"
    label = label[:1].upper() + label[1:]
    return f"{label}: {words}" if words else label


def _thumbnail(path: Path) -> bytes:
    """The slide picture at the sheet's width as PNG, so the sheet stays small: drawn with the
    picture where it was (see preview.render_pdf). As PNG rather than a decoded picture: fpdf2
    knows a picture it has by a hash of what it is given, and the decks of a region share most
    of their key slides (the PDF holds each picture once)."""
    return smaller_png(path.read_bytes(), THUMB_PX)
