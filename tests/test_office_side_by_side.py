"""A region's sign-off converts its decks in one LibreOffice run per language: the runs of
different languages go side by side where there are cores for them, and the PDFs are still
handed over in the order of the decks given.

A stand-in soffice (a Python script) converts each file it is given in turn, slowly, and notes
when each run starts and ends and in which profile.
"""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

import pytest

from hpdeck.errors import RenderError
from hpdeck.export import office

pytestmark = pytest.mark.skipif(os.name != "posix", reason="a stand-in soffice script")

FAKE = """\
import os, sys, time
log, args = {log!r}, sys.argv[1:]
profile = next(a for a in args if a.startswith("-env:UserInstallation=")).rsplit("/", 1)[-1]
out = args[args.index("--outdir") + 1]
files = [a for a in args if a.endswith(".pptx")]
with open(log, "a") as handle:
    handle.write(f"start {{profile}} {{time.monotonic()}}\\n")
for number, name in enumerate(files):
    time.sleep(30 if number and profile in os.environ.get("HANG_IN", "-") else 0.4)
    stem = os.path.splitext(os.path.basename(name))[0]
    with open(os.path.join(out, stem + ".tmp"), "w") as pdf:
        pdf.write("%PDF-1.7 " + profile)
    os.rename(os.path.join(out, stem + ".tmp"), os.path.join(out, stem + ".pdf"))
if profile in os.environ.get("LINGER_IN", "-"):  # its PDFs written, it does not exit
    time.sleep(30)
with open(log, "a") as handle:
    handle.write(f"end {{profile}} {{time.monotonic()}}\\n")
"""


def _deck(folder: Path, name: str, language: str) -> Path:
    """A file deck_language reads as a deck in ``language`` (the stand-in reads nothing else)."""
    path = folder / f"{name}.pptx"
    core = f"<cp:coreProperties><dc:language>{language}</dc:language></cp:coreProperties>"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("docProps/core.xml", core)
    return path


def _runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: int) -> tuple[list, dict]:
    """What export_each handed over for decks in bokmål, nynorsk, bokmål; when each run
    started and ended, by profile."""
    log = tmp_path / "log"
    script = tmp_path / "soffice"
    script.write_text(f"#!{sys.executable}\n" + FAKE.format(log=str(log)), "utf-8")
    script.chmod(0o755)
    monkeypatch.setenv(office.ENV_BINARY, str(script))
    monkeypatch.setattr(office, "PARALLEL_RUNS", parallel)
    decks = [
        _deck(tmp_path, "skaun", "nb-NO"),
        _deck(tmp_path, "volda", "nn-NO"),
        _deck(tmp_path, "roros", "nb-NO"),
    ]
    with office.Office() as libreoffice:
        handed = [(index, pdf.read_text()) for index, pdf in libreoffice.export_each(decks)]
    times: dict[str, dict[str, float]] = {}
    for line in log.read_text().splitlines():
        event, profile, at = line.split()
        times.setdefault(profile, {})[event] = float(at)
    return handed, times


def test_runs_in_two_languages_convert_side_by_side_and_hand_over_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handed, times = _runs(tmp_path, monkeypatch, parallel=2)

    assert handed == [
        (0, "%PDF-1.7 profile-nb-NO"),
        (1, "%PDF-1.7 profile-nn-NO"),
        (2, "%PDF-1.7 profile-nb-NO"),
    ]
    bokmal, nynorsk = times["profile-nb-NO"], times["profile-nn-NO"]
    assert nynorsk["start"] < bokmal["end"]  # the nynorsk run did not wait for the bokmål one


def test_one_run_at_a_time_where_one_core_is_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handed, times = _runs(tmp_path, monkeypatch, parallel=1)

    assert [index for index, _ in handed] == [0, 1, 2]
    assert times["profile-nn-NO"]["start"] >= times["profile-nb-NO"]["end"]


def test_a_run_that_lingers_after_its_pdfs_is_stopped_in_time_for_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A LibreOffice that has written every PDF of its run but does not exit (another window
    holding its profile) is stopped once its time is up, so the run waiting for its place
    still starts: the sign-off does not hang."""
    monkeypatch.setenv("LINGER_IN", "profile-nb-NO")
    monkeypatch.setenv(office.ENV_TIMEOUT, "2")
    handed, times = _runs(tmp_path, monkeypatch, parallel=1)

    assert [index for index, _ in handed] == [0, 1, 2]
    assert "end" not in times["profile-nb-NO"]  # stopped, not waited for (it lingers 30 s)


def test_a_deck_waiting_for_a_run_that_hangs_gets_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The nynorsk deck waits for the bokmål run's place; that run hangs on its second deck,
    so the wait ends with the run's time, not never."""
    monkeypatch.setenv("HANG_IN", "profile-nb-NO")
    monkeypatch.setenv(office.ENV_TIMEOUT, "2")
    with pytest.raises(RenderError, match="took longer than 2 s"):
        _runs(tmp_path, monkeypatch, parallel=1)
