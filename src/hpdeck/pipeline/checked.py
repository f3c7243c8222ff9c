"""A deck checked without writing it: built in memory, linted, its content warnings gathered.

This is the pipeline calling the gate (hpdeck.check), not the gate calling the pipeline: the
linter reads bytes and knows nothing of how a deck is loaded or planned.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hpdeck.content.newmonth import content_warnings
from hpdeck.errors import ContentError, Problem
from hpdeck.pipeline.build import (
    Options,
    deck_findings,
    load_deck,
    plan_deck,
    render,
    require_municipality,
)
from hpdeck.render.charts.cache import ChartCache
from hpdeck.sections import REGISTRY

if TYPE_CHECKING:
    from hpdeck.check.lint import Finding


@dataclass(frozen=True)
class Checked:
    """One deck checked without writing it: its slides, linter findings, or content errors."""

    deck: str
    municipality: str | None
    slides: int = 0
    findings: tuple[Finding, ...] = ()
    errors: tuple[Problem, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "deck": self.deck,
            "municipality": self.municipality,
            "slides": self.slides,
            "findings": [f.to_json() for f in self.findings],
            "errors": [problem_json(p) for p in self.errors],
        }


def problem_json(problem: Problem) -> dict[str, Any]:
    """A content error or warning as ``check --format json`` gives it: located, not a line of text
    a tool would have to take apart again."""
    return {
        "file": problem.file,
        "line": problem.line,
        "col": problem.col,
        "where": problem.where,
        "message": problem.message,
    }


def check_deck(deck_path: Path, options: Options) -> Checked:
    """Load, plan and render a deck in memory and lint the result; content errors are kept."""
    try:
        deck = load_deck(deck_path, options)
        require_municipality(deck)
        slides = plan_deck(deck)
        data = render(deck, slides, ChartCache(deck.project.cache_dir() / "charts"))
    except ContentError as err:
        return Checked(str(deck_path), options.municipality, errors=tuple(err.problems))
    return Checked(str(deck_path), options.municipality, len(slides), deck_findings(deck, data))


def refresh_warnings(deck_path: Path, options: Options) -> list[Problem]:
    """What the deck's content still needs (see newmonth.content_warnings); none if it does not
    load, since the build or check reports those errors themselves."""
    try:
        deck = load_deck(deck_path, options)
    except ContentError:
        return []
    return content_warnings(deck, REGISTRY.tracking())
