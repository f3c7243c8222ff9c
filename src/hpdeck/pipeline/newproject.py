"""`hpdeck init DIR`: a new project folder, ready to build, from the sample that comes with hpdeck.

An advisor who installed hpdeck with pip has no repository to copy from. The new folder gets
both decks, this month's content (the sample's figures, dated today, to be replaced), one sample
municipality, the default theme to edit (the other themes stay available from hpdeck), the JSON
Schemas mapped for VS Code, and a short how-to in Norwegian.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from hpdeck.bundled import starter
from hpdeck.content.project import MONTH
from hpdeck.errors import HpdeckError, cannot_write
from hpdeck.messages import say

THEME = "helseplattformen"
MUNICIPALITY = "skaun"
_DATED = re.compile(r"^(as_of|date):(\s*)\d{4}-\d{2}-\d{2}\b", re.MULTILINE)
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


def create(target: Path, today: dt.date | None = None) -> NewProject:
    """Fill ``target`` (new or empty) with a project whose decks build as they are."""
    today = today or dt.date.today()
    source = starter()
    if source is None:
        raise HpdeckError(say("init.no_sample"))
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise HpdeckError(say("init.not_empty", folder=target))
    months = sorted(p.name for p in (source / "content").iterdir() if MONTH.match(p.name))
    month = f"{today:%Y-%m}"
    try:
        target.mkdir(parents=True, exist_ok=True)
        _fill(target, source, months[-1], month, today)
    except OSError as exc:
        raise cannot_write(target, exc, say("init.hint")) from None
    return NewProject(target, month)


def _fill(target: Path, source: Path, sample: str, month: str, today: dt.date) -> None:
    (target / "decks").mkdir()
    for deck in sorted((source / "decks").glob("*.yaml")):
        shutil.copyfile(deck, target / "decks" / deck.name)
    content = target / "content" / month
    content.mkdir(parents=True)
    for item in sorted((source / "content" / sample).iterdir()):
        if item.suffix == ".yaml":  # the sample's figures, dated today until they are replaced
            text = _DATED.sub(
                lambda m: f"{m[1]}:{m[2]}{today.isoformat()}", item.read_text("utf-8")
            )
            (content / item.name).write_text(text, "utf-8")
        elif item.is_dir():
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
Helseplattformens statusorientering i desember 2022, datert i dag: bytt dem ut med dine egne.

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
