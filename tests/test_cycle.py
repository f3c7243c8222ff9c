"""A three-month cycle (December → January → February via `hpdeck new-month`), every shipped
theme, monthly and council decks: each passes `check --strict`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from hpdeck.commands.cli import main

THEMES = ("helseplattformen", "high-contrast", "corporate")


def advance(root: Path, month: str, step: int) -> None:
    """Start ``month`` with new-month, then update every figure as an advisor would."""
    result = CliRunner().invoke(main, ["new-month", month, "--project", str(root)])
    assert result.exit_code == 0, result.output
    year, number = (int(part) for part in month.split("-"))
    for path in (root / "content" / month).glob("*.yaml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        data.pop("refresh", None)
        if "as_of" in data:
            data["as_of"] = dt.date(year, number, 12)
        if data["type"] == "metrics":
            data.pop("title", None)  # December's title names its date
            for metric in data["metrics"]:
                metric["value"] = round(metric["value"] * (1 + 0.15 * step))
        if data["type"] == "status":
            counts = {"decided": 12 + 2 * step, "preparing": 26 - 2 * step}
            for stage in data["stages"]:
                stage["count"] = counts.get(stage["stage"], stage["count"])
        if data["type"] == "helsami":
            data["downloads"] = 60000 + 15000 * step
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project taken through January and February, with the corporate template."""
    import shutil
    import subprocess
    import sys

    repo = Path(__file__).resolve().parent.parent
    root = tmp_path_factory.mktemp("cycle") / "project"
    for folder in ("decks", "content", "themes"):
        shutil.copytree(repo / folder, root / folder)
    subprocess.run(
        [
            sys.executable,
            str(repo / "themes" / "make_template.py"),
            str(root / "themes" / "corporate" / "template.pptx"),
        ],
        check=True,
        capture_output=True,
    )
    advance(root, "2023-01", 1)
    advance(root, "2023-02", 2)
    return root


@pytest.mark.parametrize("theme", THEMES)
def test_every_month_and_deck_passes_check_strict(
    cycle: Path, theme: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HPDECK_CACHE_DIR", str(tmp_path / "cache"))
    decks = cycle / "decks"
    for month in ("2022-12", "2023-01", "2023-02"):
        result = CliRunner().invoke(
            main,
            [
                "check",
                str(decks / "monthly-briefing.yaml"),
                "--theme",
                theme,
                "--month",
                month,
                "--strict",
            ],
        )
        assert result.exit_code == 0, f"{month}:\n{result.output}"
        assert result.output.rstrip().endswith("slides)")
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(decks / "council-meeting.yaml"),
            "--theme",
            theme,
            "--strict",
            *("-m", "trondheim", "-m", "roros", "-m", "skaun", "-m", "midtre-gauldal"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.count(": ok (") == 4
