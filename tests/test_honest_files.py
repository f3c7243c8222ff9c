"""What the files say about themselves is true: app.xml names hpdeck, 16:9 and the slide count;
the handout is A4; a damaged chart cache entry is drawn again, and the cache is pruned."""

from __future__ import annotations

import os
import re
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.util import Mm

from hpdeck import __version__
from hpdeck.commands.cli import main
from hpdeck.render.charts import cache

from .conftest import soffice_or_skip


def build(project: Path, out: Path, *args: str) -> Path:
    result = CliRunner().invoke(
        main, ["build", str(project / "decks" / "monthly-briefing.yaml"), "--out", str(out), *args]
    )
    assert result.exit_code == 0, result.output
    return out / "monthly-briefing.pptx"


def test_app_properties_name_hpdeck_the_16_9_format_and_the_real_counts(
    project: Path, tmp_path: Path
) -> None:
    deck = build(project, tmp_path / "out")
    app = zipfile.ZipFile(deck).read("docProps/app.xml").decode("utf-8")
    slides = Presentation(str(deck)).slides
    notes = sum(slide.has_notes_slide for slide in slides)

    def value(tag: str) -> str:
        found = re.search(f"<{tag}>([^<]*)</{tag}>", app)
        assert found, tag
        return found[1]

    assert value("Application") == f"hpdeck {__version__}"
    assert value("PresentationFormat") == "On-screen Show (16:9)"
    assert int(value("Slides")) == len(slides) > 10
    assert int(value("Notes")) == notes > 0
    assert "Microsoft" not in app


def test_notes_pages_are_a4(project: Path, tmp_path: Path) -> None:
    prs = Presentation(str(build(project, tmp_path / "out")))
    size = prs.part._element.find(
        "{http://schemas.openxmlformats.org/presentationml/2006/main}notesSz"
    )
    assert (int(size.get("cx")), int(size.get("cy"))) == (Mm(210), Mm(297))
    for shape in prs.notes_master.shapes:  # every placeholder still on the page
        assert shape.left >= 0 and shape.left + shape.width <= Mm(210)
        assert shape.top >= 0 and shape.top + shape.height <= Mm(297)


@pytest.mark.libreoffice
def test_the_handout_pdf_is_a4(project: Path, tmp_path: Path) -> None:
    soffice_or_skip()
    build(project, tmp_path / "out", "--handout")
    from pypdf import PdfReader

    pages = PdfReader(tmp_path / "out" / "monthly-briefing-handout.pdf").pages
    for page in pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1  # 210 × 297 mm in points


def test_a_damaged_chart_in_the_cache_is_drawn_again(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(project, tmp_path / "first")
    charts = sorted((tmp_path / "cache").rglob("*.png"))
    assert charts
    for index, chart in enumerate(charts):  # cut short, emptied, or not a PNG at all
        data = chart.read_bytes()
        chart.write_bytes([data[: len(data) // 2], b"", b"<html>oops</html>"][index % 3])
    monkeypatch.setattr(cache, "_IN_MEMORY", {})  # as a new process would: read the files
    deck = build(project, tmp_path / "second")
    for chart in charts:
        assert chart.read_bytes().startswith(b"\x89PNG") and chart.read_bytes().endswith(
            b"IEND\xaeB`\x82"
        ), chart
    pictures = [
        shape.image.blob
        for slide in Presentation(str(deck)).slides
        for shape in slide.shapes
        if shape.shape_type == 13
    ]
    assert pictures and all(blob.startswith(b"\x89PNG") for blob in pictures)


def test_the_cache_keeps_recent_charts_and_drops_old_and_surplus_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_PRUNED", set())
    now = time.time()
    for index in range(6):
        chart = tmp_path / f"{index}.png"
        chart.write_bytes(b"x")
        os.utime(chart, (now - index * 60, now - index * 60))  # 0 is the newest
    old = tmp_path / "old.png"
    old.write_bytes(b"x")
    os.utime(old, (now - 90 * 24 * 3600, now - 90 * 24 * 3600))
    cache.prune(tmp_path, keep=4)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.png", "1.png", "2.png", "3.png"]


def test_the_cache_drops_what_killed_builds_left_and_keeps_what_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A claim and a half-written chart from a build killed an hour ago go; a claim being
    drawn under now stays."""
    monkeypatch.setattr(cache, "_PRUNED", set())
    an_hour_ago = time.time() - 3600
    left = [tmp_path / "a.drawing", tmp_path / ".b.png.4242.x1y2.tmp"]
    for path in left:
        path.write_text("4242")
        os.utime(path, (an_hour_ago, an_hour_ago))
    (tmp_path / "c.drawing").write_text(str(os.getpid()))

    cache.prune(tmp_path)

    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.drawing"]


def test_a_damaged_chart_in_the_cache_is_drawn_again_not_served(tmp_path: Path) -> None:
    """Zeros in the middle of a cached chart (a power cut before the disk had it all): its
    start and end look right, its CRCs do not."""
    from hpdeck.render.png_whole import whole

    png = _png_bytes()
    middle = len(png) // 2
    damaged = png[:middle] + bytes(64) + png[middle + 64 :]

    assert whole(png)
    assert not whole(damaged)
    assert not whole(png[:-3])
    stored = tmp_path / "chart.png"
    stored.write_bytes(damaged)
    assert cache._read(stored) is None


def _png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 90)).save(buffer, format="png")
    return buffer.getvalue()
