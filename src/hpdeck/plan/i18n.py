"""Words and number forms the tool writes itself, in bokmål, nynorsk and English.

Content is written by people in their own language; everything hpdeck adds on its own (labels,
units, derived titles, alt text, notes) comes from the catalogs in ``locales/`` so a nynorsk deck is
nynorsk in every word, and a missing translation is an error rather than a silent bokmål fallback.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from babel import dates, numbers

from hpdeck.catalogs import catalog
from hpdeck.languages import Language

_BABEL_LOCALE = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}
# BCP 47 tags written on text runs so PowerPoint spell-checks in the right language.
LANG_TAGS: dict[str, str] = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}


@dataclass(frozen=True)
class Formatter:
    """Formats numbers, dates and catalog messages for one language."""

    language: Language

    @property
    def locale(self) -> str:
        return _BABEL_LOCALE[self.language]

    @property
    def lang_tag(self) -> str:
        return LANG_TAGS[self.language]

    def t(self, key: str, /, count: int | float | None = None, **values: object) -> str:
        """The catalog message ``key`` filled with ``values``; ``count`` picks singular/plural."""
        messages = catalog(self.language)
        if count is not None:
            key = f"{key}.one" if count == 1 else f"{key}.other"
            values["count"] = self.number(count)
        try:
            template = messages[key]
        except KeyError:
            raise KeyError(f"message {key!r} is missing from the {self.language} catalog") from None
        return template.format(**values)

    def number(self, value: float, *, decimals: int | None = None) -> str:
        """A number with the language's grouping and decimal sign: 16 000, 3,76 / 16,000, 3.76."""
        if decimals is not None:
            pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
            return _decimal(value, pattern, self.locale)
        return _decimal(value, None, self.locale)

    def big_number(self, value: float) -> str:
        """A headline figure: millions and above in words (3,76 millioner), the rest in full."""
        if abs(value) >= 1_000_000:
            return _compact(value, "long", self.locale)
        return self.number(value)

    def short_number(self, value: float) -> str:
        """A compact figure for chart labels and money: 3,76 mill., 3,7 mrd., 539 mill."""
        if abs(value) >= 1_000_000:
            return _compact(value, "short", self.locale)
        return self.number(value)

    def money_column(self, amounts: list[float]) -> list[str]:
        """Amounts shown side by side in one style: all in millions once one reaches a
        million (0,98 mill. kr beside 4,12 mill. kr, not 980 000 kr), else in full."""
        if not any(abs(a) >= 1_000_000 for a in amounts):
            return [self.money(a) for a in amounts]
        unit = numbers.format_compact_decimal(
            1_000_000, format_type="short", locale=self.locale
        ).replace("1", "", 1)
        return [
            self.t("money", amount=self.number(a / 1_000_000, decimals=2) + unit) for a in amounts
        ]

    def money(self, amount: float) -> str:
        """An amount in kroner: 539 mill. kr / NOK 539m."""
        return self.t("money", amount=self.short_number(amount))

    def percent(self, share: float) -> str:
        """A share in 0..1 as a percentage: 70 % / 70%."""
        return _percent(share, self.locale)

    def signed(self, value: float) -> str:
        """A change with its sign always shown: +4, −2 (a real minus sign), ±0."""
        if value == 0:
            return "±0"
        text = self.number(abs(value))
        return ("+" if value > 0 else "\u2212") + text

    def date(self, day: dt.date) -> str:
        """A date as people write it: 12. desember 2022 / 12 December 2022."""
        return _date(day, "long", self.locale)

    def short_date(self, day: dt.date) -> str:
        """A compact date for axes and captions: 12.12.2022 / 12 Dec 2022."""
        pattern = "d MMM y" if self.language == "en" else "dd.MM.y"
        return _date(day, pattern, self.locale)

    def month(self, day: dt.date) -> str:
        """A month and year: desember 2022 / December 2022."""
        return _date(day, "MMMM y", self.locale)

    def quoted(self, words: str) -> str:
        """Words in the language's quotation marks: «…» in Norwegian, “…” in English, with
        ‹…› (‘…’) for quotes inside; words that already stand in quotation marks are not
        wrapped again."""
        from hpdeck.plan.typography import quoted

        return quoted(words, self.language)  # ‹ › inside, and no «« »» around «…»

    def join(self, items: list[str]) -> str:
        """A list in prose: a, b og c / a, b and c."""
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self.t('and')} {items[-1]}"


# Remembered per process (typed: 1 and 1.0 apart, as babel keeps them): the same counts,
# amounts and dates recur on many slides, in every deck of a batch and every live rebuild.


@lru_cache(maxsize=4096, typed=True)
def _decimal(value: float, pattern: str | None, locale: str) -> str:
    return _unsigned_zero(numbers.format_decimal(value, format=pattern, locale=locale))


@lru_cache(maxsize=1024, typed=True)
def _compact(value: float, kind: Literal["short", "long"], locale: str) -> str:
    return _unsigned_zero(
        numbers.format_compact_decimal(value, format_type=kind, locale=locale, fraction_digits=2)
    )


@lru_cache(maxsize=1024, typed=True)
def _percent(share: float, locale: str) -> str:
    return _unsigned_zero(numbers.format_percent(share, locale=locale))


@lru_cache(maxsize=1024, typed=True)
def _date(day: dt.date, pattern: str, locale: str) -> str:
    return dates.format_date(day, format=pattern, locale=locale)


def _unsigned_zero(text: str) -> str:
    """'0' for '-0' (and '-0,0', '-0 %'): a value that rounds to zero has no sign on a slide."""
    if text.startswith(("-", "\u2212")) and not any(ch in "123456789" for ch in text):
        return text[1:]
    return "\u2212" + text[1:] if text.startswith("-") else text  # a real minus, not a hyphen
