"""What municipality files and section files both hold: rollout stages, contacts, quotes, costs.

A municipality's own record (content/municipalities/<slug>.yaml, the registry workbook) and the
month's sections speak of the same things; their models live here, below both.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from hpdeck.content.localized import Language, Localized
from hpdeck.content.model import IMAGE, Model

StageKey = Literal["in-use", "decided", "preparing", "deciding", "unscheduled"]
STAGES: tuple[StageKey, ...] = ("in-use", "decided", "preparing", "deciding", "unscheduled")
"""The rollout stages in order."""


class Contact(Model):
    """The person councillors and staff can ask about Helseplattformen locally."""

    name: str
    """Full name, e.g. 'Kari Nordmann'."""
    role: Localized | None = None
    """Role, e.g. 'prosjektleder for Helseplattformen'."""
    email: str | None = None
    """E-mail address."""
    phone: str | None = None
    """Phone number as it should be shown, e.g. '+47 123 45 678'."""


class Quote(Model):
    """Something a person said about the go-live; shown as said, never translated."""

    text: str
    """The words as said, without quotation marks (never per language: quotes are not
    translated)."""
    language: Language | None = None
    """The language it was said in: nb, nn or en; left out, the file's language (bokmål in the
    shared month files, the municipality's own in its file)."""
    speaker: str | None = None
    """Who said it; leave out when only the role is known."""
    role: Localized | None = None
    """The speaker's role and workplace."""
    portrait: Annotated[str | None, IMAGE] = None
    """A photo of the speaker (path in the project), shown beside the quote."""

    @field_validator("text", mode="before")
    @classmethod
    def _as_said(cls, value: Any) -> Any:
        if isinstance(value, dict):
            from hpdeck.messages import say

            raise ValueError(say("golive.quote_translated"))
        return value

    @property
    def lang(self) -> Language:
        """The language the words are in (bokmål when the file did not say)."""
        return self.language or "nb"


class OwnCost(Model):
    """A municipality's own cost for one part of the overview."""

    part: str
    """The part of the cost overview: its ``id`` (e.g. 'shared-rollout'), or its name in any
    language it is given in."""
    amount: float = Field(ge=0)
    """Amount in kroner."""
