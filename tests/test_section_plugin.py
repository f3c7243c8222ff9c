"""A new section type is one module plus one registry line: no generic module names it.

The toy type below (visits to a fictional help desk) is written in this file as a section
module would be: its model, its slides, the figure it keeps in history.yaml, the municipality
fact it shows in council decks and the registry workbook column that fact has. Registering it is
the one line a new module adds to hpdeck.sections; nothing else in hpdeck is touched (content/
least of all), yet the monthly deck shows its trend, new-month asks for its figure and files it
in the history, a council deck shows the fact, and the workbook exports and reads its column.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Literal

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pptx import Presentation
from pydantic import Field

from hpdeck.commands.cli import main
from hpdeck.content.history import Figure, Group, Tracked, Tracking
from hpdeck.content.loader import Document
from hpdeck.content.model import Model
from hpdeck.content.municipality import Local, Municipality, Overlay, Shows, facts_of
from hpdeck.content.registry_columns import AMOUNT, Column, Columns
from hpdeck.plan import layout
from hpdeck.plan.model import Slide, para
from hpdeck.sections import REGISTRY, trends
from hpdeck.sections.base import Context, Section, SectionType

# -- the toy section module ------------------------------------------------------------------

VISITS = Figure("visits")
"""The help desk's visits in history.yaml: one number per date."""


class Visits(Section):
    """Visits to the help desk as of a date, and a council deck's own count."""

    type: Literal["visits"]
    """Always 'visits'."""
    as_of: dt.date
    """The date the count is from."""
    visits: int = Field(ge=0)
    """Visits in all."""
    municipality: str | None = None
    """The council deck's municipality; filled in from its file."""
    local_visits: int | None = None
    """Its own visits; filled in from its file."""


class VisitFacts(Model):
    """What a municipality file may say about the help desk."""

    desk_visits: int | None = Field(default=None, ge=0)
    """Visits from this municipality."""


COLUMNS = Columns((Column("Besøk i brukerstøtten", ("desk_visits",), AMOUNT),))
"""The fact's column in the registry workbook (content/kommuner.xlsx)."""


def plan(section: Visits, ctx: Context) -> list[Slide]:
    points = ctx.history.series(VISITS, section.as_of, section.visits)
    lines = [para(f"{ctx.fmt.number(section.visits)} besøk {trends.change_text(points, ctx)}")]
    if section.municipality and section.local_visits is not None:
        lines.append(para(f"{section.municipality}: {section.local_visits} besøk"))
    body = layout.text(layout.BODY, lines, ctx.theme, name="Body")
    return [Slide("content", "Besøk i brukerstøtten", (body,), footer=ctx.footer_for(section))]


def overlay(local: Local, base: Document) -> list[Overlay]:
    raw = local.doc.data
    data = {"municipality": local.municipality.name, "local_visits": raw.get("desk_visits")}
    return [Overlay(data, local.doc, ((("local_visits",), ("desk_visits",)), ((), ("name",))))]


def missing(m: Municipality) -> list[str]:
    return [] if facts_of(m, VisitFacts).desk_visits is not None else ["desk_visits"]


SECTION = SectionType(
    "visits",
    Visits,
    plan,  # type: ignore[arg-type]
    tracking=Tracking(
        groups=(Group("visits", (int | None, Field(default=None, ge=0))),),
        figures=lambda data: [Tracked("visits", VISITS, data.get("visits"))],
    ),
    shows=Shows(facts=VisitFacts, columns=COLUMNS, missing=missing, overlay=overlay),
)

# -- the project using it ---------------------------------------------------------------------


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry with the toy type added: the one line its module adds to hpdeck.sections."""
    monkeypatch.setattr(REGISTRY, "_types", dict(REGISTRY._types))
    REGISTRY.add(SECTION)


@pytest.fixture
def visits_project(project: Path, registered: None) -> Path:
    month = project / "content" / "2022-12"
    (month / "visits.yaml").write_text("type: visits\nas_of: 2022-12-12\nvisits: 1500\n", "utf-8")
    for deck in ("monthly-briefing", "council-meeting"):
        path = project / "decks" / f"{deck}.yaml"
        text = path.read_text("utf-8")
        path.write_text(text.replace("  - status\n", "  - status\n  - visits\n", 1), "utf-8")
    history = project / "content" / "history.yaml"
    history.write_text(
        history.read_text("utf-8") + "- as_of: 2022-11-12\n  visits: 1200\n", "utf-8"
    )
    skaun = project / "content" / "municipalities" / "skaun.yaml"
    skaun.write_text(skaun.read_text("utf-8") + "desk_visits: 42\n", "utf-8")
    return project


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def texts(path: Path) -> list[str]:
    """All text of each slide, spaces normalised."""
    return [
        re.sub(r"\s+", " ", " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame))
        for slide in Presentation(str(path)).slides
    ]


def test_a_registered_section_type_shows_its_trend_in_the_monthly_deck(
    visits_project: Path, tmp_path: Path
) -> None:
    deck = visits_project / "decks" / "monthly-briefing.yaml"
    result = run("build", str(deck), "--out", str(tmp_path / "out"))

    assert result.exit_code == 0, result.output
    [slide] = [t for t in texts(tmp_path / "out" / "monthly-briefing.pptx") if "Besøk" in t]
    assert "1 500 besøk" in slide and "+300" in slide  # 1 200 in the history a month before


def test_new_month_asks_for_its_figure_and_files_it_in_the_history(
    visits_project: Path,
) -> None:
    result = run("new-month", "2023-01", "--project", str(visits_project))

    assert result.exit_code == 0, result.output
    new = (visits_project / "content" / "2023-01" / "visits.yaml").read_text("utf-8")
    assert "refresh:\n  - as_of\n  - visits\n" in new
    assert "as_of: 2023-01-12" in new
    history = (visits_project / "content" / "history.yaml").read_text("utf-8")
    added = history.split("# Added by hpdeck new-month 2023-01")[1]
    assert re.search(r"- as_of: 2022-12-12\n(  .*\n)*  visits: 1500\n", added), added


def test_a_council_deck_shows_the_municipality_fact_it_declares(
    visits_project: Path, tmp_path: Path
) -> None:
    deck = visits_project / "decks" / "council-meeting.yaml"
    result = run("build", str(deck), "-m", "skaun", "--out", str(tmp_path / "out"))

    assert result.exit_code == 0, result.output
    [slide] = [t for t in texts(tmp_path / "out" / "council-meeting-skaun.pptx") if "Besøk" in t]
    assert "Skaun kommune: 42 besøk" in slide


def test_a_mistake_in_the_fact_is_reported_in_the_municipality_file(
    visits_project: Path, tmp_path: Path
) -> None:
    skaun = visits_project / "content" / "municipalities" / "skaun.yaml"
    skaun.write_text(skaun.read_text("utf-8").replace("desk_visits: 42", "desk_visits: mange"))
    deck = visits_project / "decks" / "council-meeting.yaml"
    result = run("build", str(deck), "-m", "skaun", "--out", str(tmp_path / "out"))

    assert result.exit_code == 1
    assert "content/municipalities/skaun.yaml:" in result.output
    assert "desk_visits" in result.output
    assert not (tmp_path / "out" / "council-meeting-skaun.pptx").exists()


def test_the_registry_workbook_has_the_facts_column_and_a_council_deck_shows_its_cell(
    visits_project: Path, tmp_path: Path
) -> None:
    workbook = visits_project / "content" / "kommuner.xlsx"
    result = run("registry", "export", str(workbook), "--project", str(visits_project))
    assert result.exit_code == 0, result.output
    book = load_workbook(workbook)
    sheet = book["Kommuner"]
    headings = [c.value for c in sheet[1]]
    # After the registered types' own columns (the toy type is registered last), before the
    # one-per-part cost columns.
    at = headings.index("Besøk i brukerstøtten")
    assert headings[at - 1] == "Telefon" and str(headings[at + 1]).startswith("Kostnad: ")
    skaun = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "5029")
    assert skaun[at].value == 42  # exported from Skaun's YAML file
    skaun[at].value = "57"  # an advisor's edit, typed as text
    book.save(workbook)

    deck = visits_project / "decks" / "council-meeting.yaml"
    result = run("build", str(deck), "-m", "skaun", "--out", str(tmp_path / "out"))

    assert result.exit_code == 0, result.output
    [slide] = [t for t in texts(tmp_path / "out" / "council-meeting-skaun.pptx") if "Besøk" in t]
    assert "Skaun kommune: 57 besøk" in slide


def test_a_bad_cell_in_the_facts_column_is_named_by_its_cell(
    visits_project: Path, tmp_path: Path
) -> None:
    workbook = visits_project / "content" / "kommuner.xlsx"
    assert run("registry", "export", str(workbook), "--project", str(visits_project)).exit_code == 0
    book = load_workbook(workbook)
    sheet = book["Kommuner"]
    at = [c.value for c in sheet[1]].index("Besøk i brukerstøtten")
    skaun = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "5029")
    skaun[at].value = "mange"
    book.save(workbook)

    deck = visits_project / "decks" / "council-meeting.yaml"
    result = run("build", str(deck), "-m", "skaun", "--out", str(tmp_path / "out"))

    assert result.exit_code == 1
    assert f"content/kommuner.xlsx!Kommuner!{skaun[at].coordinate}" in result.output
    assert "Besøk i brukerstøtten" in result.output and "'mange' is not a number" in result.output
    assert not (tmp_path / "out" / "council-meeting-skaun.pptx").exists()


def test_the_sign_off_page_names_the_fact_a_municipality_left_empty(
    visits_project: Path,
) -> None:
    from hpdeck.pipeline.batch import Outcome
    from hpdeck.pipeline.build import Options
    from hpdeck.pipeline.signoff import sign_off_page

    deck = visits_project / "decks" / "council-meeting.yaml"
    page = sign_off_page(deck, Options(), Outcome("oppdal"))  # Oppdal's file has no desk_visits

    assert "ingenting i desk_visits: en plass på et lysbilde står tom" in page.missing


class ClashingFacts(Model):
    """A second contact person, which the contact section already shows."""

    contact: str | None = None
    """Who to ask."""


@pytest.mark.parametrize(
    ("shows", "said"),
    [
        (Shows(facts=ClashingFacts), "declares the municipality fact 'contact'"),
        (
            Shows(columns=Columns((Column("Telefon", ("desk_visits",)),))),
            "column 'telefon' belongs to section type 'contact'",
        ),
        (
            Shows(columns=Columns((Column("Besøk", ("visits_total",)),))),
            "a workbook column fills 'visits_total', not one of its facts",
        ),
    ],
)
def test_a_fact_or_column_another_type_has_is_refused_when_the_model_is_made(
    registered: None, shows: Shows, said: str
) -> None:
    from hpdeck.content.municipality import model_for

    REGISTRY.add(SectionType("rival", Visits, plan, shows=shows))  # type: ignore[arg-type]

    with pytest.raises(ValueError, match=re.escape(said)):
        model_for(REGISTRY.shows())


def test_the_municipality_and_workbook_modules_name_no_fact_a_section_type_declares() -> None:
    """What a section type shows of a municipality is its own: the modules that load
    municipality files and the registry workbook name none of those facts or columns (in code;
    docstrings may give examples)."""
    import ast

    import hpdeck.content

    kinds = REGISTRY.shows().values()
    facts = {name for shows in kinds if shows.facts for name in shows.facts.model_fields}
    words = facts | {
        word
        for shows in kinds
        for word in (
            *(column.heading for column in shows.columns.columns),
            *(listed.prefix for listed in shows.columns.lists),
        )
    }
    assert {"meeting_date", "costs", "quotes", "contact", "Møtedato", "Kostnad:"} <= words
    folder = Path(hpdeck.content.__file__).parent
    named = []
    modules = (
        "municipality",
        "municipality_files",
        "region",
        "rollout",
        "registry_sheet",
        "registry_export",
        "registry_columns",
    )
    for module in modules:
        tree = ast.parse((folder / f"{module}.py").read_text("utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            said = (
                node.value
                if isinstance(node, ast.Constant) and id(node) not in docstrings
                else node.attr
                if isinstance(node, ast.Attribute)
                else node.target.id  # a field of a model
                if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                else None
            )
            if isinstance(said, str) and said in words:
                named.append(f"{module}.py:{node.lineno}: {said}")
    assert named == []
