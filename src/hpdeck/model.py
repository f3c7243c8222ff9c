"""The base of every content, deck and theme model: strict, immutable, documented."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict


class Model(BaseModel):
    """Unknown keys are errors, values never change after loading, and every field is documented."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


_HEX = re.compile(r"^#?[0-9A-Fa-f]{6}$")


def _color(value: str) -> str:
    if not _HEX.match(value):
        raise ValueError(f"expected a colour like '#00386B' (6 hex digits), got {value!r}")
    return value.lstrip("#").upper()


Color = Annotated[str, AfterValidator(_color)]
"""An sRGB colour written as six hex digits, with or without '#'; stored as 'RRGGBB'."""
