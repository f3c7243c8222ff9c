"""Writing output so that a failure, however late, keeps the previous file whole."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from hpdeck.errors import OUT_HINT, cannot_write


def write_atomic(
    path: Path,
    data: bytes,
    *,
    hint: str = OUT_HINT,
    display: str | None = None,
    durable: bool = True,
) -> None:
    """Replace ``path`` only once the new file is complete and on disk, so a failure (or a
    power cut) keeps the old one.

    The temporary file is named after this process, so the next write of the same file removes
    what a killed build left behind. A failure is reported as ``display`` (the path as the user
    knows it) with ``hint``. A cache's file is not ``durable``: readers still see it whole or
    not at all, but it is not forced to disk (two waits per file on a laptop's disk), since
    one lost in a power cut is only made again.
    """
    shown = display or path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(path)
        fd, tmp = tempfile.mkstemp(
            dir=path.parent, prefix=f"{_prefix(path)}{os.getpid()}.", suffix=".tmp"
        )
    except OSError as exc:
        raise cannot_write(shown, exc, hint) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        if durable:
            _sync_folder(path.parent)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise cannot_write(shown, exc, hint) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _prefix(path: Path) -> str:
    return f".{path.name}."


def remove_stale_temporaries(path: Path) -> None:
    """Delete hidden ``.<name>.<pid>.*.tmp`` files beside ``path`` whose writer is gone."""
    prefix = _prefix(path)
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            name = entry.name
            if not (name.startswith(prefix) and name.endswith(".tmp")):
                continue
            pid = name[len(prefix) :].split(".", 1)[0]
            if pid.isdigit() and not alive(int(pid)):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def alive(pid: int) -> bool:
    """Whether a process with this id runs (one we may not signal counts as running; one that
    has ended but is not yet reaped by its parent does not)."""
    if pid == os.getpid() or os.name == "nt":  # Windows' os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return not _ended(pid)


def _ended(pid: int) -> bool:
    """Whether ``pid`` is a zombie: ended, its parent not yet told (Linux; elsewhere no)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            # "pid (name) state ...": the name may hold spaces and parentheses
            return stat.read().rpartition(b")")[2].split()[0] == b"Z"
    except (OSError, IndexError):
        return False


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; best effort, as not every system can open folders."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
