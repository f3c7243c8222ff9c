"""hpdeck talks to the user in bokmål, nynorsk or English, chosen from the
locale or --ui-lang/HPDECK_LANG, with one prefix style, readable values and real plurals."""

from __future__ import annotations

import errno
import re
import string
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from hpdeck import messages
from hpdeck.check import langcheck
from hpdeck.commands.cli import main
from hpdeck.errors import OUT_HINT, cannot_write

from .conftest import REPO

CATALOGS = REPO / "src" / "hpdeck" / "locales" / "messages"


def entries(language: str) -> dict[str, object]:
    return yaml.safe_load((CATALOGS / f"{language}.yaml").read_text("utf-8"))


def fields(entry: object) -> set[str]:
    texts = entry.values() if isinstance(entry, dict) else [entry]
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(str(text)) if name}


def test_every_language_says_every_message_with_the_same_values() -> None:
    """A message missing in one language would be said in another (or fail at run time): a
    nynorsk user met about 110 bokmål messages before this held."""
    catalogs = {language: entries(language) for language in messages.UI_LANGUAGES}
    nb = catalogs["nb"]
    for language, catalog in catalogs.items():
        assert sorted(set(nb) - set(catalog)) == [], f"missing in {language}"
        assert sorted(set(catalog) - set(nb)) == [], f"only in {language}"
        for key, entry in catalog.items():
            assert fields(entry) == fields(nb[key]), (language, key)
            assert isinstance(entry, dict) == isinstance(nb[key], dict), (language, key)


def test_nynorsk_messages_have_no_bokmal_words() -> None:
    """Nynorsk written as nynorsk, not bokmål with a few words changed: the deck's own language
    check finds no bokmål-only word (ikke, fra, hva, også, -ene …) in any nynorsk message."""
    found = {
        key: mismatch.words
        for key, entry in entries("nn").items()
        for text in (entry.values() if isinstance(entry, dict) else [entry])
        if (mismatch := langcheck.mismatch(str(text), "nn")) is not None
    }
    assert found == {}


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"LANG": "nb_NO.UTF-8"}, "nb"),
        ({"LANG": "no_NO.UTF-8"}, "nb"),
        ({"LANG": "nn_NO.UTF-8"}, "nn"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "nb_NO.UTF-8"}, "en"),  # LC_ALL wins, as in POSIX
        ({"LANG": "en_GB.UTF-8", "HPDECK_LANG": "nb"}, "nb"),  # the override wins
    ],
)
def test_the_language_comes_from_the_override_then_the_locale(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: str
) -> None:
    for variable in ("HPDECK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    assert messages.ui_language() == expected


def test_windows_locale_names_are_understood() -> None:
    assert messages.language_of("Norwegian Bokmål_Norway") == "nb"
    assert messages.language_of("Norwegian Nynorsk_Norway") == "nn"
    assert messages.language_of("English_United Kingdom") == "en"


def test_plurals_follow_the_language() -> None:
    path = Path("out/x.pptx")
    assert messages.say("wrote.deck", 1, path=path, language="en") == "wrote out/x.pptx (1 slide)"
    assert (
        messages.say("wrote.deck", 12, path=path, language="en") == "wrote out/x.pptx (12 slides)"
    )
    assert (
        messages.say("wrote.deck", 1, path=path, language="nb") == "skrev out/x.pptx (1 lysbilde)"
    )
    assert (
        messages.say("wrote.deck", 12, path=path, language="nb")
        == "skrev out/x.pptx (12 lysbilder)"
    )
    assert messages.say("problems.found", 1, language="en") == "1 problem found; nothing was built"


def test_nynorsk_users_read_nynorsk_in_the_messages_a_new_user_meets_first() -> None:
    assert messages.say("prefix.warning", language="nn") == "åtvaring"
    assert messages.say("theme.ok", language="nn") == "ok: alle oppsett og plasshaldarar funne"
    hint = messages.say("write.hint.out", language="nn")
    assert hint == "vel ei mappe du kan skrive til, med --out"
    assert messages.say("newmonth.history", 3, source="2022-11", language="nn") == (
        "la 3 tal frå 2022-11 til i content/history.yaml"
    )
    assert messages.say("language.en", language="nn") == "engelsk"


def test_values_are_shown_as_read_not_as_python_escapes() -> None:
    assert messages.shown("7.\u00a0desember\u00a02022") == "'7. desember 2022'"
    assert messages.shown("Midtre Gaul\u00addal") == "'Midtre Gauldal'"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_build_reports_in_bokmal(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        main,
        [
            "build",
            str(project / "decks" / "monthly-briefing.yaml"),
            "--out",
            str(tmp_path / "out"),
            "--ui-lang",
            "nb",
        ],
    )
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith(f"skrev {tmp_path / 'out' / 'monthly-briefing.pptx'} (")
    assert last.endswith(" lysbilder)")


def test_build_reports_in_english_from_the_environment(
    runner: CliRunner, project: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        main,
        ["build", str(project / "decks" / "monthly-briefing.yaml"), "--out", str(tmp_path / "out")],
        env={"HPDECK_LANG": "en"},
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].endswith(" slides)")


def test_quiet_says_nothing_when_all_is_well(
    runner: CliRunner, project: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        main,
        [
            "build",
            str(project / "decks" / "monthly-briefing.yaml"),
            "--out",
            str(tmp_path / "out"),
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert (tmp_path / "out" / "monthly-briefing.pptx").is_file()


def test_usage_errors_have_the_same_prefix_as_every_error(runner: CliRunner, project: Path) -> None:
    deck = str(project / "decks" / "monthly-briefing.yaml")
    english = runner.invoke(main, ["build", deck, "--month", "desember"])
    assert english.exit_code == 2
    assert "Error:" not in english.output
    assert english.output.strip().splitlines()[-1] == (
        "error: invalid value for '--month': expected a month like 2023-01, got 'desember'"
    )
    norsk = runner.invoke(
        main, ["build", deck, "--month", "desember", "--ui-lang", "nb"], prog_name="hpdeck"
    )
    assert norsk.exit_code == 2
    assert norsk.output.strip().splitlines()[-1] == (
        "feil: ugyldig verdi for '--month': forventet en måned som 2023-01, fikk 'desember'"
    )
    assert "Skriv 'hpdeck build --help' for hjelp." in norsk.output


def test_content_errors_are_counted_in_bokmal(runner: CliRunner, project: Path) -> None:
    metrics = project / "content" / "2022-12" / "metrics.yaml"
    metrics.write_text(
        metrics.read_text("utf-8").replace("value: 3760000", "value: mange"), "utf-8"
    )
    result = runner.invoke(
        main, ["check", str(project / "decks" / "monthly-briefing.yaml")], env={"HPDECK_LANG": "nb"}
    )
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last.endswith("monthly-briefing.yaml: 1 problem funnet")


def test_check_never_says_a_bare_ok_after_warnings(runner: CliRunner, project: Path) -> None:
    deck = str(project / "decks" / "monthly-briefing.yaml")
    assert runner.invoke(main, ["new-month", "2023-01", "--project", str(project)]).exit_code == 0
    result = runner.invoke(main, ["check", deck])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if ": warning: " in line]
    assert warnings
    last = result.output.strip().splitlines()[-1]
    assert ": ok" not in last
    assert f": {len(warnings)} warnings to look at (" in last
    norsk = runner.invoke(main, ["check", deck, "--ui-lang", "nb"])
    assert (
        ": advarsel: downloads: fortsatt forrige måneds tall; oppdater det, og slett så "
        "'downloads' fra refresh:" in norsk.output
    )
    assert f"{len(warnings)} tall må fortsatt oppdateres" in norsk.output
    assert f": {len(warnings)} advarsler å se på (" in norsk.output.strip().splitlines()[-1]


def test_a_deck_open_in_powerpoint_says_to_close_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"old")
    locked = PermissionError(errno.EACCES, "Access is denied", str(tmp_path / ".tmp"))
    locked.filename2 = str(deck)  # type: ignore[misc]
    locked.winerror = 32  # type: ignore[attr-defined]  # ERROR_SHARING_VIOLATION
    assert str(cannot_write(deck, locked, OUT_HINT).message) == (
        f"cannot write {deck}: the file is open in another program; close it in PowerPoint "
        "(or the program that has it open) and try again"
    )
    monkeypatch.setenv("HPDECK_LANG", "nb")
    denied = PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "x"))
    assert str(cannot_write(tmp_path / "x", denied, OUT_HINT).message) == (
        f"kan ikke skrive {tmp_path / 'x'}: ingen tilgang; velg en mappe du kan skrive til, "
        "med --out"
    )


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nb", ["Bygger…", "Bygger på nytt…", "Lysbilde {number}", "Siste endring har feil"]),
        ("en", ["Building…", "Rebuilding…", "Slide {number}", "The last change has problems"]),
    ],
)
def test_the_live_preview_page_speaks_the_users_language(
    monkeypatch: pytest.MonkeyPatch, language: str, words: list[str]
) -> None:
    from types import SimpleNamespace

    from hpdeck.commands.serve import _page

    monkeypatch.setenv("HPDECK_LANG", language)
    page = _page(SimpleNamespace(deck=Path("decks/monthly-briefing.yaml")))  # type: ignore[arg-type]
    assert f'<html lang="{language}">' in page
    for word in words:
        assert word in page
    assert "{building}" not in page and "{words}" not in page


def test_click_usage_mistakes_are_worded_like_ours(runner: CliRunner, project: Path) -> None:
    deck = str(project / "decks" / "monthly-briefing.yaml")
    missing = runner.invoke(main, ["build"], env={"HPDECK_LANG": "nb"})
    assert missing.exit_code == 2
    assert missing.output.splitlines()[-1] == "feil: 'PRESENTASJON' mangler"
    typo = runner.invoke(main, ["build", deck, "--them", "x"])
    assert typo.exit_code == 2
    assert typo.output.splitlines()[-1] == "error: no option --them; did you mean --theme?"
    bare = runner.invoke(main, [], prog_name="hpdeck")
    assert bare.exit_code == 2
    assert "Commands:" in bare.output and "error" not in bare.output


def test_the_linter_speaks_bokmal_with_norwegian_decimals(runner: CliRunner, project: Path) -> None:
    pale = project / "themes" / "pale"
    pale.mkdir()
    (pale / "theme.yaml").write_text(
        "name: Pale\nextends: helseplattformen\ncolors:\n  muted: '#B8BEC6'\n", "utf-8"
    )
    deck = str(project / "decks" / "monthly-briefing.yaml")
    result = runner.invoke(main, ["check", deck, "--theme", "pale"], env={"HPDECK_LANG": "nb"})
    assert result.exit_code == 0, result.output
    footer = next(line for line in result.output.splitlines() if "Footer: tekst #B8BEC6" in line)
    assert ": advarsel: lysbilde 2 '" in footer
    assert re.search(r"har kontrast \d,\d\d:1; WCAG AA krever 4,5:1 for vanlig tekst", footer)
    assert re.search(r": \d+ advarsler å se på \(\d+ lysbilder\)$", result.output.strip())


def test_text_that_cannot_fit_is_reported_in_bokmal(
    runner: CliRunner, project: Path, tmp_path: Path
) -> None:
    from .test_fit import _go_live_quote, words

    line = _go_live_quote(project, words(400))
    result = runner.invoke(
        main,
        ["build", str(project / "decks" / "monthly-briefing.yaml"), "--out", str(tmp_path / "out")],
        env={"HPDECK_LANG": "nb"},
    )
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    pattern = (
        rf"content/2022-12/go-live\.yaml:{line}: lysbilde \d+ '7\. mai 2022: "
        r"Trondheim kommune tok i bruk Helseplattformen': quote får ikke plass "
        r"i boksen selv på 18 pt: den er \d,\d\d tommer for høy \(\d+\s%"
        r" mer enn de \d,\d\d tommene den har\); kutt omtrent \d+ ord"
    )
    assert re.fullmatch(pattern, first), first
    assert result.output.strip().endswith("ingenting ble bygd.")
