"""`hpdeck registry ...`: the registry of municipalities as a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import click

from hpdeck.helptext import Group, param_hint
from hpdeck.options import common, project_option


# help=, short_help= and metavar= are keys of locales/messages/*.yaml (see hpdeck.helptext).
@click.group(cls=Group, help="help.registry", short_help="help.summary.registry")
def registry() -> None:
    pass


@registry.command("export", help="help.registry.export", short_help="help.summary.registry_export")
@common
@click.argument(
    "target", type=click.Path(path_type=Path, dir_okay=False), metavar="help.metavar.target"
)
@project_option("help.option.project_content")
def export_command(target: Path, root: Path) -> None:
    from hpdeck.content.municipality import model_for
    from hpdeck.content.registry_export import export
    from hpdeck.messages import info, say, shown
    from hpdeck.sections import REGISTRY

    if target.suffix.lower() != ".xlsx":
        raise click.BadParameter(
            say("usage.xlsx", name=shown(target.name)), param_hint=param_hint("target")
        )
    export(root.resolve(), target, model_for(REGISTRY.shows()))
    info(say("wrote.file", path=target))
