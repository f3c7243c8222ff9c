"""A month folder copied by hand meets the same warnings as one `hpdeck new-month` started."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from hpdeck.commands.cli import main

UNCHANGED = (
    "unchanged from content/2022-12/helsami.yaml, as_of included: not refreshed since 2022-12; "
    "write this month's figure and date (`hpdeck new-month` starts a month with such figures "
    "listed under refresh:); if nothing changed, write refresh: [] in the file"
)


def copy_month(project: Path) -> Path:
    new = project / "content" / "2023-01"
    shutil.copytree(project / "content" / "2022-12", new)
    return new


def check(project: Path, *args: str):
    deck = str(project / "decks" / "monthly-briefing.yaml")
    return CliRunner().invoke(main, ["check", deck, *args], catch_exceptions=False)


def test_a_copied_month_warns_at_each_figure_new_month_would_mark(project: Path) -> None:
    copy_month(project)
    result = check(project)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"content/2023-01/helsami.yaml:3:12: warning: downloads: {UNCHANGED}" in lines
    assert f"content/2023-01/helsami.yaml:2:8: warning: as_of: {UNCHANGED}" in lines
    assert any(
        line.startswith("content/2023-01/status.yaml:6:12: warning: stages[0].count: unchanged")
        for line in lines
    )
    assert any(
        line.startswith("content/2023-01/metrics.yaml:2:8: warning: title:") for line in lines
    )
    # New-month's figures but the undated clippings; the investment is never asked about.
    assert "15 figures still to refresh" in lines
    for undated in ("economy.yaml", "vision.yaml", "media.yaml"):
        assert undated not in result.output


def test_strict_fails_on_a_copied_month_and_writes_no_deck(project: Path, tmp_path: Path) -> None:
    copy_month(project)
    deck = str(project / "decks" / "monthly-briefing.yaml")
    out = tmp_path / "out"
    built = CliRunner().invoke(main, ["build", deck, "--strict", "--out", str(out)])
    assert built.exit_code == 1
    assert f"content/2023-01/helsami.yaml:3:12: downloads: {UNCHANGED}" in built.stderr.splitlines()
    assert built.stderr.endswith("15 problems found; nothing was built.\n")
    assert not out.exists() or not list(out.glob("*.pptx"))
    assert check(project, "--strict").exit_code == 1


def test_a_file_whose_date_moved_on_may_keep_its_figures(project: Path) -> None:
    new = copy_month(project)
    # Updated this month: the counts did not move, which is news too, not a forgotten file.
    path = new / "status.yaml"
    path.write_text(path.read_text("utf-8").replace("as_of: 2022-11-12", "as_of: 2022-12-12"))
    # The as_of forgotten while the figure was written: only the date is said.
    path = new / "helsami.yaml"
    path.write_text(path.read_text("utf-8").replace("downloads: 60000", "downloads: 71000"))
    result = check(project)
    assert "status.yaml" not in result.output
    assert [line for line in result.output.splitlines() if "helsami.yaml" in line] == [
        f"content/2023-01/helsami.yaml:2:8: warning: as_of: {UNCHANGED}"
    ]


def test_an_empty_refresh_list_marks_a_copied_file_as_reviewed(project: Path) -> None:
    new = copy_month(project)
    path = new / "helsami.yaml"
    path.write_text(
        path.read_text("utf-8").replace("type: helsami\n", "type: helsami\nrefresh: []\n")
    )
    result = check(project)
    assert "helsami.yaml" not in result.output
    assert "13 figures still to refresh" in result.output


def test_the_first_month_and_a_new_month_get_no_copy_warnings(project: Path) -> None:
    assert "warning" not in check(project).output
    CliRunner().invoke(main, ["new-month", "2023-01", "--project", str(project)])
    assert "unchanged from" not in check(project).output
