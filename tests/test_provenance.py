"""Every finding names the file and line the text it is about was written at: the origin travels
with the value from validation to the shape, never found again by searching for its text."""

from __future__ import annotations

import io
from pathlib import Path

from pptx import Presentation
from pptx.util import Inches

from hpdeck.check.lint import lint_pptx
from hpdeck.content.loader import Origin, parse_yaml
from hpdeck.content.localized import Localizer
from hpdeck.content.model import Model
from hpdeck.content.municipality import Overlay, merge
from hpdeck.content.provenance import origin
from hpdeck.content.theme import load_theme
from hpdeck.content.validation import validate
from hpdeck.sections.metrics import Metrics
from tests.conftest import build_monthly

# Long enough that a tile with a prefix and a 'since' line overflows at the smallest size,
# short enough that the same words on a plain tile still fit (six tiles on the slide).
LONG = (
    "pasienter som har fått time til kontroll hos fastlegen etter utskriving fra sykehuset i "
    "løpet av den siste måneden med ny journal og der prøvesvar kom"
)


def _metrics(label: str) -> str:
    """Six tiles; the 2nd and the 5th have the same words, the 5th a prefix and a date too."""
    return f"""type: metrics
as_of: 2022-12-12
metrics:
  - {{id: a, value: 1, label: barn}}
  - id: first
    value: 16000
    label: {label}
  - {{id: b, value: 2, label: vaksiner}}
  - {{id: c, value: 3, label: besøk}}
  - id: second
    value: 16000
    prefix: Nesten
    label: {label}
    since: 2022-11-12
  - {{id: d, value: 4, label: timer}}
"""


def _sources(deck: Path, number: int) -> list[tuple[str, str]]:
    """(shape name, recorded origin) of every shape on slide ``number`` that records one."""
    slide = Presentation(str(deck)).slides[number - 1]
    return [
        (shape.name, meta.get("source"))
        for shape in slide.shapes
        for meta in shape._element.iter("{urn:hpdeck:source}meta")
        if meta.get("source")
    ]


def test_two_metrics_with_one_label_overflow_at_the_line_of_the_one_that_overflows(
    project: Path, tmp_path: Path
) -> None:
    """A text search finds the first metric's label (line 7) for both tiles; the tile that
    overflows is the second one's, written at line 13."""
    (project / "content" / "2022-12" / "metrics.yaml").write_text(_metrics(LONG), "utf-8")

    result = build_monthly(project, tmp_path / "out")

    assert result.exit_code == 1, result.output
    assert (
        "content/2022-12/metrics.yaml:13: slide 10 'Helseplattformen i tall per 12. desember "
        "2022': text does not fit its box even at 16 pt"
    ) in result.output
    assert "metrics.yaml:7" not in result.output
    assert not (tmp_path / "out" / "monthly-briefing.pptx").exists()


def test_a_nynorsk_deck_names_the_line_of_the_nynorsk_text(project: Path, tmp_path: Path) -> None:
    """nb and nn written alike (as many names are): a text search finds the nb line first; a
    nynorsk deck shows the nn text, so its problems and recorded origins name the nn line."""
    metrics = _metrics(LONG).replace(
        f"    prefix: Nesten\n    label: {LONG}\n",
        f"    prefix: Nesten\n    label:\n      nb: {LONG}\n      nn: {LONG}\n",
    )
    (project / "content" / "2022-12" / "metrics.yaml").write_text(metrics, "utf-8")

    result = build_monthly(project, tmp_path / "out", "--lang", "nn")

    assert result.exit_code == 1, result.output
    assert "content/2022-12/metrics.yaml:15: slide 10 " in result.output  # the nn: line
    assert "text does not fit its box even at 16 pt" in result.output
    assert "metrics.yaml:14" not in result.output  # the nb: line

    (project / "content" / "2022-12" / "metrics.yaml").unlink()  # the sample's metrics
    (project / "decks" / "monthly-briefing.yaml").write_text(
        (project / "decks" / "monthly-briefing.yaml")
        .read_text("utf-8")
        .replace("  - metrics\n", ""),
        "utf-8",
    )
    result = build_monthly(project, tmp_path / "out", "--lang", "nn")
    assert result.exit_code == 0, result.output
    deck = tmp_path / "out" / "monthly-briefing-nn.pptx"
    event = next(
        number
        for number, slide in enumerate(Presentation(str(deck)).slides, start=1)
        if "Trondheim kommune tok i bruk" in slide.shapes.title.text_frame.text
    )
    # go-live.yaml: summary {nb: (line 6), nn: (line 7)} say the same words
    assert ("Title 1", "content/2022-12/go-live.yaml:7") in _sources(deck, event)


def test_a_lint_finding_on_the_second_of_two_alike_clippings_names_its_line(
    project: Path, tmp_path: Path
) -> None:
    """Two clippings from TV2.no (lines 8 and 14 of media.yaml): a text search named line 8
    for both; the linter's finding on the second names line 14."""
    result = build_monthly(project, tmp_path / "out")
    assert result.exit_code == 0, result.output
    prs = Presentation(str(tmp_path / "out" / "monthly-briefing.pptx"))
    number, slide = next(
        (number, slide)
        for number, slide in enumerate(prs.slides, start=1)
        if slide.shapes.title.text_frame.text.startswith("Helseplattformen i media")
    )
    second = [shape for shape in slide.shapes if shape.name == "Clipping TV2.no"][1]
    second.left = Inches(12)
    data = io.BytesIO()
    prs.save(data)

    found = lint_pptx(data.getvalue(), load_theme(project, "helseplattformen"))

    assert [str(f.problem()) for f in found if f.check == "off-slide"] == [
        f"content/2022-12/media.yaml:14: warning: slide {number} 'Helseplattformen i media': "
        "Clipping TV2.no: lies partly outside the slide (at 12.00, 4.52 in, 2.81 × 2.18 in on "
        "a 13.33 × 7.50 in slide) [off-slide]"
    ]


def test_a_footer_records_the_line_of_the_source_it_names(project: Path, tmp_path: Path) -> None:
    helsami = project / "content" / "2022-12" / "helsami.yaml"
    helsami.write_text(helsami.read_text("utf-8") + "source: Norsk helsenett\n", "utf-8")

    result = build_monthly(project, tmp_path / "out")

    assert result.exit_code == 0, result.output
    deck = tmp_path / "out" / "monthly-briefing.pptx"
    number = next(
        number
        for number, slide in enumerate(Presentation(str(deck)).slides, start=1)
        if any("Norsk helsenett" in s.text_frame.text for s in slide.shapes if s.has_text_frame)
    )
    assert ("Footer", "content/2022-12/helsami.yaml:9") in _sources(deck, number)


def test_origin_names_the_line_of_the_value_and_of_the_language_shown() -> None:
    doc = parse_yaml(
        "type: metrics\nas_of: 2022-12-12\nmetrics:\n"
        "  - value: 1\n    label: barn\n"
        "  - value: 2\n    label:\n      nb: barn er født\n      nn: barn er fødde\n",
        display="content/2022-12/metrics.yaml",
    )
    section = validate(Metrics, doc, context=Localizer("nn").context())
    first, second = section.metrics

    assert origin(first, "label") == Origin("content/2022-12/metrics.yaml", 5)
    assert origin(second, "label") == Origin("content/2022-12/metrics.yaml", 9)  # nn:
    assert origin(second) == Origin("content/2022-12/metrics.yaml", 6)
    assert origin(section, "title") is None  # not written: the caller's own origin stands
    part = section.model_copy(update={"metrics": section.metrics[1:]})  # a continuation slide
    assert origin(part.metrics[0], "value") == Origin("content/2022-12/metrics.yaml", 6)
    assert origin(Model()) is None  # built in code, not read from a file


def test_origin_of_a_value_laid_over_from_a_municipality_file() -> None:
    base = parse_yaml(
        "type: metrics\nas_of: 2022-12-12\nmetrics:\n  - {value: 1, label: a}\n",
        display="content/2022-12/metrics.yaml",
    )
    local = parse_yaml(
        "name: Fjellvik\nfigures:\n  - value: 5\n    label: lokale pasienter\n",
        display="content/municipalities/fjellvik.yaml",
    )
    merged = merge(
        base, [Overlay({"metrics": local.data["figures"]}, local, ((("metrics",), ("figures",)),))]
    )
    section = validate(Metrics, merged)

    assert origin(section.metrics[0], "label") == Origin("content/municipalities/fjellvik.yaml", 4)
    assert origin(section, "as_of") == Origin("content/2022-12/metrics.yaml", 2)


def test_equal_values_written_in_two_places_stay_equal() -> None:
    """Where a value was written is not part of it: history and checks compare values."""
    doc = parse_yaml(
        "type: metrics\nas_of: 2022-12-12\nmetrics:\n  - {value: 1, label: a}\n"
        "  - {value: 1, label: a}\n",
        display="x.yaml",
    )
    section = validate(Metrics, doc)
    assert section.metrics[0] == section.metrics[1]
    assert origin(section.metrics[0]) != origin(section.metrics[1])
