"""What the decks of one batch share, validated and planned once instead of once per deck.

Every council deck of a batch reads the same theme, history and month's files; only the
municipality's own file (and what its section types lay over the shared files) differs. While
``remembering()`` is on (hpdeck.pipeline.batch turns it on for one command, whose decks are
built from the same files), a value made from the same inputs is made once: the deck file,
the region's files, the theme and history are read once, a section file that no
municipality fact was laid over is validated and checked once per language, and a section
whose validated content, language and planning context are the same is planned once (see
hpdeck.pipeline.build for each). Keys name
their inputs by identity (the memo keeps those objects alive, so an identity is never reused)
or by value. Outside a batch every deck is made from scratch, so a build with ``-m SLUG`` is
the reference a batch's decks are compared with (tests/test_shared_slides.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from hpdeck.content.region import Region

T = TypeVar("T")

_MEMO: dict[Hashable, tuple[Any, ...]] | None = None


@contextlib.contextmanager
def remembering() -> Iterator[None]:
    """Remember shared values until the block ends (forked workers inherit what was made)."""
    global _MEMO
    previous, _MEMO = _MEMO, {}
    try:
        yield
    finally:
        _MEMO = previous


def active() -> bool:
    return _MEMO is not None


def once(key: Hashable, make: Callable[[], T], *alive: object) -> T:
    """``make()``, or what it returned before for ``key`` in this batch; ``alive`` are the
    objects whose identities ``key`` names, kept so that no other object can take them."""
    if _MEMO is None:
        return make()
    found = _MEMO.get(key)
    if found is None:
        found = _MEMO[key] = (make(), *alive)
    return found[0]


@dataclass(frozen=True)
class WatchedRegion(Region):
    """The region with a note of whether anything read which municipality the deck is for: a
    section planned without reading it plans the same slides for every municipality."""

    read_own: list[bool] = field(default_factory=lambda: [False], compare=False, repr=False)

    def __getattribute__(self, name: str) -> Any:
        if name == "own":
            object.__getattribute__(self, "read_own")[0] = True
        return object.__getattribute__(self, name)


def planned(
    key: Hashable, region: Region | None, plan: Callable[[Region | None], T], *alive: object
) -> T:
    """``plan(region)`` once per ``key`` in this batch, and once per municipality as well when
    the plan read ``region.own`` (the status map marks the deck's own municipality)."""
    if _MEMO is None or region is None:
        return plan(region)
    own = object.__getattribute__(region, "own")
    shared = _MEMO.get(("plan", key))
    if shared is not None:
        if not shared[1]:
            return shared[0]
        mine = _MEMO.get(("plan", key, own))
        if mine is not None:
            return mine[0]
    watched = WatchedRegion(region.members, own)
    made = plan(watched)
    read = watched.read_own[0]
    _MEMO[("plan", key)] = (made, read, *alive)
    if read:
        _MEMO[("plan", key, own)] = (made, *alive)
    return made
