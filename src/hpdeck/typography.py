"""Where a line may not break: non-breaking spaces put in once, where slide text is made.

PowerPoint, LibreOffice and the fitter all wrap at ordinary spaces only, so one rule here keeps
"St. / Olavs", "539 / mill. kr" and "12. / desember 2022" together on every slide and chart.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
SOFT_HYPHEN = "\u00ad"

# Short abbreviations that belong to the next word (St. Olavs, ca. 300, kl. 10, mill. kr).
_ABBREVIATIONS = ("St", "Sta", "Dr", "dr", "nr", "Nr", "ca", "kl", "jf", "mill", "mrd", "mio",
                  "bl.a", "f.eks", "inkl", "ekskl", "evt", "Mr", "Mrs", "Ms")
# Units and words that belong to the number before them (7 %, 539 mill., 12 timer).
_UNITS = ("%", "‰", "kr", "NOK", "mill.", "mrd.", "millioner", "milliarder", "million",
          "millions", "billion", "prosent", "timer", "dager", "uker", "måneder", "år")
_MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
           "oktober", "november", "desember", "January", "February", "March", "April", "May",
           "June", "July", "August", "September", "October", "November", "December",
           "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.",
           "des.", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_alternatives = "|".join
_AFTER_ABBREVIATION = re.compile(
    rf"(?<![\w.])({_alternatives(re.escape(a) for a in _ABBREVIATIONS)})\. (?=\S)")
_NUMBER_UNIT = re.compile(
    rf"(\d) (?=(?:{_alternatives(re.escape(u) for u in _UNITS)})(?!\w))")
_MONTH = _alternatives(re.escape(m) for m in _MONTHS)
_DAY_MONTH = re.compile(rf"(?<!\d)(\d{{1,2}}\.?) (?=(?:{_MONTH})(?![\w]))")
_MONTH_YEAR = re.compile(rf"(?<!\w)((?:{_MONTH})) (?=\d{{4}}(?!\d))")


def glue(text: str) -> str:
    """``text`` with non-breaking spaces after short abbreviations, between a number and its
    unit, and inside dates (12. desember 2022, des. 2022), so no line breaks there."""
    if " " not in text:
        return text
    text = _AFTER_ABBREVIATION.sub(rf"\1.{NBSP}", text)
    text = _NUMBER_UNIT.sub(rf"\1{NBSP}", text)
    text = _DAY_MONTH.sub(rf"\1{NBSP}", text)
    return _MONTH_YEAR.sub(rf"\1{NBSP}", text)
