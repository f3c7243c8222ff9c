"""Text given per language in content: ``{nb: …, nn: …, en: …}`` beside the plain form.

A content text field typed ``Localized`` accepts plain text (used as it is in every deck) or a
mapping of language codes to text. Validation picks the deck's language; when that language is
missing it falls back (nn ↔ nb, en → nb; English last for the Norwegian forms), remembers where,
and tags the chosen text with the language it is really in, so the run carries the right
``lang`` and the deck's warnings list every fallback at its line. Quotes are not
``Localized``: they are shown as said, never translated.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import ValidationInfo, ValidatorFunctionWrapHandler, WithJsonSchema, WrapValidator

from hpdeck.content.loader import Document, Loc
from hpdeck.errors import Problem
from hpdeck.languages import LANGUAGES, Language
from hpdeck.messages import say

FALLBACKS: dict[Language, tuple[Language, ...]] = {
    "nb": ("nn", "en"),
    "nn": ("nb", "en"),
    "en": ("nb", "nn"),
}
"""Which languages stand in, in order, when a text is missing in the deck's language."""


class LocalText(str):
    """Text taken from a per-language mapping, knowing which language it is in."""

    lang: Language
    variants: dict[str, str]
    """The text in every language it was given in, for matching names whatever the deck's."""

    def __new__(
        cls, text: str, lang: Language, variants: dict[str, str] | None = None
    ) -> LocalText:
        made = super().__new__(cls, text)
        made.lang = lang
        made.variants = variants or {lang: text}
        return made

    def __reduce__(self) -> tuple[Any, ...]:  # batch workers pickle validated content
        return (LocalText, (str(self), self.lang, self.variants))


def key_text(value: object) -> str:
    """The spelling a text is keyed by (history labels): bokmål, else the first language given.

    Works on raw YAML values ({nb: …}) and on validated text alike, so both sides agree."""
    variants = value if isinstance(value, dict) else getattr(value, "variants", None)
    if variants:
        return str(variants.get("nb", next(iter(variants.values()))))
    return str(value)


def spellings(text: str) -> set[str]:
    """Every way a content text was written: the shown text and its other languages."""
    return {text, *getattr(text, "variants", {}).values()}


def language_of(text: object) -> Language | None:
    """The language a content text is known to be in; None for plain (untagged) text."""
    return text.lang if isinstance(text, LocalText) else None


@dataclass
class Localizer:
    """The deck's language for validation, and the fallbacks it had to make, in order."""

    language: Language
    fallbacks: list[tuple[int, Language]] = field(default_factory=list)
    """(id of the per-language mapping in the validated data, the language used instead)."""

    def context(self) -> dict[str, Any]:
        return {"localizer": self}

    def take(self, doc: Document, data: Any = None) -> list[Problem]:
        """The fallbacks made while validating doc (or data), as warnings at their lines."""
        used = dict(self.fallbacks)
        self.fallbacks.clear()
        problems = []
        for loc, value in _mappings(doc.data if data is None else data, ()):
            if id(value) in used:
                message = say(
                    "lint.fallback",
                    wanted=say(f"language.{self.language}"),
                    code=self.language,
                    used=say(f"language.{used[id(value)]}"),
                )
                problems.append(doc.problem(loc, message, warning=True))
        return problems


def _mappings(data: Any, loc: Loc) -> Iterator[tuple[Loc, dict[str, Any]]]:
    if isinstance(data, dict):
        yield loc, data
        for key, value in data.items():
            yield from _mappings(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _mappings(value, (*loc, index))


def choose(texts: dict[str, str], language: Language) -> tuple[str, Language]:
    """The text in ``language``, else the first fallback that is given."""
    for candidate in (language, *FALLBACKS[language]):
        if candidate in texts:
            return texts[candidate], candidate
    raise ValueError("per-language text needs at least one of the keys nb, nn and en")


def _localize(value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
    if not isinstance(value, dict):
        return handler(value)
    unknown = [key for key in value if key not in LANGUAGES]
    if unknown:
        close = difflib.get_close_matches(str(unknown[0]), LANGUAGES, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(
            f"per-language text takes the keys nb, nn and en, got {unknown[0]!r}{hint}"
        )
    localizer = (info.context or {}).get("localizer")
    language: Language = localizer.language if localizer else "nb"
    text, used = choose(value, language)
    result = handler(text)
    if localizer and used != language:
        localizer.fallbacks.append((id(value), used))
    return LocalText(result, used, {key: str(item) for key, item in value.items()})


_SCHEMA = {
    "anyOf": [
        {"type": "string"},
        {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": False,
            "description": "The text per language; a deck missing its language falls back "
            "(nn ↔ nb, en → nb) with a warning.",
            "properties": {
                "nb": {"type": "string", "description": "Bokmål"},
                "nn": {"type": "string", "description": "Nynorsk"},
                "en": {"type": "string", "description": "English"},
            },
        },
    ]
}

Localized = Annotated[str, WrapValidator(_localize), WithJsonSchema(_SCHEMA)]
"""Content text: plain, or per language as ``{nb: …, nn: …, en: …}``."""
