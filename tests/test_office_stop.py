"""LibreOffice stops with hpdeck: on a timeout, and when the command itself is killed.

A stand-in soffice (a shell script) starts a child of its own, as LibreOffice's launcher starts
soffice.bin, and records both process ids.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hpdeck.errors import RenderError
from hpdeck.export import office

pytestmark = pytest.mark.skipif(os.name != "posix", reason="process groups as on POSIX")
DECK = Path("decks") / "monthly-briefing.yaml"


def _fake_soffice(folder: Path) -> tuple[Path, Path]:
    pids = folder / "pids"
    script = folder / "soffice"
    script.write_text(
        f"#!/bin/sh\nsleep 300 &\necho $! >> {pids}\necho $$ >> {pids}\nsleep 300\n", "utf-8"
    )
    script.chmod(0o755)
    return script, pids


def _as_from_a_terminal() -> None:
    """Ctrl+C as a terminal delivers it: a suite run in the background (``nohup … &``) ignores
    SIGINT, and its children would inherit that and never see the signal this test sends."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[-1].split()[0] == "Z")


def _pids(path: Path, count: int = 2, seconds: float = 60) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and len(found := path.read_text().split()) >= count:
            return [int(pid) for pid in found]
        time.sleep(0.05)
    raise AssertionError("the stand-in soffice never started")


def _cleanup(path: Path) -> None:
    """Kill what the stand-in started, should a failing test have left it running."""
    for pid in (int(p) for p in path.read_text().split()) if path.exists() else ():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _gone(pids: list[int], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(_alive(pid) for pid in pids)


def _hanging_office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A deck and the fake LibreOffice that hangs on it (with a 1 s timeout); the file where
    that LibreOffice writes the ids of what it started."""
    soffice, pids = _fake_soffice(tmp_path)
    monkeypatch.setenv(office.ENV_BINARY, str(soffice))
    monkeypatch.setenv(office.ENV_TIMEOUT, "1")
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"not really a deck")
    return deck, pids


def test_a_timeout_stops_libreoffice_and_what_it_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck, pids = _hanging_office(tmp_path, monkeypatch)
    try:
        with pytest.raises(RenderError, match="LibreOffice took longer than 1 s and was stopped"):
            office.export_pdfs([deck])
        assert _gone(_pids(pids))
    finally:
        _cleanup(pids)
    assert not (tmp_path / "deck.pdf").exists()


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_libreoffice_stops_when_the_command_is_killed(
    project: Path, tmp_path: Path, how: signal.Signals
) -> None:
    soffice, pids = _fake_soffice(tmp_path)
    env = {**os.environ, office.ENV_BINARY: str(soffice)}
    command = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hpdeck",
            "build",
            str(project / DECK),
            "--out",
            str(tmp_path / "out"),
            "--pdf",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_as_from_a_terminal,
    )
    try:
        started = _pids(pids)
        command.send_signal(how)
        command.wait(timeout=30)
        assert _gone(started)
        assert not (tmp_path / "out" / "monthly-briefing.pdf").exists()
    finally:
        command.kill()
        command.wait()
        _cleanup(pids)


def test_pictures_handed_over_one_by_one_stop_libreoffice_on_a_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """export_each (a region's sign-off) waits for each PDF in turn: its timeout ends the
    LibreOffice it started and what that started, as export's does."""
    deck, pids = _hanging_office(tmp_path, monkeypatch)
    try:
        with (
            office.Office() as libreoffice,
            pytest.raises(RenderError, match="LibreOffice took longer than 1 s and was stopped"),
        ):
            list(libreoffice.export_each([deck]))
        assert _gone(_pids(pids))
    finally:
        _cleanup(pids)
    assert not (tmp_path / "deck.pdf").exists()
