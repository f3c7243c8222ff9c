"""Where people wait: the live preview after a saved edit, and `hpdeck preview` against `build`.

Live preview: `hpdeck preview --serve` runs as a user starts it, on a copy of the sample
project. Each of EDITS text edits is saved into a content file and timed until the page would
show it: the page's own update signal (`/state?since=N`, which answers when a newer state
exists) reports slides containing the new words, and the changed slide's picture is fetched.
One edit before the timed ones warms LibreOffice, as the first minutes of a session do.

Preview against build: fresh processes, warm chart cache, the monthly deck, same run.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# As a user runs hpdeck: Python writes its bytecode caches (a sandbox that forbids it would
# measure the compiling of every module at every start instead).
USER_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
DECK = Path("decks") / "monthly-briefing.yaml"
CONTENT = Path("content") / "2022-12" / "metrics.yaml"
ORIGINAL = "nb: besøk i kommunehelsetjenesten,"
EDITS = 10
LIVE_GOAL = 1.0
PREVIEW_GOAL = 2.0


def copy_project(root: Path) -> None:
    for folder in ("decks", "content", "themes"):
        shutil.copytree(REPO / folder, root / folder)


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def flat(text: str) -> str:
    """A slide's text on one line: words a label wraps are found as typed."""
    return " ".join(text.replace("\u00a0", " ").split())


def wait_for_words(port: int, since: int, words: str) -> tuple[int, dict]:
    """The page's signal: long-poll /state until a finished state shows ``words``."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status, body = get(port, f"/state?since={since}")
        if status != 200:
            sys.exit(f"/state answered {status}")
        state = json.loads(body)
        since = state["version"]
        if state["problems"] and not state["building"]:
            sys.exit("the preview shows problems:\n" + "\n".join(state["problems"]))
        if not state["building"] and any(words in flat(s["text"]) for s in state["slides"]):
            return since, state
    sys.exit(f"the page never showed {words!r}")


def live_preview(tmp: Path) -> tuple[float, list[float]]:
    """Seconds to the first page, and each timed edit's seconds to the page showing it."""
    root = tmp / "live"
    copy_project(root)
    env = dict(USER_ENV, HPDECK_CACHE_DIR=str(tmp / "cache-live"), HPDECK_LANG="en")
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "hpdeck", "preview", str(root / DECK), "--serve", "--port", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
        if not match:
            sys.exit(f"hpdeck preview --serve did not start: {first}{server.stdout.read()}")
        port = int(match[1])
        version, _ = wait_for_words(port, -1, "besøk i kommunehelsetjenesten")
        first_page = time.perf_counter() - started
        content = root / CONTENT
        text = content.read_text("utf-8")
        assert ORIGINAL in text
        times = []
        for edit in range(EDITS + 1):
            words = f"besøk i kommunehelsetjenesten utgave {edit + 1}"
            saved = time.perf_counter()
            content.write_text(text.replace(ORIGINAL, f"nb: {words},"), "utf-8")
            version, state = wait_for_words(port, version, words)
            number = next(n for n, s in enumerate(state["slides"]) if words in flat(s["text"]))
            status, png = get(port, state["slides"][number]["src"])
            if status != 200 or not png.startswith(b"\x89PNG"):
                sys.exit(f"slide picture answered {status}")
            if edit:  # the first edit warms LibreOffice up
                times.append(time.perf_counter() - saved)
        return first_page, times
    finally:
        server.terminate()
        server.wait(timeout=60)


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "hpdeck", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"hpdeck {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return seconds


def preview_against_build(tmp: Path) -> tuple[float, float, float]:
    """Median seconds of `hpdeck build`, of `hpdeck preview` after an edit, and of `hpdeck
    preview` of an unchanged deck (LibreOffice skipped), the monthly deck, warm."""
    root = tmp / "commands"
    copy_project(root)
    env = dict(USER_ENV, HPDECK_CACHE_DIR=str(tmp / "cache-commands"))
    deck, out = str(root / DECK), str(tmp / "out")
    timed(["build", deck, "--out", out], env)  # warm the chart cache
    builds = [timed(["build", deck, "--out", out], env) for _ in range(3)]
    previews = []
    content = root / CONTENT
    text = content.read_text("utf-8")
    for run in range(3):  # each preview after an edit: LibreOffice has work to do
        content.write_text(text.replace(ORIGINAL, f"nb: besøk {run},"), "utf-8")
        previews.append(timed(["preview", deck, "--out", str(tmp / "preview")], env))
    unchanged = [timed(["preview", deck, "--out", str(tmp / "preview")], env) for _ in range(3)]
    print(f"  hpdeck preview after each edit: {' '.join(f'{t:.2f}' for t in previews)} s")
    return statistics.median(builds), statistics.median(previews), statistics.median(unchanged)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="hpdeck-bench-live-") as name:
        tmp = Path(name)
        first_page, times = live_preview(tmp)
        build_s, preview_s, unchanged_s = preview_against_build(tmp)
    median = statistics.median(times)
    print(
        f"live preview, saved text edit to the page showing the changed slide "
        f"(median of {len(times)}, warm): {median:.2f} s "
        f"[goal <= {LIVE_GOAL:.1f} s: {'met' if median <= LIVE_GOAL else 'NOT met'}]"
    )
    print(
        f"  each edit: {' '.join(f'{t:.2f}' for t in times)} s; "
        f"first page after starting: {first_page:.1f} s"
    )
    ratio = preview_s / build_s
    print(
        f"hpdeck preview after an edit / hpdeck build of the monthly deck (fresh processes, "
        f"warm cache, same run): {preview_s:.2f} s / {build_s:.2f} s = {ratio:.2f} "
        f"[goal <= {PREVIEW_GOAL:.0f}: {'met' if ratio <= PREVIEW_GOAL else 'NOT met'}]"
    )
    print(
        f"hpdeck preview of an unchanged deck (LibreOffice skipped) / hpdeck build: "
        f"{unchanged_s:.2f} s / {build_s:.2f} s = {unchanged_s / build_s:.2f}"
    )
    print(f"load average while measuring: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
