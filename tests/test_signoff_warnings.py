"""The sign-off sheet shows what `check` would say of each deck, figures still to refresh too:
a page that says "no remarks" while check lists warnings would sign off a deck unseen."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from hpdeck.commands.cli import main
from hpdeck.pipeline.batch import build_one
from hpdeck.pipeline.build import Options
from hpdeck.pipeline.signoff import sign_off_page

REPO = Path(__file__).resolve().parent.parent


def test_a_new_months_figures_to_refresh_reach_the_sign_off_page(tmp_path: Path) -> None:
    root = tmp_path / "project"
    for folder in ("decks", "content", "themes"):
        shutil.copytree(REPO / folder, root / folder)
    started = CliRunner().invoke(main, ["new-month", "2023-01", "--project", str(root)])
    assert started.exit_code == 0, started.output
    deck = root / "decks" / "council-meeting.yaml"

    outcome = build_one(deck, tmp_path / "out", Options(), "skaun")

    assert outcome.ok, outcome.problems
    assert outcome.stale, "new-month leaves figures to refresh"
    page = sign_off_page(deck, Options(), outcome)
    assert set(outcome.stale) <= set(page.warnings)
    assert any("content/2023-01/" in warning for warning in page.warnings)
