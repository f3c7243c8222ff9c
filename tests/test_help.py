"""`hpdeck --help` and every command's help speak the user's language, as the messages do:
bokmål, nynorsk (real nynorsk) or English, chosen by --ui-lang wherever it stands, HPDECK_LANG
or the locale, with click's own words (Usage, Options, …) translated too."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import click
import pytest
import yaml
from click.testing import CliRunner

from hpdeck import helptext
from hpdeck.check import langcheck
from hpdeck.commands.cli import main

from .conftest import REPO

CATALOGS = REPO / "src" / "hpdeck" / "locales" / "messages"
LANGUAGES = ("nb", "nn", "en")
PAGES = [
    [*command.split(), "--help"]
    for command in (
        "",
        "build",
        "check",
        "preview",
        "init",
        "check-theme",
        "new-month",
        "schema",
        "registry",
        "registry export",
    )
]
CLICK_ENGLISH = (
    "Usage:",
    "Options:",
    "Commands:",
    "Show this message",
    "Show the version",
    "[default:",
    "[OPTIONS]",
    "COMMAND [ARGS]",
    "DIRECTORY",
    " TEXT",
    "INTEGER",
)
"""Click's English in a help page: its fixed words and the names of its types."""


def catalog(language: str) -> dict[str, object]:
    return yaml.safe_load((CATALOGS / f"{language}.yaml").read_text("utf-8"))


def page(args: list[str], language: str | None = "en", **environment: str) -> str:
    env: dict[str, str | None] = {"HPDECK_LANG": language, **environment}
    result = CliRunner().invoke(main, args, env=env, prog_name="hpdeck")
    assert result.exit_code == 0, result.output
    return result.output


def test_every_command_and_option_has_its_help_in_every_catalog() -> None:
    """Help written as English text in the code, or a key one language lacks, fails here."""
    catalogs = {language: catalog(language) for language in LANGUAGES}
    missing = []
    for command in helptext.commands(main):
        texts: list[tuple[object, str]] = [(command, "help")]
        if command is not main:  # a line in its group's list of commands
            texts.append((command, "short_help"))
        for param in command.params:
            texts.append((param, "metavar" if isinstance(param, click.Argument) else "help"))
            if isinstance(param, click.Option) and helptext.key_of(param, "metavar"):
                texts.append((param, "metavar"))
        for item, attribute in texts:
            key = helptext.key_of(item, attribute)  # type: ignore[arg-type]
            for language, entries in catalogs.items():
                if not isinstance(key, str) or key not in entries:
                    missing.append((command.name, getattr(item, "name", ""), key, language))
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("args", PAGES, ids=lambda args: " ".join(args[:-1]) or "hpdeck")
def test_help_pages_are_in_the_users_language(language: str, args: list[str]) -> None:
    shown = page(args, language)
    assert shown.startswith("Usage: hpdeck" if language == "en" else "Bruk: hpdeck")
    assert re.search(r"\bhelp\.[a-z]", shown) is None  # no message key instead of its text
    if language != "en":
        assert [word for word in CLICK_ENGLISH if word in shown] == []
        # the page as the user reads it: no bokmål in nynorsk, no nynorsk in bokmål (option
        # names and paths such as content/municipalities/ are no words of either)
        assert langcheck.mismatch(shown, language) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("group", [[], ["registry"]], ids=["hpdeck", "registry"])
def test_the_list_of_commands_gives_each_its_whole_summary(language: str, group: list[str]) -> None:
    """Each command's line in the list is its summary as the catalog writes it, on one line of
    an 80-column terminal: never a sentence of its help cut off with '...'."""
    shown = page([*group, "--help"], language, COLUMNS="80")
    heading = {"en": "Commands:", "nb": "Kommandoer:", "nn": "Kommandoar:"}[language]
    listed = shown.split(f"\n{heading}\n")[1].splitlines()
    summaries = catalog(language)
    command = main.commands[group[0]] if group else main
    assert isinstance(command, click.Group)
    expected = [
        (name, summaries[f"help.summary.{'_'.join([*group, name]).replace('-', '_')}"])
        for name in sorted(command.commands)
    ]
    assert [tuple(line.split(maxsplit=1)) for line in listed] == expected
    assert all(len(line) <= 80 for line in listed)
    assert not any(line.endswith(("...", "…")) for line in listed)


@pytest.mark.parametrize(
    ("language", "jobs", "port"),
    [
        ("en", "processors. [at least 1]", "[default: 8000; from 0 to 65535]"),
        ("nb", "prosessorer. [minst 1]", "[standard: 8000; fra 0 til 65535]"),
        ("nn", "prosessorar. [minst 1]", "[standard: 8000; frå 0 til 65535]"),
    ],
)
def test_an_options_range_is_said_in_the_users_language(
    language: str, jobs: str, port: str
) -> None:
    """As the error for a number outside it says it, not as click's formula ('x>=1'); in one
    bracket after the option's own words (--jobs says its default in them)."""
    build = " ".join(page(["build", "--help"], language).split())
    preview = " ".join(page(["preview", "--help"], language).split())
    assert jobs in build
    assert port in preview
    assert re.search(r"\bx\s*[<>]=?|[<>]=?\s*x\b", build + preview) is None


def test_nynorsk_help_reads_as_nynorsk() -> None:
    shown = page(["build", "--help"], "nn")
    assert shown.splitlines()[0] == "Bruk: hpdeck build [VAL] PRESENTASJON"
    assert "\nVal:\n" in shown
    assert "Vis denne hjelpa og avslutt." in shown
    assert "Mappa presentasjonen blir skriven til. [standard: out]" in " ".join(shown.split())
    assert "-m, --municipality KOMMUNE" in shown
    top = page(["--help"], "nn")
    assert top.splitlines()[0] == "Bruk: hpdeck [VAL] KOMMANDO [ARGUMENT]..."
    assert "\nKommandoar:\n" in top
    assert "Vis versjonen og avslutt." in top


def test_bokmal_help_says_deck_as_the_messages_do() -> None:
    """One word per thing, the messages' word: a deck is a 'presentasjon', a slide a 'lysbilde'."""
    shown = page(["preview", "--help"], "nb")
    assert shown.splitlines()[0] == "Bruk: hpdeck preview [VALG] PRESENTASJON"
    assert "Bilder av lysbildene i PRESENTASJON til godkjenning" in shown
    assert "Vis denne hjelpen og avslutt." in shown
    assert "\nValg:\n" in shown
    assert "lysbildesett" not in shown


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--help", "--ui-lang", "nn"],  # after --help, which click acts on at once
        ["build", "--ui-lang=nn", "--help"],
        ["--ui-lang", "nn", "build", "--help"],  # given to hpdeck, before the command
        ["--help", "--ui-lang", "nn"],
    ],
)
def test_ui_lang_anywhere_on_the_line_chooses_the_help(args: list[str]) -> None:
    shown = page(args, "en")
    assert shown.startswith("Bruk: hpdeck")
    assert "Vis denne hjelpa og avslutt." in shown


def test_the_locale_chooses_the_help_and_english_is_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable in ("HPDECK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    bokmal = page(["build", "--help"], None, LANG="nb_NO.UTF-8")
    assert bokmal.startswith("Bruk: hpdeck build [VALG] PRESENTASJON")
    assert "Vis denne hjelpen og avslutt." in bokmal
    english = page(["build", "--help"], None, LANG="C.UTF-8")
    assert english.startswith("Usage: hpdeck build [OPTIONS] DECK")
    assert "Show this message and exit." in english


def test_a_help_page_after_another_language_is_wholly_in_its_own() -> None:
    """The texts are put on the commands for each run, so a second run (in tests, or a long
    process) in another language shows none of the first one's."""
    page(["check", "--help"], "nn")
    shown = page(["check", "--help"], "en")
    assert "Validate DECK and every file it uses" in shown
    assert "Kontroller" not in shown


def test_usage_errors_show_the_usage_line_once_in_the_users_language() -> None:
    result = CliRunner().invoke(main, ["build"], env={"HPDECK_LANG": "nn"}, prog_name="hpdeck")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Bruk: hpdeck build [VAL] PRESENTASJON",
        "Skriv 'hpdeck build --help' for hjelp.",
        "feil: 'PRESENTASJON' manglar",
    ]


def test_the_version_line_is_the_same_in_every_language() -> None:
    """Scripts read it (`hpdeck, version 0.1.0`), as they read other tools' version lines."""
    assert page(["--version"], "nb").startswith("hpdeck, version ")


def test_the_installed_command_reads_the_locale() -> None:
    """The real entry point, in a process of its own, as a user in a nynorsk locale runs it."""
    env = {k: v for k, v in os.environ.items() if k not in ("HPDECK_LANG", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "nn_NO.UTF-8"
    done = subprocess.run(
        [sys.executable, "-m", "hpdeck", "--help"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert "\nKommandoar:\n" in done.stdout
    assert "Vis denne hjelpa og avslutt." in done.stdout


OTHER_WORDS = {
    "nb": {"lysbildesett", "lysbildeserie", "lysark", "foil", "foiler", "slide", "slides"},
    "nn": {"lysbiletsett", "lysbiletserie", "lysark", "foil", "slide", "lysbilde", "lysbilder"},
}
"""Words for a deck and a slide other than the messages' own (presentasjon, lysbilde/lysbilete):
help and messages say one thing one way, as a man page does. ('deck' is the name of a kind of
file, as in `hpdeck schema --kind deck`, not a word of the text.)"""


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_a_deck_and_a_slide_have_one_name_in_help_and_messages(language: str) -> None:
    found = {}
    for key, entry in catalog(language).items():
        for text in entry.values() if isinstance(entry, dict) else [entry]:
            # placeholders, `commands` and paths or file names are not words of the language
            prose = re.sub(r"\{[^}]*\}|`[^`]*`|\S*/\S*|\S*\.\w\S*", " ", str(text))
            words = {word.lower() for word in re.findall(r"[^\W\d_]+", prose)}
            if words & OTHER_WORDS[language]:
                found[key] = sorted(words & OTHER_WORDS[language])
    assert found == {}
