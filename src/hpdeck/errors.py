"""One exception tree for everything a user can cause; anything else is a bug."""

from __future__ import annotations

import errno
from collections.abc import Iterable
from dataclasses import dataclass

import click


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located so an editor can jump to it."""

    file: str
    line: int | None
    col: int | None
    where: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.col is not None:
                place += f":{self.col}"
        label = "warning: " if self.warning else ""
        where = f"{self.where}: " if self.where else ""
        return f"{place}: {label}{where}{self.message}"


class HpdeckError(click.ClickException):
    """Base of every error caused by input rather than by a bug; exits 1."""

    exit_code = 1

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        click.echo(f"error: {self.format_message()}", err=True, file=file)


class ContentError(HpdeckError):
    """Content, deck or municipality files that do not validate; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.col or 0,
                                                        p.where, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        for problem in self.problems:
            click.echo(str(problem), err=True, file=file)
        count = len(self.problems)
        click.echo(f"{count} problem{'s' if count != 1 else ''} found; nothing was built.",
                   err=True, file=file)

    @classmethod
    def single(cls, file: str, message: str, *, line: int | None = None,
               col: int | None = None, where: str = "") -> ContentError:
        return cls([Problem(file, line, col, where, message)])


class ThemeError(HpdeckError):
    """A theme folder that is missing, malformed or points outside the project."""


class RenderError(HpdeckError):
    """Writing the deck, a chart or a PDF failed for a reason the user can act on."""


_WHY = {errno.ENOENT: "no such folder, and it cannot be created there",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.EISDIR: "a folder of that name is in the way",
        errno.EACCES: "permission denied", errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only", errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up"}


OUT_HINT = "choose a folder you can write to with --out"


def cannot_write(path: object, exc: OSError, hint: str) -> RenderError:
    """One line for any OSError while writing output: which path, why, and what to do."""
    why = _WHY.get(exc.errno or 0) or exc.strerror or str(exc)
    return RenderError(f"cannot write {path}: {why}; {hint}")
