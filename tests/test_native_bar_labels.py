"""The gate reads native bar charts' labels against their room: a value running out of the
chart's frame, a name wider than the room beside or under its bar, labels on top of each other
are findings; the sample's cost and stage charts, in every language, are not. And a single line
whose first or latest value its chart left out is a finding too."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from lxml import etree
from pptx import Presentation

from hpdeck.check.native_labels import bar_trouble, line_ends_unsaid
from hpdeck.commands.cli import main
from hpdeck.content.theme import load_theme
from hpdeck.plan.charts import ChartSpec, Series
from hpdeck.plan.model import Box
from hpdeck.render.charts.style import ChartStyle
from hpdeck.render.native_charts import add_native_chart
from tests.conftest import REPO

COSTS_BESIDE_OWN = Box(0.6, 1.75, 7.9, 4.4)  # the cost overview beside a municipality's costs


def _check(project: Path, sections: tuple[str, ...], *args: str) -> tuple[int, list[str]]:
    """``check --strict`` of a deck of ``sections`` in the corporate theme (native charts)."""
    deck = project / "decks" / "one.yaml"
    listed = "".join(f"  - {s}\n" for s in sections)
    deck.write_text(f"title: Prøve\ntheme: corporate\nlanguage: nb\nsections:\n{listed}", "utf-8")
    result = CliRunner().invoke(main, ["check", str(deck), "--strict", *args])
    return result.exit_code, result.output.splitlines()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), "utf-8")


@pytest.mark.parametrize("lang", ("nb", "nn", "en"))
def test_the_sample_cost_and_stage_charts_pass(corporate: Path, lang: str) -> None:
    code, lines = _check(corporate, ("status", "economy"), "--lang", lang)
    assert code == 0, lines
    assert not [x for x in lines if "[chart-labels]" in x], lines


def test_a_note_too_long_for_the_room_right_of_its_bar_is_a_finding_at_its_line(
    corporate: Path,
) -> None:
    """A two-line name moves its note under the value, right of the bar; a note wider than
    what the bars leave there runs out of the chart's frame (LibreOffice squeezes the chart's
    words to keep it in)."""
    economy = corporate / "content" / "2022-12" / "economy.yaml"
    _edit(
        economy,
        "name: {nb: Felles innføringsprosjekt, nn:",
        "name: {nb: Felles innføringsprosjekt i Midtre Gauldal kommune og alle andre kommuner, nn:",
    )
    _edit(
        economy,
        "period: {nb: fram til 2023,",
        "period: {nb: fram til utgangen av 2023 med forbehold om nye vedtak,",
    )

    code, lines = _check(corporate, ("economy",))

    assert code == 1, lines
    found = [x for x in lines if "[chart-labels]" in x]
    assert len(found) == 1, lines
    assert found[0].startswith("content/2022-12/economy.yaml:"), found
    assert (
        "'385 mill. kr / fram til utgangen av 2023 med forbehold om nye vedtak · fastpris'"
        in found[0]
    ), found
    assert "runs out of the chart" in found[0], found


def test_a_finding_on_the_second_bar_names_the_lines_of_that_part(corporate: Path) -> None:
    """Each bar's label points where its part was written: a note under the second bar's value
    running out of the chart is found at that part's period, not at the first part."""
    economy = corporate / "content" / "2022-12" / "economy.yaml"
    _edit(
        economy,
        "name: {nb: Kommunale innføringsprosjekt, nn:",
        "name: {nb: Kommunale innføringsprosjekt i Midtre Gauldal kommune og alle andre"
        " kommuner i regionen, nn:",
    )
    period = "fram til februar 2025 med forbehold om nye vedtak i kommunestyrene"
    _edit(economy, "period: {nb: fram til februar 2025,", f"period: {{nb: {period},")
    written = economy.read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(written, start=1) if period in text)
    assert "local-rollout" in written[line - 5], written[line - 5]  # the second part

    code, lines = _check(corporate, ("economy",))

    assert code == 1, lines
    found = [x for x in lines if "[chart-labels]" in x]
    assert len(found) == 1, lines
    assert found[0].startswith(f"content/2022-12/economy.yaml:{line}:"), found
    assert f"'94 mill. kr / {period} · 7 % usikkerhet'" in found[0], found


def test_a_note_under_its_value_fits_beside_a_short_bar(corporate: Path) -> None:
    """The sample's longest note under a small amount's value, its name on two lines: the bars
    are scaled so that it ends inside the chart."""
    economy = corporate / "content" / "2022-12" / "economy.yaml"
    _edit(
        economy,
        "name: {nb: Kommunale innføringsprosjekt, nn:",
        "name: {nb: Innføringsprosjekter i kommunene og hos fastlegene i Midtre Gauldal kommune,"
        " nn:",
    )
    code, lines = _check(corporate, ("economy",))
    assert code == 0, lines  # before: '94 mill. kr · fram til februar 2025 · 7 % usikkerhet'


def _trouble(spec: ChartSpec, box: Box = COSTS_BESIDE_OWN) -> list[tuple[str, str]]:
    """(kind, text) of each label trouble the gate finds in ``spec`` written as a native chart."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    style = ChartStyle.from_theme(load_theme(REPO, "corporate"))
    frame = add_native_chart(slide, spec, box, style, name="Chart", lang="nb-NO")
    space = frame.chart._chartSpace
    return [(t.kind, t.text) for t in bar_trouble(space, box.width, box.height, "Calibri")]


def _columns(names: tuple[str, ...], labels: tuple[str, ...]) -> ChartSpec:
    values = tuple(float(len(label)) for label in labels)
    return ChartSpec("columns", names, (Series("n", values, labels),), ("0B3C5D",) * 5, "alt")


STAGES = ("I bruk", "Vedtatt", "Forbereder", "Planlegger\nvedtak", "Ikke tidfestet")


def test_amounts_wider_than_their_columns_run_into_their_neighbours() -> None:
    wide = ("12 345 678 kr", "2 345 678 kr", "9 999 999 kr", "5 kr", "6 kr")
    assert _trouble(_columns(STAGES, wide)) == [
        ("crowded", "12 345 678 kr · 2 345 678 kr"),
        ("crowded", "2 345 678 kr · 9 999 999 kr"),
    ]
    assert _trouble(_columns(STAGES, ("7", "12", "26", "16", "5"))) == []


def test_a_word_wider_than_its_column_is_broken_inside_it() -> None:
    names = ("Kommunehelsetjenesteinnføringsprosjektet", "Midtre Gauldal kommune", *STAGES[2:])
    assert _trouble(_columns(names, ("7", "12", "26", "16", "5"))) == [
        ("word", "Kommunehelsetjenesteinnføringsprosjektet")
    ]


def _bars(names: tuple[str, ...], notes: tuple[str, ...]) -> ChartSpec:
    amounts = tuple(1e6 * (i + 1) for i in range(len(names)))
    labels = tuple(f"{i + 1} mill. kr" for i in range(len(names)))
    colors = ("0B3C5D",) * len(names)
    series = (Series("kr", amounts, labels),)
    return ChartSpec("hbar", names, series, colors, "alt", category_notes=notes)


def test_a_bar_whose_name_has_no_room_is_the_one_at_fault() -> None:
    """The finding names the bar's own lines: the trouble says which bar, and whether the line
    too wide may be its note (under a one-line name) or is its name."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    style = ChartStyle.from_theme(load_theme(REPO, "corporate"))
    word = "Kommunehelsetjenesteinnføringsprosjektsamarbeidsavtalene"
    spec = _bars(("Felles", f"Kommunale {word}", "Drift"), ("fram til 2023",) * 3)
    box = COSTS_BESIDE_OWN
    frame = add_native_chart(slide, spec, box, style, name="C", lang="nb-NO")
    found = bar_trouble(frame.chart._chartSpace, box.width, box.height, "Calibri")
    assert [(t.kind, t.text, t.index, t.note) for t in found] == [("name", word, 1, False)]


def test_bars_too_close_for_their_two_line_names_are_one_finding() -> None:
    """Nine names of two lines in the height of the cost chart: the viewer leaves out every
    second name or sets them on each other."""
    names = tuple(f"Midtre Gauldal kommune {i}" for i in range(9))
    found = _trouble(_bars(names, ("fram til 2025",) * 9))
    assert [kind for kind, _ in found] == ["crowded"], found
    assert _trouble(_bars(names[:3], ("fram til 2025",) * 3)) == []


def test_the_writers_single_line_says_its_ends_and_one_without_its_first_is_a_finding() -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    style = ChartStyle.from_theme(load_theme(REPO, "corporate"))
    values = (1_200.0, 15_000.0, 45_000.0, 58_000.0, 60_000.0)
    days = (738_400.0, 738_430.0, 738_461.0, 738_491.0, 738_522.0)
    spec = ChartSpec(
        "line",
        ("a", "b", "c", "d", "e"),
        (Series("Nedlastinger", values, tuple(f"{v:,.0f}" for v in values)),),
        ("0B3C5D",),
        "alt",
        x=days,
    )
    box = Box(5.2, 1.75, 7.5, 4.95)
    space = add_native_chart(slide, spec, box, style, name="D", lang="nb-NO").chart._chartSpace
    assert line_ends_unsaid(space) == []
    first = space.xpath(".//c:lineChart/c:ser[1]/c:dLbls/c:dLbl[c:idx/@val='0']")[0]
    first.getparent().remove(first)
    assert line_ends_unsaid(etree.fromstring(etree.tostring(space))) == [("first", 1_200.0)]


def test_a_line_without_its_ends_is_told_a_setting_that_clears_it(corporate: Path) -> None:
    """The finding's advice is one that works: text beside the chart does not put the value
    in the chart; the section's ``chart_style: image`` does (a picture with a scale), and every
    catalog says so. A section that says it gets its trend as a picture: no native line is
    left to lack a value, and the check passes."""
    for lang in ("nb", "nn", "en"):
        path = REPO / "src" / "hpdeck" / "locales" / "messages" / f"{lang}.yaml"
        catalog = yaml.safe_load(path.read_text("utf-8"))
        for end in ("first", "latest"):
            assert "chart_style: image" in catalog[f"lint.native_line_{end}"], (lang, end)
    history = corporate / "content" / "history.yaml"
    _edit(
        history,
        "- as_of: 2022-11-12\n",
        "- as_of: 2022-10-12\n  helsami: 34000\n- as_of: 2022-11-12\n  helsami: 47000\n",
    )
    assert _trend_is_native(corporate)
    helsami = corporate / "content" / "2022-12" / "helsami.yaml"
    _edit(helsami, "type: helsami\n", "type: helsami\nchart_style: image\n")
    assert not _trend_is_native(corporate)


def _trend_is_native(project: Path) -> bool:
    """Whether the HelsaMi slide's trend is a native chart, after a passing check and build."""
    code, lines = _check(project, ("helsami",))
    assert code == 0, lines
    out = project / "out"
    result = CliRunner().invoke(
        main, ["build", str(project / "decks" / "one.yaml"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    deck = Presentation(str(next(out.glob("one*.pptx"))))
    trend = [s for sl in deck.slides for s in sl.shapes if s.name == "Downloads over time"]
    assert len(trend) == 1, [s.name for sl in deck.slides for s in sl.shapes]
    return bool(trend[0].has_chart)
