"""Council decks per municipality: what a councillor sees, and where a wrong overlay is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from hpdeck.commands.cli import main
from hpdeck.content.loader import Origin, parse_yaml
from hpdeck.content.municipality import Overlay, merge

FJELLVIK = """\
name: Fjellvik kommune
language: nb
stage: decided
planned_go_live: 2024-02-01
meeting_date: 2023-01-17
costs:
  - part: Felles innføringsprosjekt
    amount: 1_230_000
  - part: Kommunale innføringsprosjekt
    amount: 450_000
contact:
  name: Kari Prøvesen
  role: prosjektleder
"""

NORDVÅG = """\
name: Nordvåg kommune
short_name: Nordvåg
language: nn
stage: in-use
went_live: 2022-11-12
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def council(project: Path) -> Path:
    """The sample project with its municipality files replaced by fictional ones."""
    folder = project / "content" / "municipalities"
    for path in folder.glob("*.yaml"):
        path.unlink()
    (folder / "fjellvik.yaml").write_text(FJELLVIK, "utf-8")
    (folder / "nordvag.yaml").write_text(NORDVÅG, "utf-8")
    for name in ("status", "go-live"):  # Nordvåg in use: in the list and its go-live event
        path = project / "content" / "2022-12" / f"{name}.yaml"
        path.write_text(path.read_text("utf-8").replace("Åfjord", "Nordvåg"), "utf-8")
    return project


def build(project: Path, out: Path, *args: str):
    return run("build", str(project / "decks" / "council-meeting.yaml"), "--out", str(out), *args)


def slides(path: Path) -> list[tuple[str, str, str]]:
    """(title, all text on the slide, speaker notes) per slide."""
    result = []
    for slide in Presentation(str(path)).slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title else ""
        text = "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        result.append(
            tuple(part.replace("\xa0", " ").replace("\u202f", " ") for part in (title, text, notes))
        )
    return result


def test_deck_carries_the_municipality_name_stage_costs_and_contact(
    council: Path, tmp_path: Path
) -> None:
    result = build(council, tmp_path / "out", "-m", "fjellvik")

    assert result.exit_code == 0, result.output
    deck = slides(tmp_path / "out" / "council-meeting-fjellvik.pptx")
    titles = [title for title, _, _ in deck]
    assert titles[0] == "Helseplattformen i Fjellvik kommune"
    assert "17. januar 2023" in deck[0][1]
    assert "Kari Prøvesen, prosjektleder" in deck[0][1]
    assert "Fjellvik har vedtatt å innføre Helseplattformen" in titles
    status = deck[titles.index("Fjellvik har vedtatt å innføre Helseplattformen")]
    assert "Planlagt oppstart 1. februar 2024" in status[1]
    assert "Fjellvik er blant de 12 kommunene som har vedtatt" in status[2]
    economy = next(text for title, text, _ in deck if title.startswith("Total kostnadsoversikt"))
    assert "Fjellvik kommune" in economy
    assert "1,23 mill. kr" in economy
    assert "Til sammen 1,68 mill. kr" in economy
    assert "Skaun" not in economy  # the shared example's own costs are replaced
    assert titles[-1] == "Spørsmål?"
    assert "Kontaktperson i Fjellvik kommune" in deck[-1][1]


def test_nynorsk_municipality_gets_a_nynorsk_deck_and_lang_overrides(
    council: Path, tmp_path: Path
) -> None:
    assert build(council, tmp_path / "nn", "-m", "nordvag").exit_code == 0
    assert build(council, tmp_path / "en", "-m", "nordvag", "--lang", "en").exit_code == 0

    nynorsk = slides(tmp_path / "nn" / "council-meeting-nordvag.pptx")
    english = slides(tmp_path / "en" / "council-meeting-nordvag-en.pptx")
    assert nynorsk[1][0] == "Nordvåg har teke Helseplattformen i bruk"
    assert "Nordvåg er blant dei 7 kommunane som har teke" in nynorsk[1][2]
    assert "I bruk sidan 12. november 2022" in nynorsk[1][1]
    # Notes are the presenter's, printed in the handout: no word to the file's author there
    # (the sign-off sheet lists the missing contact).
    assert "kommunefil" not in " ".join(notes for _, _, notes in nynorsk)
    assert nynorsk[0][2].endswith("og kva innføringa kostar.")  # not what the council pays
    assert english[0][0] == "Helseplattformen in Nordvåg kommune"
    assert "In use since 12 November 2022" in english[1][1]


def test_all_municipalities_builds_one_deck_per_file(council: Path, tmp_path: Path) -> None:
    result = build(council, tmp_path / "out", "--all-municipalities", "--jobs", "1")

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pptx")) == [
        "council-meeting-fjellvik.pptx",
        "council-meeting-nordvag.pptx",
    ]
    assert "built 2 decks" in result.output


def test_broken_municipality_is_named_with_file_and_line_while_the_others_build(
    council: Path, tmp_path: Path
) -> None:
    (council / "content" / "municipalities" / "brokstad.yaml").write_text(
        "name: Brokstad kommune\ncosts:\n  - part: Drift og vedlikehold\n    amount: mange\n",
        "utf-8",
    )

    result = build(council, tmp_path / "out", "--all-municipalities", "--jobs", "1")

    assert result.exit_code == 1
    assert (
        "content/municipalities/brokstad.yaml:4:13: costs[0].amount: expected a number, got 'mange'"
    ) in result.output
    assert (tmp_path / "out" / "council-meeting-fjellvik.pptx").is_file()
    assert (tmp_path / "out" / "council-meeting-nordvag.pptx").is_file()
    assert not (tmp_path / "out" / "council-meeting-brokstad.pptx").exists()
    assert "built 2 of 3 decks" in result.output
    assert "failed: brokstad" in result.output


@pytest.mark.parametrize(
    ("overlay", "expected"),
    [
        (
            "overrides:\n  metrics:\n    metrics:\n      - value: tusen\n        label: x\n",
            "content/municipalities/fjellvik.yaml:17:16: overrides.metrics.metrics[0].value: "
            "expected a number, got 'tusen'",
        ),
        (
            "overrides:\n  helsami:\n    downloadz: 5\n",
            "content/municipalities/fjellvik.yaml:16:5: overrides.helsami.downloadz: "
            "unknown key 'downloadz'; did you mean 'downloads'?",
        ),
        (
            "overrides:\n  statsu:\n    title: x\n",
            "content/municipalities/fjellvik.yaml:15:3: overrides.statsu: the deck has no section "
            "'statsu'; did you mean 'status'?",
        ),
    ],
    ids=["wrong-type", "unknown-key", "unknown-section"],
)
def test_overlay_errors_point_at_the_overlay_file_and_line(
    council: Path, tmp_path: Path, overlay: str, expected: str
) -> None:
    path = council / "content" / "municipalities" / "fjellvik.yaml"
    path.write_text(FJELLVIK + overlay, "utf-8")

    result = build(council, tmp_path / "out", "-m", "fjellvik")

    assert result.exit_code == 1
    assert expected in result.output


def test_cost_for_a_part_the_overview_lacks_is_reported_in_the_municipality_file(
    council: Path, tmp_path: Path
) -> None:
    path = council / "content" / "municipalities" / "fjellvik.yaml"
    path.write_text(
        FJELLVIK.replace("- part: Felles innføringsprosjekt", "- part: Felles innforingsprosjekt"),
        "utf-8",
    )

    result = build(council, tmp_path / "out", "-m", "fjellvik")

    assert result.exit_code == 1
    assert (
        "content/municipalities/fjellvik.yaml:7:11: costs[0].part: no part "
        "'Felles innforingsprosjekt' in the cost overview; did you mean "
        "'Felles innføringsprosjekt'?"
    ) in result.output


def test_a_part_given_twice_by_name_and_by_id_names_the_first_entry(
    council: Path, tmp_path: Path
) -> None:
    """One part twice showed one amount on the card but added both to its sum."""
    path = council / "content" / "municipalities" / "fjellvik.yaml"
    path.write_text(
        FJELLVIK.replace("- part: Kommunale innføringsprosjekt", "- part: shared-rollout"),
        "utf-8",
    )

    result = run("check", str(council / "decks" / "council-meeting.yaml"), "-m", "fjellvik")
    built = build(council, tmp_path / "out", "-m", "fjellvik")

    assert result.exit_code == 1
    assert (
        "content/municipalities/fjellvik.yaml:9:11: costs[1].part: 'shared-rollout' is the same "
        "part of the cost overview as costs[0] ('Felles innføringsprosjekt', "
        "content/municipalities/fjellvik.yaml:7); give each part once, with the municipality's "
        "whole amount for it, and delete this entry"
    ) in result.output
    assert built.exit_code == 1
    assert not (tmp_path / "out" / "council-meeting-fjellvik.pptx").exists()


def test_an_own_cost_over_its_parts_total_says_the_most_it_can_be(
    council: Path, tmp_path: Path
) -> None:
    """890 million of a 385 million part read '(231 %)' in the notes: a zero too many."""
    path = council / "content" / "municipalities" / "fjellvik.yaml"
    path.write_text(FJELLVIK.replace("amount: 1_230_000", "amount: 890_000_000"), "utf-8")

    result = run("check", str(council / "decks" / "council-meeting.yaml"), "-m", "fjellvik")

    assert result.exit_code == 1
    assert (
        "content/municipalities/fjellvik.yaml:8:13: costs[0].amount: 890,000,000 is more than "
        "the whole of 'Felles innføringsprosjekt', 385,000,000 (content/2022-12/economy.yaml:"
    ) in result.output
    assert "write the municipality's own share of it, at most 385,000,000" in result.output
    # The whole of a part is a possible own cost (a municipality alone in that part).
    path.write_text(FJELLVIK.replace("amount: 1_230_000", "amount: 385_000_000"), "utf-8")
    again = run("check", str(council / "decks" / "council-meeting.yaml"), "-m", "fjellvik")
    assert again.exit_code == 0, again.output


def test_unknown_slug_is_a_usage_error_naming_the_nearest(council: Path, tmp_path: Path) -> None:
    result = build(council, tmp_path / "out", "-m", "fjelvik")

    assert result.exit_code == 2
    assert (
        "no municipality 'fjelvik' (looked for content/municipalities/fjelvik.yaml); "
        "did you mean 'fjellvik'?" in result.output
    )


def test_overrides_change_any_field_and_null_removes(council: Path, tmp_path: Path) -> None:
    path = council / "content" / "municipalities" / "fjellvik.yaml"
    path.write_text(
        FJELLVIK + "overrides:\n  title:\n    title: Helseplattformen – "
        "status for Fjellvik\n  helsami:\n    prefix: null\n",
        "utf-8",
    )

    assert build(council, tmp_path / "out", "-m", "fjellvik").exit_code == 0

    deck = slides(tmp_path / "out" / "council-meeting-fjellvik.pptx")
    assert deck[0][0] == "Helseplattformen – status for Fjellvik"
    helsami = next(title for title, _, _ in deck if "HelsaMi" in title)
    assert helsami == "60 000 innbyggere har lastet ned HelsaMi"


def _doc(text: str, name: str):
    return parse_yaml(text, display=name)


def test_merge_semantics_mappings_merge_lists_replace_null_removes() -> None:
    base = _doc("a:\n  b: 1\n  c: 2\nitems: [1, 2, 3]\ngone: x\n", "base.yaml")
    over = _doc("a:\n  c: 3\n  d: 4\nitems: [9]\ngone: null\n", "over.yaml")

    merged = merge(base, [Overlay(over.data, over, (((), ()),))])

    assert merged.data == {"a": {"b": 1, "c": 3, "d": 4}, "items": [9]}
    assert merged.positions[("a", "b")] == (2, 6)  # still the base file's line
    assert merged.positions[("a", "c")] == (2, 6)  # now the overlay's line
    assert merged.origin(("a", "c")) == Origin("over.yaml", 2)
    assert merged.origin(("a", "b")) == Origin("base.yaml", 2)
    problem = merged.problem(("items", 0), "wrong")
    assert (problem.file, problem.line, problem.where) == ("over.yaml", 4, "items[0]")
    assert ("items", 1) not in merged.positions


def test_text_too_long_for_its_slide_is_reported_in_the_municipality_file(
    council: Path, tmp_path: Path
) -> None:
    """A quote laid over the shared contact file overflows at plan time: the error names the
    municipality file and the quote's line there, never the shared file."""
    words = " ".join(f"ord{i}" for i in range(400))
    lines = "\n".join(f"      {words[i : i + 80]}" for i in range(0, len(words), 80))
    path = council / "content" / "municipalities" / "fjellvik.yaml"
    path.write_text(FJELLVIK + f"quotes:\n  - text: >-\n{lines}\n    speaker: Ola\n", "utf-8")

    result = build(council, tmp_path / "out", "-m", "fjellvik")

    assert result.exit_code == 1, result.output
    assert "content/municipalities/fjellvik.yaml:15: " in result.output  # the quote
    assert "does not fit its box" in result.output
    assert "contact.yaml" not in result.output
    assert not (tmp_path / "out" / "council-meeting-fjellvik.pptx").exists()


def test_a_shape_showing_a_municipality_quote_records_the_municipality_file(
    council: Path, tmp_path: Path
) -> None:
    """The origin recorded in the deck (read by the linter) names the file the words are in."""
    path = council / "content" / "municipalities" / "fjellvik.yaml"
    quote = "Vi er godt forberedt og gleder oss til å ta systemet i bruk."
    path.write_text(FJELLVIK + f"quotes:\n  - text: {quote}\n    speaker: Ola\n", "utf-8")

    result = build(council, tmp_path / "out", "-m", "fjellvik")

    assert result.exit_code == 0, result.output
    deck = Presentation(str(tmp_path / "out" / "council-meeting-fjellvik.pptx"))
    sources = [
        meta.get("source")
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame and "godt forberedt" in shape.text_frame.text
        for meta in shape._element.iter("{urn:hpdeck:source}meta")
    ]
    assert sources == ["content/municipalities/fjellvik.yaml:15"]


def test_the_municipality_facts_on_shared_slides_record_the_municipality_file(
    council: Path, tmp_path: Path
) -> None:
    """Own costs beside the shared overview, the contact card and the council title record the
    municipality file's lines (a text search named the shared economy file for the costs)."""
    result = build(council, tmp_path / "out", "-m", "fjellvik")

    assert result.exit_code == 0, result.output
    deck = Presentation(str(tmp_path / "out" / "council-meeting-fjellvik.pptx"))
    recorded = {
        shape.name: meta.get("source")
        for slide in deck.slides
        for shape in slide.shapes
        for meta in shape._element.iter("{urn:hpdeck:source}meta")
        if shape.name in ("Own costs", "Contact") or slide.slide_id == deck.slides[0].slide_id
    }
    assert recorded["Own costs"] == "content/municipalities/fjellvik.yaml:7"  # costs[0]
    assert recorded["Contact"] == "content/municipalities/fjellvik.yaml:12"  # contact
    assert recorded["Title 1"] == "content/municipalities/fjellvik.yaml:1"  # its name
    # the presenter line, by its role (the part worded per language, the one that runs long)
    assert recorded["Subtitle 2"] == "content/municipalities/fjellvik.yaml:13"
