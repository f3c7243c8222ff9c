"""Command-line conventions every hpdeck command shares: how much to say, in which language,
one style for errors, and shell completion of municipality slugs and themes."""

from __future__ import annotations

import atexit
import difflib
import functools
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from click.shell_completion import CompletionItem

from hpdeck import helptext, messages
from hpdeck.languages import NAMED
from hpdeck.messages import prefixed, say

F = TypeVar("F", bound=Callable[..., Any])


class ExistingPath(click.Path):
    """A file or folder that must exist, refused in the user's language (click's own
    'File ... does not exist.' is English whatever --ui-lang says)."""

    def __init__(self, *, folder: bool) -> None:
        super().__init__(path_type=Path, file_okay=not folder, dir_okay=folder, exists=True)
        self.folder = folder

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        path = Path(os.fsdecode(value))
        if not path.exists():
            self.fail(
                say("usage.no_file", path=messages.shown(str(path))) + _near(path), param, ctx
            )
        if path.is_dir() != self.folder:
            key = "usage.not_folder" if self.folder else "usage.is_folder"
            self.fail(say(key, path=messages.shown(str(path))), param, ctx)
        return super().convert(value, param, ctx)


class OneOf(click.Choice):
    """click's Choice, refused in the user's language (click's 'is not one of' is English),
    with the nearest choice, or the code of a language named ('--lang nynorsk': nn)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            choices = [str(choice) for choice in self.choices]
            message = say("usage.not_one_of", value=messages.shown(value), names=", ".join(choices))
            near = [
                NAMED.get(str(value).casefold(), ""),
                *difflib.get_close_matches(value, choices),
            ]
            found = next((choice for choice in near if choice in choices), None)
            if found:
                message += say("v.did_you_mean", value=messages.shown(found))
            self.fail(message, param, ctx)


class WholeNumber(click.IntRange):
    """A whole number from ``low`` (up to ``high``), refused in the user's language, and its
    range in the help said in it too ('[minst 1]', not click's '[x>=1]')."""

    def __init__(self, low: int, high: int | None = None) -> None:
        super().__init__(low, high)
        self.low, self.high = low, high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            number = int(value)
        except (TypeError, ValueError):
            self.fail(say("usage.not_whole", value=messages.shown(value)), param, ctx)
        given = messages.shown(value)
        if self.high is None and number < self.low:
            self.fail(say("usage.at_least", value=given, low=self.low), param, ctx)
        if self.high is not None and not self.low <= number <= self.high:
            self.fail(say("usage.between", value=given, low=self.low, high=self.high), param, ctx)
        return number

    def _describe_range(self) -> str:
        """The range in an option's help: click asks its range type for this (the only way
        to word it; click's own is a formula), in words matching the errors above."""
        if self.high is None:
            return say("help.range.at_least", low=self.low)
        return say("help.range.between", low=self.low, high=self.high)


def _near(path: Path) -> str:
    """'; did you mean …?' for a misspelt file name (decks/monthly.yaml) from its folder, or
    for a deck named without its folder (monthly-briefing.yaml for decks/monthly-briefing.yaml)."""
    names = []
    for folder, prefix in ((path.parent, ""), (path.parent / "decks", "decks/")):
        try:
            names += [prefix + p.name for p in folder.iterdir()] if folder.is_dir() else []
        except OSError:
            continue
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.5)
    return (
        say("usage.did_you_mean", name=messages.shown(str(path.parent / close[0]))) if close else ""
    )


class Main(helptext.Group):
    """The hpdeck group: help and usage errors in the user's language, errors with the same
    'error:' prefix as every other error (click's own says 'Error:'), exit status 2."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """An unknown command refused in the user's language, with the nearest one."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            hint = say("usage.did_you_mean", name=close[0]) if close else ""
            ctx.fail(say("usage.no_command", name=messages.shown(name)) + hint)
        return super().resolve_command(ctx, args)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        messages.set_level(messages.NORMAL)  # -q/-v of this invocation only
        given = kwargs.get("args", args[0] if args else None)
        helptext.choose_language(sys.argv[1:] if given is None else list(given))
        helptext.localize(self)
        _no_last_collection()
        _one_blas_thread()
        try:
            result = super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as err:
            click.echo(err.ctx.get_help(), err=True)
            sys.exit(err.exit_code)
        except click.UsageError as err:
            if err.ctx is not None:
                click.echo(err.ctx.get_usage(), err=True)
                click.echo(say("usage.try_help", command=err.ctx.command_path), err=True)
            click.echo(prefixed("error", _usage_message(err)), err=True)
            sys.exit(err.exit_code)
        except click.ClickException as err:
            err.show()
            sys.exit(err.exit_code)
        except click.Abort as err:
            click.echo(say("aborted"), err=True)
            # Ctrl-C: 128 + SIGINT, as shells and scripts expect of an interrupted command.
            sys.exit(130 if isinstance(err.__context__, KeyboardInterrupt) else 1)
        sys.exit(result if isinstance(result, int) else 0)


def _one_blas_thread() -> None:
    """numpy's BLAS (OpenBLAS in its wheels) starts a thread per core when numpy is imported,
    and they spin while it sets up: about 0.1 s of CPU in every process that draws a chart,
    taken from the process beside it (a batch's drawing helper imports numpy while the batch
    does). hpdeck multiplies no matrices. A user's own setting is kept."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


@functools.cache
def _no_last_collection() -> None:
    """Spare the process the collector's last pass at exit: a command holds a million or so
    objects (parsed content, plans, fonts, a batch's memos, matplotlib's), and Python's final
    collection walks them all, 0.15-0.3 s of every command (a fifth of a build). The memory goes
    back to the system whole; exit handlers and finalisers still run."""
    atexit.register(gc.freeze)


def _usage_message(err: click.UsageError) -> str:
    """Click's usage errors in the user's language where they name what went wrong."""
    if isinstance(err, click.NoSuchOption):
        close = say("usage.did_you_mean", name=err.possibilities[0]) if err.possibilities else ""
        return say("usage.no_option", name=err.option_name) + close
    if isinstance(err, click.MissingParameter):
        missing = err.param.get_error_hint(err.ctx) if err.param and err.ctx else ""
        return say("usage.missing", param=missing)
    if isinstance(err, click.BadParameter):
        hint: str | Sequence[str] | None = err.param_hint
        if hint is None and err.param is not None and err.ctx is not None:
            hint = err.param.get_error_hint(err.ctx)
        if hint is not None and not isinstance(hint, str):
            hint = " / ".join(hint)
        if hint:
            return say("usage.bad_value", param=hint, message=err.message)
    return err.format_message()


def _quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        messages.set_level(messages.QUIET)


def _verbose(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        messages.set_level(messages.VERBOSE)


def _ui_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:  # in the environment, so worker processes speak it too
        os.environ[messages.ENV] = value


def project_option(help_key: str) -> Callable[[F], F]:
    """--project for commands that work on a whole project rather than a deck file; its help
    (``help_key``) says which of the project's folders the command works on."""
    return click.option(
        "--project",
        "root",
        type=ExistingPath(folder=True),
        default=Path("."),
        show_default=True,
        metavar="help.metavar.folder",
        help=help_key,
    )


def common(command: F) -> F:
    """Add -q/--quiet, -v/--verbose and --ui-lang to a command."""
    for option in (
        click.option(
            "--ui-lang",
            type=OneOf(messages.UI_LANGUAGES),
            is_eager=True,
            expose_value=False,
            callback=_ui_lang,
            help="help.option.ui_lang",
        ),
        click.option(
            "-v",
            "--verbose",
            is_flag=True,
            expose_value=False,
            callback=_verbose,
            help="help.option.verbose",
        ),
        click.option(
            "-q",
            "--quiet",
            is_flag=True,
            expose_value=False,
            callback=_quiet,
            help="help.option.quiet",
        ),
    ):
        command = option(command)
    return command


def _project_root(ctx: click.Context) -> Path | None:
    """The project of the DECK typed so far, else the current folder if it is one."""
    deck = ctx.params.get("deck")
    candidates = [Path(deck).resolve().parent.parent] if deck else []
    candidates.append(Path.cwd())
    return next((root for root in candidates if (root / "content").is_dir()), None)


def complete_municipality(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Slugs of content/municipalities/*.yaml in the deck's project."""
    root = _project_root(ctx)
    if root is None:
        return []
    slugs = sorted(p.stem for p in (root / "content" / "municipalities").glob("*.yaml"))
    return [CompletionItem(slug) for slug in slugs if slug.startswith(incomplete)]


def complete_theme(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The project's theme folders and the themes that come with hpdeck."""
    from hpdeck.bundled import available

    root = _project_root(ctx) or Path.cwd()
    return [CompletionItem(name) for name in available(root) if name.startswith(incomplete)]
