"""The region's map data shipped with hpdeck (``data/region-map.json``): which municipalities the
status map can draw and their simplified borders, read once per process.

Planning a map needs only the numbers it can draw; drawing it (hpdeck.render.charts.map) needs
the borders too; a municipality file that is still empty is told its own name and number from
it. All read this one copy.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from hpdeck.content.municipality_files import slug_for


@cache
def geometry() -> dict[str, Any]:
    """The shipped borders, read once per process."""
    text = resources.files("hpdeck").joinpath("data/region-map.json").read_text("utf-8")
    return json.loads(text)


def numbers() -> frozenset[str]:
    """The municipality numbers the map can draw."""
    return frozenset(geometry()["municipalities"])


def number_of(name: str) -> str | None:
    """The number the map knows a municipality by, from its name ('Steinkjer' -> '5006')."""
    wanted = name.casefold()
    found = (n for n, m in geometry()["municipalities"].items() if m["name"].casefold() == wanted)
    return next(found, None)


def known_as(slug: str) -> tuple[str, str] | None:
    """The name and number of the municipality whose file is ``slug``.yaml, if the map has it
    ('midtre-gauldal' -> ('Midtre Gauldal', '5027'))."""
    found = (
        (m["name"], number)
        for number, m in geometry()["municipalities"].items()
        if slug_for(m["name"]) == slug
    )
    return next(found, None)


def name_of(number: str) -> str | None:
    """The name the map knows a municipality number by ('1520' -> 'Ørsta')."""
    found = geometry()["municipalities"].get(number)
    return found["name"] if found else None
