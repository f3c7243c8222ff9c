"""Shared fixtures: a copy of the sample project to build and break, and the real LibreOffice."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hpdeck.commands.cli import main

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def crashes_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every CliRunner in the tests lets an exception raise instead of turning it into exit 1.

    Click's test runner catches any exception and reports exit code 1, the same code as a
    refusal of bad content: a test asserting 'exit 1' would pass on a crash. hpdeck's own
    errors never reach the runner as exceptions (the CLI shows them and exits), so anything
    that does is a bug and must fail the test. A test may still pass catch_exceptions=True.
    """
    monkeypatch.setattr(
        CliRunner, "invoke", functools.partialmethod(CliRunner.invoke, catch_exceptions=False)
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the sample project (decks, content, themes) with its own chart cache."""
    root = tmp_path / "project"
    for folder in ("decks", "content", "themes"):
        shutil.copytree(REPO / folder, root / folder)
    monkeypatch.setenv("HPDECK_CACHE_DIR", str(tmp_path / "cache"))
    return root


def build_monthly(project: Path, out: Path, *args: str) -> Result:
    """Build the monthly deck through the CLI; a crash raises, never passing for a refusal."""
    deck = project / "decks" / "monthly-briefing.yaml"
    command = ["build", str(deck), "--out", str(out), *args]
    return CliRunner().invoke(main, command, catch_exceptions=False)


@pytest.fixture
def previous(project: Path, tmp_path: Path) -> tuple[Path, bytes]:
    """A deck built from good content, which a failed build must leave untouched."""
    out = tmp_path / "out"
    result = build_monthly(project, out)
    assert result.exit_code == 0, result.output
    deck = out / "monthly-briefing.pptx"
    return deck, deck.read_bytes()


def soffice_or_skip() -> str:
    """The LibreOffice binary; tests skip without it, except in CI where it must exist."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary:
        return binary
    if os.environ.get("CI") == "true":
        pytest.fail("LibreOffice (soffice) is required in CI: .ci/run installs libreoffice-impress")
    pytest.skip("LibreOffice is not installed (apt-get install libreoffice-impress)")


def chromium_or_skip() -> tuple[str, str]:
    """Headless Chromium and its driver; tests skip without them, except in CI."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if browser and driver:
        return browser, driver
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is required in CI: .ci/run installs chromium and chromium-driver")
    pytest.skip("Chromium is not installed (apt-get install chromium chromium-driver)")


@pytest.fixture
def corporate(project: Path) -> Path:
    """The sample project with themes/corporate/template.pptx made by its script, as `make` does."""
    import subprocess
    import sys

    target = project / "themes" / "corporate" / "template.pptx"
    subprocess.run(
        [sys.executable, str(REPO / "themes" / "make_template.py"), str(target)],
        check=True,
        capture_output=True,
    )
    return project


def libreoffice_pdf(deck: Path, folder: Path) -> Path:
    """The deck converted by real LibreOffice, with a private profile, as a reader's PDF."""
    soffice = soffice_or_skip()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(deck),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return folder / f"{deck.stem}.pdf"


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """hpdeck's terminal messages in English whatever this machine's locale; tests of other
    languages set HPDECK_LANG themselves."""
    monkeypatch.setenv("HPDECK_LANG", "en")


@pytest.fixture(autouse=True)
def no_kept_office(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each preview starts and ends its own LibreOffice, so no test leaves one running;
    tests/test_kept_office.py turns keeping one on."""
    monkeypatch.setenv("HPDECK_OFFICE_LINGER", "0")


def edit(project: Path, relative: str, old: str, new: str) -> None:
    """Replace the first ``old`` in a project file, which must hold it (a test that edits
    nothing would pass for the wrong reason)."""
    path = project / relative
    text = path.read_text("utf-8")
    assert old in text, text
    path.write_text(text.replace(old, new, 1), "utf-8")


def line_of(project: Path, relative: str, needle: str, nth: int = 1) -> int:
    """The number of the ``nth`` line of a project file that holds ``needle``, as errors name it."""
    lines = (project / relative).read_text("utf-8").splitlines()
    found = [number for number, text in enumerate(lines, start=1) if needle in text]
    return found[nth - 1]
