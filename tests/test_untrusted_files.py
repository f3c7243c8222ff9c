"""Odd files in a project: each used one is refused at its name in bounded time, and unused
ones (a pipe, a folder, an editor's lock file, a link out of the project) never stop a build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hpdeck.content.history import _labels
from hpdeck.sections import REGISTRY
from tests.conftest import build_monthly


def month(project: Path) -> Path:
    return project / "content" / "2022-12"


def _odd(path: Path, kind: str, tmp_path: Path) -> None:
    """Put an odd file of ``kind`` at ``path``."""
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "lock":  # what Emacs leaves while a file is being edited: a dangling link
        path.symlink_to("someone@host.1234:1700000000")
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "huge":
        with path.open("wb") as handle:  # 3 GiB without using the disk
            handle.truncate(3 * 2**30)
    elif kind == "loop":
        path.symlink_to(path.name)
    elif kind == "outside":
        outside = tmp_path / "outside.yaml"
        outside.write_text("type: metrics\nmetrics:\n  - value: 1\n    label: secret\n", "utf-8")
        path.symlink_to(outside)


KINDS = ["fifo", "folder", "lock", "dev-zero", "huge", "loop", "outside"]


@pytest.mark.parametrize("kind", KINDS)
def test_an_odd_file_no_deck_uses_is_ignored(
    project: Path, tmp_path: Path, previous: tuple[Path, bytes], kind: str
) -> None:
    name = ".#vision.yaml" if kind == "lock" else "x.yaml"
    _odd(month(project) / name, kind, tmp_path)
    deck, _ = previous
    result = build_monthly(project, deck.parent)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "secret" not in str(_labels(project, REGISTRY.tracking(), ["metrics"]))


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("fifo", "not a regular file (a named pipe); remove it or replace it with a real file"),
        ("folder", "this is a folder, not a file"),
        ("dev-zero", "path leaves the project folder"),
        ("huge", "file is larger than 2 MiB; content files are small"),
        ("loop", "a symlink loop (a link that points back at itself); remove the link"),
        ("outside", "path leaves the project folder"),
    ],
)
def test_an_odd_file_a_deck_uses_is_refused_at_its_name(
    project: Path, tmp_path: Path, previous: tuple[Path, bytes], kind: str, expected: str
) -> None:
    _odd(month(project) / "vision.yaml", kind, tmp_path)
    deck, before = previous
    result = build_monthly(project, deck.parent)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"content/2022-12/vision.yaml: {expected}" in result.output, result.output
    assert deck.read_bytes() == before
    assert [p.name for p in deck.parent.iterdir()] == [deck.name]


THEME = "themes/helseplattformen"


def _logo(project: Path, data: bytes | None = None, *, size: int = 0) -> None:
    folder = project / THEME
    theme = folder / "theme.yaml"
    if "logo: logo.png" not in theme.read_text("utf-8"):  # the sample theme has one now
        with theme.open("a", encoding="utf-8") as handle:
            handle.write("logo: logo.png\n")
    if data is not None:
        (folder / "logo.png").write_bytes(data)
    else:
        with (folder / "logo.png").open("wb") as handle:
            handle.truncate(size)


def _png_header(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda p: _logo(p, b"%PDF-1.7\n1 0 obj\n"),
            f"{THEME}/logo.png: not an image file (expected PNG, JPEG or GIF)",
        ),
        (
            lambda p: _logo(p, _png_header(100_000, 100_000)),
            f"{THEME}/logo.png: image is too large",
        ),
        (
            lambda p: _logo(p, size=300 * 2**20),
            f"{THEME}/logo.png: image is 300 MiB; images must be at most 20 MiB",
        ),
        (
            lambda p: (p / THEME / "charts.mplstyle").write_text("text.usetex: True\n", "utf-8"),
            f"{THEME}/charts.mplstyle:1:1: text.usetex: not allowed in a theme: it runs LaTeX",
        ),
        (
            lambda p: (p / THEME / "charts.mplstyle").write_text(
                "axes.grid: False\nanimation.ffmpeg_path: /bin/sh\n", "utf-8"
            ),
            f"{THEME}/charts.mplstyle:2:1: animation.ffmpeg_path: not allowed in a theme",
        ),
        (
            lambda p: (p / THEME / "charts.mplstyle").write_text("# x\n" * 20_000, "utf-8"),
            f"{THEME}/charts.mplstyle: style file is larger than 64 KiB",
        ),
        (
            lambda p: (p / THEME / "charts.mplstyle").write_text(
                "axes.linewidth: thick\n", "utf-8"
            ),
            f"{THEME}/charts.mplstyle:1:1: axes.linewidth: Could not convert 'thick' to float",
        ),
    ],
    ids=["pdf-logo", "bomb-logo", "huge-logo", "usetex", "ffmpeg", "huge-style", "bad-value"],
)
def test_theme_assets_get_the_checks_content_gets(
    project: Path, tmp_path: Path, previous: tuple[Path, bytes], make, expected: str
) -> None:
    make(project)
    deck, before = previous
    result = build_monthly(project, deck.parent)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert any(line.startswith(expected) for line in result.output.splitlines()), result.output
    assert deck.read_bytes() == before


def test_a_style_file_linked_out_of_the_project_is_not_read(
    project: Path, tmp_path: Path, previous: tuple[Path, bytes]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password: hunter2\n", "utf-8")
    style = project / THEME / "charts.mplstyle"
    style.unlink()
    style.symlink_to(secret)
    deck, before = previous
    result = build_monthly(project, deck.parent)
    assert result.exit_code == 1, result.output
    assert f"{THEME}/charts.mplstyle: path leaves the project folder" in result.output
    assert "hunter2" not in result.output
    assert deck.read_bytes() == before
