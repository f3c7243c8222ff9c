"""Language marks in the tagged PDF: a paragraph in another language than the deck gets /Lang.

LibreOffice (7.x) writes the document's language into the PDF catalog but not the language of
single runs, so a screen reader reads a bokmål quote on a nynorsk slide with nynorsk rules, and
an English deck's Norwegian quotes with English ones (WCAG 2.1, 3.1.2 Language of Parts). After
the export, each structure element whose text is a paragraph the deck tags with another
language (quotes, texts that fell back) gets that language as /Lang. Paragraphs are matched by
their text on the same page, as LibreOffice keeps one structure element per paragraph.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_SPACE = re.compile(r"[\s\u00a0\u00ad\u200b]+")


def _key(text: str) -> str:
    """Text as compared between deck and PDF: without spaces, soft hyphens and line breaks."""
    return _SPACE.sub("", text)


def foreign_paragraphs(deck: Path) -> dict[int, list[tuple[str, str]]]:
    """Per slide (0-based), (text key, language tag) of paragraphs in another language than
    the deck's: every run of the paragraph carries that one other tag."""
    from pptx import Presentation

    prs = Presentation(str(deck))
    own = prs.core_properties.language
    found: dict[int, list[tuple[str, str]]] = {}
    for index, slide in enumerate(prs.slides):
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            for paragraph in shape.text_frame.paragraphs:
                runs = [r for r in paragraph.runs if r.text.strip()]
                tags = {r.font._rPr.get("lang") if r.font._rPr is not None else None for r in runs}
                if len(tags) == 1 and (tag := tags.pop()) and tag != own:
                    found.setdefault(index, []).append((_key("".join(r.text for r in runs)), tag))
    return found


def _page_texts(page: Any) -> dict[int, str]:
    """The text of each marked-content id on a page, in reading order."""
    texts: dict[int, list[str]] = {}
    stack: list[int | None] = []

    def before(operator: bytes, args: Any, *_: Any) -> None:
        if operator == b"BDC":
            props: Any = args[1] if len(args) > 1 else None
            stack.append(props.get("/MCID") if hasattr(props, "get") else None)
        elif operator == b"BMC":
            stack.append(None)
        elif operator == b"EMC" and stack:
            stack.pop()

    def text(words: str, *_: Any) -> None:
        mcid = next((m for m in reversed(stack) if m is not None), None)
        if mcid is not None and words:
            texts.setdefault(int(mcid), []).append(words)

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return {mcid: "".join(parts) for mcid, parts in texts.items()}


def _elements(node: Any, page: Any = None) -> Iterator[tuple[Any, Any, list[int]]]:
    """(structure element, its page, the marked-content ids directly under it)."""
    node = node.get_object()
    if not hasattr(node, "get"):
        return
    page = node.get("/Pg", page)
    kids = node.get("/K")
    if kids is None:
        return
    kids = kids if isinstance(kids, list) else [kids]
    mcids = []
    for kid in kids:
        if isinstance(kid, int):
            mcids.append(int(kid))
            continue
        kid_object = kid.get_object()
        if hasattr(kid_object, "get") and kid_object.get("/Type") == "/MCR":
            mcids.append(int(kid_object["/MCID"]))
        elif hasattr(kid_object, "get") and "/S" in kid_object:
            yield from _elements(kid_object, page)
    if mcids and "/S" in node:
        yield node, page, mcids


def mark_languages(pdf: Path, deck: Path) -> int:
    """Give /Lang to the structure elements of paragraphs in another language; how many.

    The PDF is rewritten only when something was marked."""
    from pypdf.errors import PyPdfError

    foreign = foreign_paragraphs(deck)
    if not foreign:
        return 0
    try:
        return _mark(pdf, foreign)
    except PyPdfError:  # a PDF pypdf cannot read is left as LibreOffice wrote it
        return 0


def _mark(pdf: Path, foreign: dict[int, list[tuple[str, str]]]) -> int:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf.read_bytes())))
    root = writer.root_object.get("/StructTreeRoot")
    if root is None:
        return 0
    pages = {
        page.indirect_reference.idnum: index
        for index, page in enumerate(writer.pages)
        if page.indirect_reference is not None  # pages of a written PDF are always indirect
    }
    texts: dict[int, dict[int, str]] = {}
    marked = 0
    for element, page, mcids in _elements(root):
        index = pages.get(page.idnum) if page is not None else None
        if index is None or index not in foreign:
            continue
        if index not in texts:
            texts[index] = _page_texts(writer.pages[index])
        key = _key("".join(texts[index].get(m, "") for m in mcids))
        tag = next((t for text, t in foreign[index] if key and key == text), None)
        if tag:
            element[NameObject("/Lang")] = TextStringObject(tag)
            marked += 1
    if marked:
        out = io.BytesIO()
        writer.write(out)
        pdf.write_bytes(out.getvalue())
    return marked
