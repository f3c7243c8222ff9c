"""How a batch starts its processes: decided before anything is loaded, since the command line
forks a batch's drawing helpers (see hpdeck.render.charts.apart) as soon as it begins, and the
batch forks its workers later the same way. Light to import: nothing of the pipeline's.

Forked ahead, a helper imports matplotlib before anyone knows whether a chart is missing: a
third of a second of CPU thrown away when none is (on a core the command's start leaves idle,
unless the machine is busy). So a batch that built every deck notes in the chart cache the
state of the project it drew (``BatchStart.note_drawn``), and the next one over an unchanged
project forks no helper (``BatchStart.drawing_ahead``), neither ahead nor later: a chart
missing after all (the cache pruned in between) is drawn by the first deck itself, as a single
build draws it.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import sys
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from hpdeck import __version__
from hpdeck.content.project import Project
from hpdeck.errors import RenderError, UsageProblem

DRAWING_HELPERS = 2
"""Helpers at most for a batch's charts: each imports matplotlib, a third of a second of CPU,
even when no chart is missing. Two cores get one (see ``drawing_helpers``): a second helper
there cost more than it drew (a 66-deck batch 2.6 s instead of 2.1)."""


def context() -> multiprocessing.context.BaseContext:
    """Fork on Linux: workers inherit imports and parsed content instead of redoing them.

    Spawn elsewhere: macOS's system libraries are not safe to use in a forked child, and
    Windows cannot fork; spawned workers import hpdeck again but still find every shared chart
    in the cache. ``HPDECK_START_METHOD`` picks one (e.g. to measure spawn on Linux).
    """
    chosen = os.environ.get("HPDECK_START_METHOD")
    if chosen not in multiprocessing.get_all_start_methods():
        chosen = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(chosen)


def drawing_helpers(jobs: int, decks: int) -> int:
    """The helpers a batch of ``decks`` built ``jobs`` at a time draws its charts with (one
    core fewer than the jobs: this process and its workers take one between them): none where
    workers are not forked, nor for a single deck."""
    if decks <= 1 or context().get_start_method() != "fork":
        return 0
    return min(jobs - 1, DRAWING_HELPERS)


@dataclass(frozen=True)
class BatchStart:
    """A batch as the command line begins it: its deck, the variant it is built in (theme,
    language, month), its project and the project's state then (see ``_state``)."""

    deck: Path
    variant: tuple[str | None, ...]
    project: Project | None  # None: no project (the command fails on it)
    state: str | None

    @classmethod
    def now(cls, deck: Path, variant: tuple[str | None, ...]) -> BatchStart:
        try:
            project: Project | None = Project.of_deck(deck)
        except (UsageProblem, OSError):
            project = None
        return cls(deck, variant, project, _state(project.root) if project else None)

    def drawing_ahead(self, jobs: int | None, many: bool) -> AbstractContextManager[None]:
        """The drawing helpers of this batch (``many``: of more than one deck), forked now,
        while the command still has the pipeline to import, unless the last batch drew the
        project as it is; the batch stops them after its first deck, or this block when it
        ends sooner."""
        from hpdeck.render.charts.apart import drawing_apart

        helpers = drawing_helpers(jobs or os.cpu_count() or 1, 2 if many else 1)
        if self.state is None or self._drawn() == self.state:
            # No project, or drawn as it is: a chart missing after all is drawn by the
            # first deck itself.
            helpers = 0
        return drawing_apart(helpers)

    def note_drawn(self) -> None:
        """After the batch built every deck: the project's state as it began, for the next
        batch's ``drawing_ahead``; not if a file changed meanwhile (read before or after the
        change, its charts may not be drawn). A cache that cannot be written is only not
        told."""
        from hpdeck.content.files import write_atomic

        if self.project and self.state and _state(self.project.root) == self.state:
            with contextlib.suppress(RenderError):  # a hint only: no failure of the batch
                write_atomic(self._note(), self.state.encode(), durable=False)

    def _note(self) -> Path:
        """Where a batch of this deck in this variant notes what it drew."""
        assert self.project is not None  # a note only where there is a project
        key = repr((str(self.deck.resolve()), self.variant)).encode()
        return self.project.cache_dir() / "charts" / "drawn" / hashlib.sha256(key).hexdigest()[:16]

    def _drawn(self) -> str | None:
        try:
            return self._note().read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return None


def _state(root: Path) -> str:
    """Every file of the project (decks, content, themes), by name, size and time of change,
    with hpdeck's version: what the charts of its decks are drawn from."""
    seen = [__version__]
    for folder in ("decks", "content", "themes"):
        for top, folders, files in os.walk(root / folder):
            folders.sort()
            for name in sorted(files):
                path = os.path.join(top, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                seen.append(f"{os.path.relpath(path, root)} {stat.st_size} {stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(seen).encode()).hexdigest()
