"""The opening slide: what the deck is, for which meeting, and who presents it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from hpdeck.content.loader import Document
from hpdeck.content.localized import Localized
from hpdeck.content.model import Model
from hpdeck.content.municipality import Local, Municipality, Overlay, Shows, facts_of
from hpdeck.content.provenance import origin
from hpdeck.content.registry_columns import DATE, Column, Columns
from hpdeck.plan import conventions, layout
from hpdeck.plan.model import Box, Picture, Slide
from hpdeck.plan.sources import sourced
from hpdeck.sections.base import IMAGE, Context, Section, SectionType, title_origin
from hpdeck.sections.contact import ContactFacts

# Top right of the title slide, clear of the title and of the theme's logo at the bottom left.
LOGO_BOX = Box(layout.SLIDE_WIDTH - layout.MARGIN - 2.4, 0.5, 2.4, 1.3)


class TitleSection(Section):
    """The title slide."""

    type: Literal["title"]
    """Always 'title' for this kind of section."""
    subtitle: Localized | None = None
    """A second line under the title, e.g. the month or the meeting."""
    date: dt.date | None = None
    """The date of the briefing or meeting, written out in the deck's language."""
    presenter: Localized | None = None
    """Who presents, with role."""
    municipality: str | None = None
    """The council deck's municipality; council decks fill it in from the municipality file."""
    logo: Annotated[str | None, IMAGE] = None
    """A logo for the top right of the title slide, e.g. the municipality's coat of arms."""


class TitleFacts(Model):
    """What a municipality file says for its council deck's title slide."""

    meeting_date: dt.date | None = None
    """The date of the council meeting the deck is for; update it before each meeting."""
    logo: str | None = None
    """The municipality's logo or coat of arms, a path in the project (e.g. 'logos/x.png')."""


COLUMNS = Columns((Column("Møtedato", ("meeting_date",), DATE),))
"""The meeting date in the registry workbook (the logo, a file, stays in YAML)."""


def plan(section: TitleSection, ctx: Context) -> list[Slide]:
    fmt, where = ctx.fmt, section.municipality
    subtitle = section.subtitle or (fmt.t("title.council_subtitle") if where else "")
    lines = [subtitle, fmt.date(section.date) if section.date else "", section.presenter or ""]
    blocks: tuple[Picture, ...] = ()
    if section.logo:
        logo = Picture(
            LOGO_BOX,
            ctx.asset(section.logo),
            fmt.t("title.logo_alt", owner=where or ctx.deck_title),
            name=conventions.LOGO,
        )
        blocks = (sourced(logo, origin(section, "logo")),)
    title = section.title or (
        fmt.t("title.council", municipality=where) if where else ctx.deck_title
    )
    talk = fmt.t("title.council_notes", municipality=where) if where else ""
    return [
        Slide(
            "title",
            title,
            blocks,
            subtitle="\n".join(line for line in lines if line),
            notes=ctx.notes(section, talk),
            # the lines under the title; the first that can run long names them
            subtitle_source=origin(section, "subtitle")
            or origin(section, "presenter")
            or origin(section, "date"),
            source=title_origin(
                section, origin(section, "municipality") if where else ctx.deck_title_origin
            ),
        )
    ]


def _overlay(local: Local, base: Document) -> list[Overlay]:
    """The council deck's title slide: the municipality, its meeting date, logo and presenter."""
    m, raw = local.municipality, local.doc.data
    contact = facts_of(m, ContactFacts).contact
    data = {
        "municipality": m.name,
        "title": None,
        "subtitle": None,
        "date": raw.get("meeting_date"),
        "logo": raw.get("logo"),
        "presenter": ", ".join(p for p in (contact.name, contact.role) if p) if contact else None,
    }
    # The presenter line is named by the role, the part worded per language that runs long.
    presenter = ("contact", "role") if contact and contact.role else ("contact",)
    anchors = (
        (("date",), ("meeting_date",)),
        (("presenter",), presenter),
        (("logo",), ("logo",)),
        ((), ("name",)),
    )
    return [Overlay(data, local.doc, anchors)]


def _missing(m: Municipality) -> list[str]:
    facts = facts_of(m, TitleFacts)
    blank = {"language": m.language, "meeting_date": facts.meeting_date, "logo": facts.logo}
    return [fact for fact, value in blank.items() if value is None]


SECTION = SectionType(
    "title",
    TitleSection,
    plan,  # type: ignore[arg-type]
    shows=Shows(facts=TitleFacts, columns=COLUMNS, missing=_missing, overlay=_overlay),
    past_only=False,  # the meeting's date, often after the month reported on
)
