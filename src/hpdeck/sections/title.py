"""The opening slide: what the deck is, for which meeting, and who presents it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from hpdeck.content.loader import Document
from hpdeck.content.localized import Localized
from hpdeck.content.municipality import Local, Municipality, Overlay, Shows
from hpdeck.content.provenance import origin
from hpdeck.plan import conventions, layout
from hpdeck.plan.model import Box, Picture, Slide
from hpdeck.plan.sources import sourced
from hpdeck.sections.base import IMAGE, Context, Section, SectionType, title_origin

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
            source=title_origin(
                section, origin(section, "municipality") if where else ctx.deck_title_origin
            ),
        )
    ]


def _overlay(local: Local, base: Document) -> list[Overlay]:
    """The council deck's title slide: the municipality, its meeting date, logo and presenter."""
    m, raw = local.municipality, local.doc.data
    data = {
        "municipality": m.name,
        "title": None,
        "subtitle": None,
        "date": raw.get("meeting_date"),
        "logo": raw.get("logo"),
        "presenter": ", ".join(p for p in (m.contact.name, m.contact.role) if p)
        if m.contact
        else None,
    }
    anchors = (
        (("date",), ("meeting_date",)),
        (("presenter",), ("contact",)),
        (("logo",), ("logo",)),
        ((), ("name",)),
    )
    return [Overlay(data, local.doc, anchors)]


def _missing(m: Municipality) -> list[str]:
    blank = {"language": m.language, "meeting_date": m.meeting_date, "logo": m.logo}
    return [fact for fact, value in blank.items() if value is None]


SECTION = SectionType(
    "title",
    TitleSection,
    plan,  # type: ignore[arg-type]
    shows=Shows(missing=_missing, overlay=_overlay),
    past_only=False,  # the meeting's date, often after the month reported on
)
