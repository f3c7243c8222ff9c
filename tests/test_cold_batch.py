"""A batch with an empty chart cache: its first deck draws the charts every deck shares side by
side in helpers forked as the batch starts, and every deck is still byte for byte the deck
built alone."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from hpdeck.errors import RenderError
from hpdeck.pipeline.batch import build_all
from hpdeck.pipeline.build import Options, build
from hpdeck.render.charts import apart, cache, map

# Bokmål and nynorsk decks, municipalities at different stages, one with its own costs and quote.
SLUGS = ["skaun", "volda", "midtre-gauldal", "roros"]


def _forget_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    """No chart this test process drew before: the next build draws every one."""
    monkeypatch.setattr(cache, "_IN_MEMORY", {})
    monkeypatch.setattr(map, "_SHEETS", {})


def test_a_cold_batch_draws_apart_and_writes_the_decks_built_alone(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck = project / "decks" / "council-meeting.yaml"
    _forget_drawn(monkeypatch)
    forked: list[list[str]] = []
    original = apart.Helper.hand

    def spy(helper, drawing, share):  # type: ignore[no-untyped-def]
        forked.append([request[0].kind for _, request in share])
        return original(helper, drawing, share)

    monkeypatch.setattr(apart.Helper, "hand", spy)
    monkeypatch.setattr(apart.threading, "active_count", lambda: 1)  # as in a batch's parent
    helpers, drawers = _noting_drawers(monkeypatch, tmp_path / "drawers")

    outcomes = build_all(deck, tmp_path / "batch", SLUGS, Options(), jobs=2)

    assert all(o.ok for o in outcomes), [o.problems for o in outcomes]
    # The first deck's charts, then those the other decks miss: their maps (one each) and
    # the charts of the other language (volda's nynorsk).
    assert len(forked) >= 2, "the first deck drew its charts alone"
    ahead = [kind for kinds in forked[1:] for kind in kinds]
    assert ahead.count("map") == len(SLUGS) - 1
    assert len(ahead) > len(SLUGS) - 1
    # Neither this process nor a worker drew any: matplotlib is the helpers' alone.
    assert set(drawers()) <= set(helpers)
    drawn = list((tmp_path / "cache" / "charts").glob("*.png"))
    assert len(drawn) == sum(len(kinds) for kinds in forked)
    # Alone, in this process, from another empty cache: every chart drawn here, one by one.
    monkeypatch.setenv("HPDECK_CACHE_DIR", str(tmp_path / "other-cache"))
    _forget_drawn(monkeypatch)
    forked.clear()
    for outcome in outcomes:
        assert outcome.path is not None
        alone = build(deck, tmp_path / "alone", Options(municipality=outcome.slug))
        assert alone.path.read_bytes() == outcome.path.read_bytes(), outcome.slug
        assert outcome.findings == tuple(str(f.problem()) for f in alone.findings), outcome.slug
    assert not forked  # outside a batch's first deck nothing is drawn apart


def _noting_drawers(monkeypatch: pytest.MonkeyPatch, notes: Path):  # type: ignore[no-untyped-def]
    """The pids of the helpers forked from now on, and a function giving the pids of the
    processes that drew a chart since (each notes its own in ``notes``)."""
    from hpdeck.render.charts import draw

    helpers: list[int] = []
    start, original = apart._start, draw.draw

    def started(others):  # type: ignore[no-untyped-def]
        helper = start(others)
        helpers.append(helper.pid)
        return helper

    def noting(*request):  # type: ignore[no-untyped-def]
        with notes.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return original(*request)

    monkeypatch.setattr(apart, "_start", started)
    monkeypatch.setattr(draw, "draw", noting)
    return helpers, lambda: [int(line) for line in notes.read_text().split()]


def _in_helpers(helper):  # type: ignore[no-untyped-def]
    """``helper`` as the drawing of every process but this one: this one draws as it did."""
    from hpdeck.render.charts import draw

    here, original = os.getpid(), draw.draw

    def drawing(*request):  # type: ignore[no-untyped-def]
        return original(*request) if os.getpid() == here else helper(*request)

    return drawing


def _slow(*request):  # type: ignore[no-untyped-def]
    time.sleep(60)


def _broken(*request):  # type: ignore[no-untyped-def]
    raise RuntimeError("a helper's drawing failed")


@pytest.mark.parametrize("helper", [_broken, _slow], ids=["failing", "hanging"])
def test_a_helper_that_fails_or_hangs_leaves_its_charts_to_the_deck(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, helper
) -> None:
    """What a helper that dies has not drawn, and the chart one that hangs holds (once its
    claim has been waited for), the deck draws itself, the same."""
    from hpdeck.render.charts import draw

    deck = project / "decks" / "council-meeting.yaml"
    alone = build(deck, tmp_path / "alone", Options(municipality="skaun"))
    monkeypatch.setenv("HPDECK_CACHE_DIR", str(tmp_path / "other-cache"))
    monkeypatch.setattr(cache, "CLAIM_WAIT", 1.0)
    monkeypatch.setattr(apart.threading, "active_count", lambda: 1)  # as in a batch's parent
    _forget_drawn(monkeypatch)
    monkeypatch.setattr(draw, "draw", _in_helpers(helper))
    handed: list[int] = []
    original = apart.Helper.hand
    monkeypatch.setattr(
        apart.Helper,
        "hand",
        lambda h, drawing, share: handed.append(len(share)) or original(h, drawing, share),
    )

    with apart.drawing_apart(1):
        again = build(deck, tmp_path / "apart", Options(municipality="skaun"))

    assert handed
    assert again.path.read_bytes() == alone.path.read_bytes()


def _killed(*request):  # type: ignore[no-untyped-def]
    import signal

    os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer would


def test_the_charts_a_killed_helper_held_are_drawn_at_once(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A helper killed with charts still to draw leaves their claims naming it, and stays a
    zombie till the batch reaps it: the deck draws them itself, the same."""
    from hpdeck.render.charts import draw

    deck = project / "decks" / "council-meeting.yaml"
    alone = build(deck, tmp_path / "alone", Options(municipality="skaun"))
    monkeypatch.setenv("HPDECK_CACHE_DIR", str(tmp_path / "other-cache"))
    monkeypatch.setattr(apart.threading, "active_count", lambda: 1)  # as in a batch's parent
    _forget_drawn(monkeypatch)
    monkeypatch.setattr(draw, "draw", _in_helpers(_killed))

    with apart.drawing_apart(1):
        again = build(deck, tmp_path / "apart", Options(municipality="skaun"))

    assert again.path.read_bytes() == alone.path.read_bytes()


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="zombies are told apart in /proc")
def test_a_claim_a_zombie_left_is_taken_over_at_once(tmp_path: Path) -> None:
    """A process that has ended but is not yet reaped (a killed helper, till the batch ends)
    holds nothing: its claim is taken at once, not waited out."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    try:
        while _state(pid) != "Z":  # ended, not reaped
            time.sleep(0.01)
        claim = tmp_path / "chart.drawing"
        claim.write_text(str(pid))

        assert cache._claim(claim) is True
        assert claim.read_text() == str(os.getpid())
    finally:
        os.waitpid(pid, 0)


def _state(pid: int) -> str:
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rpartition(")")[2].split()[0]


def test_a_claim_naming_this_process_is_its_own(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chart claimed in a helper's name as it was handed is that helper's to draw: taken as
    it is, never removed and made again (another process could take it in between)."""
    request, path = _chart_to_draw(project, monkeypatch)
    claim = path.with_suffix(".drawing")
    claim.write_text(str(os.getpid()))
    made = claim.stat().st_ino
    seen: list[int] = []
    from hpdeck.render.charts import draw

    original = draw.draw

    def drawing(*request):  # type: ignore[no-untyped-def]
        seen.append(claim.stat().st_ino)
        return original(*request)

    monkeypatch.setattr(draw, "draw", drawing)
    key = request[0].key(request[1].key() + cache.DRAWING_VERSION, *request[2:])

    cache.ChartCache(path.parent).draw_unclaimed([(key, request)])

    assert path.read_bytes().startswith(b"\x89PNG")
    assert seen == [made]  # drawn under the claim it was handed with, not one made anew
    assert not claim.exists()


def _chart_to_draw(project: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[cache.Request, Path]:
    """A chart of the monthly deck that this process has not drawn, and its place in a cache
    folder made empty for it."""
    request, path = _chart(project)
    _forget_drawn(monkeypatch)
    path.parent.mkdir()
    return request, path


def _chart(project: Path) -> tuple[cache.Request, Path]:
    """The first drawn chart of the monthly deck, and where the cache keeps it."""
    from hpdeck.pipeline.build import load_deck, plan_deck
    from hpdeck.plan.model import Chart
    from hpdeck.render.charts.style import ChartStyle

    deck = load_deck(project / "decks" / "monthly-briefing.yaml", Options())
    style = ChartStyle.from_theme(deck.theme)
    for page in plan_deck(deck):
        for block in page.slide.blocks:
            if isinstance(block, Chart) and block.spec.kind != "map":
                request = (block.spec, style, block.box.width, block.box.height)
                key = block.spec.key(style.key() + cache.DRAWING_VERSION, *request[2:])
                return request, project / "charts" / f"{key}.png"
    raise AssertionError("no chart in the monthly deck")


def test_a_chart_another_process_is_drawing_is_waited_for(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers needing the same chart at once: the second takes the first one's picture."""
    request, path = _chart_to_draw(project, monkeypatch)
    drawer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        path.with_suffix(".drawing").write_text(str(drawer.pid))
        from hpdeck.render.charts.draw import draw

        picture = draw(*request)
        monkeypatch.setattr("hpdeck.render.charts.draw.draw", _no_drawing)
        threading.Timer(0.3, path.write_bytes, (picture,)).start()

        assert cache.ChartCache(path.parent).png(*request) == picture
    finally:
        drawer.kill()
        drawer.wait()


def test_a_worker_draws_first_the_charts_no_other_process_is_drawing(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers needing the same new charts share them out: the chart another process has
    claimed is left to it (and its picture taken when whole), the others are drawn here."""
    (spec, style, width, height), path = _chart(project)
    _forget_drawn(monkeypatch)
    path.parent.mkdir()
    claimed, free = (spec, style, width, height), (spec, style, width / 2, height / 2)
    drawn: list[float] = []
    from hpdeck.render.charts import draw

    original = draw.draw

    def spy(*request):  # type: ignore[no-untyped-def]
        drawn.append(request[2])
        return original(*request)

    monkeypatch.setattr(draw, "draw", spy)
    drawer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        path.with_suffix(".drawing").write_text(str(drawer.pid))
        charts = cache.ChartCache(path.parent)

        charts.prepare([claimed, free])

        assert drawn == [width / 2]
        picture = original(*claimed)
        threading.Timer(0.3, path.write_bytes, (picture,)).start()
        assert charts.png(*claimed) == picture  # waited for, not drawn
        assert drawn == [width / 2]
    finally:
        drawer.kill()
        drawer.wait()


def test_a_claim_its_process_left_behind_is_taken_over(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build killed while drawing leaves its claim: the next one draws the chart at once."""
    request, path = _chart_to_draw(project, monkeypatch)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    path.with_suffix(".drawing").write_text(str(gone.pid))

    picture = cache.ChartCache(path.parent).png(*request)

    assert path.read_bytes() == picture
    assert not path.with_suffix(".drawing").exists()


def test_an_old_claim_naming_a_living_process_is_taken_over_at_once(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build killed long ago left its claim, and its pid names another process by now: the
    chart is drawn at once, not after waiting on that process."""
    request, path = _chart_to_draw(project, monkeypatch)
    claim = path.with_suffix(".drawing")
    claim.write_text(str(os.getppid()))  # a process that runs
    an_hour_ago = time.time() - 3600
    os.utime(claim, (an_hour_ago, an_hour_ago))
    monkeypatch.setattr(cache.time, "sleep", _no_waiting)

    picture = cache.ChartCache(path.parent).png(*request)

    assert path.read_bytes() == picture
    assert not claim.exists()


def _no_waiting(seconds: float) -> None:
    raise AssertionError("waited on a claim left an hour ago")


def _no_drawing(*request):  # type: ignore[no-untyped-def]
    raise AssertionError("drew a chart another process was drawing")


def test_nothing_is_forked_while_other_threads_run(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forking a process with other threads can copy a lock one of them holds: the charts are
    then drawn one by one, the same."""
    deck = project / "decks" / "council-meeting.yaml"
    alone = build(deck, tmp_path / "alone", Options(municipality="skaun"))
    monkeypatch.setenv("HPDECK_CACHE_DIR", str(tmp_path / "other-cache"))
    _forget_drawn(monkeypatch)
    forked: list[int] = []
    monkeypatch.setattr(apart, "_start", lambda others: forked.append(1))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with apart.drawing_apart(1):
            again = build(deck, tmp_path / "apart", Options(municipality="skaun"))
    finally:
        stop.set()
        other.join()

    assert not forked
    assert again.path.read_bytes() == alone.path.read_bytes()


def test_helpers_are_stopped_when_this_process_cannot_draw_what_they_hold(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A helper that hangs holds the charts it was handed: once its claim has been waited
    for, the slide asking for one draws it itself, and when that fails the build ends with
    its error, and the helpers are stopped and reaped with the block, not left running."""
    from hpdeck.render.charts import draw

    chart, _ = _chart(project)
    status_map = _status_map(project)
    monkeypatch.setattr(cache, "CLAIM_WAIT", 1.0)
    monkeypatch.setattr(apart.threading, "active_count", lambda: 1)  # as in a batch's parent
    _forget_drawn(monkeypatch)
    original = apart._start
    forked: list[int] = []

    def start(others):  # type: ignore[no-untyped-def]
        helper = original(others)
        forked.append(helper.pid)
        return helper

    def broken(*request):  # type: ignore[no-untyped-def]
        raise RenderError("this chart cannot be drawn")

    monkeypatch.setattr(apart, "_start", start)
    monkeypatch.setattr(draw, "draw", _in_helpers(_slow))
    with pytest.raises(RenderError, match="cannot be drawn"), apart.drawing_apart(1):
        monkeypatch.setattr(draw, "draw", broken)  # here only: the helper kept the slow one
        charts = cache.ChartCache(tmp_path / "charts")
        charts.prepare([status_map, chart])
        charts.png(*status_map)

    assert forked
    for pid in forked:
        with pytest.raises(ChildProcessError):  # reaped: no child of that pid is left
            os.waitpid(pid, os.WNOHANG)


def _status_map(project: Path) -> cache.Request:
    """The status map of a council deck."""
    from hpdeck.pipeline.build import load_deck, plan_deck
    from hpdeck.plan.model import Chart
    from hpdeck.render.charts.style import ChartStyle

    options = Options(municipality="skaun")
    deck = load_deck(project / "decks" / "council-meeting.yaml", options)
    style = ChartStyle.from_theme(deck.theme)
    for page in plan_deck(deck):
        for block in page.slide.blocks:
            if isinstance(block, Chart) and block.spec.kind == "map":
                return (block.spec, style, block.box.width, block.box.height)
    raise AssertionError("no status map in the council deck")


def test_a_helper_that_cannot_be_forked_leaves_the_batch_to_draw_with_fewer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A process limit or no memory at the second fork: the first helper is kept, and
    nothing is left open or running when the block ends."""
    import errno

    forks = [0]
    real = os.fork

    def second_fails() -> int:
        forks[0] += 1
        if forks[0] == 2:
            raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
        return real()

    monkeypatch.setattr(apart.threading, "active_count", lambda: 1)  # as in a batch's parent
    monkeypatch.setattr(apart.os, "fork", second_fails)
    open_before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None

    with apart.drawing_apart(3):
        helpers = apart.waiting()
        assert len(helpers) == 1

    with pytest.raises(ChildProcessError):  # reaped
        os.waitpid(helpers[0].pid, os.WNOHANG)
    if open_before is not None:
        assert len(os.listdir("/proc/self/fd")) == open_before


def test_a_claim_that_cannot_be_removed_is_drawn_past(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another user's claim in a shared folder, or no claim file at all but a folder of its
    name: the chart is drawn without a claim, at once, not waited on for ever."""
    request, path = _chart_to_draw(project, monkeypatch)
    claim = path.with_suffix(".drawing")
    claim.mkdir()
    an_hour_ago = time.time() - 3600
    os.utime(claim, (an_hour_ago, an_hour_ago))
    monkeypatch.setattr(cache.time, "sleep", _no_waiting)

    picture = cache.ChartCache(path.parent).png(*request)

    assert path.read_bytes() == picture
    assert claim.is_dir()  # not ours to remove


def test_a_full_disk_while_claiming_leaves_no_claim_and_still_draws(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    request, path = _chart_to_draw(project, monkeypatch)
    real = os.fdopen

    def full(fd: int, mode: str = "r", *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        handle = real(fd, mode, *args, **kwargs)  # type: ignore[call-overload]
        if mode == "w":
            handle.write = _disk_full
        return handle

    monkeypatch.setattr(cache.os, "fdopen", full)

    picture = cache.ChartCache(path.parent).png(*request)

    assert picture.startswith(b"\x89PNG")
    assert not path.with_suffix(".drawing").exists()


def _disk_full(text: str) -> int:
    import errno

    raise OSError(errno.ENOSPC, "No space left on device")


def test_the_command_line_forks_a_batchs_helpers_before_it_loads_the_pipeline(
    project: Path, tmp_path: Path
) -> None:
    """The helpers import matplotlib while the command imports the rest: forked later, that
    import would wait for the first deck's plan. None at all over a project the last batch
    drew as it is (every chart likely cached), again after an edit. Each run is a process of
    its own, so this one's imports do not count."""
    script = (
        "import sys\n"
        "from hpdeck.render.charts import apart\n"
        "original, seen = apart._start, []\n"
        "def start(others):\n"
        "    late = 'hpdeck.pipeline.build' in sys.modules\n"
        "    seen.append('pipeline loaded' if late else 'ahead')\n"
        "    return original(others)\n"
        "apart._start = start\n"
        "from hpdeck.commands.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit as exit:\n"
        "    print(seen, exit.code)\n"
    )
    deck = project / "decks" / "council-meeting.yaml"
    env = {**os.environ, "HPDECK_CACHE_DIR": str(tmp_path / "cache")}
    args = [sys.executable, "-c", script, "build", str(deck), "-m", "skaun", "-m", "os", "-j", "2"]

    def forks() -> str:
        run = subprocess.run(
            [*args, "--out", str(tmp_path / "out")], capture_output=True, text=True, env=env
        )
        assert sorted(p.name for p in (tmp_path / "out").glob("*.pptx")) == [
            "council-meeting-os.pptx",
            "council-meeting-skaun.pptx",
        ]
        return run.stdout.splitlines()[-1]  # after the decks it wrote

    assert forks() == "['ahead'] 0"
    assert forks() == "[] 0"  # none, ahead or later
    quotes = next((project / "content").glob("20*/go-live.yaml"))
    quotes.write_text(quotes.read_text("utf-8") + "\n", "utf-8")
    assert forks() == "['ahead'] 0"


def test_a_batch_keeps_the_helpers_forked_before_it_and_stops_those_it_does_not_want(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Helpers forked as the command began are the batch's only ones (none forked again, nor
    any when the command forked none on purpose), a batch that wants fewer (one deck) stops
    the rest at once, and all are reaped at its end."""
    monkeypatch.setattr(apart.threading, "active_count", lambda: 1)  # as in a batch's parent
    original, forked = apart._start, []

    def start(others):  # type: ignore[no-untyped-def]
        forked.append(original(others))
        return forked[-1]

    monkeypatch.setattr(apart, "_start", start)
    with apart.drawing_apart(2), apart.drawing_apart(2):
        assert len(forked) == 2
        assert apart.waiting() == forked
    with apart.drawing_apart(2), apart.drawing_apart(1):
        assert len(forked) == 4
        assert forked[3].reaped  # the one too many: stopped before the batch began
        assert apart.waiting() == [forked[2]]
    with apart.drawing_apart(0), apart.drawing_apart(2):
        assert len(forked) == 4
        assert apart.waiting() == []

    for helper in forked:
        with pytest.raises(ChildProcessError):  # reaped
            os.waitpid(helper.pid, os.WNOHANG)


def test_a_file_saved_during_a_batch_leaves_the_next_batch_its_helpers(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The note says what the batch began from: a file saved meanwhile may have been read
    before or after, so nothing is noted and the next batch forks its helpers ahead."""
    from hpdeck.pipeline.batch_start import BatchStart

    monkeypatch.setenv("HPDECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(apart.threading, "active_count", lambda: 1)  # as in a batch's parent
    forked: list[int] = []

    def start(others):  # type: ignore[no-untyped-def]
        forked.append(1)
        raise OSError("counted, not forked")

    monkeypatch.setattr(apart, "_start", start)
    deck, variant = project / "decks" / "council-meeting.yaml", (None, None, None)

    def forks_ahead() -> bool:
        forked.clear()
        with BatchStart.now(deck, variant).drawing_ahead(2, many=True):
            return bool(forked)

    during = BatchStart.now(deck, variant)
    quotes = next((project / "content").glob("20*/go-live.yaml"))
    quotes.write_text(quotes.read_text("utf-8") + "\n", "utf-8")
    during.note_drawn()
    assert forks_ahead()
    BatchStart.now(deck, variant).note_drawn()  # a batch no edit overtook
    assert not forks_ahead()


def test_a_chart_queued_for_a_live_helper_is_its_own_however_long_it_waits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A claim is made as a chart is handed, and the chart may wait in the helper's queue
    longer than any chart takes to draw: while that helper runs, its claim is not taken
    over (a worker would import matplotlib to draw the chart a second time)."""
    monkeypatch.setattr(apart.threading, "active_count", lambda: 1)  # as in a batch's parent
    claim = tmp_path / "chart.drawing"
    an_hour_ago = time.time() - 3600
    with apart.drawing_apart(1):
        (helper,) = apart.waiting()
        claim.write_text(str(helper.pid))
        os.utime(claim, (an_hour_ago, an_hour_ago))

        assert cache._claim(claim) is False  # held: waited for
        assert claim.read_text() == str(helper.pid)
    assert cache._claim(claim) is True  # its helper stopped with the batch: taken over


def test_a_first_deck_with_a_mistake_still_hands_the_batchs_charts_out(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first municipality's file fails (its deck says why): the next deck that plans hands
    the charts out, so the helpers draw them and no worker imports matplotlib for its map."""
    deck = project / "decks" / "council-meeting.yaml"
    broken = project / "content" / "municipalities" / f"{SLUGS[0]}.yaml"
    broken.write_text(broken.read_text("utf-8") + "colour: blue\n", "utf-8")
    _forget_drawn(monkeypatch)
    monkeypatch.setattr(apart.threading, "active_count", lambda: 1)  # as in a batch's parent
    helpers, drawers = _noting_drawers(monkeypatch, tmp_path / "drawers")

    outcomes = build_all(deck, tmp_path / "batch", SLUGS, Options(), jobs=2)

    assert [o.ok for o in outcomes] == [False, True, True, True]
    assert "colour" in outcomes[0].problems[0]
    assert drawers() and set(drawers()) <= set(helpers)
