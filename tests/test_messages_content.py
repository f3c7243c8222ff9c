"""Content errors (reading the YAML, checking its values) in the user's language: the file,
line, column and key path stay as written, the sentence after them is bokmål or English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import BaseModel, ConfigDict

from hpdeck.commands.cli import main
from hpdeck.content.loader import parse_yaml
from hpdeck.content.validation import validate
from hpdeck.errors import ContentError
from hpdeck.sections import REGISTRY

DISPLAY = "content/x.yaml"


class Metric(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str
    value: float
    share: float = 0


class Metrics(BaseModel):
    model_config = ConfigDict(extra="forbid")
    metrics: list[Metric]


def lines(text: str, language: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("HPDECK_LANG", language)
    with pytest.raises(ContentError) as caught:
        validate(Metrics, parse_yaml(text, display=DISPLAY))
    return [str(problem) for problem in caught.value.problems]


BAD = "metrics:\n  - label: Brukere\n    value: 3,76 millioner\n    shre: 0.4\n"


def test_value_errors_in_bokmal(monkeypatch: pytest.MonkeyPatch) -> None:
    assert lines(BAD, "nb", monkeypatch) == [
        "content/x.yaml:3:12: metrics[0].value: forventet et tall, fikk '3,76 millioner' "
        "(skriv hele tallet med sifre: 3760000)",
        "content/x.yaml:4:5: metrics[0].shre: ukjent nøkkel 'shre'; mente du 'share'?",
    ]


def test_value_errors_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    assert lines(BAD, "en", monkeypatch) == [
        "content/x.yaml:3:12: metrics[0].value: expected a number, got '3,76 millioner' "
        "(write the full number in digits: 3760000)",
        "content/x.yaml:4:5: metrics[0].shre: unknown key 'shre'; did you mean 'share'?",
    ]


def test_nynorsk_reader_gets_nynorsk_or_bokmal(monkeypatch: pytest.MonkeyPatch) -> None:
    [value, key] = lines(BAD, "nn", monkeypatch)
    assert value.endswith(
        "venta eit tal, fekk '3,76 millioner' (skriv heile talet med siffer: 3760000)"
    )
    assert key.endswith("ukjend nøkkel 'shre'; meinte du 'share'?")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "content/x.yaml:3:1: nøkkelen 'a' står to ganger (første gang på linje 1)"),
        ("en", "content/x.yaml:3:1: duplicate key 'a' (first at line 1)"),
    ],
)
def test_yaml_mistakes_in_the_users_language(
    monkeypatch: pytest.MonkeyPatch, language: str, expected: str
) -> None:
    monkeypatch.setenv("HPDECK_LANG", language)
    with pytest.raises(ContentError) as caught:
        parse_yaml("a: 1\nb: 2\na: 3\n", display=DISPLAY)
    assert [str(problem) for problem in caught.value.problems] == [expected]


def test_a_tab_is_explained_in_bokmal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HPDECK_LANG", "nb")
    with pytest.raises(ContentError) as caught:
        parse_yaml("a:\n\tb: 1\n", display=DISPLAY)
    [problem] = caught.value.problems
    assert str(problem).startswith("content/x.yaml:2:1: YAML-syntaksfeil: ")
    assert str(problem).endswith("(YAML tillater ikke tabulator som innrykk; bruk mellomrom)")


def test_check_theme_reports_in_bokmal_and_english(corporate: Path) -> None:
    theme = corporate / "themes" / "corporate" / "theme.yaml"
    theme.write_text(theme.read_text("utf-8").replace("title: Forside", "title: Tittelside"))
    arguments = ["check-theme", "corporate", "--project", str(corporate)]
    norsk = CliRunner().invoke(main, arguments, env={"HPDECK_LANG": "nb"})
    assert norsk.exit_code == 1
    lines = norsk.output.splitlines()
    assert "  content-lysbilder -> 'Innhold': funnet; plassholdere: title" in lines
    assert (
        "mangler: themes/corporate/template.pptx har ikke oppsettet 'Tittelside' for "
        "title-lysbilder; bruker 'Forside'"
    ) in lines
    assert re.search(
        r"^mal: themes/corporate/template\.pptx \(\d+,\d\d × \d+,\d\d tommer",
        norsk.output,
        re.MULTILINE,
    )
    english = CliRunner().invoke(main, arguments, env={"HPDECK_LANG": "en"})
    assert english.exit_code == 1
    assert (
        "missing: themes/corporate/template.pptx has no layout 'Tittelside' for title "
        "slides; using 'Forside'"
    ) in english.output.splitlines()
    assert "  content slides -> 'Innhold': found; placeholders: title" in english.output


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "fant ikke temaet 'blaa' (så etter themes/blaa/theme.yaml)"),
        ("en", "no theme 'blaa' (looked for themes/blaa/theme.yaml)"),
    ],
)
def test_an_unknown_theme_in_the_users_language(
    project: Path, monkeypatch: pytest.MonkeyPatch, language: str, expected: str
) -> None:
    from hpdeck.content.theme import load_theme
    from hpdeck.errors import ThemeError

    monkeypatch.setenv("HPDECK_LANG", language)
    with pytest.raises(ThemeError) as caught:
        load_theme(project, "blaa")
    assert str(caught.value).startswith(expected)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nb",
            [
                "content/history.yaml:2:11: [0].status: ukjent fase 'pilot'; bruk ",
                "content/history.yaml:4:12: [1].helsami: 2022-12-01 er oppgitt som 31000 her, "
                "men 30000 på linje 2; behold én av dem",
            ],
        ),
        (
            "en",
            [
                "content/history.yaml:2:11: [0].status: unknown stage 'pilot'; use ",
                "content/history.yaml:4:12: [1].helsami: 2022-12-01 is given as 31000 here but "
                "30000 on line 2; keep one",
            ],
        ),
    ],
)
def test_history_mistakes_in_the_users_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, expected: list[str]
) -> None:
    from hpdeck.content.history import load_history

    content = tmp_path / "content"
    content.mkdir()
    (content / "history.yaml").write_text(
        "- as_of: 2022-12-01\n  status: {pilot: 1}\n  helsami: 30000\n"
        "- as_of: 2022-12-01\n  helsami: 31000\n",
        "utf-8",
    )
    monkeypatch.setenv("HPDECK_LANG", language)
    with pytest.raises(ContentError) as caught:
        load_history(content, tmp_path, REGISTRY.tracking())
    [first] = (str(problem) for problem in caught.value.problems)
    assert first.startswith(expected[0])
    entries = "- as_of: 2022-12-01\n  helsami: 30000\n- as_of: 2022-12-01\n  helsami: 31000\n"
    (content / "history.yaml").write_text(entries, "utf-8")
    with pytest.raises(ContentError) as caught:
        load_history(content, tmp_path, REGISTRY.tracking())
    assert [str(problem) for problem in caught.value.problems] == [
        expected[1].replace(":5:", ":4:")
    ]


@pytest.mark.parametrize(
    ("language", "missing", "control"),
    [
        ("nb", "content/none.yaml: filen finnes ikke", "inneholder tegnet U+0007 på plass 2"),
        ("en", "content/none.yaml: file not found", "contains the character U+0007 at position 2"),
    ],
)
def test_unreadable_files_and_values_in_the_users_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, missing: str, control: str
) -> None:
    from hpdeck.content.loader import load_yaml

    monkeypatch.setenv("HPDECK_LANG", language)
    with pytest.raises(ContentError) as caught:
        load_yaml(Path("content/none.yaml"), root=tmp_path)
    assert [str(problem) for problem in caught.value.problems] == [missing]
    with pytest.raises(ContentError) as caught:
        parse_yaml('title: "a\\ab"\n', display=DISPLAY)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"content/x.yaml:1:8: title: {control}")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "content/logo.png: ikke en bildefil (forventet PNG, JPEG eller GIF)"),
        ("en", "content/logo.png: not an image file (expected PNG, JPEG or GIF)"),
    ],
)
def test_a_picture_that_is_no_image_in_the_users_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, expected: str
) -> None:
    from hpdeck.content.images import check_image

    picture = tmp_path / "logo.png"
    picture.write_text("not a picture", "utf-8")
    monkeypatch.setenv("HPDECK_LANG", language)
    with pytest.raises(ContentError) as caught:
        check_image(picture, "content/logo.png")
    assert [str(problem) for problem in caught.value.problems] == [expected]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "antallene per fase blir 8 til sammen, men total er 66; rett et antall"),
        ("en", "the stage counts add up to 8, but total is 66; correct a count"),
    ],
)
def test_a_sections_own_rules_in_the_users_language(
    monkeypatch: pytest.MonkeyPatch, language: str, expected: str
) -> None:
    from hpdeck.sections.status_checks import stage_lists

    text = (
        "type: status\ntitle: Status\nas_of: 2022-12-01\ntotal: 66\n"
        "stages:\n  - {stage: in-use, count: 7}\n  - {stage: decided, count: 1}\n"
    )
    monkeypatch.setenv("HPDECK_LANG", language)
    problems = stage_lists(parse_yaml(text, display=DISPLAY))  # checked at their lines
    assert expected in str(problems[0])
    assert str(problems[0]).startswith(f"{DISPLAY}:4:")


def test_a_mistyped_theme_option_in_bokmal(project: Path) -> None:
    deck = str(project / "decks" / "monthly-briefing.yaml")
    result = CliRunner().invoke(main, ["check", deck, "--theme", "hc"], env={"HPDECK_LANG": "nb"})
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "feil: ugyldig verdi for '--theme': fant ikke temaet 'hc' i themes/; "
        "mente du 'high-contrast'?"
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nb",
            "content/x.yaml:8:22: stages[1].municipalities[0]: 'Frøya' står to ganger (også ved ",
        ),
        (
            "en",
            "content/x.yaml:8:22: stages[1].municipalities[0]: 'Frøya' is listed twice (also at ",
        ),
    ],
)
def test_cross_fact_findings_in_the_users_language(
    monkeypatch: pytest.MonkeyPatch, language: str, expected: str
) -> None:
    from hpdeck.sections.status_checks import stage_lists

    text = (
        "type: status\nas_of: 2022-12-01\ntotal: 2\nstages:\n"
        "  - {stage: in-use, count: 1, municipalities: [Frøya]}\n"
        "  - stage: decided\n    count: 1\n    municipalities: [Frøya]\n"
    )
    monkeypatch.setenv("HPDECK_LANG", language)
    problems = [str(p) for p in stage_lists(parse_yaml(text, display=DISPLAY))]
    assert any(p.startswith(expected) for p in problems), problems
