"""Writing output so that a failure, however late, keeps the previous file whole."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hpdeck.errors import OUT_HINT, cannot_write


def write_atomic(path: Path, data: bytes, *, hint: str = OUT_HINT,
                 display: str | None = None) -> None:
    """Replace ``path`` only once the new file is complete, so a failure keeps the old one.

    A failure is reported as ``display`` (the path as the user knows it) with ``hint``.
    """
    shown = display or path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise cannot_write(shown, exc, hint) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise cannot_write(shown, exc, hint) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
