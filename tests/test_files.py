"""The atomic writer: durable before the rename, and leftovers of killed builds removed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hpdeck.content.files import write_atomic


def _dead_pid() -> int:
    """The id of a process that has finished."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_leftovers_of_a_killed_writer_are_removed_and_a_living_writers_kept(tmp_path: Path) -> None:
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"old")
    stale = tmp_path / f".deck.pptx.{_dead_pid()}.abc123.tmp"
    stale.write_bytes(b"half a deck")
    living = tmp_path / f".deck.pptx.{os.getppid()}.def456.tmp"
    living.write_bytes(b"being written")
    other = tmp_path / ".notes.txt.tmp"
    other.write_bytes(b"not ours")
    write_atomic(deck, b"new")
    assert deck.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [deck.name, living.name, other.name]
    )


def test_the_data_is_synced_before_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(
        os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))[1]
    )
    write_atomic(tmp_path / "deck.pptx", b"data")
    assert events[:2] == ["fsync", "replace"]
    assert (tmp_path / "deck.pptx").read_bytes() == b"data"


def test_a_cache_file_is_replaced_whole_without_waiting_for_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A drawn chart or a kept slide picture: made again if a power cut loses it."""
    events: list[str] = []
    real_replace = os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: events.append("fsync"))
    monkeypatch.setattr(
        os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))[1]
    )
    chart = tmp_path / "chart.png"
    chart.write_bytes(b"old")

    write_atomic(chart, b"new", durable=False)

    assert events == ["replace"]
    assert chart.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["chart.png"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"old")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(Exception, match="the disk is full"):
        write_atomic(deck, b"new")
    assert deck.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]
