"""`hpdeck init DIR`: a new project folder, ready to build, from the sample that comes with hpdeck.

An advisor who installed hpdeck with pip has no repository to copy from. The new folder gets
both decks, the sample's month as it is (the December 2022 figures with their own dates, so
every title, footer and "since" on the slides agrees; `hpdeck new-month` then starts the user's
month from it with each figure marked to refresh), one sample municipality, the default theme to
edit (the other themes stay available from hpdeck), the JSON Schemas mapped for VS Code, and a
short how-to in Norwegian.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from hpdeck.bundled import starter
from hpdeck.content.project import MONTH
from hpdeck.errors import HpdeckError, cannot_write
from hpdeck.messages import say

THEME = "helseplattformen"
MUNICIPALITY = "skaun"
# Which schema applies where, as VS Code's YAML extension (redhat.vscode-yaml) reads it.
SCHEMAS = {
    "section": "content/2*/*.yaml",
    "deck": "decks/*.yaml",
    "municipality": "content/municipalities/*.yaml",
    "history": "content/history.yaml",
    "theme": "themes/*/theme.yaml",
}


@dataclass(frozen=True)
class NewProject:
    """What `init` made, for its report."""

    root: Path
    month: str


def create(target: Path) -> NewProject:
    """Fill ``target`` (new or empty) with a project whose decks build as they are.

    Dates are not moved to today: titles and texts name them too ("Status per 12. desember
    2022"), and a deck dated today with 2022's figures would claim what nobody reported.
    """
    source = starter()
    if source is None:
        raise HpdeckError(say("init.no_sample"))
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise HpdeckError(say("init.not_empty", folder=target))
    months = sorted(p.name for p in (source / "content").iterdir() if MONTH.match(p.name))
    month = months[-1]
    try:
        target.mkdir(parents=True, exist_ok=True)
        _fill(target, source, month)
    except OSError as exc:
        raise cannot_write(target, exc, say("init.hint")) from None
    return NewProject(target, month)


def _fill(target: Path, source: Path, month: str) -> None:
    (target / "decks").mkdir()
    for deck in sorted((source / "decks").glob("*.yaml")):
        shutil.copyfile(deck, target / "decks" / deck.name)
    content = target / "content" / month
    content.mkdir(parents=True)
    for item in sorted((source / "content" / month).iterdir()):
        if item.is_dir():
            shutil.copytree(item, content / item.name)
        else:
            shutil.copyfile(item, content / item.name)
    (target / "content" / "municipalities").mkdir()
    shutil.copyfile(
        source / "content" / "municipalities" / f"{MUNICIPALITY}.yaml",
        target / "content" / "municipalities" / f"{MUNICIPALITY}.yaml",
    )
    shutil.copytree(source / "themes" / THEME, target / "themes" / THEME)
    _schemas(target)
    (target / ".gitignore").write_text("out/\n.cache/\n", "utf-8")
    (target / "LESMEG.md").write_text(
        HOW_TO.format(month=month, theme=THEME, municipality=MUNICIPALITY), "utf-8"
    )


def _schemas(target: Path) -> None:
    """The JSON Schemas, and VS Code settings that check each kind of file against its own."""
    from hpdeck.pipeline.schema import schema

    folder = target / ".schemas"
    folder.mkdir()
    for kind in SCHEMAS:
        (folder / f"{kind}.json").write_text(
            json.dumps(schema(kind), indent=2, ensure_ascii=False) + "\n", "utf-8"
        )
    settings = {"yaml.schemas": {f".schemas/{kind}.json": glob for kind, glob in SCHEMAS.items()}}
    (target / ".vscode").mkdir()
    (target / ".vscode" / "settings.json").write_text(
        json.dumps(settings, indent=2, ensure_ascii=False) + "\n", "utf-8"
    )


HOW_TO = """\
# Presentasjoner med hpdeck

Denne mappen er et hpdeck-prosjekt. Tallene i `content/{month}/` er eksempler fra
Helseplattformens statusorientering i desember 2022, med sine egne datoer, så titler, bunntekst
og «siden»-tekster stemmer med hverandre.

Start din egen måned med `hpdeck new-month ÅÅÅÅ-MM` (for eksempel inneværende måned): den
kopierer eksempelmåneden, flytter datoene fram og merker hvert tall som må oppdateres.
`hpdeck check` viser dem med fil og linje til de er oppdatert.

## Lag presentasjonen

Åpne et terminalvindu i denne mappen (i Windows: høyreklikk mappen, «Åpne i Terminal») og skriv:

```
hpdeck build decks/monthly-briefing.yaml
```

Presentasjonen havner i `out/monthly-briefing.pptx`. Med `--pdf` får du også en tilgjengelig
PDF (krever LibreOffice). For kommunestyret: `hpdeck build decks/council-meeting.yaml -m
{municipality}`.

## Rett innholdet

- `content/{month}/*.yaml`: fakta for måneden, én fil per del av presentasjonen.
- `content/municipalities/{municipality}.yaml`: en eksempelkommune. Lag én fil per kommune.
- `decks/*.yaml`: hvilke deler som er med, i hvilken rekkefølge, og tema.
- `themes/{theme}/theme.yaml`: farger, skrift og bunntekst. Temaene `high-contrast` og
  `corporate` følger med hpdeck (`--theme high-contrast`).

Kjør `hpdeck check decks/monthly-briefing.yaml` etter endringer: alle feil vises med fil og
linje, og ingenting bygges før de er rettet. `hpdeck preview decks/monthly-briefing.yaml --serve`
viser lysbildene i nettleseren og oppdaterer dem når du lagrer.

Ny måned: `hpdeck new-month ÅÅÅÅ-MM` kopierer siste måned og merker tallene som må oppdateres.

## Redigere i VS Code

Installer utvidelsen «YAML» (Red Hat). `.vscode/settings.json` kobler hver filtype til sitt
skjema i `.schemas/`, så editoren foreslår nøkler og markerer feil mens du skriver.
"""
