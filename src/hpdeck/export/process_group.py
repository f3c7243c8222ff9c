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
from collections.abc import Iterator
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
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    watcher = None
    try:  # the guard starts inside: a Ctrl+C while it starts (a busy machine) still stops soffice
        watcher = guard(process.pid)
        out, err = process.communicate(timeout=timeout)
    except BaseException:  # a timeout, Ctrl+C, SystemExit from a signal handler
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
    process = subprocess.Popen(
        command,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=os.name == "posix",
    )
    watcher = None
    try:
        if os.name == "posix":
            watcher = guard(process.pid)
        yield process
    finally:
        if process.poll() is None:
            stop(process)
        release(watcher)


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
