"""LibreOffice, headless: turns built decks into tagged PDFs and notes handouts."""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Literal

from hpdeck.content.files import write_atomic
from hpdeck.errors import RenderError
from hpdeck.export import process_group

Kind = Literal["pdf", "handout"]

ENV_BINARY = "HPDECK_SOFFICE"
ENV_TIMEOUT = "HPDECK_SOFFICE_TIMEOUT"
INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-impress; "
    "macOS: brew install --cask libreoffice; Windows: the installer from "
    "libreoffice.org) or set HPDECK_SOFFICE to its soffice program"
)

# Accessible PDF (WCAG 2.1 / PDF/UA): structure tags, the title shown instead of the file
# name, bookmarks per slide. Images stay lossless so charts keep sharp edges.
_PDF_OPTIONS: dict[str, bool] = {
    "UseTaggedPDF": True,
    "PDFUACompliance": True,
    "ExportBookmarks": True,
    "UseLosslessCompression": True,
}
# Notes pages: the slide on top, its speaker notes underneath, one page per slide.
_HANDOUT_OPTIONS = {**_PDF_OPTIONS, "ExportNotesPages": True, "ExportOnlyNotesPages": True}
_SUFFIX: dict[Kind, str] = {"pdf": ".pdf", "handout": "-handout.pdf"}


def _candidates() -> list[Path]:
    """Where LibreOffice installs itself when it is not on PATH."""
    if sys.platform == "darwin":
        return [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    if sys.platform == "win32":
        roots = [os.environ.get(name) for name in ("PROGRAMFILES", "PROGRAMFILES(X86)")]
        return [Path(root) / "LibreOffice" / "program" / "soffice.exe" for root in roots if root]
    return [
        Path("/usr/bin/soffice"),
        Path("/usr/lib/libreoffice/program/soffice"),
        Path("/opt/libreoffice/program/soffice"),
    ]


def find_soffice() -> Path:
    """The soffice program: $HPDECK_SOFFICE, else PATH, else the usual install folders."""
    configured = os.environ.get(ENV_BINARY)
    if configured:
        path = Path(configured)
        if path.is_file():
            return path
        raise RenderError(
            f"{ENV_BINARY}={configured!r} is not a file; point it at LibreOffice's "
            "soffice program or unset it"
        )
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for path in _candidates():
        if path.is_file():
            return path
    raise RenderError(
        f"LibreOffice is needed to write PDFs and previews but was not found; {INSTALL_HINT}"
    )


def _timeout(files: int, sharing: int = 1) -> float:
    """Seconds one conversion may take: generous for the first start, more per file, and in
    proportion to the ``sharing`` conversions running at once (unless set by the user)."""
    configured = os.environ.get(ENV_TIMEOUT)
    if configured:
        try:
            return float(configured)
        except ValueError:
            raise RenderError(
                f"{ENV_TIMEOUT} must be a number of seconds, got {configured!r}"
            ) from None
    return (120.0 + 15.0 * files) * sharing


def filter_spec(kind: Kind) -> str:
    """The --convert-to argument: Impress's PDF filter with its options as JSON."""
    options = _HANDOUT_OPTIONS if kind == "handout" else _PDF_OPTIONS
    as_json = {
        key: {"type": "boolean", "value": "true" if value else "false"}
        for key, value in options.items()
    }
    return "pdf:impress_pdf_Export:" + json.dumps(as_json, separators=(",", ":"))


def core_property(pptx: Path, tag: str) -> str | None:
    """One core property (e.g. ``dc:language``, ``dc:title``) of a .pptx, or None."""
    try:
        with zipfile.ZipFile(pptx) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    match = re.search(rf"<{tag}>([^<]*)</{tag}>", core)
    return html.unescape(match.group(1)) if match else None


def deck_language(pptx: Path) -> str | None:
    """The language tag the writer stored in the deck (e.g. nb-NO), if it looks like one."""
    tag = core_property(pptx, "dc:language")
    return tag if tag and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag) else None


_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{tag}</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale" oor:op="fuse"><value>{tag}</value></prop></item>
</oor:items>
"""  # noqa: E501


class Office:
    """One headless LibreOffice user profile per process and language, removed on close.

    A private profile keeps conversions from touching (or waiting for) the user's own
    LibreOffice; its locale becomes the PDF's document language, which screen readers use.
    """

    def __init__(self, binary: Path | None = None) -> None:
        self.binary = binary or find_soffice()
        self._home = Path(tempfile.mkdtemp(prefix="hpdeck-office-"))
        self._lock = threading.Lock()

    def __enter__(self) -> Office:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        shutil.rmtree(self._home, ignore_errors=True)

    def _profile(self, language: str | None) -> Path:
        profile = self._home / f"profile-{language or 'default'}"
        settings = profile / "user" / "registrymodifications.xcu"
        if language and not settings.exists():
            settings.parent.mkdir(parents=True)
            settings.write_text(_PROFILE_SETTINGS.format(tag=language), encoding="utf-8")
        return profile

    def export(
        self, decks: Sequence[Path], kind: Kind = "pdf", *, pictures_only: bool = False
    ) -> list[Path]:
        """Write <deck>.pdf (or <deck>-handout.pdf) beside each deck; one LibreOffice run per
        language, and each PDF replaces the old one only once it is complete.

        ``pictures_only``: the PDFs are only rasterised (previews), so the tagging that only
        readers of the PDF need (decorations as artifacts, languages of quotes) is left out.
        """
        written: dict[Path, Path] = {}
        for language, group in _groups(decks):
            made = self._convert(group, kind, language, tag=not pictures_only)
            for deck, pdf in zip(group, made, strict=True):
                written[deck] = pdf
        return [written[deck] for deck in decks]

    def export_each(self, decks: Sequence[Path]) -> Iterator[tuple[int, Path]]:
        """(index in ``decks``, <deck>.pdf beside it) for each deck in turn, as soon as
        LibreOffice has written its PDF, untagged (for pictures): one LibreOffice run per
        language, as export, but the caller draws one deck's pictures while LibreOffice converts
        the next, and runs in different languages (each in its own profile) convert side by side
        on a machine with the cores for it (a region's nynorsk decks while its bokmål ones).

        LibreOffice converts the files it is given in order, each into a temporary file renamed
        to <stem>.pdf once complete (its lock file gone), so a PDF that is there is whole.
        """
        index = {deck: number for number, deck in enumerate(decks)}
        waiting = _groups(decks)
        with self._lock, contextlib.ExitStack() as stack:
            runs: dict[Path, _Run] = {}  # each deck's run, once started
            going: list[_Run] = []  # the runs whose LibreOffice has not ended

            done: set[Path] = set()

            def finished(run: _Run) -> bool:
                """Whether every PDF of ``run`` is written (handed over, or waiting its turn)."""
                return all(
                    deck in done or _whole(run.staging / f"{deck.stem}.pdf")
                    for deck, its in runs.items()
                    if its is run
                )

            def start() -> None:
                """Start the waiting runs there is room for, one per profile at a time. A run
                whose PDFs are all out but whose LibreOffice lingers past its time is stopped:
                it would hold its profile and its place from the runs still waiting."""
                for run in going:
                    if run.overdue() and finished(run):
                        process_group.stop(run.process)
                going[:] = [run for run in going if run.process.poll() is None]
                for language, group in list(waiting):
                    if len(going) >= PARALLEL_RUNS:
                        return
                    if all(run.language != language for run in going):
                        waiting.remove((language, group))
                        going.append(self._run_each(stack, language, group, len(going) + 1))
                        runs.update(dict.fromkeys(group, going[-1]))

            for deck in decks:
                start()
                while True:
                    run = runs.get(deck)
                    if run is not None:
                        produced = run.staging / f"{deck.stem}.pdf"
                        if _whole(produced):
                            break
                        run.check(deck, produced)
                    else:  # waiting for a place: the runs holding them must end in time
                        for other in going:
                            if not finished(other):
                                other.check_time()
                    time.sleep(0.02)
                    start()
                target = deck.with_name(deck.stem + _SUFFIX["pdf"])
                _move_into_place(produced, target)
                done.add(deck)
                yield index[deck], target
            for run in dict.fromkeys(runs.values()):
                with contextlib.suppress(subprocess.TimeoutExpired):
                    run.process.wait(timeout=max(1.0, run.deadline - time.monotonic()))

    def _run_each(
        self, stack: contextlib.ExitStack, language: str | None, group: list[Path], sharing: int
    ) -> _Run:
        """LibreOffice started on ``group``, stopped and its files removed when ``stack`` ends;
        ``sharing`` runs convert at once (see _timeout)."""
        staging = Path(tempfile.mkdtemp(prefix="pdf-", dir=self._home))
        stack.callback(shutil.rmtree, staging, ignore_errors=True)
        command = self._command("pdf", language, staging, group)
        timeout = _timeout(len(group), sharing)
        log = stack.enter_context((staging / "log").open("w+b"))
        process = stack.enter_context(self._started(command, log))
        return _Run(language, staging, process, log, time.monotonic() + timeout, timeout)

    @contextlib.contextmanager
    def _started(self, command: list[str], log: BinaryIO) -> Iterator[subprocess.Popen[bytes]]:
        try:
            with process_group.started(command, log) as process:
                yield process
        except OSError as err:
            raise RenderError(
                f"could not start LibreOffice ({self.binary}): {err.strerror}; {INSTALL_HINT}"
            ) from None

    def _command(
        self, kind: Kind, language: str | None, staging: Path, decks: Sequence[Path]
    ) -> list[str]:
        """LibreOffice converting ``decks`` into ``staging``, in the language's own profile (it
        hyphenates in the profile's language)."""
        return [
            str(self.binary),
            f"-env:UserInstallation={self._profile(language).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            filter_spec(kind),
            "--outdir",
            str(staging),
            *(str(deck) for deck in decks),
        ]

    def _convert(
        self, decks: list[Path], kind: Kind, language: str | None, *, tag: bool = True
    ) -> list[Path]:
        from hpdeck.export.pdf_tags import artifact_decorations  # pikepdf only when PDFs are made

        staging = Path(tempfile.mkdtemp(prefix="pdf-", dir=self._home))
        try:
            command = self._command(kind, language, staging, decks)
            with self._lock:
                result = self._run(command, len(decks))
            targets = []
            for deck in decks:
                produced = staging / f"{deck.stem}.pdf"
                if not produced.is_file() or produced.stat().st_size == 0:
                    detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
                    raise RenderError(
                        f"LibreOffice did not write a PDF for {deck}"
                        + (f": {' / '.join(detail)}" if detail else "")
                    )
                if tag:
                    artifact_decorations(produced)
                target = deck.with_name(deck.stem + _SUFFIX[kind])
                if kind == "pdf" and tag:
                    from hpdeck.export.pdf_language import mark_languages

                    mark_languages(produced, deck)  # quotes in another language, for readers
                _move_into_place(produced, target)
                targets.append(target)
            return targets
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _run(self, command: list[str], files: int) -> subprocess.CompletedProcess[str]:
        timeout = _timeout(files)
        try:
            return process_group.run(command, timeout)
        except subprocess.TimeoutExpired:
            raise RenderError(
                f"LibreOffice took longer than {timeout:g} s and was stopped; "
                f"close other LibreOffice windows or raise {ENV_TIMEOUT}"
            ) from None
        except OSError as err:
            raise RenderError(
                f"could not start LibreOffice ({self.binary}): {err.strerror}; {INSTALL_HINT}"
            ) from None


PARALLEL_RUNS = max(1, min(4, os.cpu_count() or 1))
"""LibreOffice runs export_each lets convert at once (one each takes a core)."""


@dataclass(frozen=True)
class _Run:
    """One LibreOffice run of export_each: converting its decks into ``staging``."""

    language: str | None
    staging: Path
    process: subprocess.Popen[bytes]
    log: BinaryIO
    deadline: float
    timeout: float

    def check(self, deck: Path, produced: Path) -> None:
        """Raise if ``deck``'s PDF will never come: LibreOffice ended without it, or its time
        is up."""
        if self.process.poll() is not None and not _whole(produced):
            self.log.seek(0)
            lines = self.log.read().decode("utf-8", "replace").splitlines()
            raise RenderError(
                f"LibreOffice did not write a PDF for {deck}"
                + (f": {' / '.join(lines[-3:])}" if lines else "")
            )
        self.check_time()

    def overdue(self) -> bool:
        return time.monotonic() > self.deadline

    def check_time(self) -> None:
        """Raise if this run's time is up (the caller's exit stops its LibreOffice)."""
        if self.overdue():
            raise RenderError(
                f"LibreOffice took longer than {self.timeout:g} s and was stopped; close other "
                f"LibreOffice windows or raise {ENV_TIMEOUT}"
            )


def _groups(decks: Sequence[Path]) -> list[tuple[str | None, list[Path]]]:
    """The decks by language, for one LibreOffice run each (a run needs its own profile);
    decks of the same name go to separate runs, as each run writes <stem>.pdf in one folder."""
    groups: list[tuple[str | None, list[Path]]] = []
    for deck in decks:
        language = deck_language(deck)
        group = next(
            (g for lang, g in groups if lang == language and all(d.stem != deck.stem for d in g)),
            None,
        )
        if group is None:
            groups.append((language, group := []))
        group.append(deck)
    return groups


def _whole(pdf: Path) -> bool:
    """Whether LibreOffice has finished ``pdf``: there, and no lock file beside it."""
    return pdf.is_file() and not pdf.with_name(f".~lock.{pdf.name}#").exists()


def _move_into_place(produced: Path, target: Path) -> None:
    """Copy beside the target first, then rename: a reader never sees half a PDF."""
    write_atomic(target, produced.read_bytes())


def export_pdfs(decks: Sequence[Path], *, pdf: bool = True, handout: bool = False) -> list[Path]:
    """The tagged PDFs and/or notes handouts of built decks, written beside them."""
    written: list[Path] = []
    with Office() as office:
        if pdf:
            written += office.export(decks, "pdf")
        if handout:
            written += office.export(decks, "handout")
    return written
