"""`check` fails a section title that names another date than its figures' as_of."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from hpdeck.commands.cli import main

MESSAGE = (
    "content/2022-12/metrics.yaml:2:13: title.nb: the title says '12. desember 2022', but its "
    "figures are as of 2022-12-19 (content/2022-12/metrics.yaml:3); write that date in the "
    "title, or delete title: and the slide names the as-of date itself"
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
