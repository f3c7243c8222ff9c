"""`hpdeck new-month` on the sample: the next month, its stale figures listed, no overwrite."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from hpdeck.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_new_month_copies_the_latest_month_and_moves_dates(project: Path) -> None:
    result = run("new-month", "2023-01", "--project", str(project))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("created content/2023-01/ from content/2022-12 (")
    new = project / "content" / "2023-01"
    assert sorted(p.name for p in new.iterdir()) == sorted(
        p.name for p in (project / "content" / "2022-12").iterdir())
    helsami = yaml.safe_load((new / "helsami.yaml").read_text("utf-8"))
    assert str(helsami["as_of"]) == "2023-01-12"
    assert helsami["refresh"] == ["as_of", "downloads"]
    status = yaml.safe_load((new / "status.yaml").read_text("utf-8"))
    assert str(status["as_of"]) == "2022-12-12"
    assert status["refresh"] == ["as_of", *(f"stages[{i}].count" for i in range(5))]
    title = yaml.safe_load((new / "title.yaml").read_text("utf-8"))
    assert str(title["date"]) == "2023-01-12" and "refresh" not in title
    # The December figures are now history, so January's slides can show the change.
    history = (project / "content" / "history.yaml").read_text("utf-8")
    assert "# Added by hpdeck new-month 2023-01: the figures of content/2022-12." in history
    assert '"barn er født": 218' in history


def test_check_lists_every_figure_to_refresh_at_its_line(project: Path) -> None:
    run("new-month", "2023-01", "--project", str(project))
    result = run("check", str(project / "decks" / "monthly-briefing.yaml"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert ("content/2023-01/helsami.yaml:8:12: warning: downloads: still last month's figure; "
            "update it, then delete 'downloads' from refresh:") in lines
    assert any(line.startswith("content/2023-01/status.yaml:15:12: warning: stages[0].count:")
               for line in lines)
    assert any(line.startswith("content/2023-01/metrics.yaml:") and "metrics[4].value" in line
               for line in lines)
    assert "16 figures still to refresh after hpdeck new-month" in lines


def test_refreshed_figures_stop_warning(project: Path) -> None:
    run("new-month", "2023-01", "--project", str(project))
    path = project / "content" / "2023-01" / "helsami.yaml"
    text = path.read_text("utf-8").replace("  - as_of\n  - downloads\n", "")
    path.write_text(text.replace("refresh:\n", "").replace("downloads: 60000",
                                                           "downloads: 71000"), "utf-8")
    result = run("check", str(project / "decks" / "monthly-briefing.yaml"))
    assert "helsami.yaml" not in result.output
    assert "14 figures still to refresh" in result.output


def test_running_it_twice_fails_cleanly_and_keeps_the_month(project: Path) -> None:
    assert run("new-month", "2023-01", "--project", str(project)).exit_code == 0
    path = project / "content" / "2023-01" / "helsami.yaml"
    path.write_text(path.read_text("utf-8") + "# my edits\n", "utf-8")
    history = (project / "content" / "history.yaml").read_text("utf-8")
    again = run("new-month", "2023-01", "--project", str(project))
    assert again.exit_code == 1
    assert again.output == ("error: content/2023-01 already exists; new-month never overwrites "
                            "a month. Edit it directly, or delete it first\n")
    assert path.read_text("utf-8").endswith("# my edits\n")
    assert (project / "content" / "history.yaml").read_text("utf-8") == history


def test_the_next_new_month_keeps_unrefreshed_figures_out_of_history(project: Path) -> None:
    run("new-month", "2023-01", "--project", str(project))
    history = (project / "content" / "history.yaml").read_text("utf-8")
    assert run("new-month", "2023-02", "--project", str(project)).exit_code == 0
    # Nothing in January was refreshed, so nothing of it is history yet.
    assert (project / "content" / "history.yaml").read_text("utf-8") == history
    helsami = yaml.safe_load((project / "content" / "2023-02" / "helsami.yaml").read_text())
    assert str(helsami["as_of"]) == "2023-02-12"
    assert helsami["refresh"] == ["as_of", "downloads"]


def test_bad_or_earlier_months_are_refused(project: Path) -> None:
    bad = run("new-month", "2023-13", "--project", str(project))
    assert bad.exit_code == 2
    assert "expected a month like 2023-01, got '2023-13'" in bad.output
    earlier = run("new-month", "2022-06", "--project", str(project))
    assert earlier.exit_code == 1
    assert earlier.output == ("error: 2022-06 is before the latest month 2022-12; new-month "
                              "starts a month after the latest one\n")
    assert not (project / "content" / "2022-06").exists()
