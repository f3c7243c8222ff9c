"""How a batch starts its processes: decided before anything is loaded, since the command line
forks a batch's drawing helpers (see hpdeck.render.charts.apart) as soon as it begins, and the
batch forks its workers later the same way. Light to import: nothing of the pipeline's."""

from __future__ import annotations

import multiprocessing
import os
import sys
from contextlib import AbstractContextManager

DRAWING_HELPERS = 2
"""Helpers at most for the first deck's charts: it misses five or six besides its map, and
each helper imports matplotlib even when none is missing."""


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
    """The helpers a batch of ``decks`` built ``jobs`` at a time draws its first deck's charts
    with: none where workers are not forked, nor for a single deck."""
    if decks <= 1 or context().get_start_method() != "fork":
        return 0
    return min(jobs - 1, DRAWING_HELPERS)


def drawing_ahead(jobs: int | None, many: bool) -> AbstractContextManager[None]:
    """The drawing helpers of a batch about to begin (``many``: of more than one deck), forked
    now, while the command still has the pipeline to import; the batch stops them after its
    first deck, or this block when it ends sooner."""
    from hpdeck.render.charts.apart import drawing_apart

    return drawing_apart(drawing_helpers(jobs or os.cpu_count() or 1, 2 if many else 1))
