"""The status section's model: its stages, the municipality it marks, and a stage's wording.

Apart from status.py so that the modules drawing its slides (status_map.py) can read a typed
section without importing status.py, which imports them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from hpdeck.content.localized import Localized
from hpdeck.content.model import Model
from hpdeck.content.rollout import StageKey
from hpdeck.sections.base import Context, Section


class Stage(Model):
    """How many municipalities have reached one stage of the rollout."""

    stage: StageKey
    """The stage: in-use, decided, preparing, deciding or unscheduled."""
    count: int = Field(ge=0)
    """Number of municipalities at this stage."""
    label: Localized | None = None
    """Own wording for the stage, e.g. 'planlegger politisk beslutning i 2023'."""
    municipalities: list[str] = []
    """Names of the municipalities at this stage, where they should be shown."""


class Highlight(Model):
    """The municipality a council deck is for, marked among all stages."""

    name: str
    """Its name as the stage lists write it, e.g. 'Skaun'."""
    stage: StageKey | None = None
    """Its stage; found from the stage lists when left out."""
    planned_go_live: dt.date | None = None
    """Its planned go-live date."""
    went_live: dt.date | None = None
    """The day it started using Helseplattformen."""


class Status(Section):
    """Municipalities per rollout stage on one date."""

    type: Literal["status"]
    """Always 'status' for this kind of section."""
    as_of: dt.date
    """The date the counts are from."""
    total: int = Field(gt=0)
    """How many municipalities take part in all; the stage counts must add up to it."""
    stages: list[Stage] = Field(min_length=1)
    """The stages with their counts, in stage order."""
    highlight: Highlight | None = None
    """A municipality to mark; council decks fill it in from the municipality file."""
    map: bool = True
    """Show the region map after the counts (each municipality of the registry in its stage's
    colour); false leaves it out."""
    map_title: str | None = None
    """The map slide's title; hpdeck's own when left out."""

    # Counts against the total and the names, and the stage order: hpdeck.check.facts, at their
    # lines.


def stage_label(stage: Stage, ctx: Context, count: int) -> str:
    """The long wording of a stage, the author's if given; its verb agrees with count (is/are)."""
    return stage.label or ctx.fmt.t(f"stage.{stage.stage}", count=count)
