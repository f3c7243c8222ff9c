"""The languages hpdeck writes, named once: a deck's words and numbers, and its own messages."""

from __future__ import annotations

from typing import Literal

Language = Literal["nb", "nn", "en"]
"""nb: bokmål, nn: nynorsk, en: English."""
LANGUAGES: tuple[Language, ...] = ("nb", "nn", "en")

NAMED: dict[str, Language] = {
    "bokmål": "nb",
    "bokmal": "nb",
    "norsk": "nb",
    "norwegian": "nb",
    "nynorsk": "nn",
    "english": "en",
    "engelsk": "en",
}
"""Languages as people name them, for 'did you mean' where a code is asked for."""
