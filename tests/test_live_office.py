"""The LibreOffice kept running behind the live preview: it converts, draws a changed slide as
the whole deck's conversion draws it, and is replaced when it dies or hangs, without the page
losing its slides."""

from __future__ import annotations

import io
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hpdeck.commands.serve import LivePreview
from hpdeck.export import live_office
from hpdeck.export.live_office import LiveOffice
from hpdeck.export.office import Office
from hpdeck.export.preview import render_pdf
from hpdeck.pipeline.build import Options, build
from tests.conftest import soffice_or_skip

DECK = Path("decks") / "monthly-briefing.yaml"
METRICS = Path("content") / "2022-12" / "metrics.yaml"

pytestmark = pytest.mark.libreoffice


def uno_or_skip() -> None:
    soffice = Path(soffice_or_skip())
    if live_office.uno_python(soffice) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "LibreOffice's Python bridge is required in CI: .ci/run installs python3-uno"
            )
        pytest.skip("no Python with LibreOffice's uno module (apt-get install python3-uno)")


@pytest.fixture
def office() -> Iterator[LiveOffice]:
    uno_or_skip()
    kept = LiveOffice()
    try:
        yield kept
    finally:
        kept.close()


def soffice_pids(group: int) -> list[int]:
    """The soffice.bin processes in the kept LibreOffice's process group (Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (
                    os.getpgid(int(entry.name)) == group
                    and "soffice.bin" in (entry / "cmdline").read_text()
                ):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def pixels(png: bytes) -> bytes:
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB").tobytes()


def test_a_changed_slide_drawn_alone_looks_as_in_the_whole_deck(
    project: Path, tmp_path: Path, office: LiveOffice
) -> None:
    from hpdeck.pipeline.live_slides import LiveSlides

    built = build(project / DECK, tmp_path / "out")
    office.convert(built.path, tmp_path / "whole.pdf")
    whole = render_pdf(tmp_path / "whole.pdf")
    assert len(whole) == built.slides
    live = LiveSlides(tmp_path / "scratch")
    (tmp_path / "scratch").mkdir()
    drawn: list[int] = []

    def render(decks):  # type: ignore[no-untyped-def]
        office.export(decks)
        slides = [render_pdf(deck.with_suffix(".pdf")) for deck in decks]
        drawn.append(len(slides[0]))
        return slides

    first = live.rebuild(project / DECK, Options(), render)
    assert drawn == [built.slides]
    for alone, together in zip(first, whole, strict=True):
        assert alone.text == together.text
        assert pixels(alone.png) == pixels(together.png)


@pytest.mark.skipif(sys.platform != "linux", reason="finds soffice.bin through /proc")
def test_a_killed_or_hung_libreoffice_is_replaced_and_the_page_keeps_its_slides(
    project: Path, tmp_path: Path, office: LiveOffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview = LivePreview(project / DECK, office=office)
    try:
        first = preview.rebuild()
        assert not first.problems and len(first.slides) > 10
        group = office.pid()
        assert group is not None and soffice_pids(group)
        for pid in soffice_pids(group):
            os.kill(pid, signal.SIGKILL)
        metrics = project / METRICS
        text = metrics.read_text("utf-8")
        metrics.write_text(text.replace("value: 3760000", "value: 4210000"), "utf-8")
        second = preview.rebuild([project / METRICS])
        assert not second.problems, second.problems
        assert office.restarts == 1
        assert any("4,21 millioner" in slide.text for slide in second.slides)

        monkeypatch.setenv("HPDECK_SOFFICE_TIMEOUT", "5")
        group = office.pid()
        assert group is not None
        for pid in soffice_pids(group):
            os.kill(pid, signal.SIGSTOP)  # hangs: answers nothing, never exits
        metrics.write_text(text.replace("value: 3760000", "value: 5120000"), "utf-8")
        third = preview.rebuild([project / METRICS])
        assert not third.problems, third.problems
        assert office.restarts == 2
        assert not soffice_pids(group)  # the hung one is gone
        assert any("5,12 millioner" in slide.text for slide in third.slides)
    finally:
        preview.close()


def test_without_a_uno_python_the_preview_starts_soffice_per_save(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice_or_skip()
    monkeypatch.setenv(live_office.ENV_PYTHON, "none")
    live_office.uno_python.cache_clear()
    try:
        assert not LiveOffice.available()
        preview = LivePreview(project / DECK)
        try:
            assert isinstance(preview._office, Office)
        finally:
            preview.close()
    finally:
        live_office.uno_python.cache_clear()
