"""Automatic hyphenation for words too wide for their box, in the deck's language.

A Norwegian compound like "kommunehelsetjenesten" can be wider than a card column even at the
smallest size a block may shrink to. Instead of refusing it (and asking the author to type a soft
hyphen), the fitter lets such a word break at its syllable boundaries, with the hyphenation
patterns pyphen ships for bokmål and nynorsk (the LibreOffice/hyphen dictionaries). Soft hyphens
(U+00AD) mark the places: PowerPoint, LibreOffice and the fitter break there only when they must,
and an author's own soft hyphen is left as written. E-mail addresses, web addresses and anything
with a digit are never broken: a reader copies them, and "3,76 mill." must stay whole.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from functools import lru_cache

SOFT_HYPHEN = "\u00ad"
_DICTIONARIES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}

language: ContextVar[str | None] = ContextVar("hyphenation_language", default=None)
"""The language words are hyphenated in while a deck is planned (None: no hyphenation)."""

_UNBREAKABLE = re.compile(r"[@\d]|://|^www\.|\.(?:no|com|org|net|eu|io)\b|/", re.IGNORECASE)
_EDGES = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)


def breakable(word: str) -> bool:
    """Whether ``word`` may be hyphenated: not an address, a link, a number or already marked."""
    return SOFT_HYPHEN not in word and not _UNBREAKABLE.search(word)


@lru_cache(maxsize=8)
def _dictionary(lang: str):  # type: ignore[no-untyped-def]
    import pyphen  # only when a word is too long

    return pyphen.Pyphen(lang=_DICTIONARIES[lang], left=2, right=3)


def hyphenate(word: str, lang: str | None = None) -> str:
    """``word`` with soft hyphens at its syllable boundaries, or as it is when it may not
    break or the language has no dictionary."""
    lang = lang or language.get()
    if lang not in _DICTIONARIES or not breakable(word):
        return word
    lead, core, trail = _EDGES.match(word).groups()  # type: ignore[union-attr]
    parts = [
        _dictionary(lang).inserted(part, hyphen=SOFT_HYPHEN) if part.isalpha() else part
        for part in re.split(r"(-)", core)
    ]  # "helse-" keeps its own hyphen
    return lead + "".join(parts) + trail


def hyphenate_words(text: str, words: set[str], lang: str | None = None) -> str:
    """``text`` with each of ``words`` (as they appear in it) hyphenated."""
    if not words:
        return text
    pieces = re.split(r"([ \n\t]+)", text)  # the fitter's word breaks; NBSP glues
    return "".join(hyphenate(p, lang) if p in words else p for p in pieces)
