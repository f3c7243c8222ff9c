"""Go-live: who started using Helseplattformen when, and what the people there said."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from hpdeck.content.loader import Document
from hpdeck.content.localized import Language, Localized
from hpdeck.content.model import IMAGE, Model
from hpdeck.content.municipality import Local, Shows
from hpdeck.content.provenance import origin
from hpdeck.content.theme import Theme
from hpdeck.errors import Problem
from hpdeck.messages import say, shown
from hpdeck.plan import layout
from hpdeck.plan.charts import ChartSpec, Series
from hpdeck.plan.fit import height_needed
from hpdeck.plan.model import Block, Box, Chart, Paragraph, Picture, Slide, para
from hpdeck.plan.sources import sourced
from hpdeck.sections.base import Context, Section, SectionType, title_origin
from hpdeck.sections.checks import at, plain_name, problem_at, quote_texts, repeated

QUOTES_PER_SLIDE = 2
DAYS_PER_TIMELINE = 8
"""Go-live days one timeline slide shows; more continue on the next, so each stays readable
from the back of the room (two columns of four when the dates are too close for a line)."""


class Quote(Model):
    """Something a person said about the go-live; shown as said, never translated."""

    text: str
    """The words as said, without quotation marks (never per language: quotes are not
    translated)."""
    language: Language | None = None
    """The language it was said in: nb, nn or en; left out, the file's language (bokmål in the
    shared month files, the municipality's own in its file)."""
    speaker: str | None = None
    """Who said it; leave out when only the role is known."""
    role: Localized | None = None
    """The speaker's role and workplace."""
    portrait: Annotated[str | None, IMAGE] = None
    """A photo of the speaker (path in the project), shown beside the quote."""

    @field_validator("text", mode="before")
    @classmethod
    def _as_said(cls, value: Any) -> Any:
        if isinstance(value, dict):
            raise ValueError(say("golive.quote_translated"))
        return value

    @property
    def lang(self) -> Language:
        """The language the words are in (bokmål when the file did not say)."""
        return self.language or "nb"


class GoLiveEvent(Model):
    """One go-live date and who started on it."""

    date: dt.date
    """The day they went live."""
    summary: Localized
    """One sentence, e.g. 'Trondheim kommune tok i bruk Helseplattformen'."""
    label: Localized | None = None
    """A short name for the timeline, e.g. 'St. Olavs + 6 kommuner'."""
    went_live: list[str] = []
    """The hospitals and municipalities that went live."""
    quotes: list[Quote] = []
    """Quotes from the people there, shown two per slide."""


class GoLive(Section):
    """The go-live timeline and one slide per event with its quotes."""

    type: Literal["go-live"]
    """Always 'go-live' for this kind of section."""
    events: list[GoLiveEvent] = Field(min_length=1)
    """The go-live events, oldest first."""
    recent_slides: int | None = Field(default=None, ge=0)
    """How many of the latest events with quotes or names get slides of their own; the
    timeline still shows every event. Left out, every such event gets its slides."""


def quote_blocks(box: Box, quote: Quote, ctx: Context, *, alone: bool) -> list[Block]:
    """A quote in ``box``, with the speaker's portrait beside it when there is one; a quote
    alone on its slide is set a step larger."""
    theme = ctx.theme
    size = theme.sizes.quote + 6 if alone else None
    blocks: list[Block] = []
    if quote.portrait:
        width = min(2.6, box.width * 0.32)
        photo = Box(box.left, box.top + (box.height - width * 1.25) / 2, width, width * 1.25)
        portrait = Picture(
            photo,
            ctx.asset(quote.portrait),
            ctx.fmt.t("golive.portrait_alt", speaker=speaker_line(quote) or "–"),
            name="Portrait",
        )
        blocks.append(sourced(portrait, origin(quote, "portrait")))
        box = Box(box.left + width + 0.4, box.top, box.width - width - 0.4, box.height)
    words = layout.quote(
        box,
        ctx.fmt.quoted(quote.text),
        speaker_line(quote),
        theme,
        lang=quote.lang,
        size=size,
        # the role is what is worded per language, so what the language check looks at
        speaker_source=origin(quote, "role") or origin(quote, "speaker"),
    )
    blocks.append(sourced(words, origin(quote, "text")))
    return blocks


def speaker_line(quote: Quote) -> str:
    """'Name, role', or whichever of them is given."""
    return ", ".join(part for part in (quote.speaker, quote.role) if part)


def timelines(section: GoLive, ctx: Context) -> list[ChartSpec]:
    """The timeline in parts of at most DAYS_PER_TIMELINE go-live days, oldest first."""
    events = sorted(section.events, key=lambda e: e.date)
    days = sorted({e.date for e in events})
    parts = -(-len(days) // DAYS_PER_TIMELINE)
    size = -(-len(days) // parts)  # even parts: 9 days are 5 + 4, not 8 + 1
    groups = [set(days[i : i + size]) for i in range(0, len(days), size)]
    return [
        _timeline([e for e in events if e.date in group], ctx, latest=group is groups[-1])
        for group in groups
    ]


def _timeline(events: list[GoLiveEvent], ctx: Context, *, latest: bool) -> ChartSpec:
    """Events on a time axis, labelled with date and who went live; the latest day marked."""
    fmt = ctx.fmt
    days: dict[dt.date, list[str]] = {}  # events of one day are one point: 'A + B'
    for event in events:
        days.setdefault(event.date, []).append(event.label or event.summary)
    alt = "; ".join(f"{fmt.date(e.date)}: {e.summary}" for e in events)
    return ChartSpec(
        kind="timeline",
        categories=tuple(" + ".join(labels) for labels in days.values()),
        series=(
            Series(
                "", tuple(day.toordinal() for day in days), tuple(fmt.date(day) for day in days)
            ),
            Series(  # the same dates said shorter, for a crowded line
                "", tuple(day.toordinal() for day in days), tuple(map(fmt.short_date, days))
            ),
        ),
        colors=tuple(ctx.theme.colors.series[0] for _ in days),
        alt_text=fmt.t("golive.alt", events=alt),
        highlight=(len(days) - 1,) if latest else (),
    )


def _event_slides(event: GoLiveEvent, ctx: Context, section: GoLive) -> list[Slide]:
    """The event's quotes, two a slide, under who went live.

    An event with neither quotes nor a list of names has no slide of its own: its title
    alone would be an empty slide, and the timeline already shows it.
    """
    theme, fmt = ctx.theme, ctx.fmt
    if not event.quotes and len(event.went_live) <= 1:
        return []
    title = f"{fmt.date(event.date)}: {event.summary}"
    groups = [
        event.quotes[i : i + QUOTES_PER_SLIDE]
        for i in range(0, len(event.quotes), QUOTES_PER_SLIDE)
    ] or [[]]
    slides = []
    for number, quotes in enumerate(groups):
        body = layout.BODY
        blocks: list = []
        if event.went_live and len(event.went_live) > 1:
            line = para(", ".join(event.went_live), bold=True, color=theme.colors.title)
            names, body = body.split_top(_names_height(line, body, theme), 0.25)
            went_live = layout.text(names, [line], theme, name="Went live")
            blocks.append(sourced(went_live, origin(event, "went_live")))
        for box, quote in zip(body.columns(len(quotes), 0.6), quotes, strict=True):
            blocks.extend(quote_blocks(box, quote, ctx, alone=len(quotes) == 1))
        derived = fmt.t(
            "golive.notes",
            date=fmt.date(event.date),
            who=fmt.join(event.went_live) if event.went_live else event.summary,
        )
        slides.append(
            Slide(
                "content",
                title if number == 0 else f"{title} ({number + 1})",
                tuple(blocks),
                notes=ctx.notes(section, derived) if number == 0 else "",
                footer=ctx.footer_for(section),
                source=origin(event, "summary"),  # the title: the event's date and summary
            )
        )
    return slides


def _names_height(line: Paragraph, body: Box, theme: Theme) -> float:
    """The names' box: one line's height, or as many lines as the names need at the smallest
    body size (a long municipality name wraps), at most a third of the body."""
    family = layout.family_of(theme, "body")
    need = height_needed((line,), theme.sizes.min_body, Box(0, 0, body.width, 0), family=family)
    return 0.7 if need <= 0.7 else min(need, body.height / 3)


def plan(section: GoLive, ctx: Context) -> list[Slide]:
    fmt = ctx.fmt
    first = min(e.date for e in section.events)
    title = section.title or fmt.t(
        "golive.title", count=len(section.events), since=fmt.month(first)
    )
    overview = [
        Slide(
            "content",
            f"{title} ({number + 1})" if number else title,
            (Chart(layout.BODY, chart, name="Go-live timeline", source=origin(section, "events")),),
            notes=ctx.notes(section) if not number else "",
            footer=ctx.footer_for(section),
            source=title_origin(section, origin(section, "events")),
        )
        for number, chart in enumerate(timelines(section, ctx))
    ]
    events = sorted(section.events, key=lambda e: e.date)  # date order, whatever the file's
    shown = [slides for e in events if (slides := _event_slides(e, ctx, section))]
    if section.recent_slides is not None:  # the latest events that have slides
        shown = shown[len(shown) - section.recent_slides :] if section.recent_slides else []
    return [*overview, *(s for slides in shown for s in slides)]


def _check(section: GoLive, doc: Document) -> list[Problem]:
    return repeated(doc, quote_texts(doc.data), "quote")


def _local_check(local: Local, section: GoLive, doc: Document) -> list[Problem]:
    """A municipality still to go live that an event says went live, and a quote in its file
    that an event already gives (the council deck would show it twice)."""
    problems = quotes_elsewhere(local, doc)
    m = local.municipality
    if m.stage == "in-use" or (m.went_live and not m.stage):
        return problems + went_live_events(local, doc)
    if not m.stage:
        return problems
    name, where = plain_name(m.label), ("stage",)
    for index, event in enumerate(doc.data.get("events", [])):
        for position, who in enumerate(event.get("went_live") or []):
            if plain_name(str(who)) == name:
                loc = ("events", index, "went_live", position)
                problems.append(
                    problem_at(
                        local.doc,
                        where,
                        say(
                            "facts.own_stage_event",
                            stage=shown(m.stage),
                            at=at(doc, loc),
                            name=who,
                            date=event.get("date"),
                        ),
                    )
                )
    return problems


def went_live_events(local: Local, doc: Document) -> list[Problem]:
    """A municipality in use against the events: its go-live date on the day of the event that
    names it, and an event naming it at all (else the timeline and its count leave it out
    while the status slide counts it in use). An event without a went_live list names those
    its summary names, and may name more ("og seks kommuner"): one on the municipality's own
    go-live date, or any when it gives none, is taken to name it."""
    m, own = local.municipality, local.doc
    names = {plain_name(m.label), plain_name(m.name)}
    events = [e for e in doc.data.get("events", []) if isinstance(e, dict)]
    naming = [
        (index, event) for index, event in enumerate(events) if names & _named_by(event, names)
    ]
    where = ("went_live",) if m.went_live else ("stage",)
    unlisted = [_date(e.get("date")) for e in events if not e.get("went_live")]
    if not naming:
        if unlisted and (m.went_live is None or m.went_live in unlisted):
            return []
        return [
            problem_at(
                own,
                where,
                say("facts.in_use_no_event", name=m.label, file=doc.display),
            )
        ]
    dates = [_date(event.get("date")) for _, event in naming]
    if m.went_live is None or m.went_live in dates:
        return []
    index, event = naming[0]
    return [
        problem_at(
            own,
            where,
            say(
                "facts.went_live_event",
                date=m.went_live.isoformat(),
                at=at(doc, ("events", index, "date")),
                name=m.label,
                event=str(event.get("date")),
            ),
        )
    ]


def _date(value: object) -> dt.date | None:
    """An event's date as YAML gave it: a date, or one written in quotes ('2022-11-12')."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _named_by(event: dict[str, Any], names: set[str]) -> set[str]:
    """The names an event says went live: its went_live list, else those of ``names`` its
    summary or label mentions."""
    listed = event.get("went_live")
    if listed:
        return {plain_name(str(who)) for who in listed}
    words = " ".join(
        " ".join(text.values()) if isinstance(text, dict) else str(text)
        for text in (event.get("summary"), event.get("label"))
        if text
    ).casefold()
    return {name for name in names if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", words)}


def quotes_elsewhere(local: Local, doc: Document) -> list[Problem]:
    """Quotes in the municipality's file that the go-live file also gives, at the local line,
    naming the other."""
    shared = {key: loc for loc, key in quote_texts(doc.data)}
    return [
        problem_at(local.doc, loc, say("facts.quote_elsewhere", at=at(doc, shared[key])))
        for loc, key in quote_texts(local.doc.data)
        if key in shared
    ]


SECTION = SectionType(
    "go-live",
    GoLive,
    plan,  # type: ignore[arg-type]
    shows=Shows(check=_local_check),
    check=_check,
)
