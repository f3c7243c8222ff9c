"""The writer walks a package's relationships itself; the walk must be python-pptx's."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pptx import Presentation

from hpdeck.pipeline.build import Options, build
from hpdeck.render import package_walk


@pytest.mark.parametrize(
    ("deck", "options"),
    [
        ("monthly-briefing", Options()),  # pictures, native charts and their workbooks, links
        ("council-meeting", Options(municipality="volda", theme="corporate")),  # a template
    ],
)
def test_the_walk_is_python_pptx_walk(
    project: Path, tmp_path: Path, deck: str, options: Options
) -> None:
    built = build(project / "decks" / f"{deck}.yaml", tmp_path / "out", options)
    package = Presentation(io.BytesIO(built.path.read_bytes())).part.package

    assert list(package_walk.relationships(package)) == list(package.iter_rels())
    assert package_walk.parts(package) == list(package.iter_parts())
    assert len(package_walk.parts(package)) > 40
