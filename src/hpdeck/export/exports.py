"""Nothing twice: PDFs, handouts and slide pictures are made by LibreOffice only when the deck
they come from changed since they were last made.

A build is byte-identical for identical input (content, theme, language, hpdeck version), so
the SHA-256 of the built .pptx says everything its PDF or pictures depend on. Each export is
recorded in the project's cache folder (beside the chart cache) with that hash and the size and
modification time of the files it wrote; an export whose deck hash matches and whose files are
still as written is skipped and reported as unchanged. A file changed or removed by hand is
made again. Losing the record (two commands at once, a cleaned cache) only costs a conversion.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hpdeck import __version__
from hpdeck.content.files import write_atomic
from hpdeck.errors import HpdeckError
from hpdeck.export.office import _SUFFIX, Kind, Office
from hpdeck.export.preview import DeckPreview, write_previews

RECORD = "exports.json"


def deck_hash(deck: Path) -> str:
    """What a PDF or picture of ``deck`` depends on: its bytes, and hpdeck's way of exporting."""
    return hashlib.sha256(__version__.encode() + b"\0" + deck.read_bytes()).hexdigest()


def _stamp(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


@dataclass
class Exports:
    """The record of exports in ``cache`` (a project's cache folder)."""

    cache: Path

    def _load(self) -> dict[str, dict[str, object]]:
        try:
            data = json.loads((self.cache / RECORD).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def unchanged(self, key: Path, digest: str, kind: str) -> dict[str, object] | None:
        """The record of ``key``'s last export when it came from the same deck and every file
        it wrote is still as written; else None."""
        entry = self._load().get(str(key.absolute()))
        if not isinstance(entry, dict) or entry.get("deck") != digest or entry.get("kind") != kind:
            return None
        files = entry.get("files")
        if not isinstance(files, dict) or not files:
            return None
        if any(_stamp(Path(name)) != stamp for name, stamp in files.items()):
            return None
        return entry

    def record(
        self, key: Path, digest: str, kind: str, files: Sequence[Path], **extra: object
    ) -> None:
        """Remember that ``files`` were made from the deck with ``digest``."""
        self.record_all([(key, digest, kind, files, extra)])

    def record_all(
        self, made: Sequence[tuple[Path, str, str, Sequence[Path], dict[str, object]]]
    ) -> None:
        """record for many exports at once (a region's pictures): the record is read and
        written once, not once per deck."""
        if not made:
            return
        entries = {
            name: entry
            for name, entry in self._load().items()
            if isinstance(entry, dict)
            and isinstance(written := entry.get("files"), dict)
            and all(Path(f).exists() for f in written)
        }  # forget removed ones
        for key, digest, kind, files, extra in made:
            entries[str(key.absolute())] = {
                "deck": digest,
                "kind": kind,
                "files": {str(path.absolute()): _stamp(path) for path in files},
                **extra,
            }
        # A record that cannot be kept costs a conversion next time, nothing more.
        with contextlib.suppress(HpdeckError):
            write_atomic(
                self.cache / RECORD,
                json.dumps(entries, ensure_ascii=False, indent=1).encode("utf-8"),
            )


def export_pdfs(
    decks: Sequence[Path], cache: Path, *, pdf: bool = True, handout: bool = False
) -> list[tuple[Path, bool]]:
    """Each deck's PDF and/or handout beside it, with whether it was made now (False: the deck
    is unchanged since the file was made, and LibreOffice was not run for it)."""
    exports = Exports(cache)
    asked: tuple[tuple[Kind, bool], ...] = (("pdf", pdf), ("handout", handout))
    kinds = [kind for kind, wanted in asked if wanted]
    results: list[tuple[Path, bool]] = []
    digests = {deck: deck_hash(deck) for deck in decks}
    with Office() as office:
        for kind in kinds:
            todo = []
            for deck in decks:
                target = deck.with_name(deck.stem + _SUFFIX[kind])
                if exports.unchanged(target, digests[deck], kind):
                    results.append((target, False))
                else:
                    todo.append(deck)
            for deck, target in zip(todo, office.export(todo, kind) if todo else [], strict=True):
                exports.record(target, digests[deck], kind, [target])
                results.append((target, True))
    return results


def write_changed_previews(
    decks: Sequence[Path], out_dir: Path, cache: Path, smaller: tuple[int, ...] = ()
) -> list[tuple[DeckPreview, bool]]:
    """write_previews for the decks whose pictures are missing or from another deck; the
    others' pictures are kept as they are (False beside them). ``smaller``: see render_decks."""
    exports = Exports(cache)
    digests = {deck: deck_hash(deck) for deck in decks}
    kept: dict[Path, DeckPreview] = {}
    for deck in decks:
        folder = out_dir / deck.stem
        entry = exports.unchanged(folder, digests[deck], "pictures")
        if entry is not None:
            texts = entry.get("texts")
            slides = sorted(folder.glob("slide-*.png"))
            if isinstance(texts, list) and len(texts) == len(slides):
                kept[deck] = DeckPreview(
                    deck, slides, folder / "contact-sheet.png", tuple(str(text) for text in texts)
                )
    todo = [deck for deck in decks if deck not in kept]
    written = write_previews(todo, out_dir, kept=cache / "slides", smaller=smaller) if todo else []
    made = dict(zip(todo, written, strict=True))
    exports.record_all(
        [
            (
                out_dir / deck.stem,
                digests[deck],
                "pictures",
                [*result.slides, result.sheet],
                {"texts": list(result.texts)},
            )
            for deck, result in made.items()
        ]
    )
    return [(kept[deck], False) if deck in kept else (made[deck], True) for deck in decks]
