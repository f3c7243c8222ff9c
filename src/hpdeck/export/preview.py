"""Slide pictures for sign-off: one PNG per slide and a contact sheet, rendered from the PDF.

PDF pages are rasterised with pypdfium2 (PDFium, BSD/Apache licensed, wheels for Linux, macOS
and Windows on PyPI), so previews need no system package beyond LibreOffice.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from hpdeck.errors import OUT_HINT, RenderError, cannot_write
from hpdeck.export.office import Kind, Office, core_property
from hpdeck.render.png import encode, image_png
from hpdeck.render.png_whole import whole

SLIDE_WIDTH_PX = 1600
THUMB_WIDTH_PX = 480
SHEET_COLUMNS = 4


@dataclass(frozen=True)
class RenderedSlide:
    """One slide as a PNG image plus the text on it (for alt text and searching)."""

    png: bytes
    text: str


@dataclass(frozen=True)
class DeckPreview:
    """What ``write_previews`` wrote for one deck."""

    deck: Path
    slides: list[Path]
    sheet: Path
    texts: tuple[str, ...] = ()
    """The text on each slide, to find the slides that name a municipality."""


def render_pdf(
    pdf: Path, width: int = SLIDE_WIDTH_PX, *, smaller: tuple[int, ...] = ()
) -> list[RenderedSlide]:
    """Every page of a PDF as a PNG ``width`` pixels wide, with its text.

    ``smaller``: widths of smaller pictures of each page (the contact sheet's thumbnail, the
    sign-off sheet's), drawn now from the page itself: a third of the time of scaling the
    picture down later, and as sharp. ``smaller_picture`` finds them by the picture's PNG.
    """
    import pypdfium2 as pdfium  # the PDF renderer only when pictures are wanted

    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as err:
        raise RenderError(f"cannot read {pdf} to draw previews: {err}") from None
    slides = []
    try:
        for page in document:
            page_width, _ = page.get_size()
            png = _drawn(page, width / page_width)
            text = page.get_textpage().get_text_bounded().replace("\r\n", "\n").strip()
            slides.append(RenderedSlide(png, text))
            for small in smaller:
                _remember_smaller(png, small, _drawn(page, small / page_width))
    finally:
        document.close()
    return slides


def _drawn(page, scale: float) -> bytes:  # type: ignore[no-untyped-def]
    """A PDF page drawn at ``scale`` as PNG, straight from PDFium's pixels (in RGB order;
    a fourth byte, if PDFium gives one, says nothing on an opaque page)."""
    pixels = page.render(scale=scale, rev_byteorder=True).to_numpy()
    return encode(pixels[:, :, :3] if pixels.ndim == 3 else pixels, level=2)


class Exporter(Protocol):
    """A LibreOffice that writes PDFs beside decks: one started per run, or the live one."""

    def export(
        self, decks: Sequence[Path], kind: Kind = "pdf", *, pictures_only: bool = ...
    ) -> list[Path]: ...


def render_decks(
    decks: Sequence[Path],
    office: Exporter,
    kept: Path | None = None,
    ready: Callable[[int, list[RenderedSlide]], None] | None = None,
    smaller: tuple[int, ...] = (),
) -> list[list[RenderedSlide]]:
    """Each built deck (.pptx) rendered slide by slide through a throwaway PDF.

    A slide found in several decks (the council decks of a region share most of theirs) is
    converted and rasterised once, and its picture given to each (see shared_pictures). With
    ``kept`` (a cache folder), pictures are kept there too, so a preview after an edit sends
    LibreOffice only the slides that changed, and each new picture's thumbnail is drawn with
    it (see render_pdf), as are pictures of the ``smaller`` widths. ``ready(index, slides)``
    is called for each deck as soon as its pictures are all drawn: with an office that hands
    PDFs over one by one (Office.export_each), while LibreOffice still converts the next decks.
    """
    from hpdeck.export.office import deck_language
    from hpdeck.export.shared_pictures import distinct_slides, merged, reduced

    with tempfile.TemporaryDirectory(prefix="hpdeck-preview-") as scratch:
        languages = [deck_language(deck) for deck in decks]
        digests: list[dict[str, bytes]] = [{} for _ in decks]  # each deck's parts' hashes
        keys = [
            distinct_slides(deck, language, seen)
            for deck, language, seen in zip(decks, languages, digests, strict=True)
        ]
        pictures: dict[str, RenderedSlide] = {}
        made_by = _made_by(office)
        if kept is not None:
            for slides in keys:
                for _, key in slides:
                    found = None if key in pictures else _kept_picture(kept, key, made_by)
                    if found is not None:
                        pictures[key] = found
        todo: list[tuple[int, dict[str, str]]] = []  # deck, and its slides first seen there
        planned: set[str] = set()
        for index, slides in enumerate(keys):
            new: dict[str, str] = {}  # relationship id -> picture key
            for rid, key in slides:
                if key not in pictures and key not in planned:
                    planned.add(key)
                    new[rid] = key
            if new:
                todo.append((index, new))
        copies: list[Path] = []
        converted: list[list[str]] = []  # the keys of each copy's slides, in order
        for chunk in _chunks(todo, [languages[index] for index, _ in todo]):
            copy = Path(scratch) / str(len(copies)) / decks[chunk[0][0]].name
            copy.parent.mkdir()
            parts = [(decks[index], list(new), digests[index]) for index, new in chunk]
            if len(chunk) > 1 and merged(parts, copy):
                copies.append(copy)
                converted.append([key for _, new in chunk for key in new.values()])
                continue
            for index, new in chunk:  # each deck in a copy of its own
                copy = Path(scratch) / str(len(copies)) / decks[index].name
                copy.parent.mkdir(exist_ok=True)
                if len(new) == len(keys[index]):
                    copy.write_bytes(decks[index].read_bytes())
                else:
                    reduced(decks[index], set(new), copy)
                copies.append(copy)
                converted.append(list(new.values()))
        made_in = {key: number for number, made in enumerate(converted) for key in made}
        waiting = {  # deck index -> the copies whose pictures it still waits for
            index: {made_in[key] for _, key in slides if key in made_in}
            for index, slides in enumerate(keys)
        }

        def done(copy: int) -> None:
            for index, copies_left in list(waiting.items()):
                copies_left.discard(copy)
                if not copies_left:
                    del waiting[index]
                    if ready is not None:
                        ready(index, [pictures[key] for _, key in keys[index]])

        done(-1)  # decks whose pictures were all kept
        for number, pdf in _converted(office, copies):
            made = converted[number]
            widths = (THUMB_WIDTH_PX, *smaller) if kept is not None else smaller
            for key, picture in zip(made, render_pdf(pdf, smaller=widths), strict=True):
                pictures[key] = picture
                if kept is not None:
                    _keep_picture(kept, key, made_by, picture)
            done(number)
        return [[pictures[key] for _, key in slides] for slides in keys]


MERGED_DECKS = 8
"""Decks whose new slides LibreOffice converts as one document: fewer documents cost less, but
a document's pictures are drawn only once all of it is converted."""


def _chunks(
    todo: list[tuple[int, dict[str, str]]], languages: list[str | None]
) -> list[list[tuple[int, dict[str, str]]]]:
    """``todo`` in groups of up to MERGED_DECKS of one language (LibreOffice converts in the
    document's language), in the order of each group's first deck."""
    chunks: list[list[tuple[int, dict[str, str]]]] = []
    open_chunks: dict[str | None, list[tuple[int, dict[str, str]]]] = {}
    for item, language in zip(todo, languages, strict=True):
        chunk = open_chunks.get(language)
        if chunk is None or len(chunk) >= MERGED_DECKS:
            chunk = open_chunks[language] = []
            chunks.append(chunk)
        chunk.append(item)
    return chunks


def _converted(office: Exporter, copies: list[Path]) -> Iterator[tuple[int, Path]]:
    """(index, PDF) of each copy, one by one where the office can hand them over so."""
    if not copies:
        return
    each = getattr(office, "export_each", None)
    if each is not None:
        yield from each(copies)
    else:
        yield from enumerate(office.export(copies, "pdf", pictures_only=True))


KEPT_PICTURES = 2000  # about 0.5 GB at most; the least recently used go first


def _made_by(office: Exporter) -> str:
    """What else a slide's picture depends on: hpdeck, its picture width, LibreOffice."""
    from hpdeck import __version__

    binary = getattr(office, "binary", "")
    try:
        changed = os.stat(binary).st_mtime_ns if binary else 0
    except OSError:
        changed = 0
    return f"{__version__}\0{SLIDE_WIDTH_PX}\0{binary}\0{changed}"


def _kept_path(folder: Path, key: str, made_by: str) -> Path:
    name = hashlib.sha256(f"{key}\n{made_by}".encode()).hexdigest()[:32]
    return folder / f"{name}.slide"


def _kept_picture(folder: Path, key: str, made_by: str) -> RenderedSlide | None:
    """A slide picture kept by an earlier preview: the lengths of its text and thumbnail, the
    text, the thumbnail's PNG, then the picture's PNG."""
    path = _kept_path(folder, key, made_by)
    try:
        data = path.read_bytes()
        os.utime(path)  # recently used: kept longest
    except OSError:
        return None
    size, thumb = int.from_bytes(data[:4], "big"), int.from_bytes(data[4:8], "big")
    png = data[8 + size + thumb :]
    if not whole(png):
        return None  # cut short or damaged: made again
    _remember_smaller(png, THUMB_WIDTH_PX, data[8 + size : 8 + size + thumb])
    return RenderedSlide(png, data[8 : 8 + size].decode("utf-8", "replace"))


def _keep_picture(folder: Path, key: str, made_by: str, picture: RenderedSlide) -> None:
    """Keep a slide picture for later previews; one that cannot be kept costs only time."""
    from hpdeck.content.files import write_atomic
    from hpdeck.errors import HpdeckError

    text = picture.text.encode("utf-8")
    thumb = _SMALLER.get(picture.png, {}).get(THUMB_WIDTH_PX) or image_png(_thumbnail(picture.png))
    with contextlib.suppress(HpdeckError, OSError):
        data = b"".join(
            (len(text).to_bytes(4, "big"), len(thumb).to_bytes(4, "big"), text, thumb, picture.png)
        )
        write_atomic(_kept_path(folder, key, made_by), data, durable=False)
        if folder not in _PRUNED:
            _PRUNED.add(folder)
            kept = sorted(folder.glob("*.slide"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in kept[KEPT_PICTURES:]:
                old.unlink()


_PRUNED: set[Path] = set()
# Smaller pictures of the slide pictures drawn or kept (by the picture's PNG, then width): a
# contact sheet of unchanged slides needs no picture decoded and scaled again.
_SMALLER: dict[bytes, dict[int, bytes]] = {}
# Enough for a sign-off of 200 municipalities' own slides and the ones they share; a live
# preview left running all day forgets its oldest pictures instead of growing without end.
_SMALLER_LIMIT = 1024


def _remember_smaller(png: bytes, width: int, smaller: bytes) -> None:
    """Keep ``smaller`` as the picture ``png`` at ``width`` (see _SMALLER), the oldest
    pictures forgotten beyond _SMALLER_LIMIT."""
    _SMALLER.setdefault(png, {})[width] = smaller
    while len(_SMALLER) > _SMALLER_LIMIT:
        del _SMALLER[next(iter(_SMALLER))]


@lru_cache(maxsize=8)
def _font(size: int, *, bold: bool = False):  # type: ignore[no-untyped-def]
    """A font with Norwegian letters and dashes; Pillow's built-in one lacks some of them."""
    from PIL import ImageFont

    from hpdeck.plan.fit import font_file

    path = font_file("Calibri", bold=bold) or font_file("Arial", bold=bold)
    return ImageFont.truetype(str(path), size) if path else ImageFont.load_default(size=size)


def smaller_picture(png: bytes, width: int):  # type: ignore[no-untyped-def]
    """A slide picture ``width`` pixels wide (RGB): the one drawn with it if there is one
    (see render_pdf), else the picture scaled down."""
    from PIL import Image

    known = _SMALLER.get(png, {}).get(width)
    if known:
        return Image.open(io.BytesIO(known)).convert("RGB")
    with Image.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
    height = round(rgb.height * width / rgb.width)
    # Halve first: twice as fast, as sharp.
    return rgb.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=1.5)


def smaller_png(png: bytes, width: int) -> bytes:
    """smaller_picture as PNG: the one drawn with the picture as it is."""
    return _SMALLER.get(png, {}).get(width) or image_png(smaller_picture(png, width))


@lru_cache(maxsize=64)
def _thumbnail(png: bytes):  # type: ignore[no-untyped-def]
    """One slide's thumbnail; kept, as the decks of a region share most of their slides."""
    return smaller_picture(png, THUMB_WIDTH_PX)


def contact_sheet(slides: Sequence[bytes], title: str, columns: int = SHEET_COLUMNS) -> bytes:
    """All slides as numbered thumbnails on one PNG, for signing off a deck at a glance.

    The decks of a region share most of their slides: a sheet of the same layout as the last
    one is that sheet's pixels with only the thumbnails that differ pasted over and its own
    title band drawn, the same pixels as drawing it whole (a tenth of the time)."""
    import numpy as np
    from PIL import Image, ImageDraw

    thumbs = [_thumbnail(png) for png in slides]
    gap, label, header = 24, 28, 64
    thumb_height = max((t.height for t in thumbs), default=270)
    columns = max(1, min(columns, len(thumbs)))
    rows = max(1, -(-len(thumbs) // columns))
    size = (gap + columns * (THUMB_WIDTH_PX + gap), header + rows * (thumb_height + label + gap))
    places = [
        (gap + column * (THUMB_WIDTH_PX + gap), header + row * (thumb_height + label + gap))
        for row, column in (divmod(index, columns) for index in range(len(thumbs)))
    ]
    # The title alone on the band above the thumbnails' frames, drawn as on the whole sheet.
    band = Image.new("RGB", (size[0], header - 1), "white")
    ImageDraw.Draw(band).text((gap, gap), title, fill="black", font=_font(28, bold=True))
    _, _, _, bottom = ImageDraw.Draw(band).textbbox((gap, gap), title, font=_font(28, bold=True))
    layout = (size, tuple(places), tuple(t.size for t in thumbs))
    kept = _SHEET.get(layout)
    if kept is None or bottom >= header - 1:  # a title reaching the thumbnails' frames
        sheet = Image.new("RGB", size, "white")
        draw = ImageDraw.Draw(sheet)
        draw.text((gap, gap), title, fill="black", font=_font(28, bold=True))
        number_font = _font(18)
        for index, (thumb, (x, y)) in enumerate(zip(thumbs, places, strict=True)):
            sheet.paste(thumb, (x, y))
            draw.rectangle((x - 1, y - 1, x + thumb.width, y + thumb.height), outline="#9a9a9a")
            draw.text((x, y + thumb.height + 4), str(index + 1), fill="black", font=number_font)
        pixels = np.array(sheet)
        if bottom < header - 1:
            _SHEET.clear()  # one layout kept: a region's decks share theirs
            _SHEET[layout] = (pixels, thumbs)
        return encode(pixels, level=2)
    pixels, shown = kept
    for thumb, before, (x, y) in zip(thumbs, shown, places, strict=True):
        if thumb is not before:
            pixels[y : y + thumb.height, x : x + thumb.width] = np.asarray(thumb)
    pixels[: header - 1] = np.asarray(band)
    _SHEET[layout] = (pixels, thumbs)  # the thumbnails it now shows, kept alive
    return encode(pixels, level=2)


# The last contact sheet drawn, by layout: its pixels (with the last title) and thumbnails.
_SHEET: dict[tuple[object, ...], tuple[Any, list[Any]]] = {}


def write_previews(
    decks: Sequence[Path],
    out_dir: Path,
    office: Office | None = None,
    kept: Path | None = None,
    smaller: tuple[int, ...] = (),
) -> list[DeckPreview]:
    """OUT/<deck>/slide-NN.png for every slide plus OUT/<deck>/contact-sheet.png, per deck.

    Takes any number of built decks, so a batch (one deck per municipality) renders in one
    LibreOffice run; ``kept`` and ``smaller``: see render_decks.
    """
    from hpdeck.export.kept_office import preview_office

    written: dict[int, DeckPreview] = {}

    def write(index: int, slides: list[RenderedSlide]) -> None:
        folder = out_dir / decks[index].stem
        try:
            written[index] = _write_pictures(decks[index], slides, folder)
        except OSError as exc:
            raise cannot_write(folder, exc, OUT_HINT) from None

    if office is not None:
        rendered = render_decks(decks, office, kept, write, smaller)
    else:
        # One deck: the kept LibreOffice saves its start. Many (a region's sign-off): one
        # LibreOffice run per language converts them faster than the kept one, deck by deck.
        own = preview_office() if len(decks) == 1 else Office()
        try:
            rendered = render_decks(decks, own, kept, write, smaller)
        finally:
            own.close()
    for index, slides in enumerate(rendered):
        if index not in written:  # a renderer that does not say when each deck is ready
            write(index, slides)
    return [written[index] for index in range(len(decks))]


def _write_pictures(deck: Path, slides: Sequence[RenderedSlide], folder: Path) -> DeckPreview:
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("slide-*.png"):
        stale.unlink()
    paths = []
    for number, slide in enumerate(slides, start=1):
        path = folder / f"slide-{number:02d}.png"
        path.write_bytes(slide.png)
        paths.append(path)
    sheet = folder / "contact-sheet.png"
    sheet.write_bytes(
        contact_sheet([s.png for s in slides], core_property(deck, "dc:title") or deck.stem)
    )
    return DeckPreview(deck, paths, sheet, tuple(s.text for s in slides))
