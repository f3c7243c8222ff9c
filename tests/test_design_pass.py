"""What a reader sees on the slides the design pass changed, in every shipped theme and language:
text at a readable size, groups kept together, nothing overlapping, nothing said twice."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
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
