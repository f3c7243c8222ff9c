"""Many council decks at once: worker processes, the shared chart cache, no needless imports."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hpdeck.pipeline.batch import build_all
from hpdeck.pipeline.build import Options


@pytest.fixture
def many(project: Path) -> Path:
    """The sample project with five fictional municipalities instead of the sample ones."""
    folder = project / "content" / "municipalities"
    for path in folder.glob("*.yaml"):
        path.unlink()
    for index, (slug, stage) in enumerate(
        [
            ("alfa", "in-use"),
            ("beta", "decided"),
            ("gamma", "preparing"),
            ("delta", "deciding"),
            ("epsilon", "unscheduled"),
        ]
    ):
        (folder / f"{slug}.yaml").write_text(
            f"name: {slug.title()} kommune\nlanguage: {'nn' if index % 2 else 'nb'}\n"
            f"stage: {stage}\ncosts:\n  - part: Drift og vedlikehold\n"
            f"    amount: {(index + 1) * 100_000}\n",
            "utf-8",
        )
    for name in ("status", "go-live"):  # Alfa in use: in the list and its go-live event
        path = project / "content" / "2022-12" / f"{name}.yaml"
        path.write_text(path.read_text("utf-8").replace("Åfjord", "Alfa"), "utf-8")
    return project


def test_worker_pool_builds_every_deck_and_reports_each(many: Path, tmp_path: Path) -> None:
    slugs = ["alfa", "beta", "gamma", "delta", "epsilon"]
    seen: list[str] = []

    outcomes = build_all(
        many / "decks" / "council-meeting.yaml",
        tmp_path / "out",
        slugs,
        Options(),
        jobs=2,
        on_done=lambda outcome: seen.append(outcome.slug),
    )

    assert [o.slug for o in outcomes] == slugs
    assert all(o.ok for o in outcomes), [o.problems for o in outcomes if not o.ok]
    assert sorted(seen) == sorted(slugs)
    assert gc.get_freeze_count() == 0  # frozen only while the workers ran: collected again now
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pptx")) == sorted(
        f"council-meeting-{slug}.pptx" for slug in slugs
    )


def test_a_failing_deck_in_a_worker_leaves_the_others_built(many: Path, tmp_path: Path) -> None:
    (many / "content" / "municipalities" / "gamma.yaml").write_text(
        "name: Gamma kommune\nstage: sometime\n", "utf-8"
    )

    outcomes = build_all(
        many / "decks" / "council-meeting.yaml",
        tmp_path / "out",
        ["alfa", "beta", "gamma", "delta"],
        Options(),
        jobs=2,
    )

    failed = [o for o in outcomes if not o.ok]
    assert [o.slug for o in failed] == ["gamma"]
    assert failed[0].problems[0].startswith("content/municipalities/gamma.yaml:2:8: stage: ")
    assert len(list((tmp_path / "out").glob("*.pptx"))) == 3


def test_warm_cache_build_does_not_import_matplotlib(many: Path, tmp_path: Path) -> None:
    deck = many / "decks" / "council-meeting.yaml"
    build_all(deck, tmp_path / "first", ["alfa"], Options(), jobs=1)  # draws every chart
    script = (
        "import sys\n"
        "from hpdeck.commands.cli import main\n"
        "try:\n"
        f"    main(['build', {str(deck)!r}, '-m', 'alfa', '--out', {str(tmp_path)!r}])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
        "print('matplotlib' in sys.modules)\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"
