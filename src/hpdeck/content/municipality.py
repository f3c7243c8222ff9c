"""Municipality files: whose council deck this is, and how their facts overlay the shared content.

``content/municipalities/<slug>.yaml`` holds one municipality's own facts (name, language, stage,
and the facts section types show: own costs, quotes, contact) and an ``overrides:`` block keyed
by section (content file name).
While resolving a deck, each section's shared data gets the facts derived from the municipality
file laid over it, then the overrides: mappings merge key by key, anything else (lists included)
replaces, and ``null`` removes the key. Every merged value remembers which file and line it came
from, so a mistake in an overlay is reported at the municipality file's line, not the shared one.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar, cast

from pydantic import Field, create_model, field_validator

from hpdeck.content.loader import Document, Loc, every_problem, load_yaml
from hpdeck.content.localized import Localizer
from hpdeck.content.model import Model
from hpdeck.content.municipality_files import FOLDER, SLUG, folder, slug_for
from hpdeck.content.region_map import known_as
from hpdeck.content.registry_columns import Columns
from hpdeck.content.registry_sheet import CORE, Row, remember, row_for, sheet_slugs
from hpdeck.content.rollout import StageKey
from hpdeck.content.validation import validate
from hpdeck.errors import ContentError, Problem
from hpdeck.messages import say, shown


class Municipality(Model):
    """One municipality's identity and rollout position, which the region, its map, the registry
    workbook and the batch all use; the facts a section type shows (a contact, own costs) are
    that type's (Shows.facts), added by model_for. The shared content says everything else."""

    name: str = Field(min_length=1)
    """The full name as the council writes it, e.g. 'Skaun kommune'."""
    short_name: str | None = None
    """The name in lists and on charts, e.g. 'Skaun'; the name without ' kommune' if left out."""
    number: str | None = None
    """The municipality number (kommunenummer), four digits, e.g. '5029'; places it on the map."""
    county: str | None = None
    """The county (fylke) it belongs to, e.g. 'Trøndelag'."""
    language: Literal["nb", "nn"] | None = None
    """The municipality's written standard: nb (bokmål) or nn (nynorsk); --lang overrides it.
    The deck's own language when left out."""
    stage: StageKey | None = None
    """Where it is in the rollout: in-use, decided, preparing, deciding or unscheduled."""
    planned_go_live: dt.date | None = None
    """The planned go-live date, once there is one."""
    went_live: dt.date | None = None
    """The day it started using Helseplattformen."""

    sheet_columns: ClassVar[Columns] = CORE
    """The registry workbook's columns for this model's facts: the identity's here, each
    section type's added by model_for."""

    @field_validator("number", mode="before")
    @classmethod
    def _four_digits(cls, value: object) -> object:
        """Numbers are codes: 5029 and '5029' are the same, and 301 is Oslo's '0301'."""
        if isinstance(value, int) and not isinstance(value, bool):
            value = f"{value:04d}" if 0 < value < 10_000 else str(value)
        if isinstance(value, str) and not (len(value) == 4 and value.isascii() and value.isdigit()):
            from hpdeck.messages import say, shown

            raise ValueError(say("municipality.number", value=shown(value)))
        return value

    @property
    def label(self) -> str:
        """The short name used in stage lists, chart notes and running text."""
        return self.short_name or self.name.removesuffix(" kommune").removesuffix(" Kommune")

    def missing_facts(self, section_types: Collection[str], kinds: Kinds) -> list[str]:
        """Optional facts left empty that leave a place blank on a slide of these section types,
        in the registry's order of section types (as each type's hook says)."""
        return [
            fact
            for name, shows in kinds.items()
            if name in section_types
            for fact in shows.missing(self)
        ]


def _nothing_missing(municipality: Municipality) -> list[str]:
    return []


@dataclass(frozen=True)
class Shows:
    """What a section type shows of a municipality in a council deck: the hooks the overlay and
    the preview call. The pipeline passes every section type's hooks in by ``type:`` key."""

    facts: type[Model] | None = None
    """Facts of its own in municipality files: a model whose fields the Municipality gets
    (every field with a default, since a municipality may leave it out). Read them with
    ``facts_of``."""
    columns: Columns = field(default_factory=Columns)
    """The registry workbook's columns that fill in those facts, in the order export writes
    them (after the identity's; lists of items, like own costs per part, come last)."""
    missing: Callable[[Municipality], list[str]] = _nothing_missing
    """The optional facts it shows that this municipality left empty (a place left blank)."""
    overlay: Callable[[Local, Document], list[Overlay]] | None = None
    """The municipality's facts in the section's shape, laid over its shared content file."""
    check: Callable[[Local, Any, Document], list[Problem]] | None = None
    """The municipality's facts against the section (validated, and its file): problems at the
    municipality file's lines."""


Kinds = Mapping[str, Shows]
"""Each section type's municipality hooks by its ``type:`` key."""


class Overrides(Model):
    """The key every municipality file may end with, whatever its section types; last in the
    model (and in its schema), after the section types' facts."""

    overrides: dict[str, dict[str, Any]] = {}
    """Changes to any field of any section, keyed by the section's content file name."""


@cache
def _model(kinds: tuple[tuple[str, Shows], ...]) -> type[Municipality]:
    _refuse_clashes(kinds)
    facts = tuple(shows.facts for _, shows in kinds if shows.facts)
    columns = Municipality.sheet_columns
    for _, shows in kinds:
        columns = columns + shows.columns
    # The last base's fields come first: identity, each type's in registry order, overrides.
    bases: tuple[type[Model], ...] = (Overrides, *reversed(facts), Municipality)
    model = cast("type[Municipality]", create_model("Municipality", __base__=bases))
    model.sheet_columns = columns
    return model


def _refuse_clashes(kinds: tuple[tuple[str, Shows], ...]) -> None:
    """A section type's facts and columns must be its own: a fact another type (or the
    identity) has, a required fact, a column heading taken or a column for no fact would
    silently change or break every municipality file, so registering one is a mistake."""
    owners = dict.fromkeys(
        (*Municipality.model_fields, *Overrides.model_fields), "the municipality's identity"
    )
    words = {
        word.casefold(): "the municipality's identity"
        for column in Municipality.sheet_columns.columns
        for word in (column.heading, column.alias)
    }
    for name, shows in kinds:
        who = f"section type {name!r}"
        for fact, info in (shows.facts.model_fields if shows.facts else {}).items():
            if fact in owners:
                raise ValueError(
                    f"{who} declares the municipality fact {fact!r}; {owners[fact]} has it"
                )
            if info.is_required():
                raise ValueError(f"{who}: the municipality fact {fact!r} needs a default")
            owners[fact] = who
        for column in shows.columns.columns:
            for word in dict.fromkeys((column.heading.casefold(), column.alias.casefold())):
                if word in words:
                    raise ValueError(f"{who}: workbook column {word!r} belongs to {words[word]}")
                words[word] = who
        for listed in shows.columns.lists:
            word = listed.prefix.casefold()
            if word in words:
                raise ValueError(f"{who}: workbook columns {word!r} belong to {words[word]}")
            words[word] = who
        filled = [str(c.loc[0]) for c in shows.columns.columns]
        for fact in (*filled, *(listed.field for listed in shows.columns.lists)):
            if owners.get(fact) != who:
                raise ValueError(f"{who}: a workbook column fills {fact!r}, not one of its facts")


def model_for(kinds: Kinds) -> type[Municipality]:
    """The municipality file's model: the shared facts plus those each section type adds, with
    the registry workbook columns that fill them in (``sheet_columns``). ValueError when two
    types declare the same fact or column."""
    return _model(tuple(kinds.items()))


Facts = TypeVar("Facts", bound=Model)


def facts_of(municipality: Municipality, facts: type[Facts]) -> Facts:
    """A section type's own facts of a municipality: the municipality itself when its model has
    them (model_for), else the facts' defaults (a model composed without that type)."""
    return municipality if isinstance(municipality, facts) else facts()


def slugs(root: Path, model: type[Municipality]) -> list[str]:
    """Every municipality with a file in the project, by slug (the file name without .yaml),
    and every one with a row in the registry workbook (content/kommuner.xlsx).

    A YAML file whose name is not a slug plus '.yaml' (rennebu.yml, oppdal.YAML, 'Midtre
    Gauldal.yaml') is refused with the name to give it, never silently skipped. ``model``
    gives the workbook's columns (see model_for).
    """
    place = folder(root)
    if not place.is_dir():
        return sheet_slugs(root, set(), model.sheet_columns)
    found, problems = [], []
    for path in sorted(place.iterdir()):
        stem, dot, ext = path.name.rpartition(".")
        if not dot or ext.lower() not in ("yaml", "yml") or not path.is_file():
            continue
        if ext == "yaml" and SLUG.fullmatch(stem):
            found.append(stem)
            continue
        wanted = f"{slug_for(stem) or 'name'}.yaml"
        problems.append(
            Problem(
                "/".join((*FOLDER, path.name)),
                None,
                None,
                "",
                say("registry.file_name", wanted=wanted),
            )
        )
    if problems:
        raise ContentError(problems)
    return sorted({*found, *sheet_slugs(root, set(found), model.sheet_columns)})


@dataclass(frozen=True)
class Overlay:
    """Data laid over one section, with where each part of it stands in its source file."""

    data: dict[str, Any]
    source: Document
    anchors: tuple[tuple[Loc, Loc], ...]
    """(loc in data, loc in source) pairs; the longest matching data prefix wins."""

    def source_loc(self, loc: Loc) -> Loc:
        for inner, outer in sorted(self.anchors, key=lambda pair: -len(pair[0])):
            if loc[: len(inner)] == inner:
                return (*outer, *loc[len(inner) :])
        return ()


class _Merger:
    """Merges overlays into a document's data while keeping positions and sources in step."""

    def __init__(self, base: Document) -> None:
        self.base = base
        self.positions = dict(base.positions)
        self.key_positions = dict(base.key_positions)
        self.sources = dict(base.sources)

    def apply(self, data: Any, overlay: Overlay) -> Any:
        return self._merge(data, overlay.data, (), overlay)

    def _merge(self, base: Any, value: Any, loc: Loc, overlay: Overlay) -> Any:
        if not (isinstance(base, dict) and isinstance(value, dict)):
            self._forget(loc)
            return self._place(value, loc, overlay)
        result = dict(base)
        for key, item in value.items():
            sub = (*loc, key)
            if item is None:
                if key in result:
                    del result[key]
                    self._forget(sub, keep_self=False)
                continue
            result[key] = self._merge(result.get(key), item, sub, overlay)
        return result

    def _place(self, value: Any, loc: Loc, overlay: Overlay) -> Any:
        """Record where an overlay value (and everything inside it) stands in its file."""
        source_loc = overlay.source_loc(loc)
        source = overlay.source
        self.positions[loc] = _position(source.locate(source_loc))
        self.sources[loc] = source.written(source_loc)  # that file's own, or where it came from
        if loc:
            key_at = source.key_positions.get(source_loc) or source.locate(source_loc, key=True)
            self.key_positions[loc] = _position(key_at)
        if isinstance(value, dict):
            return {
                k: self._place(v, (*loc, k), overlay) for k, v in value.items() if v is not None
            }
        if isinstance(value, list):
            return [self._place(v, (*loc, i), overlay) for i, v in enumerate(value)]
        return value

    def _forget(self, loc: Loc, *, keep_self: bool = True) -> None:
        """Drop positions and sources below loc (and of loc itself unless kept)."""

        def gone(other: Loc) -> bool:
            return other[: len(loc)] == loc and (len(other) > len(loc) or not keep_self)

        for table in (self.positions, self.key_positions):
            for other in [o for o in table if gone(o)]:
                del table[other]
        for other in [o for o in self.sources if gone(o)]:
            del self.sources[other]


def _position(located: tuple[int | None, int | None]) -> tuple[int, int]:
    line, col = located
    return (line or 1, col or 1)


def merge(base: Document, overlays: list[Overlay]) -> Document:
    """Lay overlays over base in order: mappings merge, lists replace, None removes. Each value
    laid over keeps its file and place there (Document.sources), so a problem found in it at
    any stage is reported where it was written."""
    merger = _Merger(base)
    data = base.data
    for overlay in overlays:
        data = merger.apply(data, overlay)
    return Document(
        base.path, base.display, data, merger.positions, merger.key_positions, merger.sources
    )


@dataclass(frozen=True)
class Local:
    """A loaded, validated municipality file."""

    slug: str
    municipality: Municipality
    doc: Document

    def in_language(self, localizer: Localizer) -> Local:
        """The same file validated again for a deck in ``localizer``'s language, so its
        per-language texts (a contact's role) are in that language."""
        model = type(self.municipality)
        return replace(self, municipality=validate(model, self.doc, context=localizer.context()))

    def unknown_overrides(self, sections: list[str]) -> list[Problem]:
        """Overrides for sections the deck does not have, so a typo is not silently ignored."""
        problems = []
        for name in facts_of(self.municipality, Overrides).overrides:
            if name not in sections:
                close = difflib.get_close_matches(name, sections, n=1)
                message = (
                    say("municipality.no_section_close", name=shown(name), close=shown(close[0]))
                    if close
                    else say(
                        "municipality.no_section", name=shown(name), sections=", ".join(sections)
                    )
                )
                line, col = self.doc.locate(("overrides", name), key=True)
                problems.append(
                    Problem(
                        self.doc.display,
                        line,
                        col,
                        f"overrides.{name}",
                        message,
                    )
                )
        return problems

    def overlay(self, base: Document, section: str, shows: Shows) -> Document:
        """The section's shared document with this municipality's facts (in the shape its
        section type's hook gives them) and the overrides on top."""
        overlays = shows.overlay(self, base) if shows.overlay else []
        if section in facts_of(self.municipality, Overrides).overrides:
            overlays.append(
                Overlay(
                    self.doc.data["overrides"][section], self.doc, (((), ("overrides", section)),)
                )
            )
        return merge(base, overlays) if overlays else base  # the shared file, as it is


def load(root: Path, slug: str, model: type[Municipality]) -> Local:
    """Read and validate content/municipalities/<slug>.yaml, with its registry row on top.

    ``model`` is the Municipality with every section type's own facts (see model_for).
    """
    path = folder(root) / f"{slug}.yaml"
    if not SLUG.fullmatch(slug):
        raise ContentError.single(
            "/".join((*FOLDER, f"{slug}.yaml")),
            say("municipality.bad_slug", slug=shown(slug), wanted=shown(slug_for(slug))),
        )
    row = row_for(root, slug, model.sheet_columns)
    if row is not None:
        return _with_row(slug, load_yaml(path, root=root) if path.is_file() else None, row, model)
    if not path.is_file():
        known = slugs(root, model)
        hint = say("hint.known", names=", ".join(known)) if known else say("hint.no_municipalities")
        raise ContentError.single(
            "/".join((*FOLDER, f"{slug}.yaml")),
            say("municipality.unknown", slug=shown(slug), hint=hint),
        )
    try:
        doc = load_yaml(path, root=root)
    except ContentError as err:  # an impossible date must not hide the file's other mistakes
        raise ContentError(every_problem(err, lambda d: validate(model, d))) from None
    if doc.data is None:  # emptied by mistake, or created and not yet written
        mapped = known_as(slug)
        raise ContentError.single(
            doc.display,
            say("municipality.empty", name=f"{mapped[0]} kommune", number=mapped[1])
            if mapped
            else say("municipality.empty_unknown"),
        )
    return Local(slug, validate(model, doc), doc)


def _with_row(slug: str, doc: Document | None, row: Row, model: type[Municipality]) -> Local:
    """The municipality from its row laid over its YAML file (if any), validated at the cells."""
    if row.problems:
        raise ContentError(row.problems)
    if doc is None:
        local = Local(slug, validate(model, row.doc), row.doc)
    else:
        merged = merge(doc, [Overlay(row.doc.data, row.doc, (((), ()),))])  # cells win
        local = Local(slug, validate(model, merged), merged)  # problems at the cells they are in
    remember(local, row)
    return local
