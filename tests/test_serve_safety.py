"""The live preview under attack and under a messy file system: only loopback Host headers are
answered, idle connections are closed and capped, and the watcher keeps going through symlink
loops and named pipes, still updating the page after a normal edit.

Slides are "rendered" by reading the built deck's text, so these tests need no LibreOffice.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hpdeck.commands import serve
from hpdeck.export.preview import RenderedSlide

DECK = Path("decks") / "monthly-briefing.yaml"
METRICS = Path("content") / "2022-12" / "metrics.yaml"


def _text_only(decks, office):  # type: ignore[no-untyped-def]
    from pptx import Presentation

    return [
        [
            RenderedSlide(
                b"png",
                " ".join(
                    shape.text_frame.text.replace("\xa0", " ")
                    for shape in slide.shapes
                    if shape.has_text_frame
                ),
            )
            for slide in Presentation(str(deck)).slides
        ]
        for deck in decks
    ]


class _NoOffice:
    def close(self) -> None:
        pass


@pytest.fixture
def live(project: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, serve.LivePreview]]:
    """A running preview server on a free port, its watcher polling the project."""
    monkeypatch.setattr(serve, "render_decks", _text_only)
    monkeypatch.setattr(serve, "IDLE_SECONDS", 1.0)
    monkeypatch.setattr(serve, "MAX_CONNECTIONS", 4)
    preview = serve.LivePreview(project / DECK, office=_NoOffice())  # type: ignore[arg-type]
    server, watcher = serve.start(preview, 0)
    try:
        port = server.server_address[1]
        wait(lambda: preview.state.slides, "the first build")
        yield port, preview
    finally:
        preview.close()
        server.shutdown()
        server.server_close()
        watcher.join(timeout=10)


def wait(condition, what: str, seconds: float = 60.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


def get(port: int, path: str, host: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def state(port: int) -> dict:
    status, body = get(port, "/state", f"127.0.0.1:{port}")
    assert status == 200
    return json.loads(body)


@pytest.mark.parametrize(
    "host",
    ["attacker.example", "attacker.example:{port}", "127.0.0.1.nip.io:{port}", "localhost:1", ""],
)
def test_a_foreign_host_gets_421_and_no_slide_text(live, host: str) -> None:  # type: ignore[no-untyped-def]
    port, _ = live
    for path in ("/", "/state", "/slide/1/1.png"):
        status, body = get(port, path, host.format(port=port))
        assert status == 421
        assert b"3,76 millioner" not in body and body != b"png"
        assert body.startswith(b"misdirected request: open http://127.0.0.1:")


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_the_loopback_names_are_answered(live, host: str) -> None:  # type: ignore[no-untyped-def]
    port, _ = live
    status, body = get(port, "/state", host.format(port=port))
    assert status == 200
    assert any("3,76 millioner" in slide["text"] for slide in json.loads(body)["slides"])


def test_idle_connections_are_closed_and_cannot_starve_the_page(live) -> None:  # type: ignore[no-untyped-def]
    port, _ = live
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(20)]
    try:
        for sock in idle:  # each is closed by the server: after the idle time, or at once
            sock.settimeout(10)
            assert sock.recv(1) == b""  # a server that kept it open would raise a timeout here
        assert state(port)["slides"]
    finally:
        for sock in idle:
            sock.close()


def test_the_watcher_survives_a_symlink_loop_and_a_pipe_then_shows_an_edit(
    project: Path, live
) -> None:  # type: ignore[no-untyped-def]
    port, _ = live
    (project / "content" / "loop.yaml").symlink_to("loop.yaml")
    os.mkfifo(project / "content" / "2022-12" / "pipe.yaml")
    (project / "content" / "2022-12" / "ring").symlink_to(".", target_is_directory=True)
    wait(
        lambda: any("content/loop.yaml: not watched" in p for p in state(port)["problems"]),
        "the symlink loop reported on the page",
    )
    metrics = project / METRICS
    text = metrics.read_text("utf-8")
    metrics.write_text(text.replace("value: 3760000", "value: 4210000"), "utf-8")
    wait(
        lambda: any("4,21 millioner" in s["text"] for s in state(port)["slides"]),
        "the edited figure on the page",
    )
    assert threading.active_count() >= 2
    shown = state(port)
    assert not shown["building"]
    assert not [p for p in shown["problems"] if "not watched" not in p], shown["problems"]
