"""`hpdeck registry ...`: the registry of municipalities as a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import click

from hpdeck.options import common, project_option


@click.group()
def registry() -> None:
    """The registry of municipalities (content/municipalities/ and content/kommuner.xlsx)."""


@registry.command("export")
@common
@click.argument("target", type=click.Path(path_type=Path, dir_okay=False))
@project_option("content/")
def export_command(target: Path, root: Path) -> None:
    """Write the registry as a workbook (TARGET.xlsx) with dropdowns for stage and language.

    Save it as content/kommuner.xlsx and it is read with the municipality files: a filled cell
    wins over the YAML value, an empty one leaves it.
    """
    from hpdeck.content.municipality import model_for
    from hpdeck.content.registry_export import export
    from hpdeck.messages import info, say, shown
    from hpdeck.sections import REGISTRY

    if target.suffix.lower() != ".xlsx":
        raise click.BadParameter(say("usage.xlsx", name=shown(target.name)), param_hint="TARGET")
    export(root.resolve(), target, model_for(REGISTRY.shows()))
    info(say("wrote.file", path=target))
