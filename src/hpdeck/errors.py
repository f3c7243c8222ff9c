"""One exception tree for everything a user can cause; anything else is a bug."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass

import click

from hpdeck.messages import prefixed, say


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located so an editor can jump to it."""

    file: str
    line: int | None
    col: int | None
    where: str
    message: str
    warning: bool = False

    @property
    def place(self) -> str:
        """Where, as an editor jumps to it: file:line:col, or a workbook sheet's cell (x!B7)."""
        place = self.file
        if "!" in self.file and self.line is not None and self.col is not None:
            place += f"!{_column(self.col)}{self.line}"  # a workbook's sheet: name the cell
        elif self.line is not None:
            place += f":{self.line}"
            if self.col is not None:
                place += f":{self.col}"
        return place

    def __str__(self) -> str:
        place = self.place
        label = f"{say('prefix.warning')}: " if self.warning else ""
        where = f"{self.where}: " if self.where else ""
        return f"{place}: {label}{where}{self.message}"


def _column(col: int) -> str:
    """Excel's letters for a 1-based column number: 1 -> A, 27 -> AA."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class HpdeckError(click.ClickException):
    """Base of every error caused by input rather than by a bug; exits 1."""

    exit_code = 1

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        click.echo(prefixed("error", self.format_message()), err=True, file=file)


class ContentError(HpdeckError):
    """Content, deck or municipality files that do not validate; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(  # once each: a file read by two steps is reported by both
            dict.fromkeys(problems),
            key=lambda p: (p.file, p.line or 0, p.col or 0, p.where, p.message),
        )
        super().__init__("\n".join(str(p) for p in self.problems))

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        for problem in self.problems:
            click.echo(str(problem), err=True, file=file)
        click.echo(say("problems.found", len(self.problems)) + ".", err=True, file=file)

    @classmethod
    def single(
        cls,
        file: str,
        message: str,
        *,
        line: int | None = None,
        col: int | None = None,
        where: str = "",
    ) -> ContentError:
        return cls([Problem(file, line, col, where, message)])


class UsageProblem(HpdeckError):
    """A request that cannot work as asked (exit 2), found past the command line's own parsing:
    the pipeline says what is wrong and which option, the command line shows it as usage."""

    exit_code = 2

    def __init__(self, message: str, option: str | None = None) -> None:
        super().__init__(message)
        self.option = option


class ThemeError(HpdeckError):
    """A theme folder that is missing, malformed or points outside the project."""


class RenderError(HpdeckError):
    """Writing the deck, a chart or a PDF failed for a reason the user can act on."""


_WHY = {
    errno.ENOENT: "ENOENT",
    errno.ENOTDIR: "ENOTDIR",
    errno.EISDIR: "EISDIR",
    errno.EACCES: "EACCES",
    errno.EPERM: "EACCES",
    errno.EROFS: "EROFS",
    errno.ENOSPC: "ENOSPC",
    errno.EDQUOT: "EDQUOT",
}
# Windows refuses to replace a file another program holds open (a deck open in PowerPoint):
# a sharing or lock violation, or "access denied" on a file that exists.
_WIN_LOCKED, _WIN_DENIED = (32, 33), 5

OUT_HINT = "choose a folder you can write to with --out"
_HINTS = {OUT_HINT: "write.hint.out"}


def _locked(exc: OSError) -> bool:
    winerror = getattr(exc, "winerror", None)
    target = exc.filename2 or exc.filename
    return winerror in _WIN_LOCKED or (
        winerror == _WIN_DENIED and bool(target) and os.path.isfile(target)
    )


def cannot_write(path: object, exc: OSError, hint: str) -> RenderError:
    """One line for any OSError while writing output: which path, why, and what to do."""
    if _locked(exc):
        why, hint = say("write.why.locked"), say("write.hint.locked")
    else:
        key = _WHY.get(exc.errno or 0)
        why = say(f"write.why.{key}") if key else exc.strerror or str(exc)
        hint = say(_HINTS[hint]) if hint in _HINTS else hint
    return RenderError(say("write.cannot", path=path, why=why, hint=hint))
