"""Processes that draw a batch's first charts beside it.

With an empty chart cache, a batch's first deck draws every chart the decks share before the
workers start. Drawing needs matplotlib, a third of a second to import; imported by the batch's
own process when that deck asked for its charts, it kept the second core idle. So the helpers
are forked as the batch starts (``drawing_apart``), and each imports the drawing code at once,
while the batch's process reads the content and plans its first deck. When that deck finds
charts missing it hands each helper a share (``Helper.hand``) and imports matplotlib itself
(the workers it forks later inherit it, to draw their own maps). Helper and deck then draw
side by side, taking each chart by its claim in the cache folder (see ``cache._claimed``): the
helper from the front of its share, the deck from the back once its own charts are drawn, so
the share is split by how far each got, not by a guess. A helper never handed a share (every
chart was cached) is stopped as soon as the deck finds nothing missing, its import cut short.

Only where forking is safe: a batch forks its workers at the same places.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from hpdeck.plan.charts import ChartSpec
from hpdeck.render.charts.style import ChartStyle

Request = tuple[ChartSpec, ChartStyle, float, float]
"""A chart to draw: the chart, its theme's style, width and height in inches."""
Share = list[tuple[str, Request]]
"""Charts to draw, each with its cache key."""

# A share is written whole into the pipe while its helper may still be importing: no larger
# than the pipe holds, or this process would wait for the import it means to overlap.
_PIPE_SIZE = 1 << 20


@dataclass
class Helper:
    """A forked drawing process: its pid and the write end of the pipe its share goes into."""

    pid: int
    pipe: int
    reaped: bool = False  # its pid may then be another process's: never signalled again

    def hand(self, draw: Callable[[Share], None], share: Share) -> bool:
        """Send ``share`` for ``draw`` (a chart cache's ``draw_unclaimed``, sent by name with
        its folder) to draw; False (nothing sent) if it does not fit the pipe or the helper
        is gone."""
        data = pickle.dumps((draw, share), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            if len(data) > _capacity(self.pipe):
                return False
            os.write(self.pipe, data)  # whole: the pipe is empty and holds it
        except OSError:
            return False
        finally:
            os.close(self.pipe)
            self.pipe = -1
        return True

    def stop(self) -> None:
        """End the helper whatever it is doing (its charts are in hand, or never will be), and
        reap it."""
        if self.reaped:
            return
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.reaped = True


# The process whose helpers these are (a process forked later inherits the list, not the
# helpers), and the helpers not yet handed a share.
_HELPERS: tuple[int, list[Helper]] = (0, [])


@contextlib.contextmanager
def drawing_apart(helpers: int) -> Iterator[None]:
    """Fork ``helpers`` drawing processes now, for ``waiting`` to hand shares to while the
    block runs; none while other threads run (a forked copy of a lock one holds stays held)."""
    global _HELPERS
    started: list[Helper] = []
    if threading.active_count() == 1:
        for _ in range(helpers):
            try:
                started.append(_start(started))
            except OSError:  # no process to spare (a limit, memory): drawn with fewer
                break
    previous, _HELPERS = _HELPERS, (os.getpid(), list(started))
    try:
        yield
    finally:
        _HELPERS = previous
        for helper in started:
            helper.stop()


def waiting() -> list[Helper]:
    """This process's helpers not yet handed a share; handing takes them off the list."""
    owner, helpers = _HELPERS
    if owner != os.getpid():
        return []
    free = list(helpers)
    helpers.clear()
    return free


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
                os.close(other.pipe)
            from hpdeck.render.charts import draw  # noqa: F401  at once: why fork this early

            with os.fdopen(requests_in, "rb") as inbox:
                drawing, share = pickle.load(inbox)  # EOFError if none is handed: exit
            drawing(share)
        finally:
            os._exit(0)
    os.close(requests_in)
    return Helper(pid, requests_out)


def _capacity(pipe: int) -> int:
    """How many bytes ``pipe`` holds: 64 KiB where the system cannot say."""
    import fcntl

    try:
        return fcntl.fcntl(pipe, fcntl.F_GETPIPE_SZ)
    except (OSError, AttributeError):
        return 1 << 16
