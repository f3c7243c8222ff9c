"""Deck definitions: decks/<name>.yaml says which sections, in which order, in which look."""

from __future__ import annotations

from pydantic import Field, field_validator

from hpdeck.content.localized import Localized
from hpdeck.content.model import Model
from hpdeck.content.project import MONTH
from hpdeck.languages import Language


class DeckDefinition(Model):
    """The contents of decks/<name>.yaml."""

    title: Localized
    """The deck's title, used on the title slide when its content gives none and as the
    document's title; plain or per language ({nb: …, nn: …, en: …})."""
    theme: str
    """The theme folder under themes/ that gives the deck its look."""
    language: Language = "nb"
    """The language of the words hpdeck writes: nb (bokmål), nn (nynorsk) or en."""
    footer: str = ""
    """Text at the start of every content slide's footer; the theme's footer if empty."""
    month: str | None = Field(default=None, pattern=MONTH.pattern)
    """The content month to build (YYYY-MM); the latest month when left out."""
    per_municipality: bool = False
    """True for a deck made for one municipality (a council deck): it is built only with
    -m SLUG or --all-municipalities, since without one it would mix the monthly deck's title
    with one municipality's facts."""
    sections: list[str] = Field(min_length=1)
    """Content files of the month, by name without .yaml, in slide order."""

    @field_validator("sections")
    @classmethod
    def _once_each(cls, sections: list[str]) -> list[str]:
        """A section listed twice shows its slides twice: a slip, never a wish."""
        twice = [name for index, name in enumerate(sections) if name in sections[:index]]
        if twice:
            from hpdeck.messages import say, shown

            raise ValueError(say("deck.twice", names=", ".join(map(shown, dict.fromkeys(twice)))))
        return sections
