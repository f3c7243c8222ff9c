"""The section types, registered by the ``type:`` key content files use.

A new section type is its own module plus its line here: the module defines its model (a
``Section``), its planner and ``SECTION = SectionType(name, model, plan, ...)`` with whichever
hooks it needs (see SectionType: ``tracking`` for history figures and new-month, ``shows`` for
the municipality facts it shows, their registry workbook columns and their overlay, ``check``,
``past_only``, ``from_region``). History, new-month, municipality files, the workbook, overlays
and checks loop over this registry and name no section type (tests/test_section_plugin.py
registers a toy type from a test file to prove it).
"""

from __future__ import annotations

import difflib

from hpdeck.content.history import Tracking
from hpdeck.content.municipality import Shows
from hpdeck.messages import say, shown
from hpdeck.sections import (
    actors,
    benefits,
    contact,
    economy,
    golive,
    helsami,
    image,
    media,
    metrics,
    status,
    text,
    title,
    vision,
)
from hpdeck.sections.base import SectionType


class Registry:
    """Section types by name; refuses duplicates and suggests the nearest name for typos."""

    def __init__(self) -> None:
        self._types: dict[str, SectionType] = {}

    def add(self, section_type: SectionType) -> None:
        if section_type.name in self._types:
            raise ValueError(f"section type {section_type.name!r} is registered twice")
        self._types[section_type.name] = section_type

    def get(self, name: str) -> SectionType:
        """The section type called ``name``; KeyError with a helpful message otherwise."""
        try:
            return self._types[name]
        except KeyError:
            close = difflib.get_close_matches(name, self._types, n=1)
            raise KeyError(
                say("sections.unknown_close", name=shown(name), close=shown(close[0]))
                if close
                else say("sections.unknown", name=shown(name), known=", ".join(self.names()))
            ) from None

    def names(self) -> list[str]:
        return sorted(self._types)

    def find(self, name: object) -> SectionType | None:
        """The section type a file's ``type:`` names, None when it names none (reported later)."""
        return self._types.get(name) if isinstance(name, str) else None

    def tracking(self) -> dict[str, Tracking]:
        """Each type's history and new-month hooks, for the content modules that call them."""
        return {name: kind.tracking for name, kind in self._types.items()}

    def shows(self) -> dict[str, Shows]:
        """Each type's municipality hooks (facts shown, overlay), in registration order."""
        return {name: kind.shows for name, kind in self._types.items()}


REGISTRY = Registry()
for _module in (
    title,
    status,
    vision,
    actors,
    golive,
    metrics,
    media,
    benefits,
    helsami,
    economy,
    text,
    image,
    contact,
):
    REGISTRY.add(_module.SECTION)
