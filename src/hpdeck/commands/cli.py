"""The hpdeck command line: thin commands that parse, load and call the pipeline."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from hpdeck import __version__
from hpdeck.helptext import param_hint as _hint
from hpdeck.languages import LANGUAGES
from hpdeck.messages import detail, info, prefixed, say, shown, warn
from hpdeck.options import (
    ExistingPath,
    Main,
    OneOf,
    WholeNumber,
    common,
    complete_municipality,
    complete_theme,
    project_option,
)

if TYPE_CHECKING:  # imported as a batch begins: the command line stays quick to start
    from hpdeck.pipeline.batch_start import BatchStart

LANG = OneOf(LANGUAGES)
DECK = ExistingPath(folder=False)
F = TypeVar("F", bound=Callable[..., Any])


def _usage(command: F) -> F:
    """The pipeline's UsageProblem (exit 2) shown as click shows a usage error: with the
    command's usage line and the option it is about."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        from hpdeck.errors import UsageProblem

        try:
            return command(*args, **kwargs)
        except UsageProblem as err:
            if err.option:
                raise click.BadParameter(err.message, param_hint=err.option) from None
            raise click.UsageError(err.message) from None

    return run  # type: ignore[return-value]


def _month(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A malformed --month is a usage error; a well-formed one without content is not."""
    from hpdeck.content.project import MONTH

    if value is not None and not MONTH.match(value):
        raise click.BadParameter(say("usage.month", value=shown(value)))
    return value


def _theme(deck: Path, theme: str | None) -> None:
    """An unknown --theme is a usage error, with the nearest theme folder suggested."""
    if theme is None:
        return
    from hpdeck.content.project import Project

    unknown = Project.of_deck(deck).unknown_theme(theme)
    if unknown:
        raise click.BadParameter(unknown, param_hint="'--theme'")


def _draw_ahead(
    deck: Path,
    variant: tuple[str | None, ...],
    municipalities: tuple[str, ...],
    everyone: bool,
    jobs: int | None,
) -> BatchStart | None:
    """For a batch: fork the helpers that draw its charts now, before the pipeline is
    imported, so they import matplotlib on a core that start leaves idle (see
    hpdeck.pipeline.batch_start); stopped when the command ends, if the batch has not. The
    batch as it began, or None for a single deck."""
    if not (municipalities or everyone):
        return None
    from hpdeck.pipeline.batch_start import BatchStart

    start = BatchStart.now(deck, variant)
    many = everyone or len(municipalities) > 1
    click.get_current_context().with_resource(start.drawing_ahead(jobs, many))
    return start


def _variant(command: F) -> F:
    """--theme, --lang and --month, which build and preview share: the deck's look, the
    language of hpdeck's own words, and the month its content comes from."""
    for option in (
        click.option(
            "--month",
            callback=_month,
            metavar="help.metavar.yyyy_mm",
            help="help.option.month",
        ),
        click.option("--lang", type=LANG, help="help.option.lang"),
        click.option(
            "--theme",
            shell_complete=complete_theme,
            metavar="help.metavar.theme",
            help="help.option.theme",
        ),
    ):
        command = option(command)
    return command


# Every help=, short_help= and metavar= below is a key of locales/messages/*.yaml (see
# hpdeck.helptext).
@click.group(cls=Main, help="help.main", context_settings={"help_option_names": ["-h", "--help"]})
# the version line stays click's "hpdeck, version X" in every language: scripts read it
@click.version_option(__version__, prog_name="hpdeck", help="help.option.version")
@common  # also before the command (hpdeck --ui-lang nb build …), where users put them too
def main() -> None:
    pass


@main.command(help="help.init", short_help="help.summary.init")
@common
@click.argument(
    "folder", type=click.Path(path_type=Path, file_okay=False), metavar="help.metavar.folder"
)
def init(folder: Path) -> None:
    from hpdeck.pipeline.newproject import create

    made = create(folder)
    shown_folder = f'"{folder}"' if " " in str(folder) else str(folder)  # to paste after cd
    info(say("init.created", folder=folder, month=made.month))
    info(say("init.next", folder=shown_folder))


@main.command(help="help.build", short_help="help.summary.build")
@common
@click.argument("deck", type=DECK, metavar="help.metavar.deck")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    metavar="help.metavar.folder",
    help="help.build.out",
)
@_variant
@click.option(
    "--pdf",
    is_flag=True,
    help="help.build.pdf",
)
@click.option(
    "--handout",
    is_flag=True,
    help="help.build.handout",
)
@click.option(
    "-m",
    "--municipality",
    "municipalities",
    multiple=True,
    metavar="help.metavar.municipality",
    shell_complete=complete_municipality,
    help="help.build.municipality",
)
@click.option("--all-municipalities", is_flag=True, help="help.build.all")
@click.option(
    "--jobs",
    "-j",
    type=WholeNumber(1),
    default=None,
    metavar="help.metavar.count",
    help="help.build.jobs",
)
@click.option("--strict", is_flag=True, help="help.build.strict")
@_usage
def build(
    deck: Path,
    out_dir: Path,
    theme: str | None,
    lang: str | None,
    month: str | None,
    pdf: bool,
    handout: bool,
    municipalities: tuple[str, ...],
    all_municipalities: bool,
    jobs: int | None,
    strict: bool,
) -> None:
    start = _draw_ahead(deck, (theme, lang, month), municipalities, all_municipalities, jobs)
    from hpdeck.pipeline.build import Options, check_out_folder
    from hpdeck.pipeline.build import build as run_build

    _theme(deck, theme)
    check_out_folder(out_dir)
    options = Options(theme, lang, month, strict=strict)  # type: ignore[arg-type]
    failed = False
    if municipalities or all_municipalities:
        from hpdeck.commands.batch_report import run_batch
        from hpdeck.pipeline.checked import refresh_warnings

        _content_warnings(refresh_warnings(deck, options), strict=strict)
        outcomes = run_batch(deck, out_dir, options, list(municipalities), all_municipalities, jobs)
        paths = [o.path for o in outcomes if o.path]
        failed = len(paths) < len(outcomes)
        if start and not failed:
            start.note_drawn()
    else:
        built = run_build(deck, out_dir, options)
        _content_warnings(list(built.stale))
        for warning in built.warnings:
            warn(prefixed("warning", warning))
        for finding in built.findings:
            warn(str(finding.problem()))
        info(say("wrote.deck", built.slides, path=built.path))
        _fonts_used()
        paths = [built.path]
    if pdf or handout:
        from hpdeck.content.project import Project
        from hpdeck.export.exports import export_pdfs

        cache = Project.of_deck(deck).cache_dir()
        for path, made in export_pdfs(paths, cache, pdf=pdf, handout=handout):
            info(say("wrote.file" if made else "unchanged.file", path=path))
    if failed:
        sys.exit(1)


@main.command(help="help.check", short_help="help.summary.check")
@common
@click.argument("deck", type=DECK, metavar="help.metavar.deck")
@click.option(
    "--theme",
    shell_complete=complete_theme,
    metavar="help.metavar.theme",
    help="help.check.theme",
)
@click.option("--lang", type=LANG, help="help.check.lang")
@click.option("--month", callback=_month, metavar="help.metavar.yyyy_mm", help="help.check.month")
@click.option(
    "-m",
    "--municipality",
    "municipalities",
    multiple=True,
    metavar="help.metavar.municipality",
    shell_complete=complete_municipality,
    help="help.check.municipality",
)
@click.option("--all-municipalities", is_flag=True, help="help.check.all")
@click.option("--strict", is_flag=True, help="help.check.strict")
@click.option(
    "--format",
    "output",
    type=OneOf(["text", "json"]),
    default="text",
    show_default=True,
    help="help.check.format",
)
@_usage
def check(
    deck: Path,
    theme: str | None,
    lang: str | None,
    month: str | None,
    municipalities: tuple[str, ...],
    all_municipalities: bool,
    strict: bool,
    output: str,
) -> None:
    from hpdeck.pipeline.build import Options
    from hpdeck.pipeline.checked import check_deck, problem_json, refresh_warnings

    _theme(deck, theme)
    slugs: list[str | None] = [None]
    if municipalities or all_municipalities:
        from hpdeck.pipeline.batch import municipality_slugs

        slugs = list(municipality_slugs(deck, list(municipalities), all_municipalities))
    results = [
        check_deck(
            deck,
            Options(
                theme=theme,
                language=lang,  # type: ignore[arg-type]
                month=month,
                municipality=slug,
            ),
        )
        for slug in slugs
    ]
    from dataclasses import replace

    from hpdeck.content.newmonth import summary

    stale = refresh_warnings(deck, Options(theme=theme, month=month))
    failed = any(r.errors or (strict and r.findings) for r in results) or (strict and bool(stale))
    if output == "json":
        click.echo(
            json.dumps(
                {
                    "decks": [r.to_json() for r in results],
                    "ok": not failed,
                    "refresh": [problem_json(p) for p in stale],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for problem in stale:
            click.echo(str(replace(problem, warning=not strict)))
        for line in summary(stale):
            click.echo(line)
        said: set[str] = set()  # a finding every deck shares (a broken file) is said in full once
        for result in results:
            name = f"{deck} -m {result.municipality}" if result.municipality else str(deck)
            problems = [f.problem(warning=not strict) for f in result.findings]
            for text in [*result.errors, *(str(p) for p in problems if str(p) not in said)]:
                click.echo(text, err=bool(result.errors))
            again = [p.place for p in problems if str(p) in said]
            if again:
                places = ", ".join(dict.fromkeys(again))
                slug = result.municipality or deck.stem
                click.echo(say("batch.warnings_same", len(again), slug=slug, places=places))
            said.update(str(p) for p in problems)
            if result.errors:  # nothing was planned, so no slides to count
                click.echo(say("check.problems", len(result.errors), deck=name))
            else:
                click.echo(
                    say(
                        "check.result",
                        result.slides,
                        deck=name,
                        state=_check_state(result, len(stale), strict),
                    )
                )
        if len(results) > 1:
            from hpdeck.commands.batch_report import checked_without_map

            lost = checked_without_map(results)
            if lost:
                click.echo(lost)
    if failed:
        sys.exit(1)


@main.command(help="help.preview", short_help="help.summary.preview")
@common
@click.argument("deck", type=DECK, metavar="help.metavar.deck")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out/preview"),
    show_default=True,
    metavar="help.metavar.folder",
    help="help.preview.out",
)
@click.option("--serve", is_flag=True, help="help.preview.serve")
@click.option(
    "--port",
    type=WholeNumber(0, 65535),
    default=8000,
    show_default=True,
    metavar="help.metavar.port",
    help="help.preview.port",
)
@_variant
@click.option(
    "-m",
    "--municipality",
    "municipalities",
    multiple=True,
    metavar="help.metavar.municipality",
    shell_complete=complete_municipality,
    help="help.preview.municipality",
)
@click.option("--all-municipalities", is_flag=True, help="help.preview.all")
@click.option("--strict", is_flag=True, help="help.preview.strict")
@_usage
def preview(
    deck: Path,
    out_dir: Path,
    serve: bool,
    port: int,
    theme: str | None,
    lang: str | None,
    month: str | None,
    municipalities: tuple[str, ...],
    all_municipalities: bool,
    strict: bool,
) -> None:
    if serve and (len(municipalities) > 1 or all_municipalities):
        raise click.UsageError(say("usage.serve_one"))
    if not serve:
        _draw_ahead(deck, (theme, lang, month), municipalities, all_municipalities, None)
    from hpdeck.pipeline.build import Options

    _theme(deck, theme)
    slug = municipalities[0] if serve and municipalities else None
    options = Options(theme, lang, month, slug, strict)  # type: ignore[arg-type]
    if serve:
        from hpdeck.commands.serve import run

        run(deck, options, port, echo=warn)
        return
    import tempfile

    from hpdeck.content.project import Project
    from hpdeck.export.exports import write_changed_previews
    from hpdeck.pipeline.build import check_out_folder

    check_out_folder(out_dir)
    failed = False
    with tempfile.TemporaryDirectory(prefix="hpdeck-") as scratch:
        if municipalities or all_municipalities:
            from hpdeck.commands.batch_report import run_batch
            from hpdeck.pipeline.checked import refresh_warnings

            _content_warnings(refresh_warnings(deck, options), strict=strict)
            outcomes = run_batch(
                deck,
                Path(scratch),
                options,
                list(municipalities),
                all_municipalities,
                None,
                quiet=True,
            )
            built = [o for o in outcomes if o.path]
            failed = len(built) < len(outcomes)
            paths = [o.path for o in built if o.path]
        else:
            from hpdeck.pipeline.build import build as run_build

            one = run_build(deck, Path(scratch), options)
            _content_warnings(list(one.stale))
            paths = [one.path]
        from hpdeck.export.signoff_pdf import THUMB_PX

        # The sign-off sheet's pictures are drawn with the slide pictures (see render_pdf).
        smaller = (THUMB_PX,) if all_municipalities else ()
        made = write_changed_previews(paths, out_dir, Project.of_deck(deck).cache_dir(), smaller)
        results = [result for result, _ in made]
        for result, fresh in made:
            info(
                say(
                    "wrote.pictures" if fresh else "unchanged.pictures",
                    len(result.slides),
                    folder=f"{result.sheet.parent}/",
                    sheet=result.sheet,
                )
            )
        if all_municipalities and results:  # the batch's findings: each deck is built once
            from hpdeck.pipeline.signoff import sign_off_sheet

            sheet = sign_off_sheet(
                deck, options, list(zip(built, results, strict=True)), out_dir / "sign-off.pdf"
            )
            info(say("wrote.file", path=sheet))
    if failed:
        sys.exit(1)


def _fonts_used() -> None:
    """With --verbose: which font file each family was fitted with, or that a stand-in was."""
    from hpdeck.plan.fit import STAND_IN, stand_in_file
    from hpdeck.plan.fonts import used

    counted = stand_in_file() is None  # not even the stand-in: glyphs counted at a wide pitch
    for family, path in used().items():
        if path:
            detail(say("fonts.used", family=family, file=path))
        else:
            key = "fonts.counted" if counted else "fonts.estimated"
            detail(say(key, family=family, stand_in=STAND_IN))


def _check_state(result, refresh: int, strict: bool) -> str:  # type: ignore[no-untyped-def]
    """The end of check's line for a deck that could be planned: never a bare 'ok' after
    warnings were printed."""
    warnings = len(result.findings) + refresh
    if warnings:
        return say("check.errors" if strict else "check.warnings", warnings)
    return say("check.ok")


def _content_warnings(problems: list, *, strict: bool = False) -> None:
    """Figures still to refresh and unused history labels, on stderr with their count lines;
    with ``strict`` they are errors and nothing is built."""
    from dataclasses import replace

    from hpdeck.content.newmonth import summary
    from hpdeck.errors import ContentError

    if strict and problems:
        raise ContentError(replace(p, warning=False) for p in problems)
    for line in [*map(str, problems), *summary(problems)]:
        warn(line)


@main.command("check-theme", help="help.check_theme", short_help="help.summary.check_theme")
@common
@click.argument("theme", metavar="help.metavar.theme")
@project_option("help.option.project_themes")
def check_theme(theme: str, root: Path) -> None:
    from hpdeck.content.project import Project
    from hpdeck.content.theme import load_theme
    from hpdeck.render.template import report

    unknown = Project(root.resolve()).unknown_theme(theme)
    if unknown:
        raise click.BadParameter(unknown, param_hint=_hint("theme"))
    lines, missing = report(load_theme(root.resolve(), theme))
    for line in lines:
        info(line)
    for problem in missing:
        click.echo(say("theme.missing", problem=problem))
    click.echo(say("theme.missing_count", len(missing)) if missing else say("theme.ok"))
    if missing:
        sys.exit(1)


@main.command("new-month", help="help.new_month", short_help="help.summary.new_month")
@common
@click.argument("month", metavar="help.metavar.month")
@project_option("help.option.project_content")
def new_month(month: str, root: Path) -> None:
    from hpdeck.content.newmonth import create
    from hpdeck.content.project import MONTH
    from hpdeck.sections import REGISTRY

    if not MONTH.match(month):
        raise click.BadParameter(say("usage.month", value=shown(month)), param_hint=_hint("month"))
    made = create(root.resolve(), month, REGISTRY.tracking())
    info(say("newmonth.created", made.marked, month=month, source=made.source, files=made.files))
    if made.history_added:
        info(say("newmonth.history", made.history_added, source=made.source))
    if made.not_in_history:
        info(say("newmonth.not_in_history", source=made.source))
    for file, names in made.not_in_history:
        info(f"  {file}: {', '.join(names)}")


@main.command(help="help.schema", short_help="help.summary.schema")
@common
@click.option(
    "--kind",
    type=OneOf(["section", "deck", "municipality", "history", "theme"]),
    default="section",
    show_default=True,
    help="help.schema.kind",
)
def schema(kind: str) -> None:
    from hpdeck.pipeline.schema import schema as make_schema

    json.dump(make_schema(kind), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def _add_registry() -> None:
    from hpdeck.commands.registry_cli import registry

    main.add_command(registry)


_add_registry()
