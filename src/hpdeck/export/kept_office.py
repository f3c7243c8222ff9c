"""A LibreOffice kept running between hpdeck commands, so `hpdeck preview` does not wait for one.

Starting LibreOffice takes seconds, longer than building a deck. The first preview starts a
small keeper process (this module run as a program) that holds a LibreOffice over UNO (see
live_office) and converts decks to PDFs for any later preview of the same user, through a Unix
socket in a folder only that user can open. It ends by itself after HPDECK_OFFICE_LINGER seconds
without a request (default 600; 0 keeps none: every preview starts its own LibreOffice, as
PDF exports always do). A keeper that cannot be reached or started, or has no UNO Python, is
never an error: the preview then starts its own LibreOffice as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from hpdeck.errors import RenderError
from hpdeck.export.office import Kind, Office, find_soffice

ENV_LINGER = "HPDECK_OFFICE_LINGER"
LINGER = 600.0
START_SECONDS = 90.0  # for the keeper and its LibreOffice to start on a busy machine
ANSWER_SECONDS = 300.0  # one deck's conversion, a restart of a hung LibreOffice included


def linger() -> float:
    """Seconds a kept LibreOffice waits for the next preview; 0 when none is to be kept."""
    try:
        return max(0.0, float(os.environ.get(ENV_LINGER, LINGER)))
    except ValueError:
        return 0.0


def home() -> Path:
    """The user's private folder for the keeper's socket, one per installed hpdeck: a keeper
    runs the code of the install that started it, so another version (a second virtual
    environment, an upgrade) gets a keeper of its own instead of one that speaks differently."""
    from hpdeck import __version__

    install = f"{sys.executable}\0{Path(__file__).resolve().parent}\0{__version__}"
    tag = hashlib.sha256(install.encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"hpdeck-office-{os.getuid()}-{tag}"


def preview_office() -> Office | KeptOffice:
    """The office previews convert with: the kept one where it can be used."""
    if os.name != "posix" or linger() <= 0:
        return Office()
    return KeptOffice()


class KeptOffice:
    """The client side: PDFs made by the keeper, else by a LibreOffice of this command's own."""

    def __init__(self) -> None:
        self.binary = find_soffice()  # what the pictures depend on (see preview._made_by)
        self._fallback: Office | None = None

    def export(
        self, decks: Sequence[Path], kind: Kind = "pdf", *, pictures_only: bool = True
    ) -> list[Path]:
        """<deck>.pdf beside each deck, untagged (for pictures)."""
        if kind == "pdf" and pictures_only:
            with contextlib.suppress(OSError, ValueError, RenderError):
                return self._by_keeper(decks)
        self._fallback = self._fallback or Office(self.binary)
        return self._fallback.export(decks, kind, pictures_only=pictures_only)

    def close(self) -> None:
        if self._fallback is not None:
            self._fallback.close()

    def _by_keeper(self, decks: Sequence[Path]) -> list[Path]:
        with _connect() as connection, connection.makefile("rw", encoding="utf-8") as stream:
            connection.settimeout(ANSWER_SECONDS)
            targets = []
            for deck in decks:
                target = deck.with_suffix(".pdf")
                request = {"input": str(deck.absolute()), "output": str(target.absolute())}
                stream.write(json.dumps(request) + "\n")
                stream.flush()
                answer = json.loads(stream.readline() or "{}")
                if not answer.get("ok"):
                    raise RenderError(str(answer.get("error", "the kept LibreOffice stopped")))
                targets.append(target)
            return targets


def _connect() -> socket.socket:
    """A connection to the keeper, started first when none answers."""
    from hpdeck.export.live_office import LiveOffice

    path = home() / "office.sock"
    try:
        return _dial(path)
    except OSError:
        pass
    if not LiveOffice.available():  # looked for only now: it runs Pythons to find one
        raise RenderError("no Python with LibreOffice's uno module to keep LibreOffice")
    folder = home()
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder.stat().st_uid != os.getuid() or folder.stat().st_mode & 0o077:
        raise RenderError(f"{folder} is not private to this user; not using it")
    subprocess.run(  # returns at once: the keeper forks away (see __main__) and outlives us
        [sys.executable, "-m", "hpdeck.export.kept_office", str(folder), str(linger())],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        check=False,
        timeout=START_SECONDS,
    )
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            return _dial(path)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _dial(path: Path) -> socket.socket:
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(str(path))
    except OSError:
        connection.close()
        raise
    return connection


def serve(folder: Path, idle: float) -> None:
    """The keeper: convert what clients ask until ``idle`` seconds pass without a request."""
    import fcntl

    from hpdeck.export.live_office import LiveOffice

    lock = (folder / "office.lock").open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # another keeper runs (two previews started one at once)
    path = folder / "office.sock"
    path.unlink(missing_ok=True)
    office = LiveOffice()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        office.start()  # before listening: a client that connects finds it ready
        listener.bind(str(path))
        os.chmod(path, 0o600)
        listener.listen()
        (folder / "office.pid").write_text(str(os.getpid()), encoding="ascii")
        listener.settimeout(idle)
        while True:
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                return
            connection.settimeout(ANSWER_SECONDS)  # a client that hangs is let go
            with connection, connection.makefile("rw", encoding="utf-8") as stream:
                try:
                    if not _answer(stream, office):
                        return
                except OSError:
                    continue
    finally:
        path.unlink(missing_ok=True)
        listener.close()
        office.close()
        lock.close()


def _answer(stream, office) -> bool:  # type: ignore[no-untyped-def]
    """Answer one client's requests; False when it asked the keeper to stop."""
    for line in stream:
        try:
            request = json.loads(line)
            if request.get("stop"):
                return False
            office.convert(Path(request["input"]), Path(request["output"]))
            answer: dict[str, object] = {"ok": True}
        except (RenderError, ValueError, KeyError, TypeError, AttributeError) as exc:
            answer = {"error": str(exc)}
        try:
            stream.write(json.dumps(answer) + "\n")
            stream.flush()
        except OSError:
            return True  # the client went away; wait for the next
    return True


def stop() -> None:
    """Ask a running keeper to end now (tests; a user may simply let it time out)."""
    with contextlib.suppress(OSError), _dial(home() / "office.sock") as connection:
        connection.sendall(b'{"stop": true}\n')
        connection.recv(1)  # returns when the keeper closes the connection


if __name__ == "__main__":
    if os.fork() == 0:  # the keeper is no child of the command that started it
        serve(Path(sys.argv[1]), float(sys.argv[2]))
    os._exit(0)
