"""The command line's batch: the pipeline's outcomes shown as they arrive, a summary at the end.

A progress bar on a terminal, else one line per deck. The exit status is the command's to set,
after everything that could be written was written (previews, PDFs, the sign-off sheet).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from hpdeck.messages import NORMAL, info, level, say, seconds_text, warn
from hpdeck.pipeline.batch import Outcome, build_all, municipality_slugs
from hpdeck.pipeline.build import Options
from hpdeck.pipeline.checked import Checked


def run_batch(
    deck: Path,
    out_dir: Path,
    options: Options,
    wanted: list[str],
    everyone: bool,
    jobs: int | None,
    *,
    quiet: bool = False,
) -> list[Outcome]:
    """Every outcome, in slug order, so callers reuse the linter's findings instead of building
    again; failed decks reported on stderr. ``quiet`` leaves out where decks were written
    (preview builds into a folder it deletes)."""
    slugs = municipality_slugs(deck, wanted, everyone)
    jobs = jobs or os.cpu_count() or 1
    failures = _Failures()
    warnings = _Warnings()
    start = time.perf_counter()

    def line(outcome: Outcome) -> None:
        if outcome.ok:
            warnings.report(outcome)
            if not quiet:
                info(say("wrote.deck", outcome.slides, path=outcome.path))
        else:
            failures.report(outcome)

    if sys.stderr.isatty() and len(slugs) > 1 and level() >= NORMAL:
        with click.progressbar(
            length=len(slugs),
            label=say("batch.progress"),
            file=sys.stderr,
            show_pos=True,
            item_show_func=lambda s: s,
        ) as bar:
            outcomes = build_all(
                deck,
                out_dir,
                slugs,
                options,
                jobs=jobs,
                on_done=lambda outcome: bar.update(1, outcome.slug),
            )
        for outcome in outcomes:
            warnings.report(outcome)
            if not outcome.ok:
                failures.report(outcome)
    else:
        outcomes = build_all(deck, out_dir, slugs, options, jobs=jobs, on_done=line)
    failed = [o.slug for o in outcomes if not o.ok]
    seconds = time.perf_counter() - start
    built = [o.path for o in outcomes if o.path]
    if failed:
        warn(
            say(
                "batch.some_failed",
                len(outcomes),
                built=len(built),
                seconds=seconds_text(seconds),
                slugs=", ".join(failed),
            )
        )
    elif not quiet:
        info(say("batch.built", len(built), folder=out_dir, seconds=seconds_text(seconds)))
    _without_map(outcomes)
    return outcomes


def checked_without_map(results: list[Checked]) -> str | None:
    """For ``check`` of several municipalities: how many of the decks would be built without
    the status map, and which files cost them it (said above in full, once)."""
    lost = [r for r in results if any(f.check == "region" for f in r.findings)]
    if not lost:
        return None
    sources = [f.source for r in lost for f in r.findings if f.check == "region"]
    return say("batch.check_without_map", len(lost), files=_broken_files(sources))


def _without_map(outcomes: list[Outcome]) -> None:
    """One line after the summary for the decks another municipality's broken file cost their
    map: each deck's warning scrolled by long before (said there in full, once), and the count
    of built decks alone reads as if every deck were whole."""
    lost = [o for o in outcomes if o.ok and o.gaps]
    if lost:
        gaps = [gap for o in lost for gap in o.gaps]
        warn(say("batch.without_map", len(lost), files=_broken_files(gaps)))


def _broken_files(places: list[str]) -> str:
    """The files that ``places`` (file:line:col …) are in, named once each."""
    files = list(dict.fromkeys(place.split(":", 1)[0] for place in places))
    return say("batch.broken_files", len(files), file=files[0], files=", ".join(files))


class _Warnings:
    """Each deck's findings, a finding said in full once: another municipality's broken file
    costs every deck its map, and each deck says so in one line naming that file's line."""

    def __init__(self) -> None:
        self.said: set[str] = set()

    def report(self, outcome: Outcome) -> None:
        pairs = zip(outcome.findings, outcome.places, strict=True)
        seen = [place for finding, place in pairs if finding in self.said]
        for finding in outcome.findings:
            if finding not in self.said:
                warn(finding)
        if seen:
            places = ", ".join(dict.fromkeys(seen))
            warn(say("batch.warnings_same", len(seen), slug=outcome.slug, places=places))
        self.said.update(outcome.findings)


class _Failures:
    """Failed decks, each problem said once: a mistake in a shared file fails every deck, and
    66 copies of one line would bury the rest."""

    def __init__(self) -> None:
        self.said: set[str] = set()

    def report(self, outcome: Outcome) -> None:
        new = [str(p) for p in outcome.problems if str(p) not in self.said]
        warn(say("batch.failed" if new else "batch.failed_same", slug=outcome.slug))
        for problem in new:
            warn(f"  {problem}")
        self.said.update(new)
