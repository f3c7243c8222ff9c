"""Live preview: a local web page of the slides that rebuilds when project files change.

Stdlib only: ``http.server`` on 127.0.0.1, file watching by polling modification times (no
inotify dependency, same on every OS), and a page that polls ``/state`` for a new version.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import cast

from hpdeck.content.project import Project
from hpdeck.errors import ContentError, HpdeckError, RenderError
from hpdeck.export.live_office import LiveOffice
from hpdeck.export.office import Office
from hpdeck.export.preview import RenderedSlide, render_decks
from hpdeck.messages import say, seconds_text, template, ui_language
from hpdeck.pipeline.build import Options
from hpdeck.pipeline.live_slides import LiveSlides, only_plans_changed

HOST = "127.0.0.1"
WATCHED = ("content", "decks", "themes")
POLL_SECONDS = 0.1
"""How often the watcher looks at modification times (a stat per file: cheap)."""
WAIT_SECONDS = 8.0
"""How long ``/state?since=N`` waits for a newer state before answering with the same one;
the page asks again at once, so it learns of new slides the moment they are ready."""
IDLE_SECONDS = 10.0
"""A connection that sends nothing for this long is closed; the page polls far more often."""
MAX_CONNECTIONS = 32
"""Connections served at once; more are closed at once, so idle ones cannot use up the server."""
Snapshot = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class State:
    """What the page shows: the last good slides and the problems of the latest attempt."""

    version: int = 0
    slides_version: int = 0
    slides: tuple[RenderedSlide, ...] = ()
    problems: tuple[str, ...] = ()
    watching: tuple[str, ...] = ()
    """What the watcher could not look at (a symlink loop, an unreadable folder); it goes on."""
    building: bool = True
    built_at: float = 0.0
    seconds: float = 0.0

    def as_json(self) -> dict[str, object]:
        return {
            "version": self.version,
            "building": self.building,
            "problems": [*self.problems, *self.watching],
            "seconds": round(self.seconds, 2),
            "builtAt": time.strftime("%H:%M:%S", time.localtime(self.built_at))
            if self.built_at
            else "",
            "slides": [
                {"src": f"/slide/{self.slides_version}/{n}.png", "text": s.text}
                for n, s in enumerate(self.slides, start=1)
            ],
        }


def snapshot(root: Path, trouble: list[str] | None = None) -> Snapshot:
    """Modification time and size of every file under the watched folders.

    Nothing here reads a file, so a named pipe cannot block it; what cannot be looked at (a
    symlink loop, a folder without permission) is added to ``trouble`` and skipped.
    """
    seen: Snapshot = {}

    def note(exc: OSError) -> None:
        if trouble is not None and exc.filename:
            where = os.path.relpath(exc.filename, root).replace(os.sep, "/")
            trouble.append(f"{where}: not watched ({exc.strerror or exc}); the preview goes on")

    for folder in WATCHED:
        for directory, dirs, files in os.walk(root / folder, onerror=note):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if name.startswith(".") or name.endswith("~"):
                    continue
                path = os.path.join(directory, name)
                try:
                    info = os.stat(path)
                except FileNotFoundError:
                    continue
                except OSError as exc:  # a symlink loop, a name too long: watch the link itself
                    note(exc)
                    try:
                        info = os.lstat(path)
                    except OSError:
                        continue
                seen[path] = (info.st_mtime_ns, info.st_size)
    return seen


class LivePreview:
    """Builds the deck, renders its slides, and rebuilds whenever a watched file changes."""

    def __init__(
        self, deck: Path, options: Options | None = None, office: Office | LiveOffice | None = None
    ) -> None:
        self.deck = deck.absolute()
        self.options = options or Options()
        self.root = Project.of_deck(deck).root
        self.state = State()
        self._own_office = office is None
        # One LibreOffice kept running where UNO is at hand; else one soffice run per save.
        self._office = office or (LiveOffice() if LiveOffice.available() else Office())
        self._lock = threading.Condition()
        self._stop = threading.Event()
        self._scratch = Path(tempfile.mkdtemp(prefix="hpdeck-serve-"))
        self._slides = LiveSlides(self._scratch)

    def rebuild(self, changed: Sequence[Path] | None = None) -> State:
        """One build; on a content error the previous slides stay and the problems are shown.

        Only slides whose plan changed are drawn again when ``changed`` (the files that
        changed) holds content and deck files only; otherwise every slide is.
        """
        from hpdeck.pipeline.build import build

        started = time.perf_counter()
        self._update(building=True)
        if changed is None or not only_plans_changed(changed, self.root):
            self._slides.forget()
        slides: tuple[RenderedSlide, ...] | None = None
        try:
            if self.options.strict:  # the linter reads the whole written deck
                built = build(self.deck, self._scratch, self.options)
                slides = tuple(render_decks([built.path], self._office)[0])
            else:
                slides = self._slides.rebuild(
                    self.deck, self.options, lambda decks: render_decks(decks, self._office)
                )
            problems: tuple[str, ...] = ()
        except ContentError as err:
            problems = tuple(str(problem) for problem in err.problems)
        except HpdeckError as err:
            problems = (err.format_message(),)
        except Exception:  # a bug must not silence the watcher: show it, keep watching
            problems = (
                "internal error in hpdeck (please report it):",
                *traceback.format_exc().splitlines(),
            )
            traceback.print_exc()
        seconds = time.perf_counter() - started
        with self._lock:
            current = self.state
            self.state = replace(
                current,
                version=current.version + 1,
                building=False,
                problems=problems,
                seconds=seconds,
                built_at=time.time(),
                slides=current.slides if slides is None else slides,
                slides_version=current.slides_version + (slides is not None),
            )
            self._lock.notify_all()
            return self.state

    def _update(self, **changes: object) -> None:
        with self._lock:
            self.state = replace(self.state, version=self.state.version + 1, **changes)  # type: ignore[arg-type]
            self._lock.notify_all()

    def newer(self, version: int, seconds: float) -> State:
        """The first state after ``version``, or the current one after ``seconds``."""
        with self._lock:
            self._lock.wait_for(
                lambda: self.state.version != version or self._stop.is_set(), timeout=seconds
            )
            return self.state

    def watch(self) -> None:
        """Build once, then rebuild after every change until stopped.

        No error ends the watching: what the file system throws at it is shown on the page,
        and the next change is built as usual.
        """
        seen = self._look()
        self.rebuild()
        while not self._stop.wait(POLL_SECONDS):
            try:
                now = self._look()
                if now == seen:
                    continue
                while not self._stop.wait(POLL_SECONDS):  # let an editor finish saving
                    settled = self._look()
                    if settled == now:
                        break
                    now = settled
                changed = [
                    Path(path)
                    for path in now.keys() | seen.keys()
                    if now.get(path) != seen.get(path)
                ]
                seen = now
                self.rebuild(changed)
            except Exception:  # a bug must not silence the watcher either
                self._update(
                    watching=(
                        "the watcher met an error and goes on (please report it):",
                        *traceback.format_exc().splitlines()[-3:],
                    )
                )
                traceback.print_exc()

    def _look(self) -> Snapshot:
        """A snapshot, with what could not be watched shown on the page."""
        trouble: list[str] = []
        now = snapshot(self.root, trouble)
        if tuple(trouble) != self.state.watching:
            self._update(watching=tuple(trouble))
        return now

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            self._lock.notify_all()

    def close(self) -> None:
        self.stop()
        if self._own_office:
            self._office.close()
        shutil.rmtree(self._scratch, ignore_errors=True)


_SLIDE_PATH = re.compile(r"^/slide/(\d+)/(\d+)\.png$")


def _handler(preview: LivePreview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        """Serves the page, its state as JSON and the slide pictures; nothing else."""

        timeout = IDLE_SECONDS

        def do_GET(self) -> None:
            if not self._local():
                return
            path, _, query = self.path.partition("?")
            state = preview.state
            if path == "/":
                self._send(200, "text/html; charset=utf-8", _page(preview).encode())
            elif path == "/state":
                if (since := re.fullmatch(r"since=(-?\d{1,12})", query)) is not None:
                    state = preview.newer(int(since[1]), WAIT_SECONDS)
                body = json.dumps(state.as_json(), ensure_ascii=False).encode()
                self._send(200, "application/json; charset=utf-8", body)
            elif (match := _SLIDE_PATH.match(path)) and 1 <= int(match[2]) <= len(state.slides):
                self._send(
                    200,
                    "image/png",
                    state.slides[int(match[2]) - 1].png,
                    cache=int(match[1]) == state.slides_version,
                )
            else:
                self._send(404, "text/plain; charset=utf-8", b"not found")

        def _local(self) -> bool:
            """Answer only requests addressed to this server by its loopback name: a page
            elsewhere that re-points its own host name at 127.0.0.1 (DNS rebinding) gets 421."""
            _, port = cast(tuple[str, int], self.server.server_address)
            host = (self.headers.get("Host") or "").strip().lower()
            if host in (f"127.0.0.1:{port}", f"localhost:{port}"):
                return True
            self._send(
                421,
                "text/plain; charset=utf-8",
                b"misdirected request: open http://127.0.0.1:%d/" % port,
            )
            return False

        def _send(self, status: int, kind: str, body: bytes, cache: bool = False) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the terminal shows rebuilds, not every poll."""

    return Handler


class _Server(ThreadingHTTPServer):
    """A threading server that serves at most MAX_CONNECTIONS connections at once."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        if not self._slots.acquire(blocking=False):
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


def start(preview: LivePreview, port: int = 8000) -> tuple[ThreadingHTTPServer, threading.Thread]:
    """Listen on 127.0.0.1:``port`` (0: any free port) and start watching in the background."""
    try:
        server = _Server((HOST, port), _handler(preview))
    except OSError as err:
        raise RenderError(
            f"cannot listen on {HOST}:{port} ({err.strerror}); choose another --port"
        ) from None
    threading.Thread(target=server.serve_forever, name="hpdeck-http", daemon=True).start()
    watcher = threading.Thread(target=preview.watch, name="hpdeck-watch", daemon=True)
    watcher.start()
    return server, watcher


def url(server: ThreadingHTTPServer) -> str:
    return f"http://{HOST}:{server.server_address[1]}/"


def run(deck: Path, options: Options, port: int, echo: Callable[[str], object] = print) -> None:
    """Serve until Ctrl+C (or SIGTERM), reporting each rebuild on the terminal."""
    preview = LivePreview(deck, options)
    try:
        server, _ = start(preview, port)
        echo(say("serve.serving", url=url(server)))
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        reported = 0.0
        while True:
            time.sleep(POLL_SECONDS)
            state = preview.state
            if state.building or state.built_at == reported:
                continue
            reported = state.built_at
            if state.problems:
                echo("\n".join(state.problems))
            else:
                echo(say("serve.built", len(state.slides), seconds=seconds_text(state.seconds)))
    except KeyboardInterrupt:
        pass
    finally:
        preview.close()


def _page(preview: LivePreview) -> str:
    title = html.escape(say("preview.title", deck=preview.deck.name))
    words = {key: template(f"preview.{key}") for key in ("built", "slide", "stopped")}
    page = _PAGE.replace("{words}", json.dumps(words, ensure_ascii=False).replace("<", "\\u003c"))
    for key in ("building", "rebuilding", "problems"):
        page = page.replace(f"{{{key}}}", html.escape(say(f"preview.{key}")))
    return page.replace("{lang}", ui_language()).replace("{title}", title)


_PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
  body { font: 16px/1.4 system-ui, sans-serif; margin: 0; background: #eef0f2; color: #1b1b1b; }
  header { position: sticky; top: 0; background: #10243e; color: #fff; padding: .6rem 1rem;
           display: flex; gap: 1rem; align-items: baseline; z-index: 1; }
  header h1 { font-size: 1.05rem; margin: 0; }
  #status { opacity: .85; }
  #problems { margin: 1rem; padding: .8rem 1rem; background: #fff0f0; border: 2px solid #b00020;
              border-radius: 6px; }
  #problems[hidden] { display: none; }
  #problems h2 { margin: 0 0 .4rem; font-size: 1rem; color: #b00020; }
  #problems li { font-family: ui-monospace, monospace; white-space: pre-wrap; }
  main { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 560px), 1fr));
         gap: 1rem; padding: 1rem; }
  figure { margin: 0; background: #fff; box-shadow: 0 1px 3px #0003; }
  figure img { display: block; width: 100%; height: auto; }
  figcaption { padding: .3rem .6rem; font-size: .85rem; color: #444; }
</style>
</head>
<body>
<header><h1>{title}</h1><span id="status" role="status">{building}</span></header>
<section id="problems" role="alert" hidden>
  <h2>{problems}</h2>
  <ul id="problem-list"></ul>
</section>
<main id="slides" aria-live="polite"></main>
<script>
const WORDS = {words};
let shown = -1;
function render(state) {
  const status = document.getElementById("status");
  status.textContent = state.building ? "{rebuilding}"
    : (state.builtAt ? WORDS.built.replace("{time}", state.builtAt)
        .replace("{seconds}", state.seconds.toLocaleString(document.documentElement.lang,
                                                           {maximumFractionDigits: 1})) : "");
  const box = document.getElementById("problems");
  const list = document.getElementById("problem-list");
  list.replaceChildren(...state.problems.map(p => {
    const li = document.createElement("li"); li.textContent = p; return li; }));
  box.hidden = state.problems.length === 0;
  const main = document.getElementById("slides");
  const figures = state.slides.map((slide, i) => {
    const figure = document.createElement("figure");
    figure.className = "slide";
    const img = document.createElement("img");
    img.src = slide.src; img.alt = slide.text; img.width = 1600; img.height = 900;
    const caption = document.createElement("figcaption");
    caption.textContent = WORDS.slide.replace("{number}", i + 1);
    figure.append(img, caption);
    return figure;
  });
  const key = state.slides.map(slide => slide.src).join(" ");
  if (key !== main.dataset.key) { main.replaceChildren(...figures); main.dataset.key = key; }
}
async function poll() {
  // The server answers as soon as there is a newer state (or after a few seconds without).
  let wait = 0;
  try {
    const response = await fetch("/state?since=" + shown, {cache: "no-store"});
    const state = await response.json();
    if (state.version !== shown) { render(state); shown = state.version; }
  } catch (error) {
    document.getElementById("status").textContent = WORDS.stopped;
    wait = 1000;
  }
  setTimeout(poll, wait);
}
poll();
</script>
</body>
</html>
"""
