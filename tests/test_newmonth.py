"""`hpdeck new-month` on the sample: the next month, its stale figures listed, no overwrite."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from hpdeck.commands.cli import main
from hpdeck.plan.typography import glue


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_new_month_copies_the_latest_month_and_moves_dates(project: Path) -> None:
    result = run("new-month", "2023-01", "--project", str(project))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("created content/2023-01/ from content/2022-12 (")
    new = project / "content" / "2023-01"
    assert sorted(p.name for p in new.iterdir()) == sorted(
        p.name for p in (project / "content" / "2022-12").iterdir()
    )
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
    assert (
        "content/2023-01/helsami.yaml:8:12: warning: downloads: still last month's figure; "
        "update it, then delete 'downloads' from refresh:"
    ) in lines
    assert any(
        line.startswith("content/2023-01/status.yaml:15:12: warning: stages[0].count:")
        for line in lines
    )
    assert any(
        line.startswith("content/2023-01/metrics.yaml:") and "metrics[4].value" in line
        for line in lines
    )
    assert "16 figures still to refresh" in lines


def test_refreshed_figures_stop_warning(project: Path) -> None:
    run("new-month", "2023-01", "--project", str(project))
    path = project / "content" / "2023-01" / "helsami.yaml"
    text = path.read_text("utf-8").replace("  - as_of\n  - downloads\n", "")
    path.write_text(
        text.replace("refresh:\n", "").replace("downloads: 60000", "downloads: 71000"), "utf-8"
    )
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
    assert again.output == (
        "error: content/2023-01 already exists and is not empty (actors.yaml, benefits.yaml, "
        "contact.yaml and 8 more); new-month fills an empty month folder but never overwrites "
        "one: edit the files there, or move them away first\n"
    )
    assert path.read_text("utf-8").endswith("# my edits\n")
    assert (project / "content" / "history.yaml").read_text("utf-8") == history


def test_an_empty_month_folder_made_first_is_filled(project: Path) -> None:
    """An advisor who made content/2023-01/ by hand (a hidden file from the file manager in it)
    gets it filled, as if new-month had made it; the folder keeps that file."""
    folder = project / "content" / "2023-01"
    folder.mkdir()
    (folder / ".DS_Store").write_bytes(b"\0")
    result = run("new-month", "2023-01", "--project", str(project))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("created content/2023-01/ from content/2022-12 (")
    december = sorted(p.name for p in (project / "content" / "2022-12").iterdir())
    assert sorted(p.name for p in folder.iterdir()) == sorted([".DS_Store", *december])
    helsami = yaml.safe_load((folder / "helsami.yaml").read_text("utf-8"))
    assert str(helsami["as_of"]) == "2023-01-12"
    assert [p.name for p in (project / "content").iterdir() if p.name.startswith(".")] == []
    built = run("check", str(project / "decks" / "monthly-briefing.yaml"))
    assert built.exit_code == 0, built.output


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
    assert earlier.output == (
        "error: 2022-06 is before the latest month 2022-12; new-month "
        "starts a month after the latest one\n"
    )
    assert not (project / "content" / "2022-06").exists()


DECK = ("decks", "monthly-briefing.yaml")


def slide_texts(path: Path) -> list[str]:
    from pptx import Presentation

    return [
        "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        for slide in Presentation(str(path)).slides
    ]


def test_build_and_strict_report_figures_still_to_refresh(project: Path, tmp_path: Path) -> None:
    run("new-month", "2023-01", "--project", str(project))
    deck = str(project.joinpath(*DECK))
    result = CliRunner().invoke(main, ["build", deck, "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (
        "content/2023-01/helsami.yaml:8:12: warning: downloads: still last month's figure; "
        "update it, then delete 'downloads' from refresh:"
    ) in result.stderr.splitlines()
    assert "16 figures still to refresh" in result.stderr.splitlines()
    assert "refresh" not in result.stdout
    strict = CliRunner().invoke(main, ["build", deck, "--strict", "--out", str(tmp_path / "s")])
    assert strict.exit_code == 1
    assert (
        "content/2023-01/helsami.yaml:8:12: downloads: still last month's figure; update "
        "it, then delete 'downloads' from refresh:"
    ) in strict.stderr.splitlines()
    assert strict.stderr.endswith("16 problems found; nothing was built.\n")
    assert not (tmp_path / "s").exists() or not any((tmp_path / "s").iterdir())
    checked = CliRunner().invoke(main, ["check", deck, "--strict"])
    assert checked.exit_code == 1
    assert "16 figures still to refresh" in checked.output


def test_copied_figures_claim_no_change(project: Path, tmp_path: Path) -> None:
    """Copied counts are not news: no 'no change' title, no ±0, no trend from them."""
    run("new-month", "2023-01", "--project", str(project))
    deck = project.joinpath(*DECK)
    result = CliRunner().invoke(main, ["build", str(deck), "--out", str(tmp_path / "a")])
    texts = slide_texts(tmp_path / "a" / "monthly-briefing.pptx")
    assert result.exit_code == 0
    shown = "\n".join(texts)
    assert "Ingen endring" not in shown and "±0" not in shown
    assert "siden forrige måned" not in shown
    # The advisor updates two stage counts and the date: now the change is real and shown.
    status = project / "content" / "2023-01" / "status.yaml"
    text = status.read_text("utf-8")
    text = text.replace("  - as_of\n  - stages[0].count\n  - stages[1].count\n", "")
    text = text.replace("as_of: 2022-12-12", "as_of: 2023-01-12")
    text = text.replace("count: 7\n", "count: 9\n", 1).replace("count: 12\n", "count: 10\n", 1)
    names = text.index("    municipalities: [Trondheim")  # nine now, so the seven names go
    text = text[:names] + text[text.index("\n", names) + 1 :]
    status.write_text(text, "utf-8")
    CliRunner().invoke(main, ["build", str(deck), "--out", str(tmp_path / "b")])
    slides = slide_texts(tmp_path / "b" / "monthly-briefing.pptx")
    trend = next(t for t in slides if t.startswith("+2 kommuner har tatt"))
    # December's counts were as of 12 November; the stages still to refresh are left out.
    assert trend.startswith(
        glue(
            "+2 kommuner har tatt Helseplattformen i bruk siden 12. "
            "november 2022\nEndring siden 12. november 2022\n+2  I bruk\n"
            "\u22122  Vedtatt\n"
        )
    )
    assert "Forbereder" not in trend


def test_an_unrefreshed_month_keeps_its_true_month_and_says_what_stays_out(project: Path) -> None:
    run("new-month", "2023-01", "--project", str(project))
    history = (project / "content" / "history.yaml").read_text("utf-8")
    result = run("new-month", "2023-04", "--project", str(project))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        "not added to content/history.yaml: figures of content/2023-01 still marked for "
        "refresh (never updated, so an older month's):"
    ) in lines
    assert "  content/2023-01/helsami.yaml: downloads" in lines
    assert (
        "  content/2023-01/status.yaml: stages[0].count, stages[1].count, stages[2].count, "
        "stages[3].count, stages[4].count"
    ) in lines
    assert (project / "content" / "history.yaml").read_text("utf-8") == history
    text = (project / "content" / "2023-04" / "status.yaml").read_text("utf-8")
    assert text.startswith(
        "type: status\n"
        "# hpdeck new-month 2023-04: these figures are still 2022-12's. Update each one,\n"
        "# then delete its line below; `hpdeck check` warns until the list is empty.\n"
        "refresh:\n  - as_of\n  - stages[0].count\n"
    )
    assert text.count("# hpdeck new-month") == 1 and text.count("# then delete") == 1


def test_partly_refreshed_figures_say_which_month_each_is_from(project: Path) -> None:
    run("new-month", "2023-01", "--project", str(project))
    status = project / "content" / "2023-01" / "status.yaml"
    text = status.read_text("utf-8").replace("  - as_of\n  - stages[0].count\n", "")
    status.write_text(text.replace("count: 7\n", "count: 8\n", 1), "utf-8")
    result = run("new-month", "2023-02", "--project", str(project))
    assert (
        "  content/2023-01/status.yaml: stages[1].count, stages[2].count, stages[3].count, "
        "stages[4].count" in result.output.splitlines()
    )
    assert "- as_of: 2022-12-12\n  status:\n    in-use: 8\n" in (
        project / "content" / "history.yaml"
    ).read_text("utf-8")
    new = (project / "content" / "2023-02" / "status.yaml").read_text("utf-8")
    assert "these figures are still 2023-01's" in new
    assert "  - stages[0].count\n  - stages[1].count  # still 2022-12's\n" in new
    assert yaml.safe_load(new)["refresh"][:3] == ["as_of", "stages[0].count", "stages[1].count"]


def test_preview_reports_figures_still_to_refresh(project: Path, tmp_path: Path) -> None:
    from .conftest import soffice_or_skip

    soffice_or_skip()
    run("new-month", "2023-01", "--project", str(project))
    result = CliRunner().invoke(
        main, ["preview", str(project.joinpath(*DECK)), "--out", str(tmp_path / "pictures")]
    )
    assert result.exit_code == 0, result.output
    assert "16 figures still to refresh" in result.stderr.splitlines()
    assert "content/2023-01/status.yaml:15:12: warning: stages[0].count:" in result.stderr
