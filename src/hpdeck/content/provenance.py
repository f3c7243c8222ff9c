"""Where each validated value was written, carried by the content models themselves.

Validation marks every model with the document it was read from (after any municipality
overlay) and its place there, so a section planning a slide asks the value it shows where it
was written (``origin(metric, "label")``) instead of searching files for the text afterwards.
The document knows which values were laid over from a municipality file, and a per-language
text knows which language was chosen, so the answer names the file and line that were read.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from hpdeck.content.loader import Document, Loc, Origin
from hpdeck.content.localized import LocalText
from hpdeck.content.model import Model, Written


def mark(value: Any, doc: Document, loc: Loc = ()) -> None:
    """Tell every model in validated ``value`` (found at ``loc`` in ``doc``) where it stands."""
    if isinstance(value, BaseModel):
        if isinstance(value, Model):
            value._written = Written(doc, loc)
        for name, item in value.__dict__.items():
            if isinstance(item, BaseModel | list | tuple | dict):
                mark(item, doc, (*loc, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            if isinstance(item, BaseModel | list | tuple | dict):
                mark(item, doc, (*loc, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, BaseModel | list | tuple | dict):
                mark(item, doc, (*loc, key))


def origin(model: Model, *path: str | int) -> Origin | None:
    """The file and line of ``model`` or of the value at ``path`` inside it (a field name, then
    list indices or further fields): the municipality file's when the value was laid over from
    it, and the chosen language's line of a per-language text. None where the value was not
    written in the file (a default) or the model was not validated from one (built in code),
    so the caller's own origin stands."""
    written: Written | None = model._written
    if written is None:
        return None
    loc = (*written.loc, *path)
    if loc not in written.doc.positions:
        return None  # a default, or a value filled in from elsewhere: not written in the file
    value = _at(model, path)
    if isinstance(value, LocalText) and (*loc, value.lang) in written.doc.positions:
        loc = (*loc, value.lang)  # {nb: …, nn: …}: the line of the text shown
    return written.doc.origin(loc)


def _at(value: Any, path: tuple[str | int, ...]) -> Any:
    """The value at ``path`` below a model; None where the path leads nowhere."""
    for part in path:
        try:
            value = value[part] if isinstance(part, int) else getattr(value, part)
        except (IndexError, KeyError, TypeError, AttributeError):
            return None
    return value
