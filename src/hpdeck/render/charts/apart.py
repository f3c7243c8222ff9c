"""Processes that draw a batch's charts beside it.

With an empty chart cache, a batch's first deck misses every chart the decks share, and each
later deck its own status map. Drawing needs matplotlib, a third of a second to import: more
than the first deck's charts take to draw. So the helpers are forked as the command starts
(``drawing_apart``: the command line opens it before it imports the pipeline, the batch again
round all its decks), and each imports the drawing code at once, while the batch's own process
imports the rest, reads the content and plans its first deck. That deck hands each helper a
share of its charts (``Helper.hand``), then plans the next decks while they draw
(``foreseen``) and hands them what those decks will miss, in the order they will miss it. The
helpers draw on while the workers build, each chart under a claim in the cache folder made in
its helper's name as it was handed (see ``cache._claimed``): a deck that needs one waits for
its picture, so neither the batch's process nor its workers import matplotlib at all. A helper
that dies leaves its charts to whoever needs them first. A helper never handed a share (every
chart was cached) is stopped as soon as the deck finds nothing missing, its import cut short:
it ran on a core the command's start leaves idle.

Only where forking is safe: a batch forks its workers at the same places. Light to import
(nothing of hpdeck's): the command line forks before it loads the pipeline.
"""

from __future__ import annotations

import array
import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from hpdeck.plan.charts import ChartSpec
    from hpdeck.render.charts.style import ChartStyle

Request: TypeAlias = "tuple[ChartSpec, ChartStyle, float, float]"
"""A chart to draw: the chart, its theme's style, width and height in inches."""
Share: TypeAlias = "list[tuple[str, Request]]"
"""Charts to draw, each with its cache key."""

# A share is written whole into the pipe while its helper may still be importing or drawing
# the last: no larger than the room left, or this process would wait for it.
_PIPE_SIZE = 1 << 20


@dataclass
class Helper:
    """A forked drawing process: its pid and the write end of the pipe its share goes into."""

    pid: int
    pipe: int
    reaped: bool = False  # its pid may then be another process's: never signalled again

    def hand(self, draw: Callable[[Share], None], share: Share) -> bool:
        """Send ``share`` for ``draw`` (a chart cache's ``draw_unclaimed``, sent by name with
        its folder) to draw after what it was handed before; False (nothing sent) if it does
        not fit the room left in the pipe or the helper is gone."""
        data = pickle.dumps((draw, share), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            if len(data) > _capacity(self.pipe) - _waiting_in(self.pipe):
                return False
            os.write(self.pipe, data)  # whole: the pipe has room for it
        except OSError:
            return False
        return True

    def done(self) -> None:
        """Hand nothing more: the helper ends once it has drawn what it was handed."""
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1

    def stop(self) -> None:
        """End the helper whatever it is doing (its charts are in hand, or never will be), and
        reap it."""
        if self.reaped:
            return
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        self.done()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.reaped = True


@dataclass
class _Helpers:
    """The helpers one process forked, and those of them not yet handed a share."""

    owner: int
    started: list[Helper] = field(default_factory=list)
    idle: list[Helper] = field(default_factory=list)
    ahead: Iterator[list[Request]] | None = None


# The process whose helpers these are (a process forked later inherits the record, not the
# helpers).
_HELPERS = _Helpers(0)


@contextlib.contextmanager
def drawing_apart(helpers: int, ahead: Iterator[list[Request]] | None = None) -> Iterator[None]:
    """Have ``helpers`` drawing processes while the block runs, for ``waiting`` to hand shares
    to, and stop them all when it ends; none forked while other threads run (a forked copy of a
    lock one holds stays held). Inside another such block (the command line opens one as it
    starts) only that block's helpers are had: at most ``helpers`` of them kept, none forked.
    ``ahead``: the charts of the decks to be built after the first, deck by deck, planned as
    they are asked for (see ``foreseen``)."""
    global _HELPERS
    previous = _HELPERS
    ours = previous if previous.owner == os.getpid() else _Helpers(os.getpid())
    while len(ours.started) > helpers:
        extra = ours.started.pop()
        extra.stop()
        ours.idle[:] = [helper for helper in ours.idle if helper is not extra]
    if ours is not previous and threading.active_count() == 1:
        while len(ours.started) < helpers:
            try:
                helper = _start(ours.started)
            except OSError:  # no process to spare (a limit, memory): drawn with fewer
                break
            ours.started.append(helper)
            ours.idle.append(helper)
    _HELPERS = ours
    ours.ahead = ahead
    try:
        yield
    finally:
        for helper in ours.started:
            helper.stop()
        ours.started.clear()
        ours.idle.clear()
        ours.ahead = None
        _HELPERS = previous


def waiting() -> list[Helper]:
    """This process's helpers not yet handed a share; handing takes them off the list."""
    if _HELPERS.owner != os.getpid():
        return []
    free = list(_HELPERS.idle)
    _HELPERS.idle.clear()
    return free


def helper_pids() -> set[int]:
    """The processes drawing for this batch: this process's helpers, or, in a worker forked
    from it, its parent's (the record is inherited, the helpers are not)."""
    return {helper.pid for helper in _HELPERS.started if not helper.reaped}


def foreseen() -> Iterator[list[Request]] | None:
    """The charts of the decks after this one (see ``drawing_apart``), once: for the deck that
    hands shares to plan while the helpers draw its own charts, and hand those too."""
    if _HELPERS.owner != os.getpid():
        return None
    ahead, _HELPERS.ahead = _HELPERS.ahead, None
    return ahead


def _start(others: list[Helper]) -> Helper:
    """Fork a helper that imports the drawing code, then draws the share it is handed."""
    import fcntl  # where processes fork: not on Windows

    requests_in, requests_out = os.pipe()
    with contextlib.suppress(OSError, AttributeError):  # Linux: room for a share to wait in
        fcntl.fcntl(requests_out, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
    try:
        pid = os.fork()
    except OSError:
        os.close(requests_in)
        os.close(requests_out)
        raise
    if pid == 0:  # the helper: leave without running the parent's cleanup
        try:
            os.close(requests_out)
            for other in others:  # the earlier helpers' pipes: theirs alone to see closed
                if other.pipe >= 0:
                    os.close(other.pipe)
            from hpdeck.render.charts import draw  # noqa: F401  at once: why fork this early

            with os.fdopen(requests_in, "rb") as inbox:
                while True:
                    try:
                        drawing, share = pickle.load(inbox)
                    except EOFError:  # nothing more will be handed
                        break
                    drawing(share)
        finally:
            os._exit(0)
    os.close(requests_in)
    return Helper(pid, requests_out)


def _waiting_in(pipe: int) -> int:
    """How many bytes handed into ``pipe`` the helper has not read yet; none where the system
    cannot say (Linux can), where a share larger than the room left would wait for the
    helper to read."""
    import fcntl
    import termios

    count = array.array("i", [0])
    try:
        fcntl.ioctl(pipe, termios.FIONREAD, count)
    except (OSError, AttributeError):
        return 0
    return count[0]


def _capacity(pipe: int) -> int:
    """How many bytes ``pipe`` holds: 64 KiB where the system cannot say."""
    import fcntl

    try:
        return fcntl.fcntl(pipe, fcntl.F_GETPIPE_SZ)
    except (OSError, AttributeError):
        return 1 << 16
