"""The batch under faults: a bug in the first deck (built in this process), a worker killed
as the OOM killer would, and the command itself killed while its workers build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from hpdeck.commands.cli import main
from hpdeck.pipeline import batch
from hpdeck.pipeline.batch import build_all
from hpdeck.pipeline.build import Options

SLUGS = ["alfa", "beta", "gamma", "delta"]


@pytest.fixture
def many(project: Path) -> Path:
    """The sample project with four fictional municipalities instead of the sample ones."""
    folder = project / "content" / "municipalities"
    for path in folder.glob("*.yaml"):
        path.unlink()
    for index, slug in enumerate(SLUGS):
        (folder / f"{slug}.yaml").write_text(
            f"name: {slug.title()} kommune\nlanguage: nb\nstage: in-use\ncosts:\n"
            f"  - part: Drift og vedlikehold\n    amount: {(index + 1) * 100_000}\n",
            "utf-8",
        )
    for name in ("status", "go-live"):  # all four in use: in the list and a go-live event
        path = project / "content" / "2022-12" / f"{name}.yaml"
        text = path.read_text("utf-8")
        assert "Røros, Os, Holtålen, Indre Fosen" in text
        path.write_text(
            text.replace("Røros, Os, Holtålen, Indre Fosen", "Alfa, Beta, Gamma, Delta"), "utf-8"
        )
    return project


def test_a_bug_in_the_first_deck_fails_only_that_deck(
    many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = batch.build

    def buggy(deck, out_dir, options):  # type: ignore[no-untyped-def]
        if options.municipality == "alfa":
            raise ZeroDivisionError("division by zero")
        return real(deck, out_dir, options)

    monkeypatch.setattr(batch, "build", buggy)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(many / "decks" / "council-meeting.yaml"),
            "--out",
            str(out),
            "--all-municipalities",
            "-j",
            "2",
        ],
        catch_exceptions=False,  # the bug is reported by the batch, not raised through it
    )
    assert result.exit_code == 1, result.output
    assert (
        "internal error in hpdeck (ZeroDivisionError: division by zero at test_batch_faults.py:"
    ) in result.output
    assert "built 3 of 4 decks" in result.output
    assert sorted(p.name for p in out.glob("*.pptx")) == [
        f"council-meeting-{slug}.pptx" for slug in ("beta", "delta", "gamma")
    ]


_REAL_BUILD_ONE = batch.build_one


def killed_once(deck, out_dir, options, slug):  # type: ignore[no-untyped-def]
    """build_one whose worker is killed (as the OOM killer does) the first time it builds gamma."""
    marker = Path(os.environ["HPDECK_TEST_MARKER"])
    if slug == "gamma" and not marker.exists():
        marker.write_text("x")
        os.kill(os.getpid(), signal.SIGKILL)
    return _REAL_BUILD_ONE(deck, out_dir, options, slug)


def always_killed(deck, out_dir, options, slug):  # type: ignore[no-untyped-def]
    """build_one whose worker is killed every time it builds gamma."""
    if slug == "gamma":
        os.kill(os.getpid(), signal.SIGKILL)
    return _REAL_BUILD_ONE(deck, out_dir, options, slug)


def test_a_killed_worker_is_replaced_and_its_deck_built_again(
    many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "killed-once"
    monkeypatch.setenv("HPDECK_TEST_MARKER", str(marker))
    monkeypatch.setattr(batch, "build_one", killed_once)
    outcomes = build_all(
        many / "decks" / "council-meeting.yaml", tmp_path / "out", SLUGS, Options(), jobs=2
    )
    assert marker.exists()
    assert [o.slug for o in outcomes] == SLUGS
    assert all(o.ok for o in outcomes), [o.problems for o in outcomes]
    assert len(list((tmp_path / "out").glob("*.pptx"))) == 4


def test_a_deck_that_kills_its_worker_twice_is_reported_and_the_rest_built(
    many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "build_one", always_killed)
    outcomes = build_all(
        many / "decks" / "council-meeting.yaml", tmp_path / "out", SLUGS, Options(), jobs=2
    )
    failed = {o.slug: o.problems for o in outcomes if not o.ok}
    assert list(failed) == ["gamma"]
    assert failed["gamma"][0].startswith(
        "the process building this deck was stopped twice, "
        "the second time building it alone (killed, perhaps "
        "for lack of memory); build it with -m gamma"
    )
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pptx")) == [
        f"council-meeting-{slug}.pptx" for slug in ("alfa", "beta", "delta")
    ]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 and process ids as on POSIX")
def test_workers_exit_when_the_command_is_killed(many: Path, tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    pids.mkdir()
    script = textwrap.dedent(f"""
        import os, time
        from pathlib import Path
        from hpdeck.pipeline import batch
        from hpdeck.pipeline.batch import Outcome
        main = os.getpid()
        def slow(deck, out_dir, options, slug):
            if os.getpid() == main:
                return Outcome(slug)
            (Path({str(pids)!r}) / str(os.getpid())).write_text(slug)
            time.sleep(120)
            return Outcome(slug)
        batch.build_one = slow
        batch.build_all(Path({str(many / "decks" / "council-meeting.yaml")!r}),
                        Path({str(tmp_path / "out")!r}), {SLUGS!r}, batch.Options(), jobs=2)
    """)
    command = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 60
        while len(list(pids.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = [int(p.name) for p in pids.iterdir()]
        assert len(workers) == 2
        command.kill()
        command.wait()
        deadline = time.monotonic() + 30  # workers poll every 0.5 s; a busy machine is slow
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers)
    finally:
        command.kill()
        command.wait()
