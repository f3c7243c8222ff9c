"""`check` fails a section title that names another date than its figures' as_of."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from hpdeck.check.title_dates import title_dates
from hpdeck.commands.cli import main
from hpdeck.content.loader import parse_yaml

MESSAGE = (
    "content/2022-12/metrics.yaml:2:13: title.nb: the title says '12. desember 2022', but its "
    "figures are as of 2022-12-19 (content/2022-12/metrics.yaml:3); write '19. desember 2022' "
    "in the title, or as_of: 2022-12-12 if that is the figures' date, or delete title: and the "
    "slide names the as-of date itself"
)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_title_left_behind_by_its_as_of_date_fails_check(project: Path, tmp_path: Path) -> None:
    metrics = project / "content" / "2022-12" / "metrics.yaml"
    edit(metrics, "as_of: 2022-12-12", "as_of: 2022-12-19")
    deck = str(project / "decks" / "monthly-briefing.yaml")
    checked = run("check", deck)
    assert checked.exit_code == 1
    lines = checked.output.splitlines()
    assert MESSAGE in lines
    assert any(line.startswith("content/2022-12/metrics.yaml:2:139: title.en:") for line in lines)
    out = tmp_path / "out"
    assert run("build", deck, "--out", str(out)).exit_code == 1
    assert not out.exists() or not list(out.glob("*.pptx"))


def test_a_title_with_the_as_of_month_or_a_since_date_passes(project: Path) -> None:
    metrics = project / "content" / "2022-12" / "metrics.yaml"
    edit(metrics, "as_of: 2022-12-12", "as_of: 2022-12-19")
    edit(metrics, "per 12. desember 2022: sju kommuner", "i desember 2022: sju kommuner")
    edit(metrics, "per 12. desember 2022: sju kommunar", "per 19. desember 2022: sju kommunar")
    edit(
        metrics,
        '"Status on 12 December 2022: seven',
        '"Since 7 May 2022, as of December 19, 2022: seven',
    )
    checked = run("check", str(project / "decks" / "monthly-briefing.yaml"))
    assert checked.exit_code == 0, checked.output


def test_new_months_own_title_warning_is_not_said_twice(project: Path) -> None:
    run("new-month", "2023-01", "--project", str(project))
    checked = run("check", str(project / "decks" / "monthly-briefing.yaml"))
    assert checked.exit_code == 0, checked.output
    assert "the title says" not in checked.output


def test_a_title_naming_another_events_date_passes(project: Path) -> None:
    """Only a date given as the figures' own ('per', 'status on', 'as of') is theirs."""
    metrics = project / "content" / "2022-12" / "metrics.yaml"
    edit(
        metrics,
        "Status per 12. desember 2022: sju kommuner og St. Olavs",
        "Sju kommuner i bruk – neste oppstart 1. mars 2023",
    )
    edit(
        metrics,
        "Status on 12 December 2022: seven municipalities and St. Olavs",
        "Seven municipalities live since 7 May 2022, the next on 1 March 2023",
    )
    checked = run("check", str(project / "decks" / "monthly-briefing.yaml"))
    assert checked.exit_code == 0, checked.output


def problems(title: str, as_of: str, *, language: str = "nb") -> list[str]:
    """The title-date errors `check` would give one section file, in English."""
    text = f"type: metrics\ntitle: {{{language}: {json.dumps(title)}}}\nas_of: {as_of}\n"
    doc = parse_yaml(text, display="content/x/metrics.yaml")
    return [problem.message for problem in title_dates(doc)]


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HPDECK_LANG", "en")


@pytest.mark.parametrize(
    ("title", "language"),
    [
        ("Status per 12.12.2022", "nb"),
        ("Status per 12.12.22", "nb"),
        ("Tal per 1.3.2022", "nn"),
        ("Status (pr. 01.02.2023)", "nb"),
        ("Status per 12. des. 2022", "nb"),
        ("Status per 12. des 2022", "nn"),
        ("Status 31. okt. 2022: sju kommuner", "nb"),
        ("Status per 12.desember 2022", "nb"),
        ("As of 12 Dec 2022: seven municipalities", "en"),
        ("As of Dec 12, 2022: seven municipalities", "en"),
        ("Status as of the 12th of December 2022", "en"),
        ("Status on 12/12/2022", "en"),
        ("Status: 12 December 2022", "en"),
        ("Status desember 2022", "nb"),
        ("Status per des. 2022", "nb"),
        ("Status per utgangen av desember 2022", "nb"),
        ("Status ved utgangen av 2022", "nn"),
        ("As of the end of December 2022", "en"),
        ("Status per 1. januar 2023", "nb"),
        ("Status per 1.1.2023", "nb"),
    ],
)
def test_a_title_a_month_or_more_from_its_as_of_fails_however_its_date_is_written(
    title: str, language: str
) -> None:
    """The title's date is a month or more before (or after) the figures'; every way of
    writing it is caught, and the error quotes it as written."""
    found = problems(title, "2023-02-28", language=language)
    assert len(found) == 1, title
    assert "but its figures are as of 2023-02-28" in found[0]


@pytest.mark.parametrize(
    ("title", "as_of"),
    [
        ("Status per 12.12.2022", "2022-12-12"),
        ("Status per 12.12.22", "2022-12-12"),
        ("Status per 12. des. 2022", "2022-12-12"),
        ("As of 12 Dec 2022", "2022-12-12"),
        ("Status desember 2022", "2022-12-19"),
        # end-of-month figures dated the next day, and the other way round
        ("Status per 1. januar 2023: sju kommuner", "2022-12-31"),
        ("Status per 01.01.2023", "2022-12-31"),
        ("Status per 31. desember 2022", "2023-01-01"),
        ("Status per 1. mars 2024", "2024-02-29"),
        ("Status desember 2022", "2023-01-01"),
        # the month's end, said in words
        ("Status per utgangen av desember 2022", "2022-12-31"),
        ("Status per utgangen av desember 2022", "2022-12-19"),
        ("Status per utgangen av desember 2022", "2023-01-01"),
        ("Status ved utgangen av 2022", "2022-12-31"),
        ("Status ved utgangen av 2022", "2023-01-01"),
        ("As of the end of December 2022", "2022-12-31"),
        # a goal or another event's date, not the figures'
        ("Alle kommuner i gang ved utgangen av 2024", "2022-12-12"),
        ("Versjon 12.1.3 tatt i bruk per 12. desember 2022", "2022-12-12"),
    ],
)
def test_a_title_giving_the_as_of_date_another_common_way_passes(title: str, as_of: str) -> None:
    assert problems(title, as_of) == [], title


@pytest.mark.parametrize(
    ("title", "as_of"),
    [
        ("Status per 1. januar 2023", "2022-12-30"),  # not the month's last day
        ("Status per 13. desember 2022", "2022-12-12"),  # a day off within the month
        ("Status per 2. januar 2023", "2022-12-31"),
        ("Status per utgangen av desember 2022", "2022-11-30"),
        ("Status per utgangen av november 2022", "2022-12-31"),
        ("Status ved utgangen av 2022", "2022-11-30"),
        ("Status desember 2022", "2023-01-02"),
    ],
)
def test_a_title_near_but_not_on_its_as_of_date_fails(title: str, as_of: str) -> None:
    assert len(problems(title, as_of)) == 1, title


@pytest.mark.parametrize(
    ("title", "language", "said", "instead", "moved"),
    [
        ("Status per 12.12.2022", "nb", "12.12.2022", "28.02.2023", "as_of: 2022-12-12"),
        ("Status per 1.12.22", "nb", "1.12.22", "28.2.23", "as_of: 2022-12-01"),
        ("Status per 12. des. 2022", "nb", "12. des. 2022", "28. feb. 2023", "as_of: 2022-12-12"),
        ("Status per 12. desember 2022", "nn", "12. desember 2022", "28. februar 2023", "as_of: "),
        ("As of 1st Dec 2022", "en", "1st Dec 2022", "28th Feb 2023", "as_of: 2022-12-01"),
        ("As of December 1, 2022", "en", "December 1, 2022", "February 28, 2023", "as_of: "),
        ("Status desember 2022", "nb", "desember 2022", "februar 2023", "an as_of: in 2022-12"),
        (
            "Status per utgangen av desember 2022",
            "nb",
            "utgangen av desember 2022",
            "utgangen av februar 2023",
            "an as_of: in 2022-12",
        ),
        ("Status ved utgangen av 2022", "nb", "utgangen av 2022", "utgangen av februar 2023", ""),
        ("As of the end of 2022", "en", "end of 2022", "end of February 2023", "in 2022-12"),
    ],
)
def test_the_error_says_both_dates_and_the_as_of_date_as_the_title_writes_dates(
    title: str, language: str, said: str, instead: str, moved: str
) -> None:
    """What to write is the as-of date in the title's own way of writing it, or where to
    move as_of to make the title right."""
    (found,) = problems(title, "2023-02-28", language=language)
    assert found.startswith(f"the title says '{said}', but its figures are as of 2023-02-28 ")
    assert f"write '{instead}' in the title" in found
    assert moved in found


def test_an_end_of_month_title_over_a_mid_month_as_of_suggests_the_day() -> None:
    (found,) = problems("Status ved utgangen av 2022", "2023-01-19")
    assert "write '19. januar 2023' in the title" in found
    (found,) = problems("As of the end of December 2022", "2023-01-19", language="en")
    assert "write '19 January 2023' in the title" in found


@pytest.mark.parametrize(
    ("title", "as_of", "fails"),
    [
        ("Tall per 12.desember: sju kommuner", "2022-12-12", False),
        ("Tall per 12.desember: sju kommuner", "2023-01-12", True),
        ("Status per 1. januar", "2022-12-31", False),
        ("As of December 12: seven municipalities", "2022-12-12", False),
        ("As of 12 December: seven municipalities", "2023-12-13", True),
        ("Status may change after the next go-live", "2023-01-12", False),
        ("Status per desembertallene", "2023-01-12", False),
    ],
)
def test_a_day_without_a_year_is_read_in_the_as_of_year_or_next_to_it(
    title: str, as_of: str, fails: bool
) -> None:
    """The source deck's own 'Tall per 12.desember:' gives no year; the day is the as-of day
    of whichever year is nearest, and a month without a day or year is not read at all."""
    assert bool(problems(title, as_of)) == fails, title


def test_the_error_for_a_day_without_a_year_leaves_the_year_out() -> None:
    (found,) = problems("Tall per 12.desember: sju kommuner", "2023-01-19")
    assert found.startswith("the title says '12.desember', but its figures are as of 2023-01-19")
    assert "write '19.januar' in the title, or as_of: 2022-12-12 if" in found


NB_MONTHS = "januar februar mars april mai juni juli august september oktober november desember"
NB_SHORT = "jan. feb. mars apr. mai juni juli aug. sep. okt. nov. des."
EN_MONTHS = "January February March April May June July August September October November December"
WRITTEN: list[tuple[str, Callable[[dt.date], str]]] = [
    ("nb", lambda d: f"Status per {d.day}. {NB_MONTHS.split()[d.month - 1]} {d.year}"),
    ("nb", lambda d: f"Status pr. {d.day}.{NB_MONTHS.split()[d.month - 1]} {d.year}"),
    ("nn", lambda d: f"Tal per {d.day}. {NB_SHORT.split()[d.month - 1]} {d.year}"),
    ("nb", lambda d: f"Status per {d:%d.%m.%Y}"),
    ("nb", lambda d: f"Status per {d.day}.{d.month}.{d:%y}"),
    ("en", lambda d: f"Status on {d.day} {EN_MONTHS.split()[d.month - 1]} {d.year}"),
    ("en", lambda d: f"As of {EN_MONTHS.split()[d.month - 1][:3]} {d.day}, {d.year}"),
    ("en", lambda d: f"As at {d.isoformat()}"),
]
ROUGHLY_WRITTEN: list[tuple[str, Callable[[dt.date], str]]] = [
    ("nb", lambda d: f"Status {NB_MONTHS.split()[d.month - 1]} {d.year}"),
    ("nb", lambda d: f"Status per utgangen av {NB_MONTHS.split()[d.month - 1]} {d.year}"),
    ("nn", lambda d: f"Status ved utgangen av {d.year}"),
    ("en", lambda d: f"As of the end of {EN_MONTHS.split()[d.month - 1]} {d.year}"),
    ("nb", lambda d: f"Tall per {d.day}.{NB_MONTHS.split()[d.month - 1]}: sju kommuner"),
    ("en", lambda d: f"As of the {d.day}th of {EN_MONTHS.split()[d.month - 1]}"),
]
DAYS = st.dates(dt.date(2019, 1, 1), dt.date(2031, 12, 31))


@settings(max_examples=60, deadline=None)
@given(as_of=DAYS, style=st.sampled_from(WRITTEN))
def test_the_as_of_date_written_any_way_passes(
    as_of: dt.date, style: tuple[str, Callable[[dt.date], str]]
) -> None:
    language, write = style
    assert problems(write(as_of), as_of.isoformat(), language=language) == []


@settings(max_examples=60, deadline=None)
@given(as_of=DAYS, away=st.integers(28, 800), later=st.booleans(), style=st.sampled_from(WRITTEN))
def test_a_date_four_weeks_or_more_away_written_any_way_fails(
    as_of: dt.date, away: int, later: bool, style: tuple[str, Callable[[dt.date], str]]
) -> None:
    language, write = style
    said = as_of + dt.timedelta(days=away if later else -away)
    assert len(problems(write(said), as_of.isoformat(), language=language)) == 1


def test_an_as_of_date_with_a_time_is_left_to_validation() -> None:
    assert problems("Status per 12. desember 2022", "2022-12-19 10:00:00") == []


@settings(max_examples=60, deadline=None)
@given(as_of=DAYS, said=DAYS, style=st.sampled_from(WRITTEN + ROUGHLY_WRITTEN))
def test_writing_what_the_error_says_in_the_title_passes(
    as_of: dt.date, said: dt.date, style: tuple[str, Callable[[dt.date], str]]
) -> None:
    """The error's "write '…' in the title" is a fix, in the title's own way of writing."""
    language, write = style
    title = write(said)
    for found in problems(title, as_of.isoformat(), language=language):
        quoted = found.split("'")
        old, new = quoted[1], quoted[3]
        assert found.startswith(f"the title says '{old}'") and f"write '{new}' in" in found
        assert problems(title.replace(old, new), as_of.isoformat(), language=language) == []
