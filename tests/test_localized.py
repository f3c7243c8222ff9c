"""Per-language content: each deck shows its language's text, says where it fell back, and tags
every run with the language its words are in."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from pptx import Presentation

from hpdeck.commands.cli import main

NORDVIK = """\
name: Nordvik kommune
short_name: Nordvik
language: nn
stage: decided
planned_go_live: 2024-02-01
meeting_date: 2023-01-17
costs:
  - part: shared-rollout
    amount: 1_230_000
  - part: Kommunale innføringsprosjekt
    amount: 450_000
quotes:
  - text: Vi gler oss til å ta i bruk eit system som heile regionen deler.
    speaker: Ola Nordmann
    role: {nb: kommunalsjef for helse, nn: kommunalsjef for helse, en: head of health services}
contact:
  name: Kari Nordmann
  role: {nb: prosjektleder, nn: prosjektleiar, en: project manager}
  email: kari.nordmann@nordvik.kommune.no
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def build(project: Path, out: Path, deck: str = "monthly-briefing", *args: str):
    return run("build", str(project / "decks" / f"{deck}.yaml"), "--out", str(out), *args)


def runs(path: Path) -> list[tuple[int, str, str, str]]:
    """(slide number, shape name, run text, run lang) of every text run in a deck."""
    found = []
    for number, slide in enumerate(Presentation(str(path)).slides, start=1):
        for shape in slide.shapes:
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    for run_ in paragraph.runs:
                        found.append(
                            (number, shape.name, run_.text, run_.font._rPr.get("lang", ""))
                        )
    return found


def titles(path: Path) -> list[str]:
    return [
        slide.shapes.title.text_frame.text.replace("\xa0", " ")
        for slide in Presentation(str(path)).slides
    ]


def test_each_language_gets_its_own_text_and_no_fallback(project: Path, tmp_path: Path) -> None:
    shown = {}
    for lang in ("nb", "nn", "en"):
        result = build(project, tmp_path / "out", "monthly-briefing", "--lang", lang)
        assert result.exit_code == 0, result.output
        assert "[fallback]" not in result.output and "[language]" not in result.output
        name = "monthly-briefing" + ("" if lang == "nb" else f"-{lang}")
        shown[lang] = titles(tmp_path / "out" / f"{name}.pptx")
    assert "Vi trenger en ny samhandlingsplattform" in shown["nb"]
    assert "Vi treng ein ny samhandlingsplattform" in shown["nn"]
    assert "We need a new platform for working together" in shown["en"]
    assert "Kva definerer vi som ein gevinst?" in shown["nn"]


def test_runs_are_tagged_with_the_language_of_their_words(project: Path, tmp_path: Path) -> None:
    assert build(project, tmp_path / "out", "monthly-briefing", "--lang", "nn").exit_code == 0
    found = runs(tmp_path / "out" / "monthly-briefing-nn.pptx")
    by_text = {text: lang for _, _, text, lang in found}
    assert by_text["Vi treng ein ny samhandlingsplattform"] == "nn-NO"
    # Quotes are shown as said (bokmål here) and tagged so, never translated.
    quotes = [
        (text, lang) for _, name, text, lang in found if name == "Quote" and text.startswith("«")
    ]
    assert quotes and all(lang == "nb-NO" for _, lang in quotes)
    assert any("vanvittig bra" in text for text, _ in quotes)
    # Everything else on the slides is nynorsk.
    assert {lang for _, name, _, lang in found if name != "Quote"} == {"nn-NO"}


def test_a_missing_nynorsk_text_falls_back_with_one_warning_at_its_line(
    project: Path, tmp_path: Path
) -> None:
    vision = project / "content" / "2022-12" / "vision.yaml"
    text = vision.read_text("utf-8")
    vision.write_text(text.replace(" nn: Éin journal – éin plattform i Midt-Noreg,", ""), "utf-8")

    result = build(project, tmp_path / "out", "monthly-briefing", "--lang", "nn")

    assert result.exit_code == 0, result.output
    fallbacks = [line for line in result.output.splitlines() if "[fallback]" in line]
    assert fallbacks == [
        "content/2022-12/vision.yaml:2: warning: headline: no nynorsk text "
        "(nn:); the deck shows the bokmål text instead [fallback]"
    ]
    found = runs(tmp_path / "out" / "monthly-briefing-nn.pptx")
    assert ("Én journal – én plattform i Midt-Norge", "nb-NO") in {
        (text.replace("\xa0", " "), lang) for _, _, text, lang in found
    }
    # The bokmål deck has its text and nothing to warn about.
    result = build(project, tmp_path / "out", "monthly-briefing")
    assert "[fallback]" not in result.output

    strict = build(project, tmp_path / "strict", "monthly-briefing", "--lang", "nn", "--strict")
    assert strict.exit_code == 1
    assert "content/2022-12/vision.yaml:2: headline: no nynorsk text" in strict.output
    assert not (tmp_path / "strict").exists() or not any((tmp_path / "strict").iterdir())


def test_english_falls_back_to_bokmal_and_check_lists_it(project: Path) -> None:
    helsami = project / "content" / "2022-12" / "helsami.yaml"
    text = helsami.read_text("utf-8")
    helsami.write_text(
        text.replace("  en: More and more people use the new citizen portal.\n", ""), "utf-8"
    )
    result = run(
        "check",
        str(project / "decks" / "monthly-briefing.yaml"),
        "--lang",
        "en",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)["decks"][0]["findings"]
    fallback = [f for f in findings if f["check"] == "fallback"]
    assert [(f["source"], f["message"]) for f in fallback] == [
        (
            "content/2022-12/helsami.yaml:6",
            "message: no English text (en:); the deck shows the bokmål text instead",
        )
    ]
    # Shown in bokmål, the text is still bokmål to a screen reader: no language finding on it.
    assert not [f for f in findings if f["check"] == "language"]


def test_a_nynorsk_council_deck_is_nynorsk_throughout(project: Path, tmp_path: Path) -> None:
    (project / "content" / "municipalities" / "bindal.yaml").unlink()  # the region stays at 66
    (project / "content" / "municipalities" / "nordvik.yaml").write_text(NORDVIK, "utf-8")

    result = build(project, tmp_path / "out", "council-meeting", "-m", "nordvik")

    assert result.exit_code == 0, result.output
    assert "[fallback]" not in result.output and "[language]" not in result.output
    deck = tmp_path / "out" / "council-meeting-nordvik.pptx"
    found = runs(deck)
    texts = {text.replace("\xa0", " ") for _, _, text, _ in found}
    assert "prosjektleiar" in texts and "prosjektleder" not in texts
    # The municipality's own quote is in its own written form, and tagged so.
    own = [lang for _, _, text, lang in found if "heile regionen" in text]
    assert own == ["nn-NO"]
    # Own costs name the parts by id (or by a name in any language), shown in nynorsk.
    assert "Felles innføringsprosjekt" in texts and "Kommunale innføringsprosjekt" in texts
    check = run(
        "check", str(project / "decks" / "council-meeting.yaml"), "-m", "nordvik", "--strict"
    )
    assert check.exit_code == 0, check.output


def test_an_unknown_cost_part_lists_ids_and_names(project: Path, tmp_path: Path) -> None:
    (project / "content" / "municipalities" / "bindal.yaml").unlink()  # the region stays at 66
    (project / "content" / "municipalities" / "nordvik.yaml").write_text(
        NORDVIK.replace("part: shared-rollout", "part: shared-rolout"), "utf-8"
    )
    result = build(project, tmp_path / "out", "council-meeting", "-m", "nordvik")
    assert result.exit_code == 1
    assert (
        "content/municipalities/nordvik.yaml:8:11: costs[0].part: no part 'shared-rolout' in "
        "the cost overview; did you mean 'shared-rollout'?"
    ) in result.output


def test_quotes_are_never_given_per_language(project: Path, tmp_path: Path) -> None:
    (project / "content" / "municipalities" / "bindal.yaml").unlink()  # the region stays at 66
    (project / "content" / "municipalities" / "nordvik.yaml").write_text(
        NORDVIK.replace(
            "  - text: Vi gler oss til å ta i bruk eit system som heile regionen deler.",
            "  - text: {nb: Vi gleder oss, nn: Vi gler oss}",
        ),
        "utf-8",
    )
    result = build(project, tmp_path / "out", "council-meeting", "-m", "nordvik")
    assert result.exit_code == 1
    assert (
        "content/municipalities/nordvik.yaml:13:11: quotes[0].text: quotes are never "
        "translated: write the words as they were said and give the language they were "
        "said in with 'language:'"
    ) in result.output


def test_a_wrong_language_key_is_located_with_a_suggestion(project: Path, tmp_path: Path) -> None:
    vision = project / "content" / "2022-12" / "vision.yaml"
    text = vision.read_text("utf-8")
    vision.write_text(text.replace("vision: {nb:", "vision: {nob:"), "utf-8")
    result = build(project, tmp_path / "out")
    assert result.exit_code == 1
    assert (
        "content/2022-12/vision.yaml:3:9: vision: per-language text takes the keys nb, nn "
        "and en, got 'nob'; did you mean 'nb'?"
    ) in result.output


def test_the_schema_offers_text_per_language() -> None:
    result = run("schema", "--kind", "section")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    vision = schema["$defs"]["Vision"]["properties"]["headline"]
    forms = vision["anyOf"]
    assert {"type": "string"} in forms
    per_language = next(f for f in forms if f.get("type") == "object")
    assert set(per_language["properties"]) == {"nb", "nn", "en"}
    assert per_language["additionalProperties"] is False
    # Quotes are words as said: plain text only, with the language they were said in.
    quote = schema["$defs"]["Quote"]["properties"]
    assert quote["text"]["type"] == "string"
    assert "language" in quote


def pdf_languages(pdf: Path) -> list[tuple[str, str]]:
    """(/Lang, text) of every structure element of the tagged PDF that names its language."""
    from pypdf import PdfReader

    from hpdeck.export.pdf_language import _elements, _page_texts

    reader = PdfReader(pdf)
    pages = {page.indirect_reference.idnum: page for page in reader.pages}
    found = []
    for element, page, mcids in _elements(reader.trailer["/Root"]["/StructTreeRoot"]):
        if "/Lang" in element:
            texts = _page_texts(pages[page.idnum])
            found.append((str(element["/Lang"]), "".join(texts.get(m, "") for m in mcids)))
    return found


def test_the_tagged_pdf_marks_quotes_in_their_language(project: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from .conftest import soffice_or_skip

    soffice_or_skip()
    result = build(project, tmp_path / "out", "monthly-briefing", "--lang", "nn", "--pdf")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "monthly-briefing-nn.pdf"
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "nn-NO"
    marked = pdf_languages(pdf)
    # The three go-live quotes, said in bokmål, and nothing else.
    assert [lang for lang, _ in marked] == ["nb-NO"] * 3
    assert "vanvittig bra" in marked[0][1].replace("\n", " ")
    assert all(text.strip().startswith("«") for _, text in marked)


def test_the_sample_nynorsk_council_decks_pass_strict(project: Path) -> None:
    result = run(
        "check",
        str(project / "decks" / "council-meeting.yaml"),
        "-m",
        "orsta",
        "-m",
        "volda",
        "--strict",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    decks = json.loads(result.output)["decks"]
    assert [d["municipality"] for d in decks] == ["orsta", "volda"]
    assert all(d["findings"] == [] and d["errors"] == [] for d in decks)


def test_a_free_text_slide_takes_its_title_per_language(project: Path, tmp_path: Path) -> None:
    (project / "content" / "2022-12" / "next.yaml").write_text(
        "type: text\n"
        "title: {nb: Veien videre for kommunene, nn: Vegen vidare for kommunane}\n"
        "body: {nb: Neste bølge starter i 2024., nn: Neste bølgje startar i 2024.}\n",
        "utf-8",
    )
    definition = project / "decks" / "monthly-briefing.yaml"
    definition.write_text(
        definition.read_text("utf-8").replace("  - economy\n", "  - economy\n  - next\n"), "utf-8"
    )
    result = run("build", str(definition), "--lang", "nn", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    (deck,) = tmp_path.glob("*.pptx")
    last = Presentation(str(deck)).slides[-1]
    texts = [shape.text_frame.text for shape in last.shapes if shape.has_text_frame]
    assert "Vegen vidare for kommunane" in texts
    assert "Neste bølgje startar i 2024." in texts
