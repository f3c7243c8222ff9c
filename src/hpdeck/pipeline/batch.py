"""Many council decks in one command: one per municipality, built by a pool of worker processes.

The first deck is built in this process: it draws every chart the decks share into the chart
cache and imports python-pptx once. Workers are then forked (where the platform can), so they
start with those imports and the parsed shared content already in memory, and find the shared
charts in the cache; only charts that differ per municipality are drawn, once each. A deck that
fails is reported with its problems; the others are still built. Nothing here prints or exits:
the outcomes say what happened, and the command line reports them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from hpdeck.content.municipality_files import slug_for
from hpdeck.errors import ContentError, HpdeckError, UsageProblem
from hpdeck.messages import say, shown
from hpdeck.pipeline.batch_start import context, drawing_helpers
from hpdeck.pipeline.build import Options, build, draw_ahead

if TYPE_CHECKING:
    from hpdeck.render.charts.apart import Request


@dataclass(frozen=True)
class Outcome:
    """What happened to one municipality's deck."""

    slug: str
    path: Path | None = None
    slides: int = 0
    problems: tuple[str, ...] = ()
    seconds: float = 0.0
    findings: tuple[str, ...] = ()
    """What the linter found in the written deck, as problem lines."""
    places: tuple[str, ...] = ()
    """Where each of ``findings`` points (file:line:col), for a finding said once per batch."""
    stale: tuple[str, ...] = ()
    """Figures the month's content still has to refresh (shared by every deck of the batch, so
    the command says them once; the sign-off sheet shows them on each page)."""
    gaps: tuple[str, ...] = ()
    """Other municipality files that do not validate, as problem lines: the deck was written
    without its status map (the summary says how many decks lost it, and why)."""

    @property
    def ok(self) -> bool:
        return self.path is not None


def build_one(deck: Path, out_dir: Path, options: Options, slug: str) -> Outcome:
    """Build one municipality's deck, turning a user's mistake into an outcome, not an exit."""
    start = time.perf_counter()
    try:
        built = build(deck, out_dir, replace(options, municipality=slug))
    except ContentError as err:
        return Outcome(
            slug, problems=tuple(str(p) for p in err.problems), seconds=time.perf_counter() - start
        )
    except HpdeckError as err:
        return Outcome(slug, problems=(err.format_message(),), seconds=time.perf_counter() - start)
    except Exception as exc:  # a bug in one deck must not stop the others, here or in a worker
        return Outcome(slug, problems=(_internal(exc),), seconds=time.perf_counter() - start)
    problems = [f.problem() for f in built.findings]
    return Outcome(
        slug,
        built.path,
        built.slides,
        seconds=time.perf_counter() - start,
        findings=tuple(str(p) for p in problems),
        places=tuple(p.place for p in problems),
        stale=tuple(str(p) for p in built.stale),
        gaps=tuple(str(p) for p in built.gaps),
    )


def _internal(exc: BaseException) -> str:
    """One line for a bug: what and where, so it can be reported without a traceback."""
    import traceback

    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    return f"internal error in hpdeck ({type(exc).__name__}: {exc}{where}); please report it"


_KILLED = (
    "the process building this deck was stopped twice, the second time building it alone "
    "(killed, perhaps for lack of memory); build it with -m {slug} to see why"
)


def _watch_parent(parent: int) -> None:
    """Run in each worker: exit as soon as the command that started it is gone (kill -9 too),
    so no orphaned worker goes on building."""
    import os
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="hpdeck-parent-watch", daemon=True).start()


def build_all(
    deck: Path,
    out_dir: Path,
    slugs: list[str],
    options: Options,
    *,
    jobs: int,
    on_done: Callable[[Outcome], None] = lambda outcome: None,
) -> list[Outcome]:
    """Build the deck for every slug (``jobs`` at a time); outcomes in the order of ``slugs``.

    The first deck has the charts every deck shares drawn: by helpers where workers may fork
    (those the command line forked as it began, if it did), handed them as soon as the deck is
    planned, before python-pptx is loaded; they then draw the charts the next decks miss
    while those are built, till the batch ends. The slides every municipality shares are
    written once and copied into each deck (see hpdeck.render.shared_slides); the workers,
    forked after the first deck, inherit them.
    """
    if not slugs:
        return []
    from hpdeck.pipeline.batch_memo import remembering
    from hpdeck.render.charts.apart import drawing_apart

    ahead = _charts_of(deck, options, slugs[1:])
    with remembering(), drawing_apart(drawing_helpers(jobs, len(slugs)), ahead):
        # From the first deck that plans: a first whose file has a mistake (reported by its
        # build) must not leave the helpers idle and every worker drawing its own map.
        for slug in slugs:
            if draw_ahead(deck, replace(options, municipality=slug)):
                break
        from hpdeck.render.shared_slides import sharing

        with sharing():
            return _build_each(deck, out_dir, slugs, options, jobs, on_done)


def _build_each(
    deck: Path,
    out_dir: Path,
    slugs: list[str],
    options: Options,
    jobs: int,
    on_done: Callable[[Outcome], None],
) -> list[Outcome]:
    first = build_one(deck, out_dir, options, slugs[0])
    on_done(first)
    outcomes = {first.slug: first}
    rest = slugs[1:]
    if jobs <= 1 or len(rest) <= 1:
        for slug in rest:
            outcomes[slug] = build_one(deck, out_dir, options, slug)
            on_done(outcomes[slug])
    else:
        _pooled(deck, out_dir, rest, options, jobs, outcomes, on_done)
    return [outcomes[slug] for slug in slugs]


def _charts_of(deck: Path, options: Options, slugs: list[str]) -> Iterator[list[Request]]:
    """The charts of each slug's deck drawn as pictures, planned (not built) as they are
    asked for: a deck that cannot be planned is skipped, its own build says why."""
    from hpdeck.pipeline.build import planned_deck
    from hpdeck.render.charts.wanted import pictures

    for slug in slugs:
        try:
            loaded, pages = planned_deck(deck, replace(options, municipality=slug))
            charts = pictures(pages, loaded.theme)
        except Exception:  # its build reports it (a bug too, as that deck's failure)
            continue
        yield charts


def _pooled(
    deck: Path,
    out_dir: Path,
    slugs: list[str],
    options: Options,
    jobs: int,
    outcomes: dict[str, Outcome],
    on_done: Callable[[Outcome], None],
) -> None:
    """Build ``slugs`` in worker processes, ``jobs`` at a time.

    A worker that dies (the OOM killer, kill -9) breaks the pool and every deck in it that had
    not finished. Those are then retried once, each alone in a worker of its own, so an innocent
    deck is never blamed and one that fails alone is reported by name.

    What this process made so far (imports, the first deck's shared content) is out of the
    collector's sight while the workers run: a worker's full collection would otherwise walk
    all of it, to find no garbage, and write to every page it inherited, copying each (the
    workers' gc CPU per deck measured 3.0 -> 0.7 ms, their minor page faults -15 %).
    """
    import gc

    gc.freeze()
    try:
        unfinished = _in_pool(deck, out_dir, slugs, options, jobs, outcomes, on_done)
        for slug in unfinished:
            if _in_pool(deck, out_dir, [slug], options, 1, outcomes, on_done):
                outcomes[slug] = Outcome(slug, problems=(_KILLED.format(slug=slug),))
                on_done(outcomes[slug])
    finally:
        gc.unfreeze()


def _in_pool(
    deck: Path,
    out_dir: Path,
    slugs: list[str],
    options: Options,
    jobs: int,
    outcomes: dict[str, Outcome],
    on_done: Callable[[Outcome], None],
) -> list[str]:
    """Build ``slugs`` in one pool; the slugs left unfinished when a worker died, in order."""
    import os

    broken = set()
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(slugs)),
        mp_context=context(),
        initializer=_watch_parent,
        initargs=(os.getpid(),),
    ) as pool:
        futures: dict[Future[Outcome], str] = {
            pool.submit(build_one, deck, out_dir, options, slug): slug for slug in slugs
        }
        for future in as_completed(futures):
            slug = futures[future]
            try:
                outcome = future.result()
            except BrokenProcessPool:
                broken.add(slug)
                continue
            except Exception as exc:  # a bug outside build_one: report it, keep the others
                outcome = Outcome(slug, problems=(_internal(exc),))
            outcomes[slug] = outcome
            on_done(outcome)
    return [slug for slug in slugs if slug in broken]


def _slug_of(given: str, known: list[str]) -> str:
    """The slug of a municipality named as people write it ('Volda', 'Midtre Gauldal') or as
    its file's ``name:`` does ('Ørsta kommune'); it may name no file."""
    slug = slug_for(given)
    if slug not in known:
        words = given.split()
        if len(words) > 1 and words[-1].casefold() == "kommune":
            return slug_for(" ".join(words[:-1]))
    return slug


def municipality_slugs(deck: Path, wanted: list[str], everyone: bool) -> list[str]:
    """The municipalities to build; a slug with no file is a usage error that names the known."""
    import difflib

    from hpdeck.content.municipality import model_for, slugs
    from hpdeck.content.project import Project
    from hpdeck.sections import REGISTRY

    if wanted and everyone:
        raise UsageProblem("use -m/--municipality or --all-municipalities, not both")
    if not deck.is_file():
        raise ContentError.single(str(deck), say("usage.no_file", path=shown(str(deck))))
    known = slugs(Project.of_deck(deck).root, model_for(REGISTRY.shows()))
    if not known:
        raise ContentError.single("content/municipalities", say("batch.no_files"))
    chosen = []
    for given in wanted:
        slug = given if given in known else _slug_of(given, known)
        if slug not in known:  # near the whole name, or near one of its words ('Ørsta kommun')
            close = difflib.get_close_matches(slug, known, n=1) or [
                match
                for word in given.split()
                for match in difflib.get_close_matches(slug_for(word), known, n=1)
            ]
            hint = (
                say("hint.did_you_mean", name=shown(close[0]))
                if close
                else say("hint.known", names=", ".join(known))
            )
            raise UsageProblem(
                say("batch.no_municipality", given=shown(given), slug=slug, hint=hint),
                option="'-m' / '--municipality'",
            )
        chosen.append(slug)
    return known if everyone else list(dict.fromkeys(chosen))
