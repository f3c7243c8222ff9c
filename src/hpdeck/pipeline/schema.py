"""JSON Schemas for every kind of project file, built from the models so they never drift."""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter


def content_schema() -> dict[str, Any]:
    """One schema accepting any section file, chosen by its ``type:``."""
    from hpdeck.sections import REGISTRY

    models = tuple(REGISTRY.get(name).model for name in REGISTRY.names())
    # A union made at run time from the registry: no checker can see its members.
    union = Annotated[Union[models], Field(discriminator="type")]  # type: ignore[valid-type]  # noqa: UP007
    return _finish(
        TypeAdapter(union).json_schema(),
        "hpdeck content file",
        "One section of a deck: its type decides which keys are allowed.",
    )


def schema(kind: str) -> dict[str, Any]:
    """The schema of one kind of file (see KINDS)."""
    if kind == "section":
        return content_schema()
    if kind == "deck":
        from hpdeck.content.deck import DeckDefinition

        return _finish(
            DeckDefinition.model_json_schema(),
            "hpdeck deck file",
            "decks/<name>.yaml: which sections, in which order, in which look.",
        )
    if kind == "municipality":
        from hpdeck.content.municipality import model_for
        from hpdeck.sections import REGISTRY

        return _finish(
            model_for(REGISTRY.shows()).model_json_schema(),
            "hpdeck municipality file",
            "content/municipalities/<slug>.yaml: one municipality's own facts.",
        )
    if kind == "history":
        from hpdeck.content.history import entry_model
        from hpdeck.sections import REGISTRY

        return _finish(
            TypeAdapter(list[entry_model(REGISTRY.tracking())]).json_schema(),  # type: ignore[misc,arg-type]
            "hpdeck history file",
            "content/history.yaml: figures from earlier reports, oldest first.",
        )
    if kind == "theme":
        from hpdeck.content.theme import ThemeFile

        return _finish(
            ThemeFile.model_json_schema(),
            "hpdeck theme file",
            "themes/<name>/theme.yaml: colours, fonts, sizes and template.",
        )
    raise ValueError(f"unknown schema kind {kind!r}")


def _finish(schema: dict[str, Any], title: str, description: str) -> dict[str, Any]:
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    schema["description"] = description
    return schema
