"""The council batch against separate runs, its cost per municipality, its memory, and the
whole region's sign-off preview.

Every figure comes from fresh `hpdeck` processes on a copy of the sample project. The
municipalities are the project's own registry when it holds at least COUNT of them, else COUNT
fictional ones (same stages as the sample status). Memory is the proportional set size (PSS:
shared pages split between the processes sharing them) of hpdeck and all its workers, summed
and sampled every 20 ms (Linux; the LibreOffice kept between previews runs outside that tree
and is not counted), in batches of its own: sampling takes CPU the timed batches would lose on
a small machine, more of it the longer a batch runs and the more processes it has. A separate
run is warm when every chart of its deck is cached, its municipality's own map too (each is
built once before it is timed); the marginal figures are the difference between a run with
all municipalities and one with half of them, divided by the difference in decks. The half
region's status is cut to its files, so its decks keep the map of the region (drawn only when
files and status agree) and cost what the whole region's decks cost.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# As a user runs hpdeck: Python writes its bytecode caches (a sandbox that forbids it would
# measure the compiling of every module at every start instead).
USER_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
COUNT = 66
MANY = 200
# Stage counts of the sample status (7 in use, 12 decided, 26 preparing, 16 deciding, 5 not yet).
STAGES = (
    ["in-use"] * 7 + ["decided"] * 12 + ["preparing"] * 26 + ["deciding"] * 16 + ["unscheduled"] * 5
)
GOALS = {"ratio": 0.05, "cold": 1.5, "cpu_ms": 20.0, "memory_mb": 1024.0, "signoff_s": 0.3}
ROUNDS = 3
"""The batch figures are medians of this many runs each (the range beside them): on a shared
machine one run's wall and CPU time swing by a third from the next's, the same code."""


def fictional(index: int) -> str:
    """A fictional municipality's file, checked as a real one is: none is in use (no go-live
    event names it), and its contact's role is in its own language."""
    language = "nn" if index % 3 == 0 else "nb"
    stage = STAGES[index % len(STAGES)]
    return (
        f"name: Testvik {index + 1:03d} kommune\n"
        f"language: {language}\n"
        f"stage: {'decided' if stage == 'in-use' else stage}\n"
        "costs:\n"
        "  - part: Felles innføringsprosjekt\n"
        f"    amount: {1_000_000 + index * 37_000}\n"
        "  - part: Kommunale innføringsprosjekt\n"
        f"    amount: {500_000 + index * 11_000}\n"
        "contact:\n"
        f"  name: Kari Testesen {index + 1}\n"
        f"  role: {'prosjektleiar' if language == 'nn' else 'prosjektleder'}\n"
    )


def make_project(root: Path, count: int) -> tuple[list[str], str]:
    """A copy of the sample project with ``count`` municipality files; their slugs and kind."""
    for folder in ("decks", "content", "themes"):
        shutil.copytree(REPO / folder, root / folder)
    municipalities = root / "content" / "municipalities"
    real = sorted(municipalities.glob("*.yaml"))
    if len(real) >= count:
        for extra in real[count:]:
            extra.unlink()
        if len(real) > count:
            _status_of(root, real[:count])
        return [path.stem for path in real[:count]], "the registry's own"
    # Every fictional file has a stage, so the status counts are derived from them (a region of
    # ``count``, not the sample's 66).
    for status in (root / "content").glob("*/status.yaml"):
        status.write_text("type: status\nas_of: 2022-11-12\n", "utf-8")
    shutil.rmtree(municipalities)
    municipalities.mkdir()
    slugs = []
    for index in range(count):
        slug = f"testvik-{index + 1:03d}"
        (municipalities / f"{slug}.yaml").write_text(fictional(index), "utf-8")
        slugs.append(slug)
    return slugs, "fictional"


def _status_of(root: Path, kept: list[Path]) -> None:
    """A status for a region of the ``kept`` files alone: its total and stage counts (the
    sample's shares), so its decks keep the region's map (drawn only when the files and the
    status agree) and cost what the whole region's decks cost."""
    in_use = sum("stage: in-use" in path.read_text("utf-8") for path in kept)
    rest = STAGES[STAGES.count("in-use") :]
    counts = {"in-use": in_use}
    for index in range(len(kept) - in_use):
        stage = rest[index * len(rest) // (len(kept) - in_use)]
        counts[stage] = counts.get(stage, 0) + 1
    stages = "".join(f"  - stage: {stage}\n    count: {n}\n" for stage, n in counts.items())
    for status in (root / "content").glob("*/status.yaml"):
        status.write_text(
            f"type: status\nas_of: 2022-11-12\ntotal: {len(kept)}\nstages:\n{stages}", "utf-8"
        )


def _tree_pss(root: int) -> int:
    """Kilobytes of PSS of ``root`` and its descendants."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parents[int(entry)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                total += next(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            continue
    return total


class Run:
    """One fresh hpdeck process: wall seconds, CPU seconds (workers included), peak PSS MB."""

    def __init__(self, args: list[str], env: dict[str, str], *, sampled: bool = False) -> None:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = usage.ru_utime + usage.ru_stime
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "hpdeck", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        peak = [0]

        def sample() -> None:
            while process.poll() is None:
                peak[0] = max(peak[0], _tree_pss(process.pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        if sampled and sys.platform == "linux":
            sampler.start()
        output = process.communicate()[0]
        self.seconds = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu = usage.ru_utime + usage.ru_stime - cpu
        if sampler.is_alive():
            sampler.join()
        self.memory_mb = peak[0] / 1024
        if process.returncode != 0:
            sys.exit(f"hpdeck {' '.join(args)} failed:\n{output}")


def verdict(value: float, goal: float) -> str:
    return f"[goal <= {goal:g}: {'met' if value <= goal else 'NOT met'}]"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="hpdeck-bench-") as name:
        tmp = Path(name)
        full, half, many = tmp / "full", tmp / "half", tmp / "many"
        slugs, kind = make_project(full, COUNT)
        make_project(half, COUNT // 2)
        make_project(many, MANY)
        deck = "decks/council-meeting.yaml"
        out = str(tmp / "out")  # the full batch's decks; the others write elsewhere
        other = str(tmp / "other")

        def env(cache: str) -> dict[str, str]:
            return dict(USER_ENV, HPDECK_CACHE_DIR=str(tmp / cache), HPDECK_LANG="en")

        def batch(root: Path, cache: str, *, sampled: bool = False) -> Run:
            target = out if root == full else other
            return Run(
                ["build", str(root / deck), "--all-municipalities", "--out", target],
                env(cache),
                sampled=sampled,
            )

        one_cold = Run(["build", str(full / deck), "-m", slugs[0], "--out", other], env("single"))
        singles = []
        for slug in slugs[1:4]:
            # Warm means every chart of the deck is cached, its own map too: built once before.
            Run(["build", str(full / deck), "-m", slug, "--out", other], env("single"))
            singles.append(
                Run(["build", str(full / deck), "-m", slug, "--out", other], env("single"))
            )
        cold = [batch(full, f"batch-{i}") for i in range(ROUNDS)]  # each from an empty cache
        batch(half, "batch-0")  # its region's maps differ from the whole region's: drawn here
        warm: list[Run] = []
        halved: list[Run] = []  # warm, like the whole region's runs they are compared with
        for _ in range(ROUNDS):  # alternated, so a slow spell of the machine falls on both
            warm.append(batch(full, "batch-0"))
            halved.append(batch(half, "batch-0"))
        peaks = (batch(half, "batch-0", sampled=True), batch(full, "batch-0", sampled=True))
        many_run = batch(many, "batch-0", sampled=True)
        decks = len(list(Path(out).glob("council-meeting-*.pptx")))
        if "--no-signoff" in sys.argv:  # the slowest part (LibreOffice), for a quicker look
            report(one_cold, singles, cold, warm, halved, peaks, many_run, kind, decks, None)
            return
        # Each sign-off run gets the warm chart cache but no slide pictures kept by another run
        # (the full run would otherwise find half of its pictures made).
        for cache in ("sign-half", "sign-full"):
            shutil.copytree(tmp / "batch-0" / "charts", tmp / cache / "charts")
        # LibreOffice kept running, as after a user's first preview; else the half run would
        # pay its start and the marginal figure look better than it is.
        Run(["preview", str(full / deck), "-m", slugs[0], "--out", other], env("sign-warm"))
        sign_half = Run(
            [
                "preview",
                str(half / deck),
                "--all-municipalities",
                "--out",
                str(tmp / "signoff-half"),
            ],
            env("sign-half"),
            sampled=True,  # as the full run, whose peak is reported: both cost the same
        )
        sign_full = Run(
            [
                "preview",
                str(full / deck),
                "--all-municipalities",
                "--out",
                str(tmp / "signoff-full"),
            ],
            env("sign-full"),
            sampled=True,
        )
        report(
            one_cold,
            singles,
            cold,
            warm,
            halved,
            peaks,
            many_run,
            kind,
            decks,
            (sign_half, sign_full),
        )


def _median(runs: list[Run], what: str) -> float:
    return statistics.median(getattr(run, what) for run in runs)


def _range(values: list[float], unit: str = "s", scale: float = 1.0, digits: int = 2) -> str:
    """' (low–high)' of ``values``, as the figures beside it are written."""
    low, high = min(values) * scale, max(values) * scale
    return f" ({low:.{digits}f}–{high:.{digits}f} {unit})"


def report(
    one_cold: Run,
    singles: list[Run],
    cold: list[Run],
    warm: list[Run],
    halved: list[Run],
    peaks: tuple[Run, Run],
    many_run: Run,
    kind: str,
    decks: int,
    signoff_runs: tuple[Run, Run] | None,
) -> None:
    one_warm = statistics.median(run.seconds for run in singles)
    one_cpu = statistics.median(run.cpu for run in singles)
    separate = COUNT * one_warm
    added = COUNT - COUNT // 2
    warm_s, warm_cpu = _median(warm, "seconds"), _median(warm, "cpu")
    cold_s, cold_cpu = _median(cold, "seconds"), _median(cold, "cpu")
    pairs = list(zip(warm, halved, strict=True))
    marginal_cpu = [(w.cpu - h.cpu) / added for w, h in pairs]
    marginal_cpu_ms = statistics.median(marginal_cpu) * 1000
    marginal_wall_ms = statistics.median((w.seconds - h.seconds) / added for w, h in pairs) * 1000
    print(f"machine: {os.cpu_count()} CPUs; municipalities: {kind}; {decks} decks written")
    print(
        f"one separate run (fresh process): {one_warm:.2f} s warm cache, "
        f"{one_cold.seconds:.2f} s cold cache; CPU {one_cpu:.2f} s"
    )
    print(f"{COUNT} separate runs (estimated): {separate:.1f} s warm")
    print(
        f"whole batch of {COUNT}, median of {ROUNDS}: {warm_s:.2f} s warm cache"
        f"{_range([r.seconds for r in warm])}, {cold_s:.2f} s empty chart cache"
        f"{_range([r.seconds for r in cold])}; CPU {warm_cpu:.2f} s warm"
    )
    print(
        f"batch / {COUNT} separate runs, warm: {warm_s / separate:.3f} "
        f"{verdict(warm_s / separate, GOALS['ratio'])}; "
        f"CPU ratio {warm_cpu / (COUNT * one_cpu):.3f}"
    )
    print(
        f"batch with an empty chart cache / warm: {cold_s / warm_s:.2f} "
        f"{verdict(cold_s / warm_s, GOALS['cold'])}; "
        f"CPU {cold_cpu:.1f} s / {warm_cpu:.1f} s = {cold_cpu / warm_cpu:.2f} (wall time on a "
        "shared machine varies with the others' load, CPU time much less)"
    )
    print(
        f"marginal CPU of one more municipality deck ({COUNT // 2} -> {COUNT}), median of "
        f"{ROUNDS}: {marginal_cpu_ms:.0f} ms{_range(marginal_cpu, 'ms', 1000, 0)} "
        f"{verdict(marginal_cpu_ms, GOALS['cpu_ms'])}; wall {marginal_wall_ms:.0f} ms"
    )
    peak_half, peak_full = (run.memory_mb for run in peaks)
    print(
        f"peak memory (PSS, hpdeck and workers; a warm batch each): {COUNT // 2} decks "
        f"{peak_half:.0f} MB, {COUNT} decks {peak_full:.0f} MB, {MANY} decks "
        f"{many_run.memory_mb:.0f} MB "
        f"{verdict(max(peak_full, many_run.memory_mb), GOALS['memory_mb'])}; "
        f"{MANY} decks took {many_run.seconds:.1f} s"
    )
    if signoff_runs is None:
        print("preview --all-municipalities (sign-off): not measured (--no-signoff)")
    else:
        sign_half, sign_full = signoff_runs
        signoff = (sign_full.seconds - sign_half.seconds) / added
        signoff_cpu = (sign_full.cpu - sign_half.cpu) / added  # LibreOffice and workers too
        print(
            f"preview --all-municipalities (sign-off): {sign_half.seconds:.1f} s for {COUNT // 2}, "
            f"{sign_full.seconds:.1f} s for {COUNT}; marginal {signoff:.2f} s per municipality "
            f"{verdict(signoff, GOALS['signoff_s'])}, CPU {signoff_cpu:.2f} s; "
            f"peak memory {sign_full.memory_mb:.0f} MB"
        )
    print(f"load average while measuring: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
