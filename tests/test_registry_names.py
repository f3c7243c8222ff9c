"""Municipality file names: every YAML file in the registry is used or refused, never skipped."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from hpdeck.commands.cli import main


def _check_all(project: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["check", str(project / "decks" / "council-meeting.yaml"), "--all-municipalities"]
    )
    return result.exit_code, result.output


def test_yml_and_capitalised_files_are_refused_with_the_name_to_give_them(project: Path) -> None:
    folder = project / "content" / "municipalities"
    (folder / "rennebu.yml").write_text("name: Rennebu kommune\n", "utf-8")
    (folder / "oppdal.YAML").write_text("name: Oppdal kommune\n", "utf-8")
    (folder / "Midtre Gauldal.yaml").write_text("name: Midtre Gauldal kommune\n", "utf-8")

    code, output = _check_all(project)

    assert code == 1
    assert (
        "content/municipalities/rennebu.yml: a municipality file is named with lower-case "
        "letters a-z"
    ) in output
    assert "rename it to rennebu.yaml" in output
    assert "content/municipalities/oppdal.YAML:" in output and "rename it to oppdal.yaml" in output
    assert "rename it to midtre-gauldal.yaml" in output


def test_a_name_that_is_no_municipality_is_refused(project: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(project / "decks" / "council-meeting.yaml"),
            "-m",
            "Skaunn",
            "--out",
            str(tmp_path / "out"),
        ],
    )

    assert result.exit_code == 2
    assert "did you mean 'skaun'?" in result.output
    assert not (tmp_path / "out").exists()


def test_other_files_beside_the_registry_are_left_alone(project: Path) -> None:
    folder = project / "content" / "municipalities"
    (folder / "README.txt").write_text("notes", "utf-8")

    code, output = _check_all(project)

    assert code == 0, output
    assert "README" not in output
