"""JSON Schema for content files, built from the section models so it never drifts."""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter

from hpdeck.sections import REGISTRY


def content_schema() -> dict[str, Any]:
    """One schema accepting any section file, chosen by its ``type:``."""
    models = tuple(REGISTRY.get(name).model for name in REGISTRY.names())
    union = Annotated[Union[models], Field(discriminator="type")]  # noqa: UP007
    schema = TypeAdapter(union).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "hpdeck content file"
    schema["description"] = "One section of a deck: its type decides which keys are allowed."
    return schema
