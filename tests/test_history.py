"""Trends from content/history.yaml: charts over time and signed changes, read off the slides."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from hpdeck.errors import ContentError
from hpdeck.pipeline.build import Options, build
from hpdeck.plan.typography import glue
from hpdeck.render.decorative import is_decorative

from .conftest import REPO

NBSP = "\u00a0"
MINUS = "\u2212"

HISTORY = """\
- as_of: 2031-01-15
  status: {in-use: 3, decided: 10, preparing: 20, deciding: 12, unscheduled: 5}
  metrics: {brukere i gang: 9000}
  helsami: 20000
- as_of: 2031-02-15
  status: {in-use: 5, decided: 12, preparing: 19, deciding: 10, unscheduled: 4}
  metrics: {brukere i gang: 11500}
  helsami: 31000
"""
CONTENT = {
    "status": """\
        type: status
        as_of: 2031-03-15
        total: 50
        stages:
          - {stage: in-use, count: 8}
          - {stage: decided, count: 16}
          - {stage: preparing, count: 15}
          - {stage: deciding, count: 8}
          - {stage: unscheduled, count: 3}
        """,
    "metrics": """\
        type: metrics
        as_of: 2031-03-15
        metrics:
          - {value: 12800, label: brukere i gang}
          - {value: 40, label: nye skjema}
        """,
    "helsami": """\
        type: helsami
        as_of: 2031-03-15
        downloads: 45500
        message: Fiktive tall.
        """,
}


def make_project(root: Path, history: str | None = HISTORY) -> Path:
    """A fictional project with three months of figures: two in history, one in content."""
    shutil.copytree(REPO / "themes", root / "themes")
    (root / "decks").mkdir(parents=True)
    (root / "decks" / "trend.yaml").write_text(
        "title: Trend\ntheme: helseplattformen\nsections: [status, metrics, helsami]\n"
    )
    month = root / "content" / "2031-03"
    month.mkdir(parents=True)
    for name, text in CONTENT.items():
        (month / f"{name}.yaml").write_text(textwrap.dedent(text), "utf-8")
    if history is not None:
        (root / "content" / "history.yaml").write_text(history, "utf-8")
    return root


def built(root: Path, out: Path, language: str | None = None):
    result = build(root / "decks" / "trend.yaml", out, Options(language=language))
    return Presentation(str(result.path))


def texts(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def titles(prs) -> list[str]:
    return [s.shapes.title.text_frame.text for s in prs.slides]


def pictures(slide) -> list:
    return [
        s
        for s in slide.shapes
        if s.shape_type == MSO_SHAPE_TYPE.PICTURE and not is_decorative(s._element)
    ]  # not the theme's logo


@pytest.fixture
def fictional(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HPDECK_CACHE_DIR", str(tmp_path / "cache"))
    return make_project(tmp_path / "project")


def test_status_trend_slide_says_the_change_in_bokmal(fictional: Path, tmp_path: Path) -> None:
    prs = built(fictional, tmp_path / "nb")
    shown = titles(prs)
    assert shown[0] == "8 av 50 kommuner har tatt Helseplattformen i bruk"
    assert shown[1] == "+3 kommuner har tatt Helseplattformen i bruk siden forrige måned"
    trend = prs.slides[1]
    card = texts(trend)
    assert "Endring siden forrige måned" in card
    assert "+4  Vedtatt" in card
    assert f"{MINUS}4  Forbereder" in card
    assert f"{MINUS}2  Planlegger vedtak" in card
    (chart,) = pictures(trend)
    alt = chart._element.nvPicPr.cNvPr.get("descr")
    assert alt.startswith("Linjediagram over kommuner per fase over tid")
    assert "I bruk: 3 (jan. 2031), 5 (feb. 2031) og 8 (mars 2031)" in alt
    notes = trend.notes_slide.notes_text_frame.text
    assert "+4 kommuner har vedtatt å innføre Helseplattformen siden forrige måned" in notes
    assert glue("per 15. mars 2031") in texts(trend)  # the footer states the as-of date


def test_status_trend_in_english(fictional: Path, tmp_path: Path) -> None:
    prs = built(fictional, tmp_path / "en", "en")
    assert titles(prs)[1] == (
        "3 more municipalities have started using Helseplattformen since last month"
    )
    card = texts(prs.slides[1])
    assert "Change since last month" in card
    assert "+4  Decided" in card
    assert f"{MINUS}4  Preparing" in card


def test_metric_tiles_show_the_size_of_the_change_without_a_scaleless_line(
    fictional: Path, tmp_path: Path
) -> None:
    nb = built(fictional, tmp_path / "nb").slides[2]
    assert f"+1{NBSP}300 siden forrige måned" in texts(nb)
    assert not [s for s in nb.shapes if s.name.startswith("Trend")]  # no line without a scale
    en = built(fictional, tmp_path / "en", "en").slides[2]
    assert "+1,300 since last month" in texts(en)
    # The metric without history shows its value alone.
    assert "nye skjema" in texts(nb) and texts(nb).count("siden forrige måned") == 1


def test_helsami_shows_downloads_over_time(fictional: Path, tmp_path: Path) -> None:
    slide = built(fictional, tmp_path / "nb").slides[3]
    assert slide.shapes.title.text_frame.text == f"45{NBSP}500 innbyggere har lastet ned HelsaMi"
    assert f"+14{NBSP}500 siden forrige måned" in texts(slide)
    (chart,) = pictures(slide)
    assert chart._element.nvPicPr.cNvPr.get("descr") == (
        f"Linjediagram over nedlastinger av HelsaMi: 20{NBSP}000 (jan. 2031), "
        f"31{NBSP}000 (feb. 2031) og 45{NBSP}500 (mars 2031)."
    )
    en = built(fictional, tmp_path / "en", "en").slides[3]
    assert "+14,500 since last month" in texts(en)


def test_one_point_shows_the_value_alone(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HPDECK_CACHE_DIR", str(tmp_path / "cache"))
    root = make_project(tmp_path / "project", history=None)
    prs = built(root, tmp_path / "out")
    assert titles(prs) == [
        "8 av 50 kommuner har tatt Helseplattformen i bruk",
        glue("Helseplattformen i tall per 15. mars 2031"),
        f"45{NBSP}500 innbyggere har lastet ned HelsaMi",
    ]
    assert not pictures(prs.slides[2])  # no empty chart
    assert "siden forrige måned" not in texts(prs.slides[1])


def test_an_older_report_is_named_by_its_date(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HPDECK_CACHE_DIR", str(tmp_path / "cache"))
    root = make_project(tmp_path / "project", "- as_of: 2030-11-15\n  helsami: 40000\n")
    slide = built(root, tmp_path / "out").slides[-1]
    assert glue(f"+5{NBSP}500 siden 15. november 2030") in texts(slide)


def test_history_mistakes_are_reported_with_their_line(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "project", HISTORY + ("- as_of: 2031-02-15\n  status: {in-use: 6, bogus: 1}\n")
    )
    with pytest.raises(ContentError) as caught:
        build(root / "decks" / "trend.yaml", tmp_path / "out")
    lines = [str(p) for p in caught.value.problems]
    assert any(
        line.startswith("content/history.yaml:10:") and "unknown stage 'bogus'" in line
        for line in lines
    ), lines


def test_one_date_may_not_give_a_figure_two_values(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", HISTORY + ("- as_of: 2031-02-15\n  helsami: 30000\n"))
    with pytest.raises(ContentError) as caught:
        build(root / "decks" / "trend.yaml", tmp_path / "out")
    assert [str(p) for p in caught.value.problems] == [
        "content/history.yaml:10:12: [2].helsami: 2031-02-15 is given as 30000 here but 31000 "
        "on line 8; keep one"
    ]


def test_the_deck_records_month_content_hash_and_version(fictional: Path, tmp_path: Path) -> None:
    from hpdeck import __version__

    first = built(fictional, tmp_path / "a").core_properties
    assert first.subject == "content/2031-03"
    assert first.version == f"hpdeck {__version__}"
    assert first.identifier.startswith("sha256:") and first.identifier[7:] in first.keywords
    assert "month 2031-03" in first.keywords
    history = fictional / "content" / "history.yaml"
    history.write_text(history.read_text("utf-8") + "# checked\n", "utf-8")
    assert built(fictional, tmp_path / "b").core_properties.identifier != first.identifier


def test_figures_still_to_refresh_show_no_change(fictional: Path, tmp_path: Path) -> None:
    """A copied figure under refresh: says nothing of movement; the others still do."""
    month = fictional / "content" / "2031-03"
    for name, listed in (
        ("metrics", ["metrics[0].value"]),
        ("helsami", ["downloads"]),
        ("status", [f"stages[{i}].count" for i in range(5)]),
    ):
        path = month / f"{name}.yaml"
        path.write_text(
            path.read_text("utf-8")
            + "refresh:\n"
            + "".join(f"  - {figure}\n" for figure in listed),
            "utf-8",
        )
    result = build(fictional / "decks" / "trend.yaml", tmp_path / "out")
    prs = Presentation(str(result.path))
    assert titles(prs) == [
        "8 av 50 kommuner har tatt Helseplattformen i bruk",
        glue("Helseplattformen i tall per 15. mars 2031"),
        f"45{NBSP}500 innbyggere har lastet ned HelsaMi",
    ]
    assert "siden forrige måned" not in "\n".join(texts(s) for s in prs.slides)
    assert not pictures(prs.slides[2])
    assert len(result.stale) == 7


def test_a_mistyped_history_label_is_reported_with_a_suggestion(fictional: Path) -> None:
    from click.testing import CliRunner

    from hpdeck.commands.cli import main

    history = fictional / "content" / "history.yaml"
    history.write_text(
        HISTORY.replace("{brukere i gang: 11500}", "{bruker i gang: 11500}"), "utf-8"
    )
    result = CliRunner().invoke(main, ["check", str(fictional / "decks" / "trend.yaml")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        "content/history.yaml:7:13: warning: [1].metrics.bruker i gang: no metrics slide has "
        "this label, so no trend uses it; did you mean 'brukere i gang' (content/2031-03)?"
    ) in lines
    assert "1 metric label in content/history.yaml matches no metrics slide" in lines
    strict = CliRunner().invoke(
        main, ["check", "--strict", str(fictional / "decks" / "trend.yaml")]
    )
    assert strict.exit_code == 1


def test_a_label_no_month_resembles_lists_the_labels(fictional: Path, tmp_path: Path) -> None:
    history = fictional / "content" / "history.yaml"
    history.write_text(HISTORY + "- as_of: 2031-02-20\n  metrics: {vaksiner: 2}\n", "utf-8")
    result = build(fictional / "decks" / "trend.yaml", tmp_path / "out")
    assert [str(p) for p in result.stale] == [
        "content/history.yaml:10:13: warning: [2].metrics.vaksiner: no metrics slide has this "
        "label, so no trend uses it; the metrics slides of content/2031-03 have: "
        "'brukere i gang', 'nye skjema'"
    ]
