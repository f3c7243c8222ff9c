"""The rollout stages, which municipality files, the registry workbook and the status section
all speak of; they live here, below all three.

The facts a section type shows of a municipality (its contact, quotes, own costs) are that
section type's own models, in its module (Shows.facts).
"""

from __future__ import annotations

from typing import Literal

StageKey = Literal["in-use", "decided", "preparing", "deciding", "unscheduled"]
STAGES: tuple[StageKey, ...] = ("in-use", "decided", "preparing", "deciding", "unscheduled")
"""The rollout stages in order."""
