"""Facts on different slides of one deck that must agree: a municipality's go-live against the
timeline, its stage against the status list whatever the registry's size, the meeting date
against the figures' date, and a municipality number against the map data."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from hpdeck.commands.cli import main
from tests.conftest import edit, line_of

MONTH = "content/2022-12"


def _check(project: Path, deck: str, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", str(project / "decks" / f"{deck}.yaml"), *args])
    return result.exit_code, result.output.splitlines()


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new project from `hpdeck init`: one municipality file (Skaun) in its registry."""
    monkeypatch.setenv("HPDECK_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "P"
    assert CliRunner().invoke(main, ["init", str(folder)]).exit_code == 0
    return folder


def test_a_go_live_date_unlike_its_event_fails_at_both_lines(project: Path) -> None:
    own = "content/municipalities/trondheim.yaml"
    edit(project, own, "went_live: 2022-05-07", "went_live: 2022-05-08")

    code, lines = _check(project, "council-meeting", "-m", "trondheim")

    assert code == 1
    line = line_of(project, own, "went_live:")
    event = line_of(project, f"{MONTH}/go-live.yaml", "date: 2022-05-07")
    assert (
        f"{own}:{line}:12: went_live: went_live is 2022-05-08, but {MONTH}/go-live.yaml:{event}"
        " says Trondheim went live on 2022-05-07; write went_live: 2022-05-07, or correct the"
        " event's date"
    ) in lines, lines


def test_an_event_giving_the_go_live_date_passes(project: Path) -> None:
    for slug in ("trondheim", "roros", "indre-fosen", "afjord"):
        assert _check(project, "council-meeting", "-m", slug)[0] == 0, slug


def test_in_use_with_no_event_naming_it_fails_at_its_go_live(project: Path) -> None:
    own = "content/municipalities/skaun.yaml"
    edit(project, own, "language: nb\n", "language: nb\nstage: in-use\nwent_live: 2022-11-12\n")
    edit(project, f"{MONTH}/status.yaml", "count: 7", "count: 8")
    edit(project, f"{MONTH}/status.yaml", "[Trondheim,", "[Skaun, Trondheim,")
    edit(project, f"{MONTH}/status.yaml", "count: 12", "count: 11")

    code, lines = _check(project, "council-meeting", "-m", "skaun")

    assert code == 1
    line = line_of(project, own, "went_live:")
    assert any(
        x.startswith(f"{own}:{line}:")
        and f"Skaun is in use, but no go-live event in {MONTH}/go-live.yaml names it" in x
        and "add Skaun to the went_live list of the event it went live with" in x
        for x in lines
    ), lines


def test_an_event_without_a_list_names_those_its_summary_names(project: Path) -> None:
    edit(project, f"{MONTH}/go-live.yaml", "    went_live: [Trondheim kommune]\n", "")

    assert _check(project, "council-meeting", "-m", "trondheim")[0] == 0


def test_in_use_but_left_out_of_the_list_fails_in_a_small_registry(small: Path) -> None:
    own = "content/municipalities/skaun.yaml"
    with (small / own).open("a", encoding="utf-8") as file:
        file.write("stage: in-use\nwent_live: 2022-11-12\n")

    code, lines = _check(small, "council-meeting", "-m", "skaun")

    assert code == 1
    stage = line_of(small, own, "stage:")
    listed = line_of(small, f"{MONTH}/status.yaml", "municipalities: [")
    assert any(
        x.startswith(f"{own}:{stage}:")
        and f"the list of those at 'in-use' in {MONTH}/status.yaml:{listed} does not name Skaun"
        in x
        and "add Skaun there (and to the count), or correct the stage" in x
        for x in lines
    ), lines


def test_a_meeting_before_the_figures_fails_at_the_meeting_date(small: Path) -> None:
    own = "content/municipalities/skaun.yaml"
    with (small / own).open("a", encoding="utf-8") as file:
        file.write("meeting_date: 2021-06-17\n")

    code, lines = _check(small, "council-meeting", "-m", "skaun")

    assert code == 1
    line = line_of(small, own, "meeting_date:")
    assert any(
        x.startswith(f"{own}:{line}:15: meeting_date: the meeting date 2021-06-17 is before")
        and f"{MONTH}/" in x
        and "write the date of the coming meeting, or delete meeting_date until it is known" in x
        for x in lines
    ), lines


def test_a_meeting_after_the_figures_passes(small: Path) -> None:
    with (small / "content/municipalities/skaun.yaml").open("a", encoding="utf-8") as file:
        file.write("meeting_date: 2023-01-17\n")

    assert _check(small, "council-meeting", "-m", "skaun")[0] == 0


def test_a_number_taken_from_another_is_found_at_the_file_the_map_does_not_know_it_for(
    project: Path,
) -> None:
    volda, orsta = "content/municipalities/volda.yaml", "content/municipalities/orsta.yaml"
    edit(project, volda, '"1577"', '"1520"')

    code, lines = _check(project, "council-meeting", "-m", "volda")

    assert code == 1  # its own deck fails: its own file is wrong, not Ørsta's
    line = line_of(project, volda, "number:")
    assert (
        f"{volda}:{line}:9: number: 1520 is Ørsta's number in the map data (and {orsta} gives"
        " it too), so the map would colour Ørsta as Volda; Volda's is 1577: write number:"
        ' "1577"'
    ) in lines, lines
    assert not any(x.startswith(orsta) for x in lines), lines

    code, lines = _check(project, "council-meeting", "-m", "orsta")

    assert code == 0  # another file's mistake: Ørsta's deck is built without its map, and says so
    assert any(x.startswith(f"{volda}:{line}:9: warning: number:") for x in lines), lines
    assert not any(x.startswith(orsta) for x in lines), lines
    assert _check(project, "monthly-briefing")[0] == 1


def test_a_number_twice_that_the_map_does_not_settle_is_found_at_both(project: Path) -> None:
    volda, orsta = "content/municipalities/volda.yaml", "content/municipalities/orsta.yaml"
    edit(project, volda, '"1577"', '"9999"')
    edit(project, orsta, '"1520"', '"9999"')

    code, lines = _check(project, "monthly-briefing")

    assert code == 1
    assert any(
        x.startswith(f"{volda}:") and f"9999 is also the number in {orsta}" in x for x in lines
    )
    assert any(
        x.startswith(f"{orsta}:") and f"9999 is also the number in {volda}" in x for x in lines
    )


def test_a_meeting_long_after_the_figures_is_a_warning_that_strict_refuses(small: Path) -> None:
    own = "content/municipalities/skaun.yaml"
    with (small / own).open("a", encoding="utf-8") as file:
        file.write("meeting_date: 2023-09-20\n")

    code, lines = _check(small, "council-meeting", "-m", "skaun")

    assert code == 0
    line = line_of(small, own, "meeting_date:")
    assert any(
        x.startswith(f"{own}:{line}:15: warning: the meeting date 2023-09-20 is 282 days after")
        and "check the date, or build the deck from a newer month [meeting]" in x
        for x in lines
    ), lines
    assert _check(small, "council-meeting", "-m", "skaun", "--strict")[0] == 1


def test_a_january_meeting_fails_on_the_next_months_deck(small: Path) -> None:
    own = "content/municipalities/skaun.yaml"
    with (small / own).open("a", encoding="utf-8") as file:
        file.write("meeting_date: 2022-12-20\n")
    assert _check(small, "council-meeting", "-m", "skaun")[0] == 0
    new_month = ["new-month", "2023-01", "--project", str(small)]
    assert CliRunner().invoke(main, new_month).exit_code == 0

    code, lines = _check(small, "council-meeting", "-m", "skaun")

    assert code == 1
    assert any(
        x.startswith(f"{own}:") and "the meeting date 2022-12-20 is before the date" in x
        for x in lines
    ), lines


def test_an_event_without_a_list_on_the_go_live_date_counts_its_municipalities(
    project: Path,
) -> None:
    """'St. Olavs hospital og seks kommuner' names none of the six: without a went_live list
    the event on a municipality's own go-live date is taken to name it, not a contradiction."""
    edit(
        project,
        f"{MONTH}/go-live.yaml",
        "    went_live: [St. Olavs hospital, Røros, Os, Holtålen, Indre Fosen, Ørland, Åfjord]\n",
        "",
    )

    assert _check(project, "council-meeting", "-m", "roros")[0] == 0


def test_an_event_date_written_in_quotes_is_the_same_date(project: Path) -> None:
    edit(project, f"{MONTH}/go-live.yaml", "- date: 2022-11-12", '- date: "2022-11-12"')

    code, lines = _check(project, "council-meeting", "-m", "roros")

    assert code == 0, lines
