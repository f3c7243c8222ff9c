"""Where municipality files live and what they may be called (content/municipalities/<slug>.yaml).

Apart from municipality.py because the registry workbook names its rows by the same slugs, and
municipality.py reads the workbook: both import this instead of each other.
"""

from __future__ import annotations

import re
from pathlib import Path

FOLDER = ("content", "municipalities")


def folder(root: Path) -> Path:
    """The folder of the municipality files in the project at ``root``."""
    return root.joinpath(*FOLDER)


SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""What a municipality file's name (without .yaml) may be: it becomes part of output file names."""
_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "á": "a", "ô": "o"})


def slug_for(name: str) -> str:
    """The slug a file name or municipality name should have: 'Midtre Gauldal' → midtre-gauldal."""
    words = re.split(r"[^a-z0-9]+", name.lower().translate(_ASCII))
    return "-".join(word for word in words if word)
