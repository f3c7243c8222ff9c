"""The sign-off sheet of a batch: each built municipality deck's page, from its content.

The pages need the municipality's name, language and missing facts; the batch's outcomes bring
the linter's findings, so no deck is built twice. The deck is loaded once, for the section types
it has (the same for every municipality: a deck whose section failed to load was not built);
each page then reads only its municipality's file, as loading the whole deck for each cost a
region's sign-off 60 ms per municipality.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path

from hpdeck.catalogs import catalog
from hpdeck.content.localized import Localizer
from hpdeck.content.municipality import load as load_municipality
from hpdeck.content.municipality import model_for
from hpdeck.export.preview import DeckPreview
from hpdeck.export.signoff_pdf import SignOffPage, sign_off
from hpdeck.pipeline.batch import Outcome
from hpdeck.pipeline.build import LoadedDeck, Options, load_deck
from hpdeck.plan.i18n import Formatter
from hpdeck.sections import REGISTRY


def sign_off_page(deck: Path, options: Options, outcome: Outcome) -> SignOffPage:
    """A built municipality deck's name, language and missing facts, with its batch findings."""
    loaded = load_deck(deck, replace(options, municipality=outcome.slug))  # parsed files reused
    return _page(loaded, options, outcome)


def _page(loaded: LoadedDeck, options: Options, outcome: Outcome) -> SignOffPage:
    """The page of ``outcome``'s municipality, from the deck ``loaded`` for any municipality of
    the batch: its section types, and its own language where the municipality has none."""
    shows = REGISTRY.shows()
    local = load_municipality(loaded.project.root, outcome.slug, model_for(shows))
    # The deck's language as load_deck chooses it: --lang, the municipality's, the deck's own.
    language = options.language or local.municipality.language or loaded.definition.language
    municipality = local.in_language(Localizer(language)).municipality
    types: Collection[str] = {section.type for section in loaded.sections}
    fmt = Formatter(language)
    facts = municipality.missing_facts(types, shows)
    return SignOffPage(
        municipality.name,
        (municipality.name, municipality.label),
        language,
        tuple(_missing(fmt, fact, municipality.label) for fact in facts),
        (*outcome.findings, *outcome.stale),
    )


def _missing(fmt: Formatter, fact: str, name: str) -> str:
    """The line for a fact the municipality file leaves empty: the catalog's own for the facts
    hpdeck's section types show, a plain one for a fact a newer section type added."""
    key = f"signoff.missing.{fact}"
    if key in catalog(fmt.language):
        return fmt.t(key, name=name)
    return fmt.t("signoff.missing.other", fact=fact)


def sign_off_sheet(
    deck: Path, options: Options, built: Sequence[tuple[Outcome, DeckPreview]], target: Path
) -> Path:
    """``target``: one page per built deck, in the order given; failed decks have none (the
    command reports them)."""
    if not built:
        return sign_off([], [], target)
    loaded = load_deck(deck, replace(options, municipality=built[0][0].slug))
    pages = [_page(loaded, options, outcome) for outcome, _ in built]
    return sign_off([preview for _, preview in built], pages, target)
