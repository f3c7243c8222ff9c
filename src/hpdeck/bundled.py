"""What comes with hpdeck itself: the sample project (themes, decks, content) it is installed with.

In a wheel, ``setup.py`` packs the repository's ``themes/``, ``decks/`` and ``content/`` into
``hpdeck/starter/``; run from a checkout (an editable install), those folders are the checkout's
own. ``hpdeck init`` copies from here, and a theme a project does not have is looked up here, so
``--theme high-contrast`` works in a project made by ``init`` without copying every theme.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


@cache
def starter() -> Path | None:
    """The folder holding the sample themes/, decks/ and content/, or None if missing."""
    packaged = Path(str(resources.files("hpdeck"))) / "starter"
    if (packaged / "themes").is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "themes").is_dir():
        return checkout
    return None


def _names(root: Path) -> set[str]:
    return {p.parent.name for p in (root / "themes").glob("*/theme.yaml")}


def theme_home(root: Path, slug: str) -> Path:
    """The folder whose themes/<slug>/ to use: the project's own theme wins over hpdeck's."""
    bundled = starter()
    if (root / "themes" / slug / "theme.yaml").is_file() or bundled is None:
        return root
    return bundled if slug in _names(bundled) else root


def available(root: Path) -> list[str]:
    """Every theme a deck in ``root`` may name: its own and those that come with hpdeck."""
    bundled = starter()
    return sorted(_names(root) | (_names(bundled) if bundled else set()))
