"""`--strict` means one thing everywhere: check, build, preview, the monthly deck and the batch."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from hpdeck.commands.cli import main


@pytest.fixture
def pale(project: Path) -> Path:
    """The sample project with a theme whose muted colour fails WCAG contrast (a lint finding)."""
    folder = project / "themes" / "pale"
    folder.mkdir()
    (folder / "theme.yaml").write_text(
        "name: Pale\nextends: helseplattformen\ncolors:\n  muted: '#B8BEC6'\n", encoding="utf-8"
    )
    return project


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_strict_batch_refuses_decks_with_findings(pale: Path, tmp_path: Path) -> None:
    deck = str(pale / "decks" / "council-meeting.yaml")
    out = tmp_path / "out"

    code, output = _run(
        "build", deck, "--theme", "pale", "-m", "skaun", "--out", str(out), "--strict"
    )
    assert code == 1, output
    assert "failed: skaun" in output
    assert "[contrast]" in output and "warning:" not in output
    assert not list(out.glob("*.pptx"))

    code, output = _run(
        "build", deck, "--theme", "pale", "--all-municipalities", "--out", str(out), "--strict"
    )
    assert code == 1, output
    assert not list(out.glob("*.pptx"))


def test_without_strict_the_batch_warns_and_writes(pale: Path, tmp_path: Path) -> None:
    deck = str(pale / "decks" / "council-meeting.yaml")
    code, output = _run(
        "build", deck, "--theme", "pale", "-m", "skaun", "--out", str(tmp_path / "out")
    )
    assert code == 0, output
    assert "warning:" in output and "[contrast]" in output
    assert (tmp_path / "out" / "council-meeting-skaun-pale.pptx").is_file()


def test_the_council_deck_without_a_municipality_is_a_usage_error(
    project: Path, tmp_path: Path
) -> None:
    deck = str(project / "decks" / "council-meeting.yaml")
    for command in (["build", deck, "--out", str(tmp_path / "out")], ["check", deck]):
        code, output = _run(*command)
        assert code == 2, output
        assert "is a deck for one municipality" in output and "-m SLUG" in output
    assert not (tmp_path / "out").exists()


def test_strict_preview_refuses_before_drawing_pictures(pale: Path, tmp_path: Path) -> None:
    deck = str(pale / "decks" / "monthly-briefing.yaml")
    code, output = _run(
        "preview", deck, "--theme", "pale", "--out", str(tmp_path / "png"), "--strict"
    )
    assert code == 1, output
    assert "[contrast]" in output and "nothing was built" in output
    assert not list((tmp_path / "png").rglob("*.png"))
