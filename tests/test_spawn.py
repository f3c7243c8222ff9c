"""Batch workers are spawned where forking is unsafe (macOS) or impossible (Windows), and a
spawned batch builds the same decks."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation

from hpdeck.pipeline import batch, batch_start
from hpdeck.pipeline.build import Options


@pytest.mark.parametrize(
    ("platform", "method"), [("linux", "fork"), ("darwin", "spawn"), ("win32", "spawn")]
)
def test_workers_fork_only_on_linux(
    monkeypatch: pytest.MonkeyPatch, platform: str, method: str
) -> None:
    monkeypatch.delenv("HPDECK_START_METHOD", raising=False)
    monkeypatch.setattr(batch_start.sys, "platform", platform)
    assert batch_start.context().get_start_method() == method


def test_a_spawned_batch_builds_every_deck(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HPDECK_START_METHOD", "spawn")
    assert batch_start.context().get_start_method() == "spawn"
    slugs = ["skaun", "os", "roros"]
    outcomes = batch.build_all(
        project / "decks" / "council-meeting.yaml", tmp_path / "out", slugs, Options(), jobs=2
    )
    assert [o.slug for o in outcomes if o.ok] == slugs
    for slug, name in zip(slugs, ["Skaun", "Os", "Røros"], strict=True):
        title = Presentation(str(tmp_path / "out" / f"council-meeting-{slug}.pptx")).slides[0]
        assert name in title.shapes.title.text_frame.text
