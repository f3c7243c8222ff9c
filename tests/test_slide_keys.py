"""The linter reuses a slide's findings only where the same slide, with the same pictures and
layout, turns up again: a chart redrawn under the same slide XML is linted anew."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from PIL import Image, PngImagePlugin

from hpdeck.check.lint import lint_pptx
from hpdeck.check.slide_keys import DeckParts
from hpdeck.pipeline.build import Options, build, load_deck
from hpdeck.render.charts.draw import LABELS_KEY


def _rewritten(data: bytes, name: str, body: bytes) -> bytes:
    """The package with one entry's bytes replaced, every other entry as it was."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, body if info.filename == name else source.read(info))
    return out.getvalue()


def _chart(package: zipfile.ZipFile) -> str:
    """The first drawn chart's entry (a picture that records its labels)."""
    return next(
        n
        for n in package.namelist()
        if "/media/" in n and LABELS_KEY in Image.open(io.BytesIO(package.read(n))).info
    )


def _council(project: Path, tmp_path: Path) -> bytes:
    deck = project / "decks" / "council-meeting.yaml"
    return build(deck, tmp_path, Options(municipality="skaun")).path.read_bytes()


def test_keys_follow_the_slides_pictures(project: Path, tmp_path: Path) -> None:
    data = _council(project, tmp_path)
    parts = DeckParts(data)
    picture = _chart(zipfile.ZipFile(io.BytesIO(data)))
    changed = DeckParts(_rewritten(data, picture, b"other"))

    before = [parts.key(slide) for slide in parts.slides]
    after = [changed.key(slide) for slide in changed.slides]

    assert len(parts.slides) == 16
    assert len(set(before)) == 16  # every slide of the deck differs from the others
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 1  # the chart's slide


def test_a_chart_redrawn_with_colliding_labels_is_linted_again(
    project: Path, tmp_path: Path
) -> None:
    """Same slide XML, a new picture: the finding the drawing records must show."""
    data = _council(project, tmp_path)
    theme = load_deck(project / "decks" / "council-meeting.yaml", Options(municipality="skaun"))
    assert not [f for f in lint_pptx(data, theme.theme) if f.check == "chart-labels"]
    package = zipfile.ZipFile(io.BytesIO(data))
    chart = _chart(package)
    image = Image.open(io.BytesIO(package.read(chart)))
    info = PngImagePlugin.PngInfo()
    info.add_text(LABELS_KEY, json.dumps([["overlap", "Skaun", "Orkland"]]))
    redrawn = io.BytesIO()
    image.save(redrawn, format="png", pnginfo=info)

    findings = lint_pptx(_rewritten(data, chart, redrawn.getvalue()), theme.theme)

    assert [f.check for f in findings] == ["chart-labels"]
    assert "Skaun" in findings[0].message
