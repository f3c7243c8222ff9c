"""What a chart shows, independent of how it is drawn."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields
from typing import Literal

ChartKind = Literal["columns", "hbar", "stacked-bar", "line", "timeline", "map"]


@dataclass(frozen=True)
class Series:
    """One data series with its values already formatted for the deck's language."""

    name: str
    values: tuple[float, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class ChartSpec:
    """A chart as data: kind, categories, series, colours per category, and its alt text.

    ``colors`` gives one colour per category (stages keep their colour on every slide);
    ``highlight`` marks categories drawn with the theme's accent outline.
    ``category_notes`` are small second lines under category labels (names, periods).
    """

    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    colors: tuple[str, ...]
    alt_text: str
    highlight: tuple[int, ...] = ()
    category_notes: tuple[str, ...] = ()
    max_value: float | None = None
    x: tuple[float, ...] = ()
    """Where each category stands along the axis, evenly if empty; for dated series the day
    number ``date.toordinal()``, so an editable chart can hold the dates themselves."""

    def key(self, style: str, width: float, height: float) -> str:
        """A content hash naming the drawn image, so identical charts are drawn once.

        The alt text is left out: it does not change the picture, and council decks name their
        municipality in it while sharing the image with every municipality at the same stage.
        """
        drawn = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "alt_text"}
        # As asdict spells the series, without its deep copy of every value (a status map's
        # spec holds the whole region; json writes tuples as lists either way).
        drawn["series"] = [{f.name: getattr(s, f.name) for f in fields(s)} for s in self.series]
        payload = json.dumps(
            [drawn, style, round(width, 3), round(height, 3)], sort_keys=True, ensure_ascii=False
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:32]
