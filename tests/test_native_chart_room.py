"""Room for the words in native charts, as LibreOffice draws them: a trend's dates on one row
however many reports there are, and a cost bar's label on two lines at most."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pptx import Presentation
from pypdf import PdfReader

from hpdeck.commands.cli import main
from hpdeck.content.theme import load_theme
from hpdeck.plan import fit
from hpdeck.plan.charts import ChartSpec, Series
from hpdeck.plan.model import Box
from hpdeck.render.charts.style import ChartStyle
from hpdeck.render.native_charts import FIGURE_SPACE, add_native_chart, bar_labels
from tests.conftest import REPO, libreoffice_pdf

LANGS = ("nb", "nn", "en")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), "utf-8")


def _one_section_deck(project: Path, section: str, out: Path, *args: str) -> Path:
    """A deck of the title and one section in the corporate theme (native charts), built."""
    deck = project / "decks" / "one.yaml"
    deck.write_text(
        f"title: Prøve\ntheme: corporate\nlanguage: nb\nsections:\n  - {section}\n", "utf-8"
    )
    result = CliRunner().invoke(
        main, ["build", str(deck), "--out", str(out), *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return next(out.glob("one*.pptx"))


def _monthly_downloads(project: Path) -> None:
    """HelsaMi counted every month from September: four reports with December's."""
    history = project / "content" / "history.yaml"
    _edit(
        history,
        "- as_of: 2022-11-12\n",
        "- as_of: 2022-09-12\n  helsami: 21000\n- as_of: 2022-10-12\n  helsami: 34000\n"
        "- as_of: 2022-11-12\n  helsami: 47000\n",
    )


def _placed(page) -> list[tuple[str, float, float]]:  # type: ignore[no-untyped-def]
    """Each piece of text on a PDF page with its left edge and baseline, in points."""
    found: list[tuple[str, float, float]] = []

    def visit(text: str, cm, tm, font, size) -> None:  # type: ignore[no-untyped-def]
        if text.strip():
            found.append((text.strip(), cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]))

    page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_four_monthly_downloads_have_their_dates_on_one_row_apart(
    corporate: Path, tmp_path: Path, lang: str
) -> None:
    _monthly_downloads(corporate)
    deck = _one_section_deck(corporate, "helsami", tmp_path / "out", "--lang", lang)
    starts = {"nb": "sep okt nov des", "nn": "sep okt nov des", "en": "Sep Oct Nov Dec"}[lang]
    chart = next(s for sl in Presentation(str(deck)).slides for s in sl.shapes if s.has_chart)
    dates = chart.chart.plots[0].series[-1]
    months = [dates.points[i].data_label.text_frame.text for i in range(4)]
    assert [m[:3] for m in months] == starts.split(), months  # every month said, in order
    pdf = libreoffice_pdf(deck, tmp_path / "pdf")
    page = next(p for p in PdfReader(pdf).pages if "HelsaMi" in p.extract_text())
    shown = sorted((left, base, text) for text, left, base in _placed(page) if text in months)
    assert [text for _, _, text in shown] == list(months), shown  # each once, in order
    assert len({round(base) for _, base, _ in shown}) == 1, shown  # one row
    size = ChartStyle.from_theme(load_theme(corporate, "corporate")).label_size
    for (left, _, text), (right, _, _) in itertools.pairwise(shown):  # none touches the next
        assert left + fit.text_width(text, size, family="Calibri") * 72 < right, shown


def _downloads(months: int) -> ChartSpec:
    return _dated_line(tuple(20_000.0 + 6_000 * m for m in range(months)), first_month=9)


def _dated_line(values: tuple[float, ...], first_month: int) -> ChartSpec:
    """HelsaMi downloads, one value a month from ``first_month`` of 2022."""
    start = first_month - 1
    days = [dt.date(2022 + (m + start) // 12, (m + start) % 12 + 1, 12) for m in range(len(values))]
    return ChartSpec(
        kind="line",
        categories=tuple(f"{d:%b} {d.year}" for d in days),
        series=(Series("Nedlastinger", values, tuple(f"{v:,.0f}" for v in values)),),
        colors=("0B3C5D",),
        alt_text="HelsaMi",
        x=tuple(float(d.toordinal()) for d in days),
    )


def _label_texts(series) -> dict[int, str]:  # type: ignore[no-untyped-def]
    """The point labels a series carries, by point: their lines joined by line breaks."""
    return {
        int(d.find("{*}idx").get("val")): "\n".join(
            "".join(t.text or "" for t in p.iter("{*}t")) for p in d.find("{*}tx").iter("{*}p")
        )
        for d in series._element.findall("./{*}dLbls/{*}dLbl")
    }


@pytest.mark.parametrize("months", [2, 4, 13, 25])
def test_a_long_history_shows_fewer_dates_and_values_the_latest_always(months: int) -> None:
    """However many reports, the dates stay on one row in short form, every n-th counted back
    from the latest; the values over the points leave out those that would touch a newer one."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    style = ChartStyle.from_theme(load_theme(REPO, "corporate"))
    box = Box(5.2, 1.75, 7.5, 4.95)
    spec = _downloads(months)
    chart = add_native_chart(slide, spec, box, style, name="Downloads", lang="nb-NO").chart
    line, dates = chart.plots[0].series
    shown = _label_texts(dates)
    assert max(shown) == months - 1  # the latest date always
    assert all("\n" not in text for text in shown.values())  # one row
    assert months > 4 or len(shown) == months  # a third of a year keeps every date
    steps = {b - a for a, b in itertools.pairwise(sorted(shown))}
    assert len(steps) <= 1  # evenly thinned
    values = _label_texts(line)
    assert values[months - 1].endswith("Nedlastinger")  # the latest value, with the line's name
    if months >= 13:
        assert len(shown) < months and len(values) < months  # left out, not set on each other


def test_a_long_part_name_over_a_short_note_stays_on_two_lines() -> None:
    """A name wrapped to its short note's width would take two lines over it: three in all."""
    style = ChartStyle.from_theme(load_theme(REPO, "corporate"))
    spec = ChartSpec(
        "hbar",
        ("Felles innføringsprosjekt", "Kommunale innføringsprosjekt"),
        (Series("kr", (385e6, 94e6), ("385 mill. kr", "94 mill. kr")),),
        ("0B3C5D",) * 2,
        "alt",
        category_notes=("fastpris", "7 % usikkerhet"),
    )
    for width in (7.9, 12.1):  # beside a municipality's own costs, and the full width
        labels = bar_labels(spec, style, Box(0.6, 1.75, width, 4.4))
        assert labels.texts == (
            "Felles innføringsprosjekt\nfastpris",
            "Kommunale innføringsprosjekt\n7 % usikkerhet",
        )
        assert labels.size >= 14
        room = labels.share * width - 0.2
        lines = [line for text in labels.texts for line in text.split("\n")]
        assert all(fit.text_width(x, labels.size, family="Calibri") <= room + 1e-6 for x in lines)


def test_a_name_too_long_for_half_the_chart_takes_two_lines_and_its_note_goes_under_the_value() -> (
    None
):
    style = ChartStyle.from_theme(load_theme(REPO, "corporate"))
    name = "Innføringsprosjekter i kommunene, hos fastlegene og i den kommunale legevakten"
    spec = ChartSpec(
        "hbar",
        ("Felles innføringsprosjekt", name),
        (Series("kr", (385e6, 94e6), ("385 mill. kr", "94 mill. kr")),),
        ("0B3C5D",) * 2,
        "alt",
        category_notes=("fram til 2023", "fram til 2025"),
    )
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = add_native_chart(
        slide, spec, Box(0.6, 1.75, 7.9, 4.4), style, name="Costs", lang="nb-NO"
    ).chart
    categories = list(chart.plots[0].categories)
    assert all(c.count("\n") <= 1 for c in categories), categories
    assert categories[0] == "Felles innføringsprosjekt\nfram til 2023"
    assert " ".join(categories[1].split("\n")) == name
    values = _label_texts(chart.plots[0].series[0])
    shown = {i: "\n".join(x.rstrip(FIGURE_SPACE) for x in v.split("\n")) for i, v in values.items()}
    assert shown == {0: "385 mill. kr", 1: "94 mill. kr\nfram til 2025"}, values


@pytest.mark.parametrize("lang", LANGS)
def test_libreoffice_sets_each_cost_label_on_its_two_lines(
    corporate: Path, tmp_path: Path, lang: str
) -> None:
    """A name longer than its note, as LibreOffice draws it: the name and the note each whole
    on one line of their own."""
    economy = corporate / "content" / "2022-12" / "economy.yaml"
    _edit(
        economy,
        "      period: {nb: fram til februar 2025, nn: fram til februar 2025, en: until February"
        " 2025}\n",
        "",
    )
    deck = _one_section_deck(corporate, "economy", tmp_path / "out", "--lang", lang)
    pdf = libreoffice_pdf(deck, tmp_path / "pdf")
    name = {"nb": "Kommunale innføringsprosjekt", "nn": "Kommunale innføringsprosjekt"}.get(
        lang, "Local rollout projects"
    )
    note = {"nb": "7 % usikkerhet", "nn": "7 % uvisse", "en": "7% uncertainty"}[lang]
    page = PdfReader(pdf).pages[-1]
    lines = [line.replace("\u00a0", " ").strip() for line in page.extract_text().splitlines()]
    assert name in lines and note in lines, lines


@pytest.mark.parametrize("note", ("fram til februar 2025 · 7 % usikkerhet", "til 2025"))
def test_libreoffice_starts_a_value_and_its_note_under_it_at_the_bars_end(
    corporate: Path, tmp_path: Path, note: str
) -> None:
    """A two-line name moves its note under the value: as LibreOffice draws it (it centres a
    label's lines whatever their alignment), the value and its note both start at the bar's
    end, the shorter not centred on the longer (a value floating right of its bar)."""
    economy = corporate / "content" / "2022-12" / "economy.yaml"
    _edit(
        economy,
        "name: {nb: Kommunale innføringsprosjekt, nn:",
        "name: {nb: Innføringsprosjekter i kommunene og hos fastlegene i Midtre Gauldal kommune,"
        " nn:",
    )
    period, basis = note.split(" · ") if " · " in note else (note, "")
    _edit(economy, "period: {nb: fram til februar 2025,", f"period: {{nb: {period},")
    if not basis:
        _edit(
            economy,
            "      price_basis: {nb: 7 % usikkerhet, nn: 7 % uvisse, en: 7% uncertainty}\n",
            "",
        )
    deck = _one_section_deck(corporate, "economy", tmp_path / "out")
    page = PdfReader(libreoffice_pdf(deck, tmp_path / "pdf")).pages[-1]
    placed = [(text.replace("\u00a0", " "), x, y) for text, x, y in _placed(page)]
    value = next(p for p in placed if p[0].split()[0] == "94")  # LibreOffice splits words
    under = next(p for p in placed if p[0].startswith(note))
    assert under[2] < value[2], (value, under)  # under it
    assert abs(value[1] - under[1]) < 0.15 * 72, (value, under)  # both from the bar's end


_ONE_LINE_BOX = Box(5.2, 1.75, 7.5, 4.95)  # the HelsaMi slide's chart box


def _one_line_series(values: tuple[float, ...]):  # type: ignore[no-untyped-def]
    """The series of a single dated line in the HelsaMi slide's chart box."""
    spec = _dated_line(values, first_month=12)
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    style = ChartStyle.from_theme(load_theme(REPO, "corporate"))
    frame = add_native_chart(slide, spec, _ONE_LINE_BOX, style, name="D", lang="nb-NO")
    return frame.chart.plots[0].series[0]


def _one_line(values: tuple[float, ...]) -> dict[int, str]:
    """The value labels that line gets, by point."""
    return _label_texts(_one_line_series(values))


def _one_line_positions(values: tuple[float, ...]) -> dict[int, str]:
    """Where each of its value labels stands (c:dLblPos: t over, l left, r right)."""
    return {
        int(d.find("{*}idx").get("val")): d.find("{*}dLblPos").get("val")
        for d in _one_line_series(values)._element.findall("./{*}dLbls/{*}dLbl")
    }


def test_a_gentle_line_says_every_value_a_steep_one_its_ends_and_those_clear_of_the_line() -> None:
    """Over its point, a value sits where a steeply rising line runs on: those are left out
    rather than drawn across the line. The first and the latest give the line its scale, so
    both stay: the latest right of the line's end with the line's name, the first left of its
    point, where no line runs."""
    gentle = _one_line((60_000, 71_000, 83_500))
    assert sorted(gentle) == [0, 1, 2]
    steep = _one_line(tuple(4_000 + 4_500 * m for m in range(13)))
    assert 12 in steep and steep[12].endswith("Nedlastinger")
    assert 0 in steep, steep
    assert len(steep) < 5
    positions = _one_line_positions(tuple(4_000 + 4_500 * m for m in range(13)))
    assert positions[0] == "l" and positions[12] == "r", positions
    falling = _one_line(tuple(60_000 - 4_500 * m for m in range(13)))
    assert 0 in falling and 12 in falling


def _first_label_shift(values: tuple[float, ...]) -> float:
    """How far the line's first value label is moved across the chart (a share; 0 unmoved)."""
    series = _one_line_series(values)._element
    shift = series.xpath("./c:dLbls/c:dLbl[c:idx/@val='0']/c:layout/c:manualLayout/c:x/@val")
    return float(shift[0]) if shift else 0.0


STEEP_FROM_ZERO = {  # values, and where the first value stands: its position and shift
    "short from 0": ((0.0, 20.0, 45.0, 60.0), ("t", "unmoved")),
    "short from 1": ((1.0, 30.0, 60.0), ("t", "unmoved")),
    "long from 1 200": (
        (1_200.0, 15_000.0, 32_000.0, 45_000.0, *(55_000.0 + 500 * m for m in range(9))),
        ("t", "left"),
    ),
    "long from 0": ((0.0, 40.0, 55.0, *(56.0 + m / 3 for m in range(10))), ("t", "left")),
}


@pytest.mark.parametrize(
    ("values", "expected"), STEEP_FROM_ZERO.values(), ids=STEEP_FROM_ZERO.keys()
)
def test_a_steep_line_from_near_zero_says_its_first_value_over_and_left_of_its_point(
    values: tuple[float, ...], expected: tuple[str, str]
) -> None:
    """Left of a point on the axis the value would sit on the axis line and the dates, and
    over it the rising line runs through a wide label: that one stands over the point, moved
    left until it ends where the line starts. A label as narrow as "0" or "1" centred over
    its point keeps clear of the line, and stays there unmoved."""
    shown = _one_line(values)
    assert shown.get(0) == f"{values[0]:,.0f}", shown
    assert shown[len(values) - 1].startswith(f"{values[-1]:,.0f}"), shown
    shift = _first_label_shift(values)
    moved = "left" if shift < 0 else "right" if shift > 0 else "unmoved"
    assert (_one_line_positions(values)[0], moved) == expected, shift
    if moved == "left":  # it ends left of the point: moved by more than half its width
        size = ChartStyle.from_theme(load_theme(REPO, "corporate")).label_size + 2
        width = fit.text_width(shown[0], size, bold=True, family="Calibri")
        assert -shift * _ONE_LINE_BOX.width > width / 2, (shift, width)


@pytest.mark.parametrize("lang", ("nb", "en"))
@pytest.mark.parametrize("months", [4, 13])
def test_libreoffice_draws_the_first_value_of_a_steep_line_over_and_left_of_its_point(
    corporate: Path, tmp_path: Path, lang: str, months: int
) -> None:
    """As a reader sees it: the first value stands above the row of dates, ending left of its
    point (the first date is centred under it), where the rising line does not run."""
    values = [1_200 + round(58_800 * min(1.0, m / 3)) for m in range(months)]  # to 60 000
    start = 12 - months  # months counted from January 2022, to December
    days = [dt.date(2022 + (start + m) // 12, (start + m) % 12 + 1, 12) for m in range(months)]
    history = corporate / "content" / "history.yaml"
    entries = {e["as_of"]: e for e in yaml.safe_load(history.read_text("utf-8"))}
    for day, value in zip(days, values, strict=True):
        entries.setdefault(day, {"as_of": day})["helsami"] = value
    history.write_text(yaml.safe_dump([entries[d] for d in sorted(entries)]), "utf-8")
    deck = _one_section_deck(corporate, "helsami", tmp_path / "out", "--lang", lang)
    chart = next(s for sl in Presentation(str(deck)).slides for s in sl.shapes if s.has_chart)
    line, dates = chart.chart.plots[0].series
    first = _label_texts(line)[0]
    assert first.replace("\u00a0", " ") == {"nb": "1 200", "en": "1,200"}[lang], first
    first_date = _label_texts(dates)[0]
    page = PdfReader(libreoffice_pdf(deck, tmp_path / "pdf")).pages[0]
    placed = _placed(page)
    value = next(p for p in placed if p[0] == first.replace("\u00a0", " ").split()[0])
    date = next(p for p in placed if p[0] == first_date)
    size = ChartStyle.from_theme(load_theme(corporate, "corporate")).label_size
    value_right = value[1] + fit.text_width(first, size + 2, bold=True, family="Calibri") * 72
    date_centre = date[1] + fit.text_width(first_date, size, family="Calibri") * 36
    assert value_right <= date_centre + 1, (value, date)  # ends left of the point
    assert value[2] > date[2] + size, (value, date)  # above the row of dates, not on it
