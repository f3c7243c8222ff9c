"""Benchmark: 66 council decks in one batch against 66 separate `hpdeck build` runs.

Builds a temporary copy of the sample project with 66 fictional municipalities and prints one
separate run (a fresh process, warm and cold chart cache), the whole batch (cold and warm cache),
and the ratio batch / (66 × separate). Target: ratio ≤ 0.1. Run with `make bench`;
HPDECK_START_METHOD=spawn measures the batch as it runs on macOS and Windows.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
COUNT = 66
# Stage counts of the sample status (7 in use, 12 decided, 26 preparing, 16 deciding, 5 not yet).
STAGES = ["in-use"] * 7 + ["decided"] * 12 + ["preparing"] * 26 + ["deciding"] * 16 + [
    "unscheduled"] * 5


def make_project(root: Path) -> list[str]:
    """A copy of the sample project with COUNT fictional municipality files; their slugs."""
    for folder in ("decks", "content", "themes"):
        shutil.copytree(REPO / folder, root / folder)
    municipalities = root / "content" / "municipalities"
    shutil.rmtree(municipalities)
    municipalities.mkdir()
    slugs = []
    for index in range(COUNT):
        slug = f"testvik-{index + 1:02d}"
        language = "nn" if index % 3 == 0 else "nb"
        (municipalities / f"{slug}.yaml").write_text(
            f"name: Testvik {index + 1:02d} kommune\n"
            f"language: {language}\n"
            f"stage: {STAGES[index]}\n"
            "costs:\n"
            "  - part: Felles innføringsprosjekt\n"
            f"    amount: {1_000_000 + index * 37_000}\n"
            "  - part: Kommunale innføringsprosjekt\n"
            f"    amount: {500_000 + index * 11_000}\n"
            "contact:\n"
            f"  name: Kari Testesen {index + 1}\n"
            "  role: prosjektleder\n", "utf-8")
        slugs.append(slug)
    return slugs


CPU: list[float] = []  # CPU seconds (user + system, workers included) of each timed run


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(args: list[str], env: dict[str, str]) -> float:
    """Wall seconds a fresh hpdeck process takes (its CPU seconds go to CPU); fails loudly."""
    cpu = _children_cpu()
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "hpdeck", *args], env=env,
                            capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    CPU.append(_children_cpu() - cpu)
    if result.returncode != 0:
        sys.exit(f"hpdeck {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return seconds


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="hpdeck-bench-") as tmp:
        root = Path(tmp) / "project"
        slugs = make_project(root)
        deck = str(root / "decks" / "council-meeting.yaml")
        out = str(Path(tmp) / "out")
        cold = dict(os.environ, HPDECK_CACHE_DIR=str(Path(tmp) / "cache-batch"))
        single = dict(os.environ, HPDECK_CACHE_DIR=str(Path(tmp) / "cache-single"))

        one_cold = timed(["build", deck, "-m", slugs[0], "--out", out], single)
        one_warm = statistics.median(
            timed(["build", deck, "-m", slug, "--out", out], single) for slug in slugs[:3])
        batch_cold = timed(["build", deck, "--all-municipalities", "--out", out], cold)
        batch_warm = timed(["build", deck, "--all-municipalities", "--out", out], cold)
        decks = len(list(Path(out).glob("council-meeting-*.pptx")))

    one_cpu, batch_cpu = statistics.median(CPU[1:4]), CPU[5]
    separate = COUNT * one_warm
    print(f"machine: {os.cpu_count()} CPUs; {decks} decks written")
    print(f"one separate run (fresh process): {one_warm:.2f} s warm cache, "
          f"{one_cold:.2f} s cold cache")
    print(f"{COUNT} separate runs (estimated):  {separate:.1f} s warm "
          f"({one_cold + (COUNT - 1) * one_warm:.1f} s starting cold)")
    print(f"whole batch:                      {batch_warm:.2f} s warm cache, "
          f"{batch_cold:.2f} s cold cache")
    ratio = batch_warm / separate
    ratio_cold = batch_cold / (one_cold + (COUNT - 1) * one_warm)
    print(f"ratio batch / ({COUNT} x separate): {ratio:.3f} warm, {ratio_cold:.3f} cold "
          f"(target <= 0.1: {'met' if ratio <= 0.1 else 'NOT met'})")
    print(f"CPU seconds (less sensitive to a busy machine): one run {one_cpu:.2f}, batch "
          f"{batch_cpu:.2f} warm; CPU ratio {batch_cpu / (COUNT * one_cpu):.3f}")
    print(f"load average while measuring: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
