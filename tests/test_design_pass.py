"""What a reader sees on the slides the design pass changed, in every shipped theme and language:
text at a readable size, groups kept together, nothing overlapping, nothing said twice."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu

from hpdeck.commands.cli import main
from hpdeck.content.theme import load_theme
from hpdeck.plan import layout

from .conftest import REPO

THEMES = ("helseplattformen", "corporate", "high-contrast")
LANGS = ("nb", "nn", "en")


def _deck(project: Path, sections: list[str]) -> Path:
    deck = project / "decks" / "one.yaml"
    lines = ["title: Prøve", "theme: helseplattformen", "language: nb", "sections:"]
    deck.write_text("\n".join([*lines, *(f"  - {s}" for s in sections)]) + "\n", "utf-8")
    return deck


def _build(project: Path, sections: list[str], out: Path, *args: str) -> Presentation:
    deck = _deck(project, sections)
    result = CliRunner().invoke(
        main, ["build", str(deck), "--out", str(out), *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return Presentation(str(next(out.glob("one*.pptx"))))


def _inches(value: int) -> float:
    return Emu(value).inches


def _sizes(shape) -> list[float]:  # type: ignore[no-untyped-def]
    return [
        run.font.size.pt
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
        if run.text.strip()
    ]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_survey_statements_stay_readable_and_grouped_by_their_share(
    project: Path, tmp_path: Path, theme: str, lang: str
) -> None:
    prs = _build(project, ["benefits"], tmp_path / "out", "--theme", theme, "--lang", lang)
    slide = next(s for s in prs.slides if any(sh.name == "Survey words" for sh in s.shapes))
    words = [sh for sh in slide.shapes if sh.name == "Survey words"]
    values = [sh for sh in slide.shapes if sh.name == "Survey value"]
    # One row per share, largest first; the four statements at 60 % are one group.
    shown = [v.text_frame.text for v in values]
    assert [s.replace("\u00a0", "").replace("%", "") for s in shown] == ["65", "60", "35"]
    assert [len(w.text_frame.paragraphs) for w in words] == [1, 4, 1]
    # Every statement at one size, no smaller than the theme lets body text shrink.
    minimum = load_theme(project, theme).sizes.min_body
    sizes = {size for w in words for size in _sizes(w)}
    assert len(sizes) == 1 and min(sizes) >= minimum, (sizes, minimum)
    # Rows one under the other inside the body, none overlapping the next.
    boxes = sorted((_inches(w.top), _inches(w.top + w.height)) for w in words)
    assert boxes[0][0] >= layout.BODY.top - 0.01
    assert boxes[-1][1] <= layout.BODY.bottom + 0.01
    assert all(a[1] <= b[0] + 0.01 for a, b in itertools.pairwise(boxes))
    spans = sorted((_inches(v.top), _inches(v.top + v.height)) for v in values)
    assert all(a[1] <= b[0] + 0.01 for a, b in itertools.pairwise(spans))
    # Each row's value sits at the height of its words.
    for value, word in zip(values, words, strict=True):
        middle = _inches(word.top + word.height // 2)
        assert _inches(value.top) <= middle <= _inches(value.top + value.height)


def test_too_many_statements_are_refused_rather_than_shrunk_below_readable(
    project: Path, tmp_path: Path
) -> None:
    benefits = project / "content" / "2022-12" / "benefits.yaml"
    text = benefits.read_text("utf-8")
    many = "".join(
        f"        - Utsagn nummer {i} som er langt nok til å fylle en hel linje på lysbildet\n"
        for i in range(14)
    )
    head = "    - share: 0.35\n      statements:\n"
    text = text.replace(head, head + many)
    benefits.write_text(text, "utf-8")
    deck = _deck(project, ["benefits"])
    result = CliRunner().invoke(
        main, ["build", str(deck), "--out", str(tmp_path / "out")], catch_exceptions=False
    )
    assert result.exit_code == 1, result.output
    assert "survey words does not fit its box" in result.output
    assert "1 problem found" in result.output


def _stages_over_time(theme: str, last: tuple[float, ...]):  # type: ignore[no-untyped-def]
    """The stages-over-time chart drawn as the deck draws it, at its slot's size."""
    import matplotlib.pyplot as plt

    from hpdeck.plan.charts import ChartSpec, Series
    from hpdeck.render.charts import draw
    from hpdeck.render.charts.style import ChartStyle

    names = ("I bruk", "Vedtatt", "Forbereder", "Planlegger vedtak", "Ikke tidfestet")
    firsts = (7.0, 12.0, 26.0, 16.0, 5.0)
    series = tuple(
        Series(name, (a, (a + b) / 2, b), (str(int(a)), "", str(int(b))))
        for name, a, b in zip(names, firsts, last, strict=True)
    )
    spec = ChartSpec(
        "line",
        ("nov. 2022", "des. 2022", "jan. 2023"),
        series,
        ("1B7F5B", "2B6CB0", "A86A12", "6B46C1", "6B7785"),
        "alt",
        x=(0.0, 30.0, 61.0),
    )
    style = ChartStyle.from_theme(load_theme(REPO, theme))
    box = layout.BODY.split_left(0.64, layout.GAP)[0]
    fig, ax = plt.subplots(figsize=(box.width, box.height), dpi=draw.DPI)
    draw._DRAWERS["line"](ax, spec, style, box.width)
    fig.tight_layout(pad=0.3)
    fig.canvas.draw()
    return fig, ax, draw


@pytest.mark.parametrize("theme", THEMES)
def test_stages_over_time_have_a_scale_and_names_that_never_touch(theme: str) -> None:
    # Three lines end on 12: their names must still stand apart, each joined to its end.
    fig, ax, draw = _stages_over_time(theme, (12.0, 12.0, 22.0, 12.0, 5.0))
    try:
        assert draw.label_trouble(fig) == []
        scale = [t.get_text() for t in ax.get_yticklabels()]
        assert len(scale) >= 3 and scale[0] == "0"  # values to compare against, from zero
        assert all(line.get_visible() for line in ax.get_ygridlines())
        names = [t for t in ax.texts if t.get_text().endswith(("I bruk", "vedtak", "Vedtatt"))]
        assert len(names) == 3
        minimum = 14
        assert all(t.get_fontsize() >= minimum for t in ax.texts)
        # The names use the room on the right: no empty third after the longest name.
        right = max(t.get_window_extent().x1 for t in ax.texts)
        assert ax.get_window_extent().x1 - right < 0.6 * draw.DPI
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)


def _words(slide) -> str:  # type: ignore[no-untyped-def]
    return " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_helsami_with_nothing_but_its_figure_says_the_figure_once(
    project: Path, tmp_path: Path
) -> None:
    helsami = project / "content" / "2022-12" / "helsami.yaml"
    text = helsami.read_text("utf-8")
    helsami.write_text(text[: text.index("message:")], "utf-8")
    prs = _build(project, ["helsami"], tmp_path / "out")
    slide = prs.slides[-1]
    said = _words(slide).replace("\u00a0", " ")
    assert said.count("60 000") == 1, said
    assert slide.shapes.title.text_frame.text == "Nedlastinger av HelsaMi"
    figure = next(s for s in slide.shapes if s.name == "Downloads")
    assert "Nesten 60\u00a0000" in figure.text_frame.text


def test_a_short_last_row_of_clippings_is_centred(project: Path, tmp_path: Path) -> None:
    prs = _build(project, ["media"], tmp_path / "out")
    slide = prs.slides[-1]
    cards = [
        s
        for s in slide.shapes
        if s.name.startswith("Clipping ") and s.name not in ("Clipping accent", "Clipping frame")
    ]
    assert len(cards) == 7
    rows: dict[int, list] = {}
    for card in cards:
        rows.setdefault(round(_inches(card.top), 1), []).append(card)
    first, last = (rows[k] for k in sorted(rows))
    assert (len(first), len(last)) == (4, 3)
    left = min(_inches(c.left) for c in last) - layout.BODY.left
    right = layout.BODY.right - max(_inches(c.left + c.width) for c in last)
    assert abs(left - right) < 0.02 and left > 1  # centred, not a hole at the end
    assert {round(_inches(c.width), 2) for c in cards} == {round(_inches(first[0].width), 2)}


def test_clippings_over_several_slides_are_shared_evenly() -> None:
    from hpdeck.sections.media import pages

    assert [len(p) for p in pages(list(range(11)))] == [6, 5]
    assert [len(p) for p in pages(list(range(8)))] == [8]
    assert [len(p) for p in pages(list(range(17)))] == [6, 6, 5]


def test_one_stage_is_shown_among_all_stages_not_as_one_fat_bar(
    project: Path, tmp_path: Path
) -> None:
    status = project / "content" / "2022-12" / "status.yaml"
    status.write_text(
        "type: status\nas_of: 2022-11-12\ntotal: 66\nmap: false\n"
        "stages:\n  - stage: in-use\n    count: 66\n",
        "utf-8",
    )
    prs = _build(project, ["status"], tmp_path / "out", "--theme", "corporate")
    chart = next(s for sl in prs.slides for s in sl.shapes if s.name == "Stages chart").chart
    assert list(chart.plots[0].categories) == [
        "I bruk",
        "Vedtatt",
        "Forbereder",
        "Planlegger vedtak",
        "Ikke tidfestet",
    ]
    assert chart.plots[0].series[0].values == (66, 0, 0, 0, 0)
    frame = next(s for sl in prs.slides for s in sl.shapes if s.name == "Stages chart")
    assert abs(_inches(frame.width) - layout.BODY.width) < 0.02  # no names: the full width


@pytest.mark.parametrize("theme", THEMES)
def test_cost_labels_take_two_lines_at_most_and_never_collide(theme: str) -> None:
    import matplotlib.pyplot as plt

    from hpdeck.plan.charts import ChartSpec, Series
    from hpdeck.render.charts import draw
    from hpdeck.render.charts.style import ChartStyle

    names = ("Felles innføringsprosjekt", "Kommunale innføringsprosjekt", "Drift og vedlikehold")
    notes = ("fram til 2023 · fastpris", "fram til februar 2025 · 7 % usikkerhet", "årlig")
    spec = ChartSpec(
        "hbar",
        names,
        (Series("kr", (385e6, 94e6, 60e6), ("385 mill. kr", "94 mill. kr", "60 mill. kr")),),
        ("0B3C5D",) * 3,
        "alt",
        category_notes=notes,
    )
    style = ChartStyle.from_theme(load_theme(REPO, theme))
    box = layout.BODY.split_left(0.66, layout.GAP)[0]
    fig, ax = plt.subplots(figsize=(box.width, box.height - 0.6), dpi=draw.DPI)
    try:
        draw._DRAWERS["hbar"](ax, spec, style, box.width)
        fig.tight_layout(pad=0.3)
        fig.canvas.draw()
        assert draw.label_trouble(fig) == []
        for name, note in zip(names, notes, strict=True):
            shown = [
                t.get_text() for t in ax.texts if t.get_text().replace("\n", " ") in (name, note)
            ]
            assert sum(text.count("\n") + 1 for text in shown) <= 2, shown
        assert all(t.get_fontsize() >= 14 for t in ax.texts)
    finally:
        plt.close(fig)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_the_investment_slide_is_filled_figure_and_split_above_the_cost_card_across_the_foot(
    project: Path, tmp_path: Path, theme: str, lang: str
) -> None:
    """No empty lower left: the figure and the split share the top, the implementation cost's
    card runs across the whole foot of the body, and nothing overlaps or leaves the body."""
    prs = _build(project, ["economy"], tmp_path / "out", "--theme", theme, "--lang", lang)
    slide = next(s for s in prs.slides if any(sh.name == "Cost split chart" for sh in s.shapes))
    shapes = {s.name: s for s in slide.shapes}
    chart, card, figure = (shapes[n] for n in ("Cost split chart", "Implementation", "Investment"))
    assert card.fill.type is not None and "500" in card.text_frame.text  # a card, not loose text
    assert abs(_inches(card.left) - layout.BODY.left) < 0.02
    assert abs(_inches(card.left + card.width) - layout.BODY.right) < 0.02
    assert abs(_inches(card.top + card.height) - layout.BODY.bottom) < 0.02
    for above in (chart, figure):  # both over the card, side by side, from the body's top
        assert abs(_inches(above.top) - layout.BODY.top) < 0.02
        assert 0 < _inches(card.top) - _inches(above.top + above.height) <= layout.GAP + 0.01
    assert _inches(figure.left + figure.width) < _inches(chart.left)
    # The card's text and the figure's fit their boxes at a readable size.
    minimum = load_theme(project, theme).sizes.caption
    assert min(_sizes(card) + _sizes(figure)) >= minimum


def test_an_investment_without_an_implementation_cost_is_centred_beside_its_split(
    project: Path, tmp_path: Path
) -> None:
    _without(project, "implementation: ", "overview:")
    prs = _build(project, ["economy"], tmp_path / "out")
    slide = next(s for s in prs.slides if any(sh.name == "Cost split chart" for sh in s.shapes))
    shapes = {s.name: s for s in slide.shapes}
    assert "Implementation" not in shapes
    middle = (layout.BODY.top + layout.BODY.bottom) / 2
    for name in ("Cost split chart", "Investment"):  # both on the body's middle line
        shape = shapes[name]
        assert abs(_inches(shape.top) + _inches(shape.height) / 2 - middle) < 0.05, name
    assert shapes["Investment"].text_frame.vertical_anchor == MSO_ANCHOR.MIDDLE


def _without(project: Path, start: str, end: str) -> None:
    """The sample's economy with the lines from ``start`` up to ``end`` left out."""
    economy = project / "content" / "2022-12" / "economy.yaml"
    text = economy.read_text("utf-8")
    economy.write_text(text[: text.index(start)] + text[text.index(end) :], "utf-8")


def test_an_implementation_cost_without_a_split_is_a_card_on_the_figures_middle_line(
    project: Path, tmp_path: Path
) -> None:
    _without(project, "split:", "implementation: ")
    prs = _build(project, ["economy"], tmp_path / "out", "--theme", "high-contrast")
    slide = next(s for s in prs.slides if any(sh.name == "Investment" for sh in s.shapes))
    shapes = {s.name: s for s in slide.shapes}
    card, figure = shapes["Implementation"], shapes["Investment"]
    middle = (layout.BODY.top + layout.BODY.bottom) / 2
    assert abs(_inches(card.top) + _inches(card.height) / 2 - middle) < 0.05
    assert _inches(card.height) < layout.BODY.height * 0.75  # hugs its words, no empty half
    assert abs(_inches(card.left + card.width) - layout.BODY.right) < 0.02
    assert figure.text_frame.vertical_anchor == MSO_ANCHOR.MIDDLE
    assert _inches(figure.left + figure.width) < _inches(card.left)


def test_an_investment_alone_is_the_slide_centred(project: Path, tmp_path: Path) -> None:
    _without(project, "split:", "overview:")
    prs = _build(project, ["economy"], tmp_path / "out", "--lang", "nn")
    slide = next(s for s in prs.slides if any(sh.name == "Investment" for sh in s.shapes))
    figure = next(s for s in slide.shapes if s.name == "Investment")
    centre = (layout.BODY.left + layout.BODY.right) / 2
    assert abs(_inches(figure.left) + _inches(figure.width) / 2 - centre) < 0.02
    assert figure.text_frame.vertical_anchor == MSO_ANCHOR.MIDDLE
    assert {p.alignment for p in figure.text_frame.paragraphs} == {PP_ALIGN.CENTER}


def test_the_investment_is_said_once_as_the_big_figure(project: Path, tmp_path: Path) -> None:
    import re

    prs = _build(project, ["economy"], tmp_path / "out")
    slide = next(s for s in prs.slides if any(sh.name == "Investment" for sh in s.shapes))
    said = _words(slide).replace("\u00a0", " ")
    assert len(re.findall(r"3,7 mrd\. kr\b", said)) == 1, said
    assert slide.shapes.title.text_frame.text == "Investeringen i fellesprosjektet"


@pytest.mark.parametrize("theme", THEMES)
def test_map_names_are_set_at_chart_label_size(theme: str) -> None:
    import matplotlib.pyplot as plt

    from hpdeck.content.region_map import numbers
    from hpdeck.plan.charts import ChartSpec, Series
    from hpdeck.render.charts import draw
    from hpdeck.render.charts.style import ChartStyle

    places = sorted(numbers())
    names = {"5027": ("Midtre Gauldal", 3.0), "5001": ("Trondheim", 1.0), "1811": ("Bindal", 2.0)}
    spec = ChartSpec(
        "map",
        tuple(places),
        (
            Series(
                "labels",
                tuple(names.get(p, ("", 0.0))[1] for p in places),
                tuple(names.get(p, ("", 0.0))[0] for p in places),
            ),
        ),
        ("DDDDDD",) * len(places),
        "alt",
        highlight=(places.index("5027"),),
    )
    style = ChartStyle.from_theme(load_theme(REPO, theme))
    fig, ax = plt.subplots(figsize=(7.0, 4.95), dpi=draw.DPI)
    try:
        draw._DRAWERS["map"](ax, spec, style, 7.0)
        sizes = {t.get_text(): t.get_fontsize() for t in ax.texts}
        assert sizes["Midtre Gauldal"] == style.label_size + 2  # the own name a step larger
        assert min(sizes.values()) >= max(14, style.label_size)
    finally:
        plt.close(fig)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_helsami_beside_its_trend_keeps_figure_and_message_together_on_the_middle_line(
    project: Path, tmp_path: Path, theme: str, lang: str
) -> None:
    """The change and the message read as one group beside the line, not a figure at the top
    and a sentence floating near the foot with a hole between."""
    history = project / "content" / "history.yaml"
    text = history.read_text("utf-8")
    history.write_text(
        text.replace("  status: {in-use: 7}\n", "  status: {in-use: 7}\n  helsami: 47000\n"),
        "utf-8",
    )
    prs = _build(project, ["helsami"], tmp_path / "out", "--theme", theme, "--lang", lang)
    slide = next(s for s in prs.slides if any(sh.name == "Downloads" for sh in s.shapes))
    shapes = {s.name: s for s in slide.shapes}
    figure, message = shapes["Downloads"], shapes["Message"]
    gap = _inches(message.top) - _inches(figure.top + figure.height)
    assert 0.1 <= gap <= 0.35, gap
    top, bottom = _inches(figure.top), _inches(message.top + message.height)
    assert layout.BODY.top - 0.01 <= top and bottom <= layout.BODY.bottom + 0.01
    middle = (layout.BODY.top + layout.BODY.bottom) / 2
    assert abs((top + bottom) / 2 - middle) < 0.05
    minimum = load_theme(project, theme).sizes.caption
    assert min(_sizes(figure) + _sizes(message)) >= minimum


def test_a_closing_slide_without_a_contact_centres_its_one_statement(
    project: Path, tmp_path: Path
) -> None:
    """Midtre Gauldal's file has no contact person: the invitation to ask is the slide, set in
    the middle of the body both ways instead of a left-aligned paragraph off the title's edge."""
    out = tmp_path / "out"
    deck = project / "decks" / "council-meeting.yaml"
    result = CliRunner().invoke(
        main,
        ["build", str(deck), "--out", str(out), "-m", "midtre-gauldal", "--lang", "nn"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    prs = Presentation(str(next(out.glob("council-meeting-midtre-gauldal*.pptx"))))
    message = next(s for s in prs.slides[-1].shapes if s.name == "Message")
    assert "spørsmål" in message.text_frame.text
    centre = (layout.BODY.left + layout.BODY.right) / 2
    assert abs(_inches(message.left) + _inches(message.width) / 2 - centre) < 0.02
    assert message.text_frame.vertical_anchor == MSO_ANCHOR.MIDDLE
    assert {p.alignment for p in message.text_frame.paragraphs} == {PP_ALIGN.CENTER}
