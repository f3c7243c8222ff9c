"""The base of every content, deck and theme model: strict, immutable, documented."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    PrivateAttr,
    ValidationInfo,
    field_validator,
)

from hpdeck.content import bounds
from hpdeck.content.loader import Document, Loc


@dataclass(frozen=True)
class Written:
    """The document a model was validated from and the model's place in it
    (hpdeck.content.provenance). Not part of the model's value: two equal figures written in
    two places still compare equal."""

    doc: Document = field(compare=False, repr=False)
    loc: Loc = field(compare=False)


class Model(BaseModel):
    """Unknown keys are errors, values never change after loading, and every field is documented.

    Every field's value is held to hpdeck.content.bounds: finite numbers of sane size (also those
    read from text, like '1e308'), no -0.0, and one-line fields of one line's length.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    _written: Written | None = PrivateAttr(default=None)
    """Where validation read it (provenance.mark); ``provenance.origin`` asks it."""

    @field_validator("*", mode="after")
    @classmethod
    def _within_bounds(cls, value: Any, info: ValidationInfo) -> Any:
        problem = bounds.value_problem(value, info.field_name or "")
        if problem:
            raise ValueError(problem)
        return bounds.without_negative_zero(value)


IMAGE = "image-path"
"""Marks a field as a path to an image in the project: ``Annotated[str, IMAGE]``."""

_HEX = re.compile(r"^#?[0-9A-Fa-f]{6}$")


def _color(value: str) -> str:
    if not _HEX.match(value):
        from hpdeck.messages import say, shown

        raise ValueError(say("model.colour", value=shown(value)))
    return value.lstrip("#").upper()


Color = Annotated[str, AfterValidator(_color)]
"""An sRGB colour written as six hex digits, with or without '#'; stored as 'RRGGBB'."""
