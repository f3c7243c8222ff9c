"""Where things live in a project folder: decks/, content/<YYYY-MM>/, themes/, the cache."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from hpdeck.errors import ContentError, UsageProblem
from hpdeck.messages import say, shown

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Project:
    """A project folder; every path a deck uses must stay inside it."""

    root: Path

    @classmethod
    def of_deck(cls, deck: Path) -> Project:
        """The project a deck file belongs to: the folder that holds its decks/ folder."""
        root = deck.resolve().parent.parent
        if not (root / "content").is_dir():
            raise UsageProblem(say("usage.not_in_decks", path=shown(str(deck))), "'DECK'")
        return cls(root)

    def display(self, path: Path) -> str:
        """A path as users see it: relative to the project, with forward slashes."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def months(self) -> list[str]:
        """The content months present, oldest first."""
        return sorted(
            p.name for p in (self.root / "content").iterdir() if p.is_dir() and MONTH.match(p.name)
        )

    def month(self, wanted: str | None) -> str:
        """The month to build: ``wanted`` if given, else the latest one."""
        months = self.months()
        if not months:
            raise ContentError.single("content", say("project.no_months"))
        if wanted is None:
            return months[-1]
        if wanted not in months:
            raise ContentError.single(
                f"content/{wanted}",
                say("project.no_month", month=shown(wanted), months=", ".join(months)),
            )
        return wanted

    def themes(self) -> list[str]:
        """The themes a deck may name: the project's folders and those that come with hpdeck."""
        from hpdeck.bundled import available

        return available(self.root)

    def unknown_theme(self, name: str) -> str | None:
        """Why ``name`` is not a theme of this project (with the nearest one), or None."""
        themes = self.themes()
        if name in themes:
            return None
        close = [
            t
            for t in themes
            if t.startswith(name)  # 'high' or 'hc' for high-contrast
            or "".join(part[:1] for part in t.split("-")) == name
        ]
        close = close[:1] or difflib.get_close_matches(name, themes, n=1)
        from hpdeck.messages import say, shown

        hint = (
            say("theme.did_you_mean", theme=shown(close[0]))
            if close
            else say("theme.available", themes=", ".join(themes) or say("v.show.none"))
        )
        return say("theme.unknown", theme=shown(name), hint=hint)

    def cache_dir(self) -> Path:
        """Where drawn charts are kept between builds (HPDECK_CACHE_DIR overrides)."""
        override = os.environ.get("HPDECK_CACHE_DIR")
        return Path(override) if override else self.root / ".cache" / "hpdeck"
