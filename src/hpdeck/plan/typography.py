"""Where a line may not break: non-breaking spaces put in once, where slide text is made.

PowerPoint, LibreOffice and the fitter all wrap at ordinary spaces only, so one rule here keeps
"St. / Olavs", "539 / mill. kr", "12. / desember 2022" and "Raarvihke / – Røyrvik" together on
every slide and chart.
"""

from __future__ import annotations

import re
from functools import lru_cache

NBSP = "\u00a0"
SOFT_HYPHEN = "\u00ad"

# Short abbreviations that belong to the next word (St. Olavs, ca. 300, kl. 10, mill. kr).
_ABBREVIATIONS = (
    "St",
    "Sta",
    "Dr",
    "dr",
    "nr",
    "Nr",
    "ca",
    "kl",
    "jf",
    "mill",
    "mrd",
    "mio",
    "bl.a",
    "f.eks",
    "inkl",
    "ekskl",
    "evt",
    "Mr",
    "Mrs",
    "Ms",
)
# Units and words that belong to the number before them (7 %, 539 mill., 12 timer).
_UNITS = (
    "%",
    "‰",
    "kr",
    "NOK",
    "mill.",
    "mrd.",
    "millioner",
    "milliarder",
    "million",
    "millions",
    "billion",
    "prosent",
    "timer",
    "dager",
    "uker",
    "måneder",
    "år",
)
_MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "okt.",
    "nov.",
    "des.",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)

_alternatives = "|".join
_AFTER_ABBREVIATION = re.compile(
    rf"(?<![\w.])({_alternatives(re.escape(a) for a in _ABBREVIATIONS)})\. (?=\S)"
)
_NUMBER_UNIT = re.compile(rf"(\d) (?=(?:{_alternatives(re.escape(u) for u in _UNITS)})(?!\w))")
_CURRENCY_NUMBER = re.compile(r"(?<!\w)(NOK) (?=[\u2212+]?\d)")  # NOK 539m, as English writes it
_MONTH = _alternatives(re.escape(m) for m in _MONTHS)
_DAY_MONTH = re.compile(rf"(?<!\d)(\d{{1,2}}\.?) (?=(?:{_MONTH})(?![\w]))")
_MONTH_YEAR = re.compile(rf"(?<!\w)((?:{_MONTH})) (?=\d{{4}}(?!\d))")
_BEFORE_DASH = re.compile(r"(?<=\S) (?=[\u2013\u2014](?:\s|$))")  # a spaced en or em dash


def glue(text: str) -> str:
    """``text`` with non-breaking spaces after short abbreviations, between a number and its
    unit (or a currency and its amount: NOK 539m), inside dates (12. desember 2022,
    des. 2022) and before a spaced dash, so no line breaks there: a line never starts with
    a dash, which would read as a list mark or a new clause (Raarvihke – Røyrvik).

    Remembered per process: every paragraph of every deck passes here, and most recur
    (titles, legends, footers). A text that knows its language (a str subclass) comes back
    as it is when there is nothing to glue, else as plain text, as the substitutions give it.
    """
    if type(text) is not str and " " not in text and "-" not in text:
        return text
    return _glued(str(text))


@lru_cache(maxsize=16384)
def _glued(text: str) -> str:
    return _glue(text)


def _glue(text: str) -> str:
    text = minus_signs(text)
    if " " not in text:
        return text
    text = _AFTER_ABBREVIATION.sub(rf"\1.{NBSP}", text)
    text = _NUMBER_UNIT.sub(rf"\1{NBSP}", text)
    text = _CURRENCY_NUMBER.sub(rf"\1{NBSP}", text)
    text = _DAY_MONTH.sub(rf"\1{NBSP}", text)
    text = _BEFORE_DASH.sub(NBSP, text)
    return _MONTH_YEAR.sub(rf"\1{NBSP}", text)


MINUS = "\u2212"
# A hyphen used as a minus: before a digit, at the start or after a space or bracket.
_HYPHEN_MINUS = re.compile(r"(?:(?<=^)|(?<=[\s(\[=≈~]))-(?=\d)")
_OPEN_CLOSE = {
    "nb": ("«", "»", "‹", "›"),
    "nn": ("«", "»", "‹", "›"),
    "en": ("\u201c", "\u201d", "\u2018", "\u2019"),
}
_OUTER = re.compile(r'^\s*(?:«(.*)»|“(.*)”|"(.*)")\s*$', re.DOTALL)
_INNER = re.compile(r'«([^«»]*)»|“([^“”]*)”|"([^"]*)"')


def minus_signs(text: str) -> str:
    """``text`` with a hyphen written before a number (-5 %) as a real minus sign (−5 %)."""
    return _HYPHEN_MINUS.sub(MINUS, text) if "-" in text else text


def quoted(words: str, lang: str = "nb") -> str:
    """``words`` in the language's quotation marks (« » with ‹ › inside for nb/nn), not
    wrapped again when the author already wrote them in quotes."""
    opening, closing, inner_open, inner_close = _OPEN_CLOSE.get(lang, _OPEN_CLOSE["nb"])
    outer = _OUTER.match(words)
    if outer and _balanced(inner := next(g for g in outer.groups() if g is not None)):
        words = inner
    words = _INNER.sub(
        lambda m: inner_open + next(g for g in m.groups() if g is not None) + inner_close,
        words.strip(),
    )
    return f"{opening}{words}{closing}"


def _balanced(text: str) -> bool:
    """Whether every » in ``text`` closes a « before it: «a» b «c» is two quotes, not one."""
    depth = 0
    for char in text:
        depth += {"«": 1, "»": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0
