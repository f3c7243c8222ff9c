"""A LibreOffice kept between previews: the second preview finds it running and uses it, its
pictures are those a LibreOffice of the preview's own makes, and it ends when told or idle."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from hpdeck.commands.cli import main
from hpdeck.export import kept_office
from hpdeck.export.live_office import LiveOffice
from tests.conftest import soffice_or_skip


@pytest.fixture
def keeper(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Keeping on, in a short private temporary folder (a Unix socket's path is short)."""
    soffice_or_skip()
    if not LiveOffice.available():
        pytest.skip("no Python with LibreOffice's uno module (apt-get install python3-uno)")
    folder = tempfile.mkdtemp(prefix="hpk-", dir="/tmp")
    monkeypatch.setenv("TMPDIR", folder)
    monkeypatch.setattr(tempfile, "tempdir", folder)
    monkeypatch.setenv("HPDECK_OFFICE_LINGER", "120")
    yield kept_office.home()
    kept_office.stop()


def _pid(home: Path) -> int:
    return int((home / "office.pid").read_text())


def _alive(pid: int) -> bool:
    """Running (an ended process nobody reaped yet counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return state not in ("Z", "X")


@pytest.mark.libreoffice
def test_a_second_preview_uses_the_kept_libreoffice_and_stop_ends_it(
    project: Path, tmp_path: Path, keeper: Path
) -> None:
    deck = project / "decks" / "monthly-briefing.yaml"
    metrics = project / "content" / "2022-12" / "metrics.yaml"

    first = CliRunner().invoke(main, ["preview", str(deck), "--out", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    pid = _pid(keeper)
    metrics.write_text(metrics.read_text("utf-8").replace("besøk", "besøk nå", 1), "utf-8")
    second = CliRunner().invoke(main, ["preview", str(deck), "--out", str(tmp_path / "b")])

    assert second.exit_code == 0, second.output
    assert _pid(keeper) == pid and _alive(pid)  # the same keeper converted the changed deck
    assert len(list((tmp_path / "b" / "monthly-briefing").glob("slide-*.png"))) == len(
        list((tmp_path / "a" / "monthly-briefing").glob("slide-*.png"))
    )
    kept_office.stop()
    for _ in range(300):
        if not _alive(pid):
            break
        time.sleep(0.1)
    assert not _alive(pid)
    assert not (keeper / "office.sock").exists()


@pytest.mark.libreoffice
def test_a_dead_keeper_is_replaced(project: Path, tmp_path: Path, keeper: Path) -> None:
    import signal

    deck = project / "decks" / "monthly-briefing.yaml"
    assert (
        CliRunner().invoke(main, ["preview", str(deck), "--out", str(tmp_path / "a")]).exit_code
        == 0
    )
    pid = _pid(keeper)
    os.kill(pid, signal.SIGKILL)  # its socket file stays behind

    again = CliRunner().invoke(main, ["preview", str(deck), "--out", str(tmp_path / "b")])

    assert again.exit_code == 0, again.output
    assert "wrote 17 slide pictures" in again.output or "slide pictures" in again.output


def test_each_install_keeps_its_own_office(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another virtual environment's hpdeck must not talk to this one's keeper."""
    here = kept_office.home()
    assert here == kept_office.home()
    monkeypatch.setattr(sys, "executable", "/elsewhere/venv/bin/python")
    there = kept_office.home()
    assert there != here and there.parent == here.parent
    assert len(str(there / "office.sock")) < 100  # a Unix socket's path is short
