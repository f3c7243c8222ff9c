"""The one door every project file is read through: inside the project, a regular file, of
bounded size, with one error line per file instead of a hang, a traceback or a full memory.

A FIFO named ``x.yaml`` would block a plain ``open()`` forever, a symlink to ``/dev/zero``
would be read until memory runs out, and an editor's lock file ``.#vision.yaml`` is a
dangling symlink; none of them may stop a build that does not use them.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from hpdeck.errors import ContentError

_WHY = {
    errno.ENOENT: "file not found",
    errno.EISDIR: "this is a folder, not a file",
    errno.ELOOP: "a symlink loop (a link that points back at itself); remove the link",
    errno.ENAMETOOLONG: "the file name is too long for this system; shorten it",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
}


def inside_project(path: Path, root: Path, *, display: str) -> Path:
    """Resolve path (relative ones from root) and refuse it if it or a symlink leaves root."""
    try:
        base = root.resolve()
        resolved = (base / path).resolve()
    except RuntimeError:  # Python before 3.13 says "Symlink loop from <path>"
        raise ContentError.single(display, _WHY[errno.ELOOP]) from None
    except OSError as exc:
        raise ContentError.single(
            display, _WHY.get(exc.errno or 0) or f"cannot resolve path ({_reason(exc)})"
        ) from None
    if not resolved.is_relative_to(base):
        raise ContentError.single(display, "path leaves the project folder")
    return resolved


def read_project_file(
    path: Path, root: Path, *, display: str, limit: int, too_large: str | None = None
) -> bytes:
    """The bytes of a project file, refused unless it is a regular file inside ``root`` of at
    most ``limit`` bytes (``too_large`` is then the message)."""
    resolved = inside_project(path, root, display=display)
    return read_regular(resolved, display=display, limit=limit, too_large=too_large)


def read_regular(path: Path, *, display: str, limit: int, too_large: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; never blocks on a pipe."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ContentError.single(
            display, _WHY.get(exc.errno or 0) or f"cannot read ({_reason(exc)})"
        ) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ContentError.single(display, _WHY[errno.EISDIR])
        if not stat.S_ISREG(info.st_mode):
            raise ContentError.single(
                display,
                f"not a regular file ({_kind(info.st_mode)}); "
                "remove it or replace it with a real file",
            )
        message = too_large or (
            f"file is larger than {_size(limit)}; "
            "this file is far larger than any such file should be"
        )
        if info.st_size > limit:
            raise ContentError.single(display, message)
        chunks, total = [], 0
        while total <= limit:  # the size may grow while reading; read one byte past the limit
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise ContentError.single(display, message)
        return b"".join(chunks)
    except OSError as exc:
        raise ContentError.single(display, f"cannot read ({_reason(exc)})") from None
    finally:
        os.close(fd)


def is_litter(path: Path) -> bool:
    """Hidden files, editor lock and backup files: never content, skipped by every folder scan."""
    name = path.name
    return name.startswith((".", "#", "~$")) or name.endswith(("~", ".swp", ".tmp"))


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def _size(limit: int) -> str:
    return f"{limit // 2**20} MiB" if limit >= 2**20 else f"{limit // 1024} KiB"


def _reason(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)) or type(
        exc
    ).__name__
