"""A figure far from its last report (a zero too many or too few) is a warning --strict refuses."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from hpdeck.commands.cli import main

MONTHLY = ("decks", "monthly-briefing.yaml")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def january(project: Path, downloads: str) -> None:
    """January started from December (which history.yaml then holds), its downloads updated."""
    assert run("new-month", "2023-01", "--project", str(project)).exit_code == 0
    path = project / "content" / "2023-01" / "helsami.yaml"
    text = path.read_text("utf-8").replace("  - downloads\n", "", 1)
    path.write_text(text.replace("downloads: 60000", f"downloads: {downloads}", 1), "utf-8")


def test_a_hundred_times_last_months_figure_is_a_warning_strict_refuses(project: Path) -> None:
    january(project, "7_100_000")

    checked = run("check", str(project.joinpath(*MONTHLY)))
    strict = run("check", str(project.joinpath(*MONTHLY)), "--strict")

    assert checked.exit_code == 0
    assert (
        "content/2023-01/helsami.yaml:7:12: warning: downloads: 7,100,000 is 118 times the "
        "60,000 reported on 2022-12-12 (content/history.yaml); a figure rarely moves that much "
        "between two reports: check for a zero too many"
    ) in checked.output
    assert "1 figure far from its last report" in checked.output
    assert "15 figures still to refresh" in checked.output  # the others, counted apart
    assert strict.exit_code == 1
    assert "content/2023-01/helsami.yaml:7:12: downloads: 7,100,000 is 118 times" in strict.output


def test_a_tenth_of_last_months_figure_is_a_warning_too(project: Path) -> None:
    january(project, "5_900")

    checked = run("check", str(project.joinpath(*MONTHLY)))

    assert (
        "content/2023-01/helsami.yaml:7:12: warning: downloads: 5,900 is a tenth or less of the "
        "60,000 reported on 2022-12-12 (content/history.yaml); a figure rarely falls that much "
        "between two reports: check for a missing zero or digit"
    ) in checked.output


def test_growth_a_rollout_sees_and_figures_without_history_pass(project: Path) -> None:
    january(project, "540_000")  # nine times: fast, but no sign of a typo
    metrics = project / "content" / "2023-01" / "metrics.yaml"
    metrics.write_text(
        metrics.read_text("utf-8")
        + "  - value: 9_000_000\n    label: {nb: nye pasientjournaler, nn: nye pasientjournalar,"
        " en: new patient records}\n",
        "utf-8",
    )

    checked = run("check", str(project.joinpath(*MONTHLY)))

    assert checked.exit_code == 0
    assert "far from its last report" not in checked.output
    assert "rarely" not in checked.output


def test_a_figure_still_to_refresh_is_said_once(project: Path) -> None:
    """A figure under refresh: is taken as last month's whatever it says: one warning for it."""
    january(project, "60_500")
    metrics = project / "content" / "2023-01" / "metrics.yaml"
    metrics.write_text(
        metrics.read_text("utf-8").replace("- value: 16000", "- value: 1_600_000", 1), "utf-8"
    )

    checked = run("check", str(project.joinpath(*MONTHLY)))

    assert "metrics[0].value: still last month's figure" in checked.output
    assert "rarely" not in checked.output
