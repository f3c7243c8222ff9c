"""The live preview's slides, redrawn only where their plan changed.

A saved edit usually changes one or two slides. Each slide's plan (with its number and the
deck's length, which its footer shows) is hashed; only slides whose hash is new are written
into a small .pptx of their own and sent through LibreOffice, and the pictures of the others
are kept. Anything the plan does not describe (a theme, an image file) clears the pictures,
so the next build draws every slide.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hpdeck.content.files import write_atomic
from hpdeck.errors import RenderError
from hpdeck.export.preview import RenderedSlide
from hpdeck.pipeline.build import Options, load_deck, plan_deck, require_municipality
from hpdeck.plan.chrome import CompleteSlide
from hpdeck.plan.i18n import Formatter
from hpdeck.render.charts.cache import ChartCache

Render = Callable[[Sequence[Path]], list[list[RenderedSlide]]]
"""Built decks in, each deck's slide pictures out (preview.render_decks with an office)."""

PLAN_SUFFIXES = (".yaml", ".yml")
PLAN_FOLDERS = ("content", "decks")


def slide_key(page: CompleteSlide) -> str:
    """What a slide's picture depends on, beyond the theme and image files: its complete plan
    (the dataclasses' repr lists every field), whose footer shows a content slide's place."""
    return hashlib.sha256(repr(page).encode()).hexdigest()


def only_plans_changed(changed: Sequence[Path], root: Path) -> bool:
    """Whether every changed file is content or a deck definition (YAML the plan is made of);
    a theme file or an image changes pictures without changing any plan."""
    for path in changed:
        try:
            relative = path.relative_to(root)
        except ValueError:
            return False
        if relative.parts[0] not in PLAN_FOLDERS or relative.suffix.lower() not in PLAN_SUFFIXES:
            return False
    return True


@dataclass
class LiveSlides:
    """Pictures of the last good slides, by slide key, and how many a rebuild drew."""

    scratch: Path
    pictures: dict[str, RenderedSlide] = field(default_factory=dict)
    drawn: int = 0
    """Slides sent through LibreOffice by the latest rebuild."""

    def forget(self) -> None:
        """Draw every slide next time (a theme or an image changed)."""
        self.pictures.clear()

    def rebuild(
        self, deck_path: Path, options: Options, render: Render
    ) -> tuple[RenderedSlide, ...]:
        """The deck's slides as pictures, drawing only those whose plan is new.

        Raises ContentError as a build does, so the caller keeps the previous slides.
        """
        from hpdeck.render.pptx import PptxWriter

        deck = load_deck(deck_path, options)
        require_municipality(deck)
        slides = plan_deck(deck)
        keys = [slide_key(page) for page in slides]
        todo = [index for index, key in enumerate(keys) if key not in self.pictures]
        self.drawn = len(todo)
        if todo:
            writer = PptxWriter(
                deck.theme,
                Formatter(deck.language),
                ChartCache(deck.project.cache_dir() / "charts"),
            )
            for index in todo:
                writer.add(slides[index])
            year, month = (int(part) for part in deck.month.split("-"))
            changed = self.scratch / f"{deck_path.stem}.pptx"
            write_atomic(
                changed,
                writer.to_bytes(title=deck.definition.title, stamp=dt.datetime(year, month, 1)),
            )
            drawn = render([changed])[0]
            if len(drawn) != len(todo):
                raise RenderError(f"LibreOffice drew {len(drawn)} of {len(todo)} slides")
            fresh = dict(zip((keys[index] for index in todo), drawn, strict=True))
        else:
            fresh = {}
        self.pictures = {key: fresh.get(key) or self.pictures[key] for key in keys}
        return tuple(self.pictures[key] for key in keys)
