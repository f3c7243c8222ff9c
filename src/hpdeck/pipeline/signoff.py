"""The sign-off sheet of a batch: each built municipality deck's page, from its loaded content.

The pages need the municipality's name, language and missing facts, which only loading its deck
tells; the batch's outcomes bring the linter's findings, so no deck is built twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from hpdeck.catalogs import catalog
from hpdeck.export.preview import DeckPreview
from hpdeck.export.signoff_pdf import SignOffPage, sign_off
from hpdeck.pipeline.batch import Outcome
from hpdeck.pipeline.build import Options, load_deck
from hpdeck.plan.i18n import Formatter
from hpdeck.sections import REGISTRY


def sign_off_page(deck: Path, options: Options, outcome: Outcome) -> SignOffPage:
    """A built municipality deck's name, language and missing facts, with its batch findings."""
    loaded = load_deck(deck, replace(options, municipality=outcome.slug))  # parsed files reused
    assert loaded.municipality is not None  # loaded for a slug
    local = loaded.municipality.municipality
    fmt = Formatter(loaded.language)
    facts = local.missing_facts({section.type for section in loaded.sections}, REGISTRY.shows())
    return SignOffPage(
        local.name,
        (local.name, local.label),
        loaded.language,
        tuple(_missing(fmt, fact, local.label) for fact in facts),
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
    pages = [sign_off_page(deck, options, outcome) for outcome, _ in built]
    return sign_off([preview for _, preview in built], pages, target)
