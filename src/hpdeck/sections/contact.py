"""The closing slide of a council deck: who to ask locally, after what local people said."""

from __future__ import annotations

from typing import Literal

from hpdeck.content.loader import Document
from hpdeck.content.localized import Localized
from hpdeck.content.model import Model
from hpdeck.content.municipality import Local, Municipality, Overlay, Shows, facts_of
from hpdeck.content.provenance import origin
from hpdeck.content.registry_columns import DIGITS, Column, Columns
from hpdeck.plan import layout
from hpdeck.plan.model import Box, Paragraph, Slide, para
from hpdeck.plan.sources import sourced
from hpdeck.sections.base import Context, Section, SectionType
from hpdeck.sections.checks import quote_texts, repeated
from hpdeck.sections.golive import QUOTES_PER_SLIDE, Quote, quote_blocks, speaker_line


class Contact(Model):
    """The person councillors and staff can ask about Helseplattformen locally."""

    name: str
    """Full name, e.g. 'Kari Nordmann'."""
    role: Localized | None = None
    """Role, e.g. 'prosjektleder for Helseplattformen'."""
    email: str | None = None
    """E-mail address."""
    phone: str | None = None
    """Phone number as it should be shown, e.g. '+47 123 45 678'."""


class ContactFacts(Model):
    """What a municipality file says for the closing slides (and the title's presenter)."""

    quotes: list[Quote] = []
    """What local people said; shown before the closing slide."""
    contact: Contact | None = None
    """The local contact person, shown on the closing slide."""


COLUMNS = Columns(
    (
        Column("Kontaktperson", ("contact", "name")),
        Column("Rolle", ("contact", "role")),
        Column("E-post", ("contact", "email")),
        Column("Telefon", ("contact", "phone"), DIGITS),
    )
)
"""The contact person in the registry workbook (quotes stay in the YAML files)."""


class ContactSection(Section):
    """Local quotes (if any) and the closing slide with the local contact person."""

    type: Literal["contact"]
    """Always 'contact' for this kind of section."""
    municipality: str | None = None
    """Whose contact this is; council decks fill it in from the municipality file."""
    contact: Contact | None = None
    """The local contact person; council decks fill it in from the municipality file."""
    quotes: list[Quote] = []
    """What local people said, shown two per slide before the closing slide."""
    message: Localized | None = None
    """One closing line under the title, e.g. an invitation to ask questions."""


def _quote_slides(section: ContactSection, ctx: Context) -> list[Slide]:
    fmt = ctx.fmt
    where = section.municipality or ""
    title = fmt.t("contact.quotes")
    if where:
        named = fmt.t("contact.quotes_title", municipality=where)
        title = layout.named_title("content", named, title, ctx.theme)
    slides = []
    for start in range(0, len(section.quotes), QUOTES_PER_SLIDE):
        chunk = section.quotes[start : start + QUOTES_PER_SLIDE]
        boxes = layout.BODY.columns(len(chunk), layout.GAP * 2)
        blocks = tuple(
            block
            for box, q in zip(boxes, chunk, strict=True)
            for block in quote_blocks(box, q, ctx, alone=len(chunk) == 1)
        )
        talk = " ".join(
            f"{fmt.quoted(q.text)} ({speaker_line(q)})" if speaker_line(q) else fmt.quoted(q.text)
            for q in chunk
        )
        slides.append(
            Slide(
                "content",
                title,
                blocks,
                notes=talk,
                footer=ctx.footer_for(section),
                source=origin(section, "municipality"),  # the title names it
            )
        )
    return slides


def _contact_card(
    contact: Contact, municipality: str | None, box: Box, ctx: Context
) -> list[Paragraph]:
    theme = ctx.theme
    label = (
        ctx.fmt.t("contact.local", municipality=municipality)
        if municipality
        else ctx.fmt.t("contact.label")
    )
    paragraphs = [
        para(label, color=theme.colors.muted, size=theme.sizes.caption),
        para(
            contact.name,
            bold=True,
            color=theme.colors.title,
            space_before=6,
            size=layout.one_line_size(contact.name, box.width - 0.3, theme.sizes.body + 8, theme),
        ),
    ]
    paragraphs.extend(  # each with its own line, for the linter to name
        para(line, space_before=4, source=origin(contact, field))
        for field in ("role", "email", "phone")
        if (line := getattr(contact, field))
    )
    return paragraphs


def plan(section: ContactSection, ctx: Context) -> list[Slide]:
    fmt, theme = ctx.fmt, ctx.theme
    slides = _quote_slides(section, ctx) if section.quotes else []
    left, right = layout.BODY.split_left(0.4, layout.GAP)
    blocks: list = []
    if section.message:
        # Without a contact card the closing line gets the whole slide, not a lonely column.
        where = left if section.contact else layout.BODY.inset(0.6, 0.4)
        message = layout.text(
            where,
            [para(section.message)],
            theme,
            size=28 if section.contact else 36,
            anchor="middle",
            align="left" if section.contact else "center",  # alone: the slide's one statement
            name="Message",
        )
        blocks.append(sourced(message, origin(section, "message")))
    talk = []
    if section.contact:
        body = layout.BODY
        box = right if section.message else Box(body.left, body.top, body.width * 0.62, body.height)
        card = layout.card(
            box,
            _contact_card(section.contact, section.municipality, box, ctx),
            theme,
            hug=True,
            name="Contact",
        )
        blocks.append(sourced(layout.centred(card, box), origin(section, "contact")))
        talk.append(
            fmt.t(
                "contact.notes", name=section.contact.name, municipality=section.municipality or "–"
            )
        )
    return [
        *slides,
        Slide(
            "content",
            section.title or fmt.t("contact.title"),
            tuple(blocks),
            notes=ctx.notes(section, *talk),
            footer=ctx.footer_for(section),
        ),
    ]


def _overlay(local: Local, base: Document) -> list[Overlay]:
    """The municipality's contact person and its quotes (said in the municipality's form)."""
    m, raw = local.municipality, local.doc.data
    quotes = [
        {"language": m.language, **quote} if isinstance(quote, dict) else quote
        for quote in raw.get("quotes") or []
    ]
    data = {"municipality": m.name, "contact": raw.get("contact"), "quotes": quotes or None}
    anchors = ((("contact",), ("contact",)), (("quotes",), ("quotes",)), ((), ("name",)))
    return [Overlay(data, local.doc, anchors)]


def _missing(m: Municipality) -> list[str]:
    return ["contact"] if facts_of(m, ContactFacts).contact is None else []


SECTION = SectionType(
    "contact",
    ContactSection,
    plan,  # type: ignore[arg-type]
    shows=Shows(facts=ContactFacts, columns=COLUMNS, missing=_missing, overlay=_overlay),
    check=lambda section, doc: repeated(doc, quote_texts(doc.data), "quote"),
)
