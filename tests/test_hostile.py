"""Hostile input: each gets one clear error line, exit 1, in bounded time, and the last deck stays.

Classes covered: YAML alias bombs, deep nesting, huge files, NUL bytes, non-UTF-8 bytes, image
files that are not images / are damaged / decompress to giant sizes, paths leaving the project
(../, absolute, symlinks), a theme file that is not a theme, a template that is not a template;
and generated content documents (hypothesis) that must never give a traceback or a half-written
deck.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import build_monthly


def refused(project: Path, previous: tuple[Path, bytes], expected: str) -> str:
    """Build again; assert exit 1 with ``expected`` in one error line, deck untouched.

    build_monthly lets a crash raise, so exit 1 here is a refusal, not a swallowed traceback.
    """
    deck, before = previous
    result = build_monthly(project, deck.parent)
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.output
    assert deck.read_bytes() == before
    assert sorted(p.name for p in deck.parent.iterdir()) == [deck.name]  # no temp files left
    line = next((line for line in result.output.splitlines() if expected in line), None)
    assert line is not None, result.output
    return line


def content(project: Path, name: str) -> Path:
    return project / "content" / "2022-12" / name


def test_alias_bomb(project: Path, previous: tuple[Path, bytes]) -> None:
    lines = ["type: text", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 8)}]" for i in range(1, 10)]
    content(project, "vision.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    line = refused(project, previous, "too many values")
    assert line.startswith("content/2022-12/vision.yaml:")


def test_deep_nesting(project: Path, previous: tuple[Path, bytes]) -> None:
    content(project, "vision.yaml").write_text(
        "type: vision\nx: " + "[" * 5000 + "]" * 5000, "utf-8"
    )
    assert refused(project, previous, "nested more than").startswith("content/2022-12/vision.yaml:")


def test_huge_file(project: Path, previous: tuple[Path, bytes]) -> None:
    content(project, "vision.yaml").write_text("type: vision\n" + "# padding\n" * 400_000, "utf-8")
    assert refused(project, previous, "larger than 2 MiB").startswith("content/2022-12/vision.yaml")


def test_nul_bytes(project: Path, previous: tuple[Path, bytes]) -> None:
    content(project, "vision.yaml").write_bytes(b"type: vision\ntitle: a\0b\n")
    assert refused(project, previous, "NUL bytes").startswith("content/2022-12/vision.yaml:2:")


def test_non_utf8(project: Path, previous: tuple[Path, bytes]) -> None:
    content(project, "vision.yaml").write_bytes("type: vision\ntitle: Ørland\n".encode("latin-1"))
    assert refused(project, previous, "not valid UTF-8").startswith(
        "content/2022-12/vision.yaml:2:"
    )


def _with_image(project: Path, relative: str) -> None:
    media = content(project, "media.yaml")
    text = media.read_text("utf-8")
    media.write_text(
        text.replace(
            "  - outlet: Kommunal Rapport\n",
            f"  - outlet: Kommunal Rapport\n    image: {relative}\n",
            1,
        ),
        "utf-8",
    )


def _png(width: int, height: int, pixels: bytes = b"") -> bytes:
    """A PNG whose header claims ``width`` × ``height``, with whatever pixel data is given."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\nnot a picture\n", "not an image file (expected PNG, JPEG or GIF)"),
        (_png(100_000, 100_000, b"\0" * 1000), "image is too large"),
        (_png(4, 4, b"\0" * 52)[:-16], "image file is damaged"),
    ],
    ids=["pdf-named-png", "decompression-bomb", "truncated"],
)
def test_bad_images(
    project: Path, previous: tuple[Path, bytes], data: bytes, expected: str
) -> None:
    (project / "images").mkdir()
    (project / "images" / "clip.png").write_bytes(data)
    _with_image(project, "images/clip.png")
    assert refused(project, previous, expected).startswith(
        f"content/2022-12/media.yaml:4:12: clippings[0].image: images/clip.png: {expected}"
    )


@pytest.mark.parametrize("kind", ["dotdot", "absolute", "symlink"])
def test_paths_leaving_the_project(
    project: Path, previous: tuple[Path, bytes], tmp_path: Path, kind: str
) -> None:
    outside = tmp_path / "outside.png"
    shutil.copy(Path(__file__).parent.parent / "src" / "hpdeck" / "py.typed", outside)
    if kind == "dotdot":
        _with_image(project, "../outside.png")
    elif kind == "absolute":
        _with_image(project, str(outside))
    else:
        (project / "images").mkdir()
        (project / "images" / "link.png").symlink_to(outside)
        _with_image(project, "images/link.png")
    assert "path leaves the project folder" in refused(project, previous, "leaves the project")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\0\0\0binary", "NUL bytes"),
        (b"- just\n- a list\n", "expected a mapping of theme settings"),
        (b"name: X\ncolors: {text: blue}\n", "colors"),
    ],
    ids=["binary", "list", "invalid"],
)
def test_a_theme_that_is_not_a_theme(
    project: Path, previous: tuple[Path, bytes], data: bytes, expected: str
) -> None:
    (project / "themes" / "helseplattformen" / "theme.yaml").write_bytes(data)
    assert "themes/helseplattformen/theme.yaml" in refused(project, previous, expected)


@pytest.mark.parametrize("damage", ["not-a-zip", "broken-xml"])
def test_a_template_that_is_not_a_template(corporate: Path, tmp_path: Path, damage: str) -> None:
    import zipfile

    template = corporate / "themes" / "corporate" / "template.pptx"
    if damage == "not-a-zip":
        template.write_bytes(b"PK\x03\x04 not a zip")
    else:
        parts = {
            i.filename: zipfile.ZipFile(template).read(i)
            for i in zipfile.ZipFile(template).infolist()
        }
        parts["ppt/presentation.xml"] = b"<not xml"
        with zipfile.ZipFile(template, "w") as broken:
            for name, data in parts.items():
                broken.writestr(name, data)
    result = build_monthly(corporate, tmp_path / "out", "--theme", "corporate")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    expected = {
        "not-a-zip": "themes/corporate/template.pptx: not a PowerPoint template",
        "broken-xml": "themes/corporate/template.pptx: ppt/presentation.xml: not well-formed XML",
    }[damage]
    assert expected in result.output
    assert not (tmp_path / "out" / "monthly-briefing-corporate.pptx").exists()


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
_SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**12), 10**12), st.floats(allow_nan=True), _TEXT
)
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)),
    max_leaves=20,
)
_KEYS = st.sampled_from(
    [
        "title",
        "headline",
        "text",
        "items",
        "metrics",
        "events",
        "value",
        "label",
        "quotes",
        "image",
        "notes",
        "source",
        "date",
        "share",
    ]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(["text", "vision", "metrics", "go-live", "image", "media", "nope"]),
    fields=st.dictionaries(_KEYS, _VALUE, max_size=4),
)
def test_generated_content_never_gives_a_traceback_or_a_half_written_deck(
    project: Path, previous: tuple[Path, bytes], kind: str, fields: dict
) -> None:
    import yaml

    deck, before = previous
    target = content(project, "vision.yaml")
    original = target.read_bytes()
    try:
        target.write_text(yaml.safe_dump({"type": kind, **fields}, allow_unicode=True), "utf-8")
        result = build_monthly(project, deck.parent)
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.output,
            result.exception,
        )
        assert "Traceback" not in result.output
        names = sorted(p.name for p in deck.parent.iterdir())
        assert names == [deck.name]
        if result.exit_code == 1:
            assert deck.read_bytes() == before
        else:
            import zipfile

            assert zipfile.ZipFile(deck).testzip() is None
    finally:
        target.write_bytes(original)
        deck.write_bytes(before)
