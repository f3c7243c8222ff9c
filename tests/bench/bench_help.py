"""How long `hpdeck --help` takes: a user types it to learn the tool, and a slow answer makes
the whole tool feel slow. Fresh processes, as a user starts them, in each message language
(the help's texts come from that language's catalog, read at start)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

# As a user runs hpdeck: Python writes its bytecode caches (a sandbox that forbids it would
# measure the compiling of every module at every start instead).
USER_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
HPDECK = Path(sys.executable).with_name("hpdeck")
RUNS = 20
GOAL = 0.1
"""Seconds, the median of a fresh `hpdeck --help`: importing click, PyYAML and hpdeck's
command line, one catalog; nothing that draws or builds."""


def median_seconds(args: list[str], language: str) -> float:
    env = {**USER_ENV, "HPDECK_LANG": language}
    subprocess.run([str(HPDECK), *args], env=env, stdout=subprocess.DEVNULL, check=True)  # caches
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([str(HPDECK), *args], env=env, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    slow = []
    for args in (["--help"], ["build", "--help"]):
        for language in ("en", "nb", "nn"):
            seconds = median_seconds(args, language)
            print(f"hpdeck {' '.join(args)} ({language}): {seconds * 1000:.0f} ms median of {RUNS}")
            if seconds > GOAL:
                slow.append(f"{' '.join(args)} ({language})")
    verdict = "met" if not slow else "missed: " + ", ".join(slow)
    print(f"goal: under {GOAL * 1000:.0f} ms each: {verdict}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
