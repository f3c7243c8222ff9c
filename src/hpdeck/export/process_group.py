"""Running a helper program (LibreOffice) so that it stops when hpdeck does, however hpdeck stops.

LibreOffice starts soffice.bin from a launcher, so stopping the launcher leaves the real work
running. The program therefore runs in a process group (session) of its own, which hpdeck ends
whole on a timeout or an exception (Ctrl+C), and a small guard process ends it when hpdeck
itself is killed (SIGTERM, kill -9, the OOM killer): the guard waits on a pipe that only hpdeck
holds open, and the kernel closes it when hpdeck dies.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from typing import BinaryIO

_GUARD = (
    "import os, signal, sys\n"
    "sys.stdin.buffer.read()\n"
    "try:\n"
    "    os.killpg(int(sys.argv[1]), signal.SIGKILL)\n"
    "except OSError:\n"
    "    pass\n"
)


def run(command: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    """``command``'s result, its whole process group killed on timeout, error or our death.

    Raises subprocess.TimeoutExpired (after the group is gone) and OSError as subprocess.run.
    """
    if os.name != "posix":
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    process = None
    watcher = None
    try:
        with _held() as unheld:
            process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                text=True,
                start_new_session=True,
                preexec_fn=unheld,
            )
            watcher = guard(process.pid)
        out, err = process.communicate(timeout=timeout)
    except BaseException:  # a timeout, Ctrl+C, SystemExit from a signal handler
        if process is not None:
            stop(process)
        raise
    finally:
        release(watcher)
    return subprocess.CompletedProcess(command, process.returncode, out, err)


@contextlib.contextmanager
def started(command: list[str], log: BinaryIO) -> Iterator[subprocess.Popen[bytes]]:
    """``command`` running while the block runs, its output into ``log`` (a pipe nobody reads
    could fill and stall it); its whole group is killed when the block is left before it ended
    (an error, Ctrl+C) or when hpdeck dies."""
    process = None
    watcher = None
    try:
        with _held() as unheld:
            process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=os.name == "posix",
                preexec_fn=unheld,
            )
            if os.name == "posix":
                watcher = guard(process.pid)
        yield process
    finally:
        if process is not None and process.poll() is None:
            stop(process)
        release(watcher)


_HELD = {signal.SIGINT, signal.SIGTERM} if os.name == "posix" else set()


@contextlib.contextmanager
def _held() -> Iterator[Callable[[], None] | None]:
    """Ctrl+C and SIGTERM wait while a program and its guard start, and arrive (inside the
    caller's cleanup) once both are known: one arriving while Popen waits for the program to
    start would leave it running with nothing to stop it. Yields what the program runs before
    it starts, to start with the signals it would have had (None when nothing was held).

    Only the main thread receives signals, so only there is anything held."""
    if not _HELD or threading.current_thread() is not threading.main_thread():
        yield None
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)

    def unheld() -> None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    try:
        yield unheld
    finally:
        unheld()


def guard(group: int) -> subprocess.Popen[bytes] | None:
    """The process that kills ``group`` once our end of its pipe closes; None if it cannot start."""
    try:
        return subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _GUARD, str(group)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return None


def release(watcher: subprocess.Popen[bytes] | None) -> None:
    """Let a guard end its group now, and reap it (a busy machine may take seconds)."""
    if watcher is None:
        return
    with contextlib.suppress(OSError):
        watcher.stdin.close()  # type: ignore[union-attr]
    try:
        watcher.wait(timeout=30)
    except subprocess.TimeoutExpired:
        watcher.kill()
        watcher.wait()


def stop(process: subprocess.Popen[str] | subprocess.Popen[bytes]) -> None:
    """Kill ``process`` and everything it started in its group, and reap it."""
    with contextlib.suppress(OSError):
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    with contextlib.suppress(OSError, subprocess.TimeoutExpired, ValueError):
        process.communicate(timeout=10)
