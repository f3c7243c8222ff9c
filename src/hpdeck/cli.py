"""The hpdeck command line: thin commands that parse, load and call the pipeline."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from hpdeck import __version__

LANG = click.Choice(["nb", "nn", "en"])
DECK = click.Path(path_type=Path, dir_okay=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hpdeck")
def main() -> None:
    """Build branded Helseplattformen briefing decks from YAML content.

    A project folder holds decks/ (which sections, in which order), content/ (the facts, one
    folder per month) and themes/ (the look). Start with: hpdeck build decks/monthly-briefing.yaml
    """


@main.command()
@click.argument("deck", type=DECK)
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("out"), show_default=True, help="Folder to write the deck to.")
@click.option("--theme", help="Use this theme (a folder under themes/) instead of the deck's.")
@click.option("--lang", type=LANG, help="Write hpdeck's own words and numbers in this language.")
@click.option("--month", help="Build from content/YYYY-MM instead of the latest month.")
@click.option("--pdf", is_flag=True,
              help="Also write a tagged (accessible) PDF beside the deck; needs LibreOffice.")
@click.option("--handout", is_flag=True,
              help="Also write <deck>-handout.pdf: each slide with its speaker notes below.")
@click.option("-m", "--municipality", "municipalities", multiple=True, metavar="SLUG",
              help="Build the deck for this municipality (content/municipalities/SLUG.yaml) "
                   "into OUT/<deck>-SLUG.pptx; repeat for more.")
@click.option("--all-municipalities", is_flag=True,
              help="Build one deck per file in content/municipalities/.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Build this many municipality decks at once  [default: number of CPUs]")
def build(deck: Path, out_dir: Path, theme: str | None, lang: str | None,
          month: str | None, pdf: bool, handout: bool, municipalities: tuple[str, ...],
          all_municipalities: bool, jobs: int | None) -> None:
    """Build DECK (a file in decks/) into OUT/<deck>.pptx.

    The previous file is replaced only when the new one is complete.
    """
    from hpdeck.build import Options
    from hpdeck.build import build as run_build

    options = Options(theme, lang, month)  # type: ignore[arg-type]
    if municipalities or all_municipalities:
        from hpdeck.batch import run_batch

        paths = run_batch(deck, out_dir, options, list(municipalities), all_municipalities,
                          jobs)
    else:
        built = run_build(deck, out_dir, options)
        for warning in built.warnings:
            click.echo(f"warning: {warning}", err=True)
        click.echo(f"wrote {built.path} ({built.slides} slides)")
        paths = [built.path]
    if pdf or handout:
        from hpdeck.office import export_pdfs

        for path in export_pdfs(paths, pdf=pdf, handout=handout):
            click.echo(f"wrote {path}")


@main.command()
@click.argument("deck", type=DECK)
@click.option("--theme", help="Check against this theme instead of the deck's.")
@click.option("--month", help="Check content/YYYY-MM instead of the latest month.")
def check(deck: Path, theme: str | None, month: str | None) -> None:
    """Validate DECK and every file it uses; report every problem, build nothing."""
    from hpdeck.build import Options, load_deck, plan_deck

    loaded = load_deck(deck, Options(theme=theme, month=month))
    slides = plan_deck(loaded)
    click.echo(f"{deck}: ok ({len(loaded.sections)} sections, {len(slides)} slides, "
               f"month {loaded.month})")


@main.command()
@click.argument("deck", type=DECK)
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("out/preview"), show_default=True,
              help="Folder for <deck>/slide-NN.png and <deck>/contact-sheet.png.")
@click.option("--serve", is_flag=True,
              help="Show the slides on a local web page that rebuilds when files change.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port for --serve on 127.0.0.1 (0: any free port).")
@click.option("--theme", help="Use this theme (a folder under themes/) instead of the deck's.")
@click.option("--lang", type=LANG, help="Write hpdeck's own words and numbers in this language.")
@click.option("--month", help="Build from content/YYYY-MM instead of the latest month.")
def preview(deck: Path, out_dir: Path, serve: bool, port: int, theme: str | None,
            lang: str | None, month: str | None) -> None:
    """Pictures of DECK's slides for sign-off: one PNG per slide and a contact sheet.

    With --serve, a page on http://127.0.0.1:PORT/ instead, refreshed after every change under
    content/, decks/ or themes/. Needs LibreOffice.
    """
    from hpdeck.build import Options

    options = Options(theme, lang, month)  # type: ignore[arg-type]
    if serve:
        from hpdeck.serve import run

        run(deck, options, port, echo=click.echo)
        return
    import tempfile

    from hpdeck.build import build as run_build
    from hpdeck.preview import write_previews

    with tempfile.TemporaryDirectory(prefix="hpdeck-") as scratch:
        built = run_build(deck, Path(scratch), options)
        for result in write_previews([built.path], out_dir):
            click.echo(f"wrote {len(result.slides)} slide pictures and {result.sheet}")


@main.command("check-theme")
@click.argument("theme")
@click.option("--project", "root", type=click.Path(path_type=Path, file_okay=False, exists=True),
              default=Path("."), show_default=True, help="The project folder holding themes/.")
def check_theme(theme: str, root: Path) -> None:
    """Report THEME's template: the layouts and placeholders found, and what is missing.

    Exits 1 when something is missing; builds still work, falling back with a warning.
    """
    from hpdeck.theme import load_theme
    from hpdeck.writers.template import report

    lines, missing = report(load_theme(root.resolve(), theme))
    for line in lines:
        click.echo(line)
    for problem in missing:
        click.echo(f"missing: {problem}")
    click.echo(f"{len(missing)} missing" if missing else "ok: every layout and placeholder found")
    if missing:
        sys.exit(1)


@main.command()
def schema() -> None:
    """Print the JSON Schema of content files, for editors that check YAML as you type."""
    from hpdeck.schema import content_schema

    json.dump(content_schema(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
