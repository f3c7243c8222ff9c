"""The deck's own words in each language (``locales/<language>.yaml``), read once per process.

A base module, below every stage: the plan formats with them (``plan.i18n``), and content reads
them too, where a registry spreadsheet may name a stage by its short name in any language.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from hpdeck.languages import Language
from hpdeck.messages import FAST_SAFE_LOADER


@cache
def catalog(language: Language) -> dict[str, str]:
    """The message catalog of one language, read once per process."""
    text = resources.files("hpdeck").joinpath(f"locales/{language}.yaml").read_text("utf-8")
    return yaml.load(text, Loader=FAST_SAFE_LOADER)
