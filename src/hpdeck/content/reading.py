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
from hpdeck.messages import say

_WHY = {
    errno.ENOENT: "read.ENOENT",
    errno.EISDIR: "read.EISDIR",
    errno.ELOOP: "read.ELOOP",
    errno.ENAMETOOLONG: "read.ENAMETOOLONG",
    errno.EACCES: "read.EACCES",
    errno.EPERM: "read.EACCES",
    errno.ENOTDIR: "read.ENOTDIR",
}


def _why(exc: OSError, otherwise: str) -> str:
    """The user's-language reason for a failed open, else ``otherwise`` with the system's."""
    key = _WHY.get(exc.errno or 0)
    return say(key) if key else say(otherwise, why=_reason(exc))


def inside_project(path: Path, root: Path, *, display: str) -> Path:
    """Resolve path (relative ones from root) and refuse it if it or a symlink leaves root."""
    try:
        base = root.resolve()
        resolved = (base / path).resolve()
    except RuntimeError:  # Python before 3.13 says "Symlink loop from <path>"
        raise ContentError.single(display, say("read.ELOOP")) from None
    except OSError as exc:
        raise ContentError.single(display, _why(exc, "read.cannot_resolve")) from None
    if not resolved.is_relative_to(base):
        raise ContentError.single(display, say("read.outside"))
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
        raise ContentError.single(display, _why(exc, "read.cannot_read")) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ContentError.single(display, say("read.EISDIR"))
        if not stat.S_ISREG(info.st_mode):
            raise ContentError.single(display, say("read.not_regular", kind=_kind(info.st_mode)))
        message = too_large or say("read.too_large", size=_size(limit))
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
        raise ContentError.single(display, say("read.cannot_read", why=_reason(exc))) from None
    finally:
        os.close(fd)


def is_litter(path: Path) -> bool:
    """Hidden files, editor lock and backup files: never content, skipped by every folder scan."""
    name = path.name
    return name.startswith((".", "#", "~$")) or name.endswith(("~", ".swp", ".tmp"))


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return say("read.kind.pipe")
    if stat.S_ISSOCK(mode):
        return say("read.kind.socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return say("read.kind.device")
    return say("read.kind.other")


def _size(limit: int) -> str:
    return f"{limit // 2**20} MiB" if limit >= 2**20 else f"{limit // 1024} KiB"


def _reason(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)) or type(
        exc
    ).__name__
