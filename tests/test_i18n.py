"""The tool's own words: every key in nb, nn and en, and sentences that agree in number."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest

from hpdeck.content.history import History, entry_model
from hpdeck.content.theme import load_theme
from hpdeck.languages import LANGUAGES, Language
from hpdeck.plan.i18n import Formatter, catalog
from hpdeck.plan.model import Chart, Shape, Slide
from hpdeck.sections import REGISTRY
from hpdeck.sections.base import Context
from hpdeck.sections.status import STAGES, Status
from hpdeck.sections.status import plan as plan_status

from .conftest import REPO

SRC = REPO / "src" / "hpdeck"
MINUS = "\u2212"
NBSP = "\u00a0"
AS_OF = dt.date(2031, 3, 15)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_is_in_every_language_with_the_same_placeholders() -> None:
    nb = catalog("nb")
    for language in LANGUAGES:
        assert catalog(language).keys() == nb.keys(), language
        for key, template in catalog(language).items():
            # a translation may leave {count} or {delta} out, never invent a value
            assert placeholders(template) <= placeholders(nb[key]) | {"count", "delta"}, key


def test_every_key_the_code_asks_for_exists() -> None:
    code = "\n".join(p.read_text("utf-8") for p in SRC.rglob("*.py"))
    asked = set(re.findall(r"""\bt\(\s*["']([a-z_.-]+)["']""", code))
    assert "status.title" in asked
    keys = catalog("en").keys()
    for key in asked:
        assert key in keys or {f"{key}.one", f"{key}.other"} <= keys, key
    for stage in STAGES:  # asked for with f-strings
        assert {
            f"stage.{stage}.one",
            f"stage.{stage}.other",
            f"stage_short.{stage}",
            f"trend.up.{stage}.one",
            f"trend.up.{stage}.other",
        } <= keys


def test_nynorsk_catalog_has_no_bokmal_words() -> None:
    bokmal = re.compile(
        r"\b(ikke|hva|hvor|hver|fra|kommuner|siden|forrige|innbyggere|i alt|"
        r"nedlastinger|ansatte|hvordan|spurde)\b",
        re.IGNORECASE,
    )
    found = {key: text for key, text in catalog("nn").items() if bokmal.search(text)}
    assert found == {}


# --- sentences a reader sees, built from fictional figures ------------------------------------


def context(language: Language, history: History | None = None) -> Context:
    return Context(
        Formatter(language),
        load_theme(REPO, "helseplattformen"),
        "Test",
        asset=Path,
        history=history or History(),
    )


def status(
    counts: dict[str, int],
    *,
    highlight: str | None = None,
    names: dict[str, list[str]] | None = None,
) -> Status:
    stages = [
        {"stage": s, "count": n, "municipalities": (names or {}).get(s, [])}
        for s, n in counts.items()
    ]
    data = {"type": "status", "as_of": AS_OF, "total": sum(counts.values()), "stages": stages}
    if highlight:
        data["highlight"] = {"name": highlight}
    return Status.model_validate(data)


def text_of(slide: Slide, name: str) -> list[str]:
    card = next(b for b in slide.blocks if isinstance(b, Shape) and b.name == name)
    assert card.text is not None
    return ["".join(run.text for run in p.runs) for p in card.text.paragraphs]


def alt_of(slide: Slide) -> str:
    return next(b for b in slide.blocks if isinstance(b, Chart)).spec.alt_text


ONE_IN_USE = {"in-use": 1, "decided": 2, "preparing": 1, "deciding": 1, "unscheduled": 1}


def test_english_council_slide_for_the_only_municipality_in_use() -> None:
    (slide,) = plan_status(
        status(ONE_IN_USE, highlight="Fjellvik", names={"in-use": ["Fjellvik"]}), context("en")
    )
    assert slide.title == "Fjellvik is using Helseplattformen"
    assert text_of(slide, "Stage names") == [
        "Fjellvik",
        "is using Helseplattformen",
        "1 is using Helseplattformen",
        "Fjellvik",
    ]
    assert alt_of(slide) == (
        "Bar chart of 6 municipalities by stage: 1 municipality is using Helseplattformen; "
        "2 municipalities have decided to introduce Helseplattformen; 1 municipality has started "
        "preparing; 1 municipality is planning a political decision; 1 municipality has not "
        "scheduled a council decision. Highlighted: In use, where Fjellvik is."
    )
    assert slide.notes.split("\n\n")[0] == (
        "Fjellvik is the only municipality that is using Helseplattformen."
    )


def test_english_council_slide_among_several_at_a_stage() -> None:
    (slide,) = plan_status(
        status(ONE_IN_USE, highlight="Nordvåg", names={"decided": ["Nordvåg", "Sørvik"]}),
        context("en"),
    )
    assert slide.title == "Nordvåg has decided to introduce Helseplattformen"
    assert slide.notes.split("\n\n")[0] == (
        "Nordvåg is one of the 2 municipalities that have decided to introduce Helseplattformen."
    )
    assert "2 have decided to introduce Helseplattformen" in text_of(slide, "Stage names")


def test_english_status_title_agrees_with_the_count() -> None:
    (slide,) = plan_status(status(ONE_IN_USE), context("en"))
    assert slide.title == "1 of 6 municipalities is using Helseplattformen"
    (slide,) = plan_status(status({"in-use": 0, "decided": 6}), context("en"))
    assert slide.title == "None of the 6 municipalities are using Helseplattformen yet"
    (slide,) = plan_status(status({"in-use": 6}), context("en"))
    assert slide.title == "All 6 municipalities are using Helseplattformen"


def test_nynorsk_council_slide() -> None:
    (slide,) = plan_status(
        status(ONE_IN_USE, highlight="Nordvåg", names={"in-use": ["Nordvåg"]}), context("nn")
    )
    assert slide.title == "Nordvåg har teke Helseplattformen i bruk"
    assert slide.notes.split("\n\n")[0] == (
        "Nordvåg er den einaste kommunen som har teke Helseplattformen i bruk."
    )
    assert alt_of(slide).startswith(
        "Stolpediagram over 6 kommunar etter fase: 1 kommune har teke Helseplattformen i bruk; "
        "2 kommunar har vedteke å innføre Helseplattformen;"
    )


Entry = entry_model(REGISTRY.tracking())
LAST_MONTH = Entry(
    as_of=dt.date(2031, 2, 15),
    status={"in-use": 0, "decided": 1, "preparing": 3, "deciding": 1, "unscheduled": 1},
)
NOW = {"in-use": 1, "decided": 2, "preparing": 1, "deciding": 1, "unscheduled": 1}


def trend_slide(language: Language, history: tuple[Entry, ...] = (LAST_MONTH,)) -> Slide:
    _, trend = plan_status(status(NOW), context(language, History(history)))
    return trend


def test_english_trend_sentences_for_one_more_fewer_and_no_change() -> None:
    trend = trend_slide("en")
    assert trend.title == "1 more municipality has started using Helseplattformen since last month"
    assert trend.notes == (
        "1 more municipality has started using Helseplattformen since last month. "
        "1 more municipality has decided to introduce Helseplattformen since last month. "
        "2 fewer municipalities at the “Preparing” stage since last month. "
        "No change at the “Deciding” stage since last month. "
        "No change at the “Not scheduled” stage since last month."
    )


def test_english_trend_since_an_earlier_date_says_have_started() -> None:
    history = History((Entry(as_of=dt.date(2030, 5, 7), status={"in-use": 1}),))
    _, trend = plan_status(status({"in-use": 7, "decided": 0}), context("en", history))
    assert trend.title == (
        "6 more municipalities have started using Helseplattformen since 7 May 2030"
    )


def test_bokmal_and_nynorsk_trend_notes_say_no_change_in_words() -> None:
    assert trend_slide("nb").notes == (
        "+1 kommune har tatt Helseplattformen i bruk siden forrige måned. "
        "+1 kommune har vedtatt å innføre Helseplattformen siden forrige måned. "
        f"{MINUS}2 kommuner i fasen «Forbereder» siden forrige måned. "
        "Ingen endring i fasen «Planlegger vedtak» siden forrige måned. "
        "Ingen endring i fasen «Ikke tidfestet» siden forrige måned."
    )
    assert trend_slide("nn").notes == (
        "+1 kommune har teke Helseplattformen i bruk sidan førre månad. "
        "+1 kommune har vedteke å innføre Helseplattformen sidan førre månad. "
        f"{MINUS}2 kommunar i fasen «Førebur» sidan førre månad. "
        "Inga endring i fasen «Planlegg vedtak» sidan førre månad. "
        "Inga endring i fasen «Ikkje tidfesta» sidan førre månad."
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", f"Kostnader: 539{NBSP}mill. kr i alt."),
        ("nn", f"Kostnader: 539{NBSP}mill. kr til saman."),
        ("en", "Kostnader: NOK 539m in total."),
    ],
)
def test_economy_total_in_each_language(language: Language, expected: str) -> None:
    fmt = Formatter(language)
    assert fmt.t("economy.total", heading="Kostnader", total=fmt.money(539_000_000)) == expected


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("en", 1, "First go-live in May 2031"),
        ("en", 3, "3 go-lives since May 2031"),
        ("nb", 1, "Første oppstart i mai 2031"),
        ("nn", 3, "3 oppstartar sidan mai 2031"),
    ],
)
def test_go_live_title(language: Language, count: int, expected: str) -> None:
    fmt = Formatter(language)
    assert fmt.t("golive.title", count=count, since=fmt.month(dt.date(2031, 5, 1))) == expected
