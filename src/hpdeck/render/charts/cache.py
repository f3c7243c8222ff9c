"""Drawn charts kept by content hash, so a chart every deck shares is drawn once per batch.

Safe under parallel workers: each image is written to a private temporary file and renamed into
place, so a reader sees a whole PNG or none; two workers drawing the same chart both write the
same bytes.

A batch builds its first deck alone, before its workers start, and with an empty cache that
deck misses every chart the decks share. There ``prepare`` hands them to helper processes (see
``apart``: they draw as any worker does, the same bytes), then plans the next decks while it
waits, and hands the helpers the charts those will miss (their status maps, the charts of the
other language): the helpers draw them while the workers build, and neither this process nor
its workers import matplotlib, which costs more than the drawing it would share. A chart no
helper has (its share did not fit the pipe, its helper died, or the first deck missed nothing
while later decks do) is drawn by the worker that first needs it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from hpdeck.content.files import alive, write_atomic
from hpdeck.errors import RenderError
from hpdeck.plan.charts import ChartSpec
from hpdeck.render.charts import apart
from hpdeck.render.charts.apart import Request, Share
from hpdeck.render.charts.style import ChartStyle
from hpdeck.render.png_whole import whole

# Part of every key, so editing how charts are drawn (any module here: a new one counts too)
# never serves a stale picture, nor one whose bytes another zlib wrote (a cache folder can be
# shared, and the pictures' bytes are part of every deck's).
_HERE = Path(__file__).parent
DRAWING_VERSION = hashlib.sha256(
    b"".join(
        path.read_bytes()
        for path in (
            *sorted(_HERE.glob("*.py")),
            _HERE / "../png.py",
            _HERE / "../../data/region-map.json",
            _HERE / "../../plan/typography.py",
            _HERE / "../../plan/colour.py",
        )
    )
    + zlib.ZLIB_RUNTIME_VERSION.encode()
).hexdigest()[:12]


class ChartCache:
    """PNG images of charts under ``folder``, named by the hash of what they show."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def png(self, spec: ChartSpec, style: ChartStyle, width: float, height: float) -> bytes:
        """The chart drawn at ``width`` × ``height`` inches, from the cache when possible."""
        key = spec.key(style.key() + DRAWING_VERSION, width, height)
        path = self._path(key)
        if key in _IN_MEMORY:
            if path and not path.is_file():  # another project's cache folder: fill it too
                self._keep(path, _IN_MEMORY[key])
            return _IN_MEMORY[key]
        cached = _read(path) if path else None
        if cached is not None:
            return self._remember(key, cached)
        with _claimed(path) as drawn:  # another process drawing it: its picture, when whole
            if drawn is not None:
                return self._remember(key, drawn)
            return self._drawn(key, path, (spec, style, width, height))

    def _drawn(self, key: str, path: Path | None, request: Request) -> bytes:
        """Draw ``request`` (its claim held, if it has a path), keep it and remember it."""
        from hpdeck.render.charts.draw import draw  # matplotlib only on a cache miss

        data = draw(*request)
        if path:
            self._keep(path, data)
            prune(path.parent)
        return self._remember(key, data)

    def _path(self, key: str) -> Path | None:
        return self.folder / f"{key}.png" if self.folder else None

    def prepare(self, wanted: Iterable[Request]) -> None:
        """Draw the charts of ``wanted`` not yet cached, before the slides ask for them.

        In a batch's first deck, in the helpers ``apart.drawing_apart`` forked, which then
        draw the charts the batch's next decks will miss (see ``_ahead``) while they build;
        the deck's slides are written meanwhile, each waiting for its picture.
        Elsewhere (a batch's workers, a single build) each chart no other process is drawing,
        in turn: workers that need the same new charts at once (the first decks in another
        language) then share them out, each waiting only at the end for those another worker
        took (see ``png``), instead of one drawing them all while the others wait on its
        claims."""
        missing: dict[str, Request] = {}
        for spec, style, width, height in wanted:
            key = spec.key(style.key() + DRAWING_VERSION, width, height)
            path = self._path(key)
            if key in _IN_MEMORY or key in missing:
                continue
            cached = _read(path) if path else None
            if cached is not None:
                self._remember(key, cached)
            else:
                missing[key] = (spec, style, width, height)
        helpers = apart.waiting()
        if not helpers or not missing or self.folder is None:  # no folder to meet them in
            for helper in helpers:
                helper.stop()
            self.draw_unclaimed(list(missing.items()))
            return
        try:
            handed = self._hand_out(helpers, list(missing.items()))
            ahead = apart.foreseen()
            if handed and ahead is not None:
                for share in self._ahead(ahead, missing):
                    self._hand_out(handed, share)
        except BaseException:  # this process failed: no helper left drawing for it
            for helper in helpers:
                helper.stop()
            raise
        for helper in helpers:
            helper.done()
        # What no helper took is drawn here; the slides wait for the rest (see png).
        self.draw_unclaimed(list(missing.items()))

    def _hand_out(self, helpers: list[apart.Helper], charts: Share) -> list[apart.Helper]:
        """Hand ``charts`` to ``helpers`` (``_shares``), each claimed in the helper's name as
        it is handed, so no other process starts one a helper will draw: they wait for its
        picture instead (and draw it only if the helper dies). A share that cannot be sent is
        left to whoever needs it first. The helpers handed a share."""
        handed = []
        for helper, share in zip(helpers, _shares(charts, len(helpers)), strict=True):
            claimed = [(key, request) for key, request in share if self._claim_for(key, helper)]
            if claimed and helper.hand(self.draw_unclaimed, _bare(claimed)):
                handed.append(helper)
                continue
            for key, _ in claimed:
                with contextlib.suppress(OSError):
                    self._claim_path(key).unlink()
        return handed

    def _claim_for(self, key: str, helper: apart.Helper) -> bool:
        """Claim the chart ``key`` in ``helper``'s name (see ``_take``); False if another
        process holds it or no claim can be made."""
        return _take(self._claim_path(key), helper.pid) is True

    def _claim_path(self, key: str) -> Path:
        assert self.folder is not None  # only a cache with a folder hands charts out
        return self.folder / f"{key}.drawing"

    def _ahead(self, ahead: Iterator[list[Request]], mine: dict[str, Request]) -> Iterator[Share]:
        """The charts the next decks will miss (``ahead``: theirs, deck by deck, each planned
        as it is asked for), a few at a time as they are found, so the helpers drawing ``mine``
        have the next at hand: each once, in the order the decks will ask for them. Every deck
        is planned: the workers inherit the plans, and a chart no helper was handed would be
        drawn by a worker that imports matplotlib for it."""
        seen = set(mine)
        found: Share = []
        for requests in ahead:
            for request in requests:
                spec, style, width, height = request
                key = spec.key(style.key() + DRAWING_VERSION, width, height)
                if key in seen or key in _IN_MEMORY:
                    continue
                seen.add(key)
                if not self._claim_path(key).with_suffix(".png").is_file():
                    found.append((key, request))
            if len(found) >= HANDED_AT_ONCE:
                yield found
                found = []
        if found:
            yield found

    def draw_unclaimed(self, share: Share) -> None:
        """Draw each chart of ``share`` that no other process has claimed (``png`` waits for
        the rest); a claim left by a process that is gone is taken over."""
        if self.folder is None:
            return  # no folder to meet other processes in: ``png`` draws each
        for key, request in share:
            path = self.folder / f"{key}.png"
            claim = path.with_suffix(".drawing")
            if not _claim(claim):
                continue
            try:
                drawn = _read(path)  # finished by another process since it was looked for
                if drawn is not None:
                    self._remember(key, drawn)
                else:
                    self._drawn(key, path, request)
            finally:
                with contextlib.suppress(OSError):
                    claim.unlink()

    @staticmethod
    def _remember(key: str, data: bytes) -> bytes:
        if len(_IN_MEMORY) > 256:  # a long live preview must not grow without end
            _IN_MEMORY.clear()
        _IN_MEMORY[key] = data
        return data

    @staticmethod
    def _keep(path: Path, data: bytes) -> None:
        """Store a drawn chart; a cache that cannot be written only costs speed, not the deck."""
        with contextlib.suppress(RenderError):
            write_atomic(path, data, durable=False)


HANDED_AT_ONCE = 8
"""Charts the next decks miss, handed together: few, so the helpers have the first decks' maps
at hand while the rest are planned; not one by one, each hand a pickle and a write."""


def _shares(charts: Share, count: int) -> list[Share]:
    """``charts`` split into ``count`` shares, each in the order given: the status maps dealt
    out in turn (past a helper's first, which draws the base they share, a map costs a tenth
    of another chart), the other charts each to the share with the least to draw (a chart's
    pixels stand for its time)."""
    shares: list[Share] = [[] for _ in range(count)]
    loads = [0.0] * count
    maps = 0
    for item in charts:
        spec, _, width, height = item[1]
        if spec.kind == "map":
            index, maps = maps % count, maps + 1
        else:
            index = loads.index(min(loads))
            loads[index] += width * height
        shares[index].append(item)
    return shares


def _bare(share: Share) -> Share:
    """``share`` without the charts' alt text, which is not drawn (nor part of their keys)
    and is most of a status map's spec: more charts fit the pipe to a helper."""
    return [
        (key, (replace(spec, alt_text=""), style, width, height))
        for key, (spec, style, width, height) in share
    ]


CLAIM_WAIT = 10.0  # seconds a chart another process claims is waited for, at most


@contextlib.contextmanager
def _claimed(path: Path | None) -> Iterator[bytes | None]:
    """Claim drawing the chart at ``path`` (a <key>.drawing file naming this process) while the
    block runs, so batch workers that need the same chart at once draw it once. If another
    process holds the claim, its picture once whole; None if this process is to draw it: the
    claim was free, its holder is gone or slow, or there is no cache folder to meet in."""
    if path is None:
        yield None
        return
    claim = path.with_suffix(".drawing")
    deadline = time.monotonic() + CLAIM_WAIT
    while (taken := _claim(claim)) is False:
        if time.monotonic() >= deadline:  # a slow holder: drawn here too, its claim left
            taken = None
            break
        time.sleep(0.005)
        drawn = _read(path)
        if drawn is not None:
            yield drawn
            return
    try:
        yield None
    finally:
        if taken:  # None: drawn without a claim (a folder that cannot be written)
            with contextlib.suppress(OSError):
                claim.unlink()


def _claim(claim: Path) -> bool | None:
    """Claim a chart for this process (see ``_take``), taking over a claim whose process is
    gone or that is older than CLAIM_WAIT: True if claimed (also when the claim names this
    process already: made for it as the chart was handed to it, or left by an earlier build
    of its pid), False while a live process holds it, None if no claim can be made or
    removed (the chart is then drawn without one)."""
    taken = _take(claim)
    if taken is not False:
        return taken
    if _names(claim) == os.getpid():  # kept as it is: removed, another process could take it
        return True
    if _held(claim):
        return False
    try:
        claim.unlink()
    except FileNotFoundError:  # released, or taken over by another process meanwhile
        pass
    except OSError:  # another user's, in a shared folder: never ours to remove
        return None
    return _take(claim)


def _take(claim: Path, pid: int | None = None) -> bool | None:
    """Claim a chart for this process (or process ``pid``) by creating ``claim`` naming it:
    True if taken, False if the file exists (another process's claim), None if the folder
    cannot be written."""
    for attempt in range(2):
        try:
            fd = os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        except FileNotFoundError:  # the cache's first chart: its folder made here
            if attempt or not _made(claim.parent):
                return None
            continue
        except OSError:
            return None
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(str(pid or os.getpid()))
        except OSError:  # a full disk: no claim left behind that names nobody
            with contextlib.suppress(OSError):
                claim.unlink()
            return None
        return True
    return None


def _made(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return True


def _held(claim: Path) -> bool:
    """Whether the process named in ``claim`` still runs here (a claim being written names
    none yet, and counts as held). A claim older than CLAIM_WAIT is not, unless one of this
    batch's helpers holds it (a chart waits in its queue as long as the queue takes): no chart
    takes that long to draw, so its build was killed, and its pid may be another process's by
    now."""
    try:
        text = claim.read_text()
    except OSError:
        return False  # gone: drawn, or given up
    if text.strip().isdigit() and int(text) in apart.helper_pids():
        return alive(int(text))
    age = time.time() - _mtime(claim)
    if age > CLAIM_WAIT:
        return False
    if not text.strip().isdigit():
        return age < 1.0
    return alive(int(text))


def _names(claim: Path) -> int | None:
    """The process ``claim`` names, if it can be read and names one."""
    try:
        text = claim.read_text()
    except OSError:
        return None
    return int(text) if text.strip().isdigit() else None


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


# About 40 MB of charts at most; a chart unused for 60 days belongs to an old month.
MAX_FILES, MAX_AGE = 2000, 60 * 24 * 3600.0


def _read(path: Path) -> bytes | None:
    """A cached PNG that is whole, else None so it is drawn again and replaced: a file cut
    short (a full disk, a killed build) or overwritten must not reach a deck."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not whole(data):
        return None
    with contextlib.suppress(OSError):  # recently used: kept longest by prune()
        os.utime(path)
    return data


def prune(folder: Path, *, keep: int = MAX_FILES, max_age: float = MAX_AGE) -> None:
    """Delete charts unused for ``max_age`` seconds, and the least recently used beyond
    ``keep``; once per process and folder, as charts are drawn (old drawing versions and
    last year's figures are never asked for again)."""
    if folder in _PRUNED:
        return
    _PRUNED.add(folder)
    try:
        entries = sorted(((p.stat().st_mtime, p) for p in folder.glob("*.png")), reverse=True)
    except OSError:
        return
    now = time.time()
    for index, (used, path) in enumerate(entries):
        if index >= keep or now - used > max_age:
            with contextlib.suppress(OSError):
                path.unlink()
    # Left by a build killed while drawing or writing (a batch stops its helpers so): a chart
    # that is then whole is never written again, to clear its temporary file in passing.
    for left in (*folder.glob("*.drawing"), *folder.glob(".*.tmp")):
        if now - _mtime(left) > CLAIM_WAIT * 6:
            with contextlib.suppress(OSError):
                left.unlink()


_PRUNED: set[Path] = set()
# Charts this process has already read or drawn; forked batch workers inherit them.
_IN_MEMORY: dict[str, bytes] = {}
