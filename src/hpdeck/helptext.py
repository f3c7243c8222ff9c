"""The command line's help (``--help``, usage lines) in the user's language, like its messages.

A command's or option's ``help=`` and ``metavar=`` hold a message key (``help.build``,
``help.metavar.deck``), never text: each text lives once, in ``locales/messages/*.yaml``, in all
three languages, and a test walks the commands for help that no catalog holds. A command's
``short_help=`` (``help.summary.build``) is its line in its group's list of commands, written
whole: click would otherwise cut the first sentence of its help to what the line has room
for, mid-sentence with '...'. Before click
parses anything, :func:`localize` puts the user's language's text on every command, option
and argument, so click's help, usage lines, error hints and shell completion all read it.

Click's own words (``Usage:``, ``Options``, ``Commands``, ``Show this message and exit.``,
``[default: …]``) are written through :class:`HelpFormatter` (``Context.formatter_class``),
which click uses for every help page and usage line; its ``[OPTIONS]`` and ``COMMAND
[ARGS]...`` are attributes :func:`localize` sets. Not gettext, although click marks these
words with ``_()``: click calls the process-wide ``gettext`` domain, whose language comes from
``LANGUAGE``/``LC_*`` rather than ``--ui-lang``/``HPDECK_LANG`` and whose texts would live in
compiled ``.mo`` files, a second home for them and a switch every other library would see.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence

import click

from hpdeck import messages

CLICK_WORDS = {
    "Usage:": "help.click.usage",
    "Options": "help.click.options",
    "Commands": "help.click.commands",
    "Positional arguments": "help.click.arguments",
    "Show this message and exit.": "help.click.help",
}
"""Click's fixed English words in help pages, by the message key of their translation."""

_KEYS: dict[tuple[int, str], str] = {}
"""The message key each command's or parameter's attribute held before :func:`localize`
replaced it with text, by (object id, attribute): the tree is built once per process, and each
invocation (a test runs many) may ask for another language."""

_TREE: list[object] = []
"""Keeps the localized objects alive, so an id in ``_KEYS`` is never reused by another."""


def text(key: str) -> str:
    """The user's language's text for ``key``; a plain text (not a key) as it is, so a help
    nobody has translated yet still shows (tests/test_help.py fails on it)."""
    try:
        return messages.template(key)
    except KeyError:
        return key


def choose_language(args: Sequence[str]) -> None:
    """Let ``--ui-lang`` count wherever it stands on the command line.

    Click acts on ``--help`` the moment it reads it, so in ``hpdeck build --help --ui-lang nn``
    (or with ``--ui-lang`` given to the group, ``hpdeck --ui-lang nn build --help``, when click
    is already past it) the option's own callback would come too late or not at all. A value
    click would refuse is left to click to refuse; the last one given wins, as in click.
    """
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg.startswith("--ui-lang="):
            value: str | None = arg.removeprefix("--ui-lang=")
        elif arg == "--ui-lang" and index + 1 < len(args):
            value = args[index + 1]
        else:
            continue
        if value in messages.UI_LANGUAGES:
            os.environ[messages.ENV] = value


def localize(command: click.Command) -> None:
    """Put the user's language's help texts and metavars on ``command`` and all below it."""
    for item in _walk(command):
        if isinstance(item, click.Group):
            _set(item, "subcommand_metavar", "help.click.subcommands")
        if isinstance(item, click.Command):
            _set(item, "help", None)
            _set(item, "short_help", None)
            _set(item, "options_metavar", "help.click.options_metavar")
        else:
            _set(item, "help", None)
            _set(item, "metavar", None)


def key_of(item: click.Command | click.Parameter, attribute: str) -> str | None:
    """The message key ``item.attribute`` was given in the code (its value before
    :func:`localize`), for tests that hold every help to a catalog."""
    return _KEYS.get((id(item), attribute), getattr(item, attribute, None))


def commands(command: click.Command) -> Iterator[click.Command]:
    """``command`` and every command below it."""
    yield command
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from commands(sub)


def _walk(command: click.Command) -> Iterator[click.Command | click.Parameter]:
    for each in commands(command):
        yield each
        yield from each.params


def _set(item: object, attribute: str, default_key: str | None) -> None:
    """``item.attribute`` in the user's language, from the key it was built with (or the
    default key for click's own word, which click set in English)."""
    slot = (id(item), attribute)
    if slot not in _KEYS:
        key = default_key or getattr(item, attribute, None)  # Argument.help is new in click 8.5
        if key is None:
            return
        _KEYS[slot] = key
        _TREE.append(item)
    setattr(item, attribute, text(_KEYS[slot]))


class HelpFormatter(click.HelpFormatter):
    """Click's formatter with click's own words in the user's language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = text(CLICK_WORDS["Usage:"]) + " "
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_click_words(heading))

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        super().write_dl([(term, _click_words(help)) for term, help in rows], col_max, col_spacing)


def _click_words(written: str) -> str:
    """A heading or an option's help with click's English in the user's language: the help
    option's text, and the '[default: …]' click adds after a help."""
    key = CLICK_WORDS.get(written)
    if key:
        return text(key)
    return written.replace("  [default: ", f"  [{text('help.click.default')} ")


class Context(click.Context):
    formatter_class = HelpFormatter


class Command(click.Command):
    """A command whose help pages and usage lines are in the user's language."""

    context_class = Context


class Group(click.Group):
    """A group whose help pages, usage lines and commands are in the user's language."""

    context_class = Context
    command_class = Command
    group_class = type


def param_hint(name: str) -> str:
    """How click names the running command's parameter ``name`` in an error ('THEME', 'TEMA'),
    for the errors a command finds itself, after click has parsed its parameters."""
    ctx = click.get_current_context()
    param = next(p for p in ctx.command.params if p.name == name)
    return param.get_error_hint(ctx)
