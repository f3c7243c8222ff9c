"""The command line as a user meets it: exit codes, error lines, and the deck left in place."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from hpdeck.commands.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def build_args(project: Path, out: Path) -> list[str]:
    return ["build", str(project / "decks" / "monthly-briefing.yaml"), "--out", str(out)]


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_build_writes_the_deck_named_after_the_deck_file(project: Path, tmp_path: Path) -> None:
    result = run(*build_args(project, tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "monthly-briefing.pptx").is_file()
    assert "slides" in result.output


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "value: 16000",
            "value: mange",
            "content/2022-12/metrics.yaml:5:12: metrics[0].value: expected a number, got 'mange'",
        ),
        (
            "  - value: 218\n    label: {nb: barn er født",
            "  - value: 218\n    lable: {nb: barn er født",
            "content/2022-12/metrics.yaml:13:5: metrics[3].lable: unknown key 'lable'; "
            "did you mean 'label'?",
        ),
        (
            "  - value: 218\n",
            "  - value: 218\n    value: 219\n",
            "content/2022-12/metrics.yaml:13:5: metrics[3]: "
            "duplicate key 'value' (first at line 12)",
        ),
        (
            "as_of: 2022-12-12\nmetrics:",
            "as_of: 2022-12-12\nmetrics: [",
            "content/2022-12/metrics.yaml:",
        ),
    ],
    ids=["word-for-number", "misspelt-key", "duplicate-key", "syntax-error"],
)
def test_broken_content_names_file_and_line_and_keeps_the_last_deck(
    project: Path, tmp_path: Path, old: str, new: str, expected: str
) -> None:
    out = tmp_path / "out"
    assert run(*build_args(project, out)).exit_code == 0
    good = (out / "monthly-briefing.pptx").read_bytes()
    replace_in(project / "content" / "2022-12" / "metrics.yaml", old, new)

    result = run(*build_args(project, out))

    assert result.exit_code == 1
    assert expected in result.output
    assert "Traceback" not in result.output
    assert (out / "monthly-briefing.pptx").read_bytes() == good
    assert [p.name for p in out.iterdir()] == ["monthly-briefing.pptx"]


def test_every_problem_is_reported_at_once(project: Path, tmp_path: Path) -> None:
    replace_in(project / "content" / "2022-12" / "metrics.yaml", "value: 16000", "value: mange")
    replace_in(project / "content" / "2022-12" / "status.yaml", "count: 12", "count: 13")
    result = run("check", str(project / "decks" / "monthly-briefing.yaml"))
    assert result.exit_code == 1
    assert "metrics.yaml:5:12: metrics[0].value" in result.output
    assert (
        "content/2022-12/status.yaml:3:8: total: the stage counts add up to 67, but total is "
        "66; correct a count or the total (in-use 7 (line 6), decided 13 (line 9)" in result.output
    )
    assert "2 problems found" in result.output


def test_unknown_section_type_suggests_the_nearest(project: Path) -> None:
    replace_in(project / "content" / "2022-12" / "helsami.yaml", "type: helsami", "type: helsmi")
    result = run("check", str(project / "decks" / "monthly-briefing.yaml"))
    assert result.exit_code == 1
    assert (
        "content/2022-12/helsami.yaml:1:7: type: unknown section type 'helsmi'; "
        "did you mean 'helsami'?"
    ) in result.output


def test_image_outside_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    media = project / "content" / "2022-12" / "media.yaml"
    replace_in(
        media,
        "  - outlet: Kommunal Rapport\n",
        "  - outlet: Kommunal Rapport\n    image: ../../secret.png\n",
    )
    result = run(*build_args(project, tmp_path / "out"))
    assert result.exit_code == 1
    assert "leaves the project folder" in result.output
    assert "Traceback" not in result.output


def test_check_reports_ok_for_the_sample(project: Path) -> None:
    result = run("check", str(project / "decks" / "monthly-briefing.yaml"))
    assert result.exit_code == 0
    assert "ok" in result.output


def test_usage_errors_exit_2(project: Path) -> None:
    assert run("build").exit_code == 2
    assert (
        run("build", str(project / "decks" / "monthly-briefing.yaml"), "--lang", "sv").exit_code
        == 2
    )


def test_missing_deck_is_a_usage_error(tmp_path: Path) -> None:
    result = run("build", str(tmp_path / "decks" / "nope.yaml"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_schema_covers_every_section_type() -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert set(schema["discriminator"]["mapping"]) >= {
        "status",
        "vision",
        "actors",
        "go-live",
        "metrics",
        "media",
        "benefits",
        "helsami",
        "economy",
        "text",
        "image",
        "title",
    }


COMMANDS = ["build", "check", "check-theme", "init", "new-month", "preview", "registry", "schema"]
"""Every command, by the name users type and the README documents: a rename must be deliberate."""


def test_help_names_every_command() -> None:
    result = run("--help")
    assert result.exit_code == 0
    listed = result.output.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in listed if line.strip()] == COMMANDS


def test_deck_path_relative_to_another_folder(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.parent)
    result = run("build", "project/decks/monthly-briefing.yaml", "--out", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "monthly-briefing.pptx").is_file()


@pytest.mark.parametrize(("given", "kept"), [(None, "1"), ("4", "4")])
def test_numpy_gets_one_blas_thread_unless_the_user_set_them(
    monkeypatch: pytest.MonkeyPatch, given: str | None, kept: str
) -> None:
    """hpdeck multiplies no matrices: OpenBLAS's thread per core only costs start-up."""
    if given is None:
        monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    else:
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", given)

    CliRunner().invoke(main, ["--version"])

    assert os.environ["OPENBLAS_NUM_THREADS"] == kept
