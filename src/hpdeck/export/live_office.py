"""One LibreOffice kept running behind the live preview, so a saved edit costs a conversion,
not a LibreOffice start (seconds).

It is driven over UNO by ``uno_bridge.py``, run by a Python that can import ``uno`` (see
``uno_python``). The bridge and its soffice run in a process group of their own; one that dies,
answers nonsense or hangs past the timeout is killed whole and started again, and the request
is tried once more. Where no such Python exists, ``available`` says so and the caller converts
with a fresh soffice per save as before.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from hpdeck.errors import RenderError
from hpdeck.export import process_group
from hpdeck.export.office import _PDF_OPTIONS, ENV_TIMEOUT, Kind, find_soffice

ENV_PYTHON = "HPDECK_UNO_PYTHON"
"""A Python that can ``import uno``; ``none`` turns the kept LibreOffice off."""
BRIDGE = Path(__file__).with_name("uno_bridge.py")
START_SECONDS = 120.0
CONVERT_SECONDS = 30.0


def _candidates(soffice: Path) -> list[str]:
    """LibreOffice's own Python (Windows, macOS), then the system's (Debian's python3-uno)."""
    program = soffice.resolve().parent
    own = [program / "python.exe", program / "python", program.parent / "Resources" / "python"]
    found = [str(path) for path in own if path.is_file()]
    for name in ("python3", "python"):
        path = shutil.which(name)
        if path and Path(path).resolve() != Path(sys.executable).resolve():
            found.append(path)
    return [*found, "/usr/bin/python3"] if os.name == "posix" else found


@cache
def uno_python(soffice: Path) -> str | None:
    """The first Python found that imports ``uno``, or None (then the preview falls back)."""
    configured = os.environ.get(ENV_PYTHON)
    if configured is not None:
        return None if configured.strip().lower() in ("", "none", "0") else configured
    for python in dict.fromkeys(_candidates(soffice)):
        try:
            result = subprocess.run(
                [python, "-c", "import uno"],
                capture_output=True,
                timeout=30,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if result.returncode == 0:
            return python
    return None


def _seconds(default: float) -> float:
    configured = os.environ.get(ENV_TIMEOUT)
    try:
        return float(configured) if configured else default
    except ValueError:
        raise RenderError(
            f"{ENV_TIMEOUT} must be a number of seconds, got {configured!r}"
        ) from None


class LiveOffice:
    """A LibreOffice that stays up between conversions (PDF export of a .pptx)."""

    def __init__(self, binary: Path | None = None) -> None:
        self.binary = binary or find_soffice()
        python = uno_python(self.binary)
        if python is None:
            raise RenderError(
                f"no Python with LibreOffice's uno module was found (Debian: "
                f"apt-get install python3-uno; or set {ENV_PYTHON})"
            )
        self.python = python
        self.restarts = 0
        self._home = Path(tempfile.mkdtemp(prefix="hpdeck-live-office-"))
        self._process: subprocess.Popen[str] | None = None
        self._guard: subprocess.Popen[bytes] | None = None
        self._answers: queue.Queue[str | None] = queue.Queue()
        self._lock = threading.Lock()

    @staticmethod
    def available(binary: Path | None = None) -> bool:
        """Whether a kept LibreOffice can be used here (LibreOffice and a uno Python exist)."""
        try:
            return uno_python(binary or find_soffice()) is not None
        except RenderError:
            return False

    def start(self) -> None:
        """Start LibreOffice now (the first conversion would otherwise wait for it)."""
        with self._lock:
            if self._process is None:
                self._start()

    def convert(self, pptx: Path, pdf: Path, pages: str = "") -> None:
        """Write ``pdf`` from ``pptx`` (only ``pages``, e.g. "2,5", when given).

        A LibreOffice that died or hangs is replaced and the conversion tried once more;
        a deck LibreOffice cannot open is reported without a restart.
        """
        request: dict[str, object] = {
            "input": str(pptx.absolute()),
            "output": str(pdf.absolute()),
            "pages": pages,
            "options": _PDF_OPTIONS,
        }
        with self._lock:
            for attempt in (1, 2):
                if self._process is None:
                    self._start()
                answer = self._ask(request, _seconds(CONVERT_SECONDS))
                if answer is not None and "ok" in answer:
                    return
                if answer is not None and answer.get("alive", True):
                    raise RenderError(
                        f"LibreOffice could not convert {pptx.name}: {answer.get('error')}"
                    )
                self._stop(gently=False)
                self.restarts += 1
                if attempt == 2:
                    raise RenderError(
                        "LibreOffice stopped or did not answer twice in a row; "
                        "it will be started again for the next change"
                    )

    def export(
        self, decks: Sequence[Path], kind: Kind = "pdf", *, pictures_only: bool = True
    ) -> list[Path]:
        """<deck>.pdf beside each deck, as Office.export writes them (for render_decks; the
        PDFs are untagged, for pictures only)."""
        if kind != "pdf":
            raise ValueError(f"the kept LibreOffice writes slide PDFs only, not {kind!r}")
        for deck in decks:
            self.convert(deck, deck.with_suffix(".pdf"))
        return [deck.with_suffix(".pdf") for deck in decks]

    def pid(self) -> int | None:
        """The process group of the bridge and its soffice (for tests that kill it)."""
        return self._process.pid if self._process else None

    def _start(self) -> None:
        profile = (self._home / f"profile-{self.restarts}").as_uri()
        try:
            self._process = subprocess.Popen(
                [self.python, str(BRIDGE), str(self.binary), profile],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                start_new_session=os.name == "posix",
            )
        except OSError as err:
            raise RenderError(f"could not start {self.python}: {err.strerror}") from None
        if os.name == "posix":
            self._guard = process_group.guard(self._process.pid)
        self._answers = queue.Queue()
        threading.Thread(
            target=self._read,
            args=(self._process, self._answers),
            name="hpdeck-office-reader",
            daemon=True,
        ).start()
        ready = self._next(START_SECONDS)
        if ready is None or not ready.get("ready"):
            self._stop(gently=False)
            detail = ready.get("error") if ready else "no answer"
            raise RenderError(f"LibreOffice could not be started for the preview: {detail}")

    @staticmethod
    def _read(process: subprocess.Popen[str], answers: queue.Queue[str | None]) -> None:
        assert process.stdout is not None
        with process.stdout:
            for line in process.stdout:
                answers.put(line)
        answers.put(None)  # the bridge is gone

    def _ask(self, request: dict[str, object], timeout: float) -> dict[str, object] | None:
        assert self._process is not None and self._process.stdin is not None
        try:
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
        except OSError:
            return None
        return self._next(timeout)

    def _next(self, timeout: float) -> dict[str, object] | None:
        """The bridge's next answer; None when it ended or stayed silent for ``timeout``."""
        try:
            line = self._answers.get(timeout=timeout)
        except queue.Empty:
            return None
        if line is None:
            return None
        try:
            answer = json.loads(line)
        except ValueError:
            return None
        return answer if isinstance(answer, dict) else None

    def _stop(self, gently: bool = True) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if gently and process.poll() is None and process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()  # a healthy bridge closes LibreOffice and exits
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
        # Whatever is left of the group (a hung soffice); the reader thread owns stdout.
        if os.name == "posix":
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        guard, self._guard = self._guard, None
        process_group.release(guard)

    def close(self) -> None:
        with self._lock:
            self._stop()
        shutil.rmtree(self._home, ignore_errors=True)
