"""The pipeline, one direction: load → validate → resolve → plan → write."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from hpdeck import __version__
from hpdeck.check import facts
from hpdeck.content import bounds
from hpdeck.content.deck import DeckDefinition
from hpdeck.content.figure_sheets import resolve as resolve_figures
from hpdeck.content.figure_sheets import workbooks as figure_workbooks
from hpdeck.content.files import write_atomic
from hpdeck.content.history import FILE as HISTORY_FILE
from hpdeck.content.history import History, Kinds, label_warnings, load_history
from hpdeck.content.images import check_image
from hpdeck.content.loader import (
    MAX_BYTES,
    Document,
    every_problem,
    inside_project,
    load_yaml,
)
from hpdeck.content.localized import Localizer
from hpdeck.content.meeting_date import meeting_long_after
from hpdeck.content.municipality import Local, Municipality, Shows, model_for
from hpdeck.content.municipality import load as load_municipality
from hpdeck.content.project import Project
from hpdeck.content.provenance import origin
from hpdeck.content.reading import is_litter, read_regular
from hpdeck.content.region import Region, load_region
from hpdeck.content.registry_sheet import find as find_registry_sheet
from hpdeck.content.theme import Theme, load_theme
from hpdeck.content.validation import validate
from hpdeck.errors import OUT_HINT, ContentError, Problem, UsageProblem, cannot_write
from hpdeck.messages import say, shown
from hpdeck.pipeline import batch_memo
from hpdeck.plan import hyphenation
from hpdeck.plan.chrome import CompleteSlide, complete_slide, default_footer
from hpdeck.plan.i18n import Formatter, Language
from hpdeck.plan.model import Chart, Slide
from hpdeck.plan.sources import overflows, with_origins
from hpdeck.render.charts.cache import ChartCache
from hpdeck.render.charts.wanted import pictures
from hpdeck.sections import REGISTRY
from hpdeck.sections.base import Context, Section, SectionFile, image_paths, section_origin

if TYPE_CHECKING:
    from hpdeck.check.lint import Finding


@dataclass(frozen=True)
class Options:
    """What the command line may change about a deck."""

    theme: str | None = None
    language: Language | None = None
    month: str | None = None
    municipality: str | None = None  # slug of content/municipalities/<slug>.yaml
    strict: bool = False
    """Refuse to write a deck with linter findings or content warnings, for every deck kind
    and in the batch alike (as `hpdeck check --strict` fails on them)."""


@dataclass(frozen=True)
class LoadedDeck:
    """A deck with every file it needs read and validated."""

    project: Project
    name: str
    definition: DeckDefinition
    month: str
    language: Language
    theme: Theme
    deck_doc: Document = field(repr=False)
    parts: tuple[SectionFile, ...] = field(repr=False)
    """Each section with the file it came from, in deck order."""
    history: History = field(default=History(), repr=False)
    municipality: Local | None = field(default=None, repr=False)
    fallbacks: tuple[Problem, ...] = ()
    """Texts missing in the deck's language, shown in another (warnings at their lines)."""
    region: Region = field(default=Region(), repr=False)
    region_gaps: tuple[Problem, ...] = ()
    """Other municipality files that do not validate: the region's map and counts leave them
    out, which a council deck (reporting only its own file's errors) warns about."""

    @property
    def sections(self) -> list[Section]:
        return [part.section for part in self.parts]

    @property
    def documents(self) -> list[Document]:
        """The deck file and every section's file, as the content hash and warnings read them."""
        return [self.deck_doc, *(part.doc for part in self.parts)]


def _section(doc: Document, localizer: Localizer | None = None) -> Section:
    data = doc.data
    if not isinstance(data, dict):
        raise ContentError.single(doc.display, say("build.not_mapping"), line=1, col=1)
    kind = data.get("type")
    if not isinstance(kind, str):
        line, col = doc.locate(())
        raise ContentError.single(
            doc.display,
            say("build.no_type", types=", ".join(REGISTRY.names())),
            line=line,
            col=col,
        )
    try:
        section_type = REGISTRY.get(kind)
    except KeyError as err:
        line, col = doc.locate(("type",))
        raise ContentError.single(
            doc.display, err.args[0], line=line, col=col, where="type"
        ) from None
    return validate(section_type.model, doc, context=localizer.context() if localizer else None)


def _empty_latest_month(
    project: Project, month: str, available: list[str], asked: str | None
) -> Problem | None:
    """One problem for a month folder made before its files (``mkdir content/2023-01``): as the
    latest month it is built, and every section would otherwise be reported missing on its own."""
    if available or asked:
        return None
    earlier = [
        m
        for m in project.months()
        if m < month
        and any(not is_litter(p) for p in (project.root / "content" / m).glob("*.yaml"))
    ]
    if not earlier:
        return None
    message = say("build.empty_month", month=month, previous=earlier[-1])
    return Problem(f"content/{month}", None, None, "", message)


def load_deck(deck_path: Path, options: Options = Options()) -> LoadedDeck:
    """Read the deck, its theme and every section file, reporting all problems at once."""
    if not deck_path.is_file():
        raise ContentError.single(str(deck_path), say("usage.no_file", path=shown(str(deck_path))))
    project = Project.of_deck(deck_path)
    where = deck_path.resolve()
    deck_doc = batch_memo.once(("yaml", where), partial(load_yaml, where, root=project.root))
    definition = batch_memo.once(
        ("deck", id(deck_doc)), partial(validate, DeckDefinition, deck_doc), deck_doc
    )
    months = project.months()
    if options.month and months and options.month not in months:  # the command line's month
        later = options.month > months[-1]  # a month to start, most likely
        raise UsageProblem(
            say(
                "project.no_month_yet" if later else "project.no_month",
                month=shown(options.month),
                months=", ".join(months),
                start=options.month,
            ),
            option="--month",
        )
    month = project.month(options.month or definition.month)
    problems: list[Problem] = []
    parts: list[SectionFile] = []
    local = None
    shows = REGISTRY.shows()
    model = model_for(shows)  # a municipality file holds the facts every section type shows
    if options.municipality:  # a mistake there must not hide the content's own problems
        try:
            local = _municipality(project.root, options.municipality, model)
        except ContentError as err:
            problems.extend(err.problems)
    language = (
        options.language or (local.municipality.language if local else None) or definition.language
    )
    localizer = Localizer(language)
    definition, said = batch_memo.once(  # its title in the deck's language
        ("deck", id(deck_doc), language), partial(_defined, deck_doc, localizer), deck_doc
    )
    fallbacks: list[Problem] = list(said)
    if local:
        local = local.in_language(localizer)
        fallbacks.extend(localizer.take(local.doc))
        problems.extend(local.unknown_overrides(definition.sections))
    region, region_problems = _region(project.root, model)
    region = replace(region, own=options.municipality)
    gaps: list[Problem] = []
    if not local:  # a council deck reports its own file; the monthly deck draws from them all
        problems.extend(region_problems)
    else:
        # every other file, also one built (and failing) in the same batch: this deck still
        # loses what needs it, and says so (the batch report says a repeated warning briefly)
        gaps = [p for p in region_problems if p.file != local.doc.display]
        problems.extend(region.own_conflicts())
    draws_on_region = False  # a deck without the status section loses nothing to a broken file
    folder = project.root / "content" / month
    available = batch_memo.once(
        ("month", folder), lambda: sorted(p.stem for p in folder.glob("*.yaml") if not is_litter(p))
    )
    empty = _empty_latest_month(project, month, available, options.month or definition.month)
    if empty:
        problems.append(empty)
    for index, name in enumerate([] if empty else definition.sections):
        path = folder / f"{name}.yaml"
        if not os.path.lexists(path):  # anything else there is refused by the reading door
            line, col = deck_doc.locate(("sections", index))
            import difflib  # only for a mistake

            near = difflib.get_close_matches(name, available, n=1)  # 'statsu' for 'status'
            why = (
                say("build.no_content_file_near", month=month, name=name, near=shown(near[0]))
                if near
                else say(
                    "build.no_content_file", month=month, name=name, available=", ".join(available)
                )
            )
            problems.append(Problem(deck_doc.display, line, col, f"sections[{index}]", why))
            continue
        try:
            raw = batch_memo.once(("yaml", path), partial(load_yaml, path, root=project.root))
            doc = batch_memo.once(
                ("figures", id(raw)), partial(resolve_figures, raw, project.root), raw
            )
            kind = REGISTRY.find(doc.data.get("type") if isinstance(doc.data, dict) else None)
            if kind and kind.from_region:  # the region's members, whichever is the deck's own
                draws_on_region = True
                doc = batch_memo.once(
                    ("region of", id(doc), id(region.members)),
                    partial(kind.from_region, doc, region),
                    doc,
                    region.members,
                )
            own = kind.shows if kind else Shows()
            doc = local.overlay(doc, name, own) if local else doc  # each value keeps its file
            section, said = batch_memo.once(
                ("section", id(doc), language), partial(_validated, doc, localizer), doc
            )
            part = SectionFile(section, doc)
            parts.append(part)
            fallbacks.extend(said)
            problems.extend(
                batch_memo.once(
                    ("images", id(section), id(doc)),
                    partial(image_problems, section, doc, project.root),
                    section,
                    doc,
                )
            )
        except ContentError as err:  # a municipality file's values are reported in that file
            problems.extend(every_problem(err, lambda d: _section(d, localizer)))
    unknown = (
        None
        if options.theme
        else batch_memo.once(
            ("unknown theme", project.root, definition.theme),
            partial(project.unknown_theme, definition.theme),
        )
    )
    if unknown:
        line, col = deck_doc.locate(("theme",))
        problems.append(Problem(deck_doc.display, line, col, "theme", unknown))
    else:
        try:
            slug = options.theme or definition.theme
            theme = batch_memo.once(
                ("theme", project.root, slug), lambda: load_theme(project.root, slug)
            )
        except ContentError as err:
            problems.extend(err.problems)
    history = History()
    history_doc = None
    try:
        history, history_doc = batch_memo.once(("history", project.root), lambda: _history(project))
    except ContentError as err:
        problems.extend(err.problems)
    problems.extend(
        facts.check(parts, month, local, history_doc, project.month(None), each=_section_facts)
    )
    if problems:
        raise ContentError(problems)
    return LoadedDeck(
        project,
        deck_path.stem,
        definition,
        month,
        language,
        theme,
        deck_doc,
        tuple(parts),
        history,
        local,
        tuple(dict.fromkeys(fallbacks)),
        region,
        tuple(dict.fromkeys(gaps)) if draws_on_region else (),
    )


def _region(root: Path, model: type[Municipality]) -> tuple[Region, list[Problem]]:
    """Every municipality file of the project, read once per batch (whichever is the deck's
    own) and otherwise once per change of the files (see load_region)."""
    return batch_memo.once(("region", root, model), partial(load_region, root, model, None))


def _municipality(root: Path, slug: str, model: type[Municipality]) -> Local:
    """The municipality's file, read and validated; in a batch the region's copy, which
    load_region made from the same file the same way, for the map."""
    if batch_memo.active():
        found = next((m for m in _region(root, model)[0].members if m.slug == slug), None)
        if found is not None:
            return found
    return load_municipality(root, slug, model)  # or the problems of one that fails


def _section_facts(source: SectionFile, month: str) -> list[Problem]:
    """A section's own contradictions, found once per batch for a file every deck shares."""
    return batch_memo.once(
        ("facts", id(source.section), id(source.doc), month),
        partial(facts.section_facts, source, month),
        source.section,
        source.doc,
    )


def _defined(doc: Document, localizer: Localizer) -> tuple[DeckDefinition, list[Problem]]:
    """The deck file validated in ``localizer``'s language and the texts (its title) it shows
    in another language."""
    localizer.fallbacks.clear()
    definition = validate(DeckDefinition, doc, context=localizer.context())
    return definition, localizer.take(doc)


def _validated(doc: Document, localizer: Localizer) -> tuple[Section, list[Problem]]:
    """The section in ``doc`` and the texts it shows in another language than the deck's."""
    localizer.fallbacks.clear()  # a file that failed before may have left some
    section = _section(doc, localizer)
    return section, localizer.take(doc)


def _history(project: Project) -> tuple[History, Document | None]:
    """The project's history and, when it has entries, its file (for the fact checks)."""
    history = load_history(project.root / "content", project.root, REGISTRY.tracking())
    if not history.entries:
        return history, None
    return history, load_yaml(project.root / "content" / HISTORY_FILE, root=project.root)


def require_municipality(deck: LoadedDeck) -> None:
    """A deck for one municipality built without one is a usage error (exit 2): it would show
    the monthly deck's title with one municipality's costs."""
    if deck.definition.per_municipality and deck.municipality is None:
        raise UsageProblem(
            f"decks/{deck.name}.yaml is a deck for one municipality "
            "(per_municipality: true); build it with -m SLUG or "
            "--all-municipalities"
        )


def image_problems(section: Section, doc: Document, root: Path) -> list[Problem]:
    """Every image a section names that is missing or unusable, at its key in the YAML."""
    problems = []
    for loc, relative in image_paths(section):
        trouble = batch_memo.once(  # a logo or portrait named again in every deck's file
            ("image", root, relative), partial(image_trouble, relative, root)
        )
        if trouble:
            problems.append(doc.problem(loc, trouble))
    return problems


def image_trouble(relative: str, root: Path) -> str | None:
    """Why ``relative`` cannot go on a slide, or None when it is a usable image."""
    shown = relative if len(relative) <= 80 else f"{relative[:50]}…{relative[-20:]}"
    try:
        path = inside_project(root / relative, root, display=relative)
    except ContentError as err:
        return f"{err.problems[0].message}: {shown}"
    try:
        if path.is_dir():
            return f"{shown} is a folder, not an image file"
        if not path.is_file():
            return f"image file not found: {shown} (paths are read from the project folder)"
        check_image(path, relative)
    except OSError as exc:  # a name too long for the file system, a permission
        return f"{shown}: cannot read ({exc.strerror or exc})"
    except ContentError as err:
        return f"{shown}: {err.problems[0].message}"
    return None


def plan_deck(deck: LoadedDeck) -> list[CompleteSlide]:
    """Every slide of the deck, in order and complete (titles fitted, chrome placed), as plain
    data; too-long words hyphenated in its language."""
    token = hyphenation.language.set(deck.language)
    try:
        return _plan_deck(deck)
    finally:
        hyphenation.language.reset(token)


def _plan_deck(deck: LoadedDeck) -> list[CompleteSlide]:
    project = deck.project

    def asset(relative: str) -> Path:
        path = inside_project(project.root / relative, project.root, display=relative)
        if not path.is_file():  # load_deck checked every image; this one vanished since
            raise ContentError.single(relative, "image file not found")
        return path

    ctx = Context(
        Formatter(deck.language),
        deck.theme,
        deck.definition.title,
        asset,
        deck_title_origin=origin(deck.definition, "title"),
        footer=default_footer(deck.definition.footer, deck.theme),
        history=deck.history,
        region=deck.region,
    )
    slides: list[Slide] = []
    counts: list[tuple[str, int]] = []
    for part in deck.parts:
        section, doc = part.section, part.doc
        # no change from copies
        own = replace(ctx, history=ctx.history.with_stale(doc.data, REGISTRY.tracking()))
        # What the plan depends on besides the region (see batch_memo.planned).
        key = (
            id(section),
            deck.language,
            id(deck.theme),
            ctx.deck_title,
            str(ctx.deck_title_origin),
            ctx.footer,
            id(deck.history),
            own.history.stale,
            id(deck.region.members),
        )
        sourced = batch_memo.planned(
            key,
            own.region,
            partial(_planned_section, section, doc, own),
            section,
            deck.theme,
            deck.history,
            deck.region.members,
        )
        slides.extend(sourced)
        counts.append((doc.display, len(sourced)))
    if len(slides) > bounds.MAX_SLIDES:
        raise ContentError.single(
            deck.deck_doc.display,
            bounds.too_many_slides(len(slides), counts),
            line=1,
            col=1,
        )
    total = len(slides)
    pages = [
        # A slide planned once for the batch is completed once for each place it takes.
        batch_memo.once(
            ("page", id(slide), number, total, id(deck.theme), ctx.footer, deck.language),
            partial(complete_slide, slide, number, total, deck.theme, ctx.footer),
            slide,
            deck.theme,
        )
        for number, slide in enumerate(slides, start=1)
    ]
    problems = overflows(slides, [page.title for page in pages])
    if problems:
        raise ContentError(problems)
    return pages


def _planned_section(
    section: Section, doc: Document, ctx: Context, region: Region | None
) -> list[Slide]:
    """The section's slides (planned with ``region``) with its chart style and the origins of
    what they show."""
    ctx = replace(ctx, region=region)
    try:
        planned = REGISTRY.get(section.type).plan(section, ctx)
    except ContentError as err:  # an image that fails only when decoded
        raise ContentError(at_image_keys(err.problems, section, doc)) from None
    styled = with_chart_style(planned, section.chart_style)
    return with_origins(styled, section_origin(section), origin(section, "source"))


def at_image_keys(problems: list[Problem], section: Section, doc: Document) -> list[Problem]:
    """Problems reported against an image file, moved to the YAML key that names the image."""
    keys = {relative: loc for loc, relative in image_paths(section)}
    moved = []
    for problem in problems:
        loc = keys.get(problem.file) if problem.line is None else None
        moved.append(doc.problem(loc, f"{problem.file}: {problem.message}") if loc else problem)
    return moved


def with_chart_style(slides: list[Slide], style: Literal["native", "image"] | None) -> list[Slide]:
    """A section's ``chart_style`` applied to its charts (it wins over the theme's)."""
    if style is None:
        return slides
    return [
        replace(
            slide,
            blocks=tuple(
                replace(b, style=style) if isinstance(b, Chart) else b for b in slide.blocks
            ),
        )
        for slide in slides
    ]


def render(
    deck: LoadedDeck,
    pages: list[CompleteSlide],
    cache: ChartCache,
    warnings: list[str] | None = None,
) -> bytes:
    """The .pptx file's bytes; what the user should know (missing layouts) goes to ``warnings``.

    The pictures are drawn first, before python-pptx is loaded: in a batch's first deck the
    helpers drawing them start a tenth of a second sooner (see ChartCache.prepare)."""
    cache.prepare(pictures(pages, deck.theme))
    from hpdeck.render.pptx import PptxWriter, write_slides  # python-pptx only when writing

    writer = PptxWriter(deck.theme, Formatter(deck.language), cache)
    if warnings is not None:
        warnings.extend(writer.warnings)
    write_slides(pages, writer)
    year, month = (int(part) for part in deck.month.split("-"))
    digest = content_hash(deck)
    keywords = f"hpdeck {__version__}; month {deck.month}; content sha256:{digest}"
    return writer.to_bytes(  # traceability, shown in File > Properties
        title=deck.definition.title,
        stamp=dt.datetime(year, month, 1),
        keywords=keywords,
        subject=f"content/{deck.month}",
        identifier=f"sha256:{digest}",
        version=f"hpdeck {__version__}",
    )


def content_hash(deck: LoadedDeck) -> str:
    """One hash over every file the deck was built from, so a deck can be traced to its input.

    In a batch every file is read once and its workbooks named once, and decks built from the
    same files (every council deck: each reads the whole registry) are hashed once."""
    root = deck.project.root
    files = {doc.display: doc.path for doc in deck.documents}
    history = root / "content" / HISTORY_FILE
    if history.is_file():
        files[f"content/{HISTORY_FILE}"] = history
        files.update(_workbooks(deck.project, history))  # history read from a workbook
    if deck.municipality:
        files[deck.municipality.doc.display] = deck.municipality.doc.path
    for doc in deck.region.files():  # the map and derived counts read every registry file
        files[doc.display] = doc.path
    for doc in deck.documents[1:]:  # figures read from spreadsheets
        if (root / doc.path).is_file():
            files.update(_workbooks(deck.project, root / doc.path))
    workbook = find_registry_sheet(root)
    if workbook:  # content/kommuner.xlsx: its rows are laid over the municipality files
        files[deck.project.display(workbook)] = workbook
    listed = tuple(sorted(files.items()))
    return batch_memo.once(("content hash", listed), partial(_digest, listed))


def _workbooks(project: Project, path: Path) -> dict[str, Path]:
    """The spreadsheets a content file reads its figures from, by their names as shown."""

    def named() -> dict[str, Path]:
        raw = load_yaml(path, root=project.root)
        return {project.display(book): book for book in figure_workbooks(raw, project.root)}

    return batch_memo.once(("workbooks", path), named)


def _digest(files: tuple[tuple[str, Path], ...]) -> str:
    digest = hashlib.sha256()
    for display, path in files:
        data = batch_memo.once(  # what was validated; the same in every deck of a batch
            ("read", display, path), partial(read_regular, path, display=display, limit=MAX_BYTES)
        )
        digest.update(display.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()[:16]


def check_out_folder(folder: Path) -> None:
    """Refuse an output folder that cannot be made or written before anything is built.

    Nothing is created here, so a build that fails leaves no empty folder behind; what only
    shows when writing (a full disk, a special file system) is reported by write_atomic.
    """
    existing = folder.absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise cannot_write(folder, NotADirectoryError(errno.ENOTDIR, "not a folder"), OUT_HINT)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise cannot_write(folder, PermissionError(errno.EACCES, "denied"), OUT_HINT)


@dataclass(frozen=True)
class Built:
    """What a build wrote."""

    path: Path
    slides: int
    warnings: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    """What the linter found in the written deck (see hpdeck.check.lint)."""
    stale: tuple[Problem, ...] = ()
    """Content warnings: figures still to refresh, history labels no slide has (see newmonth)."""
    gaps: tuple[Problem, ...] = ()
    """Other municipality files that do not validate: this deck was built without its map and
    the counts taken from every file (a batch says so once for all its decks)."""


def file_stem(deck: LoadedDeck, options: Options) -> str:
    """<deck>[-<slug>][-<lang>][-<theme>]: the language and theme only when --lang and
    --theme differ from the deck's own, so such a copy never replaces the usual deck."""
    local = deck.municipality
    own = (local.municipality.language if local else None) or deck.definition.language
    parts = [deck.name, options.municipality]
    if options.language and options.language != own:
        parts.append(options.language)
    if options.theme and options.theme != deck.definition.theme:
        parts.append(options.theme)
    return "-".join(p for p in parts if p)


def _label_warnings(root: Path, kinds: Kinds) -> list[Problem]:
    """History labels no slide has, found once per batch: they come from every month's files,
    whichever municipality the deck is for."""
    return batch_memo.once(("labels", root), partial(label_warnings, root, kinds))


def planned_deck(deck_path: Path, options: Options) -> tuple[LoadedDeck, list[CompleteSlide]]:
    """The deck read and planned; once per batch (see batch_memo), where its first deck plans
    the others while helpers draw its charts, to learn theirs (see hpdeck.pipeline.batch), and
    the workers that build them, forked after, find them planned."""

    def plan() -> tuple[LoadedDeck, list[CompleteSlide]]:
        deck = load_deck(deck_path, options)
        return deck, plan_deck(deck)

    return batch_memo.once(("deck", deck_path, options), plan)


def draw_ahead(deck_path: Path, options: Options) -> bool:
    """Have the deck's pictures drawn before it is built (see ChartCache.prepare): in a
    batch's first deck, handed to the helpers drawing them before this process loads
    python-pptx for the slides. False for a deck that cannot be planned or drawn: its build
    says why."""
    try:
        deck, slides = planned_deck(deck_path, options)
        ChartCache(deck.project.cache_dir() / "charts").prepare(pictures(slides, deck.theme))
    except Exception:  # reported by the build (a bug too, as that deck's failure)
        return False
    return True


def deck_findings(deck: LoadedDeck, data: bytes) -> tuple[Finding, ...]:
    """What a reader would see wrong in the deck written as ``data``: texts shown in another
    language, municipality files its map leaves out, a meeting long after its figures' date,
    and the linter's findings."""
    from hpdeck.check.lint import Finding, fallback_findings, lint, region_findings  # pptx too

    local = deck.municipality
    late = meeting_long_after(local, deck.documents) if local else []
    return (
        *fallback_findings(deck.fallbacks),
        *region_findings(deck.region_gaps),
        *(Finding("meeting", p.message, source=p.place) for p in late),
        *lint(data, deck.theme),
    )


def build(deck_path: Path, out_dir: Path, options: Options = Options()) -> Built:
    """Build one deck into ``out_dir``/<deck>.pptx (see file_stem for the name)."""
    from hpdeck.content.newmonth import content_warnings

    deck, slides = planned_deck(deck_path, options)
    require_municipality(deck)
    stale = tuple(content_warnings(deck, REGISTRY.tracking(), _label_warnings))
    warnings: list[str] = []
    data = render(deck, slides, ChartCache(deck.project.cache_dir() / "charts"), warnings)
    target = out_dir / f"{file_stem(deck, options)}.pptx"
    findings = deck_findings(deck, data)
    if options.strict and (findings or stale):
        raise ContentError(
            [
                *(f.problem(warning=False) for f in findings),
                *(replace(p, warning=False) for p in stale),
            ]
        )
    write_atomic(target, data)
    return Built(target, len(slides), tuple(warnings), findings, stale, deck.region_gaps)
