"""What hpdeck says to the person at the terminal, in their language: bokmål, nynorsk or English.

These are the tool's messages (what it wrote, what is wrong, progress), not the deck's words
(``i18n``): a deck in English may be built by an advisor who reads bokmål. The language comes
from ``--ui-lang`` or ``HPDECK_LANG``, else from the locale (``LC_ALL``, ``LC_MESSAGES``,
``LANG``, then the operating system's), else English. Every message is in all three languages
with the same placeholders (a test holds them to it), so nothing falls back to another language.

Also here: how much to say (``--quiet`` / ``--verbose``) and one way to show a value.
"""

from __future__ import annotations

import locale
import os
from functools import cache
from importlib import resources
from typing import Any, Literal

import click
import yaml
from babel import Locale

from hpdeck.languages import LANGUAGES, Language

UiLanguage = Language
UI_LANGUAGES: tuple[UiLanguage, ...] = LANGUAGES
ENV = "HPDECK_LANG"
_BABEL = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}
# Windows reports locales by name ('Norwegian Bokmål_Norway'), POSIX by tag ('nb_NO.UTF-8').
_PREFIXES: tuple[tuple[str, UiLanguage], ...] = (
    ("nn", "nn"),
    ("norwegian nynorsk", "nn"),
    ("nb", "nb"),
    ("no", "nb"),
    ("norwegian", "nb"),
    ("en", "en"),
    ("english", "en"),
)

QUIET, NORMAL, VERBOSE = 0, 1, 2
_level = NORMAL


def language_of(tag: str | None) -> UiLanguage | None:
    """The message language a locale name or tag asks for, or None when it is not one of ours."""
    tag = (tag or "").strip().lower().replace("-", "_")
    if tag in ("", "c", "posix") or tag.startswith(("c.", "posix.")):
        return None
    for prefix, language in _PREFIXES:
        if tag == prefix or tag.startswith(tuple(prefix + sep for sep in "_.@ ")):
            return language
    return None


def ui_language() -> UiLanguage:
    """The language to talk to the user in (see the module's docstring for the order)."""
    chosen = language_of(os.environ.get(ENV))
    if chosen:
        return chosen
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:  # the first one set decides, as for every POSIX program
            return language_of(value) or "en"
    try:
        system = locale.getlocale()[0]
    except ValueError:
        system = None
    return language_of(system) or "en"


FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it: the shipped catalogs are read at every
start, and the pure-Python parser spent most of a second on them."""


@cache
def _catalog(language: UiLanguage) -> dict[str, object]:
    text = resources.files("hpdeck").joinpath(f"locales/messages/{language}.yaml")
    return yaml.load(text.read_text("utf-8"), Loader=FAST_SAFE_LOADER)


def plural_form(language: UiLanguage, count: float) -> str:
    """CLDR's plural category of ``count`` in ``language`` ('one' or 'other' for ours)."""
    return Locale.parse(_BABEL[language]).plural_form(abs(count))


def say(
    key: str, /, count: float | None = None, *, language: UiLanguage | None = None, **values: object
) -> str:
    """Message ``key`` in the user's language, filled with ``values``.

    A message with forms per count (a mapping with ``one`` and ``other``) is picked by
    ``count``, which is also available as ``{count}``.
    """
    language = language or ui_language()
    entry = _catalog(language).get(key)
    if entry is None:
        raise KeyError(f"message {key!r} is missing from the {language} messages")
    if isinstance(entry, dict):
        if count is None:
            raise TypeError(f"message {key!r} needs a count")
        entry = entry.get(plural_form(language, count), entry["other"])
    if count is not None:
        values["count"] = count
    return str(entry).format(**values)


def template(key: str, /) -> str:
    """Message ``key`` unfilled, for a page that fills in its ``{placeholders}`` itself."""
    language = ui_language()
    entry = _catalog(language).get(key)
    if not isinstance(entry, str):
        raise KeyError(f"message {key!r} is missing from the {language} messages")
    return entry


def seconds_text(seconds: float) -> str:
    """A duration to a tenth of a second with the language's decimal sign: 1,5 / 1.5."""
    from babel.numbers import format_decimal

    return format_decimal(seconds, format="0.0", locale=_BABEL[ui_language()])


def number(value: float) -> str:
    """A number as few digits as it needs, with the language's decimal sign: 4,5 / 4.5."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_BABEL[ui_language()])


def percent(share: float) -> str:
    """A share as a whole percentage the language's way: 15 % / 15%."""
    from babel.numbers import format_percent

    return format_percent(share, locale=_BABEL[ui_language()])


def decimals(**values: float) -> dict[str, Any]:
    """Measurements to two decimals with the language's decimal sign: 0,72 / 0.72.

    Typed ``Any`` so the result can be spread into :func:`say` beside its own parameters.
    """
    from babel.numbers import format_decimal

    locale = _BABEL[ui_language()]
    return {
        name: format_decimal(value, format="0.00", locale=locale) for name, value in values.items()
    }


def shown(value: object) -> str:
    """A value as the user typed or sees it, in quotes: no escapes, non-breaking spaces as
    spaces, so '7. desember 2022' reads as on the slide rather than '7.\\xa0desember\\xa02022'."""
    text = str(value).replace("\u00a0", " ").replace("\u00ad", "").replace("\u2011", "-")
    return f"'{text}'"


def set_level(level: int) -> None:
    """How much to say: QUIET (problems only), NORMAL, VERBOSE (also what was found and used)."""
    global _level
    _level = level


def level() -> int:
    return _level


def info(text: str) -> None:
    """A result the user asked for ('wrote …'); left out with --quiet."""
    if _level >= NORMAL:
        click.echo(text)


def detail(text: str) -> None:
    """Background for the curious (fonts used, timings, cache); only with --verbose."""
    if _level >= VERBOSE:
        click.echo(text, err=True)


def warn(text: str) -> None:
    """Something the user should look at; shown even with --quiet, on stderr."""
    click.echo(text, err=True)


def prefixed(kind: Literal["error", "warning"], text: str) -> str:
    """``text`` after the one prefix style for its kind: 'error: …' / 'feil: …'."""
    return f"{say('prefix.' + kind)}: {text}"
