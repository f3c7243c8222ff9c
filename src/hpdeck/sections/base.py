"""What every section type shares: its content base model and the planning context."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from hpdeck.content.history import History, Tracking
from hpdeck.content.loader import Document, Loc, Origin
from hpdeck.content.localized import Localized
from hpdeck.content.model import IMAGE, Model
from hpdeck.content.municipality import Shows
from hpdeck.content.provenance import origin
from hpdeck.content.theme import Theme
from hpdeck.errors import Problem
from hpdeck.plan.i18n import Formatter
from hpdeck.plan.model import Slide

if TYPE_CHECKING:
    from hpdeck.content.region import Region


def image_paths(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every image path in validated content with its location, so all can be checked at once."""
    if isinstance(value, Model):
        for name, info in type(value).model_fields.items():
            item = getattr(value, name)
            if IMAGE in info.metadata and isinstance(item, str):
                yield (*loc, name), item
            else:
                yield from image_paths(item, (*loc, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from image_paths(item, (*loc, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from image_paths(item, (*loc, key))


class Section(Model):
    """Fields every section has, whatever its type."""

    type: str
    """Which kind of section this is; decides the other keys allowed."""
    title: Localized | None = None
    """The slide title; leave out to let hpdeck say the section's message from its data."""
    notes: Localized | None = None
    """What the presenter should say; goes into the speaker notes."""
    source: Localized | None = None
    """Where the figures come from; shown in the footer with the as-of date."""
    chart_style: Literal["native", "image"] | None = None
    """Draw this section's charts as native PowerPoint charts (editable) or as pictures; the
    theme's ``chart_style`` when left out. Timelines are always pictures."""
    refresh: list[str] = []
    """Figures `hpdeck new-month` copied from last month, e.g. stages[0].count; update each one,
    then delete its line. `hpdeck check` warns while any are listed."""


def section_origin(section: Section) -> Origin | None:
    """The section's own line: its title when it has one, else its type; where slides and
    blocks that show no value of their own point."""
    return origin(section, "title") if section.title else origin(section, "type")


def title_origin(section: Section, derived: Origin | None) -> Origin | None:
    """Where a slide's title comes from: the section's own title when given, else the values
    hpdeck derived the title from (None: the section's own line)."""
    return origin(section, "title") if section.title else derived


@dataclass(frozen=True)
class Context:
    """What a section needs to plan its slides besides its own content."""

    fmt: Formatter
    theme: Theme
    deck_title: str
    asset: Callable[[str], Path]
    deck_title_origin: Origin | None = None
    """Where the deck file says its title, for a title slide that shows it."""
    footer: str = ""
    history: History = field(default_factory=History)
    region: Region | None = None
    """Every municipality in the registry, for the status map (None: no map)."""

    def footer_for(self, section: Section, as_of: dt.date | None = None) -> str:
        """The footer line of a figure slide: source · as-of date."""
        parts = [self.footer]
        if section.source:
            parts.append(self.fmt.t("source", source=section.source))
        if as_of:
            parts.append(self.fmt.t("as_of", date=self.fmt.date(as_of)))
        return " · ".join(p for p in parts if p)

    def notes(self, section: Section, *derived: str) -> str:
        """Speaker notes: the author's words first, then talking points hpdeck derived."""
        parts = [section.notes.strip()] if section.notes else []
        parts.extend(d for d in derived if d)
        return "\n\n".join(parts)


@dataclass(frozen=True)
class SectionFile:
    """A validated section with the file it came from (after any municipality overlay), as one
    value: nothing pairs sections with files by their position in two lists."""

    section: Section
    doc: Document
    """Its file after any overlay; each value laid over knows the file it came from."""


def _no_problems(section: Section, doc: Document) -> list[Problem]:
    return []


@dataclass(frozen=True)
class SectionType:
    """A registered section type: the key used in content files, its model, its planner and the
    hooks generic modules call (history, new-month)."""

    name: str
    model: type[Section]
    plan: Callable[[Section, Context], list[Slide]]
    tracking: Tracking = field(default_factory=Tracking)
    """The figures it keeps in content/history.yaml and what new-month asks to update."""
    shows: Shows = field(default_factory=Shows)
    """The municipality facts it shows in a council deck and how they overlay its content."""
    from_region: Callable[[Document, Region], Document] | None = None
    """Fills its file in from the registry of municipalities and checks it against it, before
    validation (the status section's counts); raises ContentError where they disagree."""
    past_only: bool = True
    """Its dates are of what has happened, so none may lie after the month reported on (the
    title's meeting date may)."""
    check: Callable[[Any, Document], list[Problem]] = _no_problems
    """Its fact checks on its validated section (as its own model) and the file it came from;
    problems at the file's locations (values from a municipality file are moved there)."""
