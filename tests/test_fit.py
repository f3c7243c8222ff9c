"""Text fitting: real font metrics, shrinking to the minimum, and a precise error beyond it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pptx import Presentation

from hpdeck.check.lint import lint_pptx
from hpdeck.commands.cli import main
from hpdeck.content.loader import Origin
from hpdeck.content.theme import load_theme
from hpdeck.plan import fit, hyphenation, layout
from hpdeck.plan.model import Box, para
from tests.conftest import REPO

SENTENCE = (
    "Vi var spente før oppstart men ansatte har stått på hver dag og nå ser vi at "
    "journalen gir bedre oversikt tryggere overganger og mindre dobbeltarbeid for alle "
    "som jobber i tjenestene våre"
)
WORDS = SENTENCE.split(" ")


def words(count: int) -> str:
    return " ".join((WORDS * (count // len(WORDS) + 1))[:count])


def fonts_or_skip(family: str) -> None:
    if fit.font_file(family) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"no metric-compatible font for {family}: .ci/run installs "
                "fonts-crosextra-carlito and fonts-liberation2"
            )
        pytest.skip(f"no metric-compatible font for {family} installed")


@pytest.mark.parametrize(
    ("family", "open_font"), [("Calibri", "Carlito"), ("Arial", "LiberationSans")]
)
def test_theme_fonts_are_measured_with_their_metric_compatible_open_fonts(
    family: str, open_font: str
) -> None:
    fonts_or_skip(family)
    assert fit.metrics_source(family).startswith(open_font)
    assert fit.font_file(family, bold=True).name.startswith(f"{open_font}-Bold")


def test_widths_come_from_the_glyphs_not_from_the_character_count() -> None:
    fonts_or_skip("Calibri")
    assert fit.text_width("MMMMMMMMMM", 24) > 2.5 * fit.text_width("iiiiiiiiii", 24)
    # Carlito has Calibri's advance widths: 'Helseplattformen' is 7.147 em wide.
    assert fit.text_width("Helseplattformen", 72) == pytest.approx(7.147, rel=1e-3)
    assert fit.text_width("Helseplattformen", 24, bold=True) > fit.text_width(
        "Helseplattformen", 24
    )


def test_without_a_font_file_fitting_falls_back_to_an_estimate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On the wide side: DejaVu Sans's widths (wider than Carlito's), a 1.3 em pitch."""
    fonts_or_skip("Calibri")
    calibri = fit.text_width("kommunehelsetjenesten", 72)
    monkeypatch.setattr(fit, "font_file", lambda *args, **kwargs: None)
    fit._ems.cache_clear()
    try:
        assert fit.metrics_source("Calibri") == "DejaVuSans.ttf (standing in)"
        assert fit.text_width("kommunehelsetjenesten", 72) > 1.2 * calibri
        assert fit.line_pitch("Calibri") == pytest.approx(1.3)
    finally:
        fit._ems.cache_clear()


def test_line_pitch_is_the_fonts_single_spacing() -> None:
    fonts_or_skip("Calibri")
    assert fit.line_pitch("Calibri") == pytest.approx(2500 / 2048, rel=1e-3)


def test_text_shrinks_to_fit_and_stops_at_its_minimum() -> None:
    box = Box(0, 0, 6, 3)
    short = (para(words(10)),)
    assert fit.fitted_size(short, box, 24, 18) == 24
    longer = (para(words(70)),)
    size = fit.fitted_size(longer, box, 24, 14)
    assert 14 < size < 24
    assert fit.height_needed(longer, size, box) <= box.height
    assert fit.height_needed(longer, size + 1, box) > box.height
    far_too_long = (para(words(400)),)
    assert fit.fitted_size(far_too_long, box, 24, 18) == 18
    assert fit.overflow(far_too_long, 18, box) > 0


def test_words_too_many_is_how_many_words_must_go() -> None:
    box = Box(0, 0, 6, 3)
    paragraphs = (para(words(300)),)
    cut = fit.words_too_many(paragraphs, 18, box)
    assert 0 < cut < 300
    assert not fit.overflow((para(words(300 - cut)),), 18, box)
    assert fit.overflow((para(words(300 - cut + 2)),), 18, box)


def _go_live_quote(project: Path, text: str, summary: str | None = None) -> int:
    """Put ``text`` as the first quote of the sample's go-live section; return its line."""
    path = project / "content" / "2022-12" / "go-live.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["events"][0]["quotes"] = [{"text": text, "speaker": "Kari Nordmann"}]
    if summary:
        data["events"][0]["summary"] = summary
    path.write_text(yaml.safe_dump(data, allow_unicode=True, width=10_000), encoding="utf-8")
    return next(
        i
        for i, line in enumerate(path.read_text().splitlines(), 1)
        if line.lstrip(" -").startswith("text:")
    )


def test_a_quote_of_120_words_and_a_60_character_title_build_without_overflow(
    project: Path, tmp_path: Path
) -> None:
    fonts_or_skip("Calibri")
    title = "Nordre Fjellvidda og Østre Havbukta interkommunale kommune x"
    assert len(title) == 60
    _go_live_quote(project, words(120), summary=title)
    result = CliRunner().invoke(
        main,
        ["build", str(project / "decks" / "monthly-briefing.yaml"), "--out", str(tmp_path / "out")],
    )
    assert result.exit_code == 0, result.output
    deck = tmp_path / "out" / "monthly-briefing.pptx"
    theme = load_theme(project, "helseplattformen")
    assert [f for f in lint_pptx(deck.read_bytes(), theme) if f.check == "fit"] == []


def test_text_that_cannot_fit_at_its_minimum_is_an_error_naming_slide_file_and_excess(
    project: Path, tmp_path: Path
) -> None:
    line = _go_live_quote(project, words(400))
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", str(project / "decks" / "monthly-briefing.yaml"), "--out", str(out)]
    )
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert re.fullmatch(
        rf"content/2022-12/go-live\.yaml:{line}: slide \d+ '7\. mai 2022: "
        r"Trondheim kommune tok i bruk Helseplattformen': quote does not fit "
        r"its box even at 18 pt: it is \d\.\d\d in too tall \(\d+% more than "
        r"the \d\.\d\d in it has\); cut about \d+ words",
        first,
    ), first
    assert "nothing was built" in result.output
    assert not out.exists()


def test_a_long_word_makes_the_text_smaller_rather_than_break_mid_word() -> None:
    fonts_or_skip("Calibri")
    box = Box(0, 0, 3.0, 3)
    paragraphs = (para("besøk i kommunehelsetjenesten"),)
    size = fit.fitted_size(paragraphs, box, 30, 16)
    assert fit.text_width("kommunehelsetjenesten", size) <= box.width - 2 * fit.INSET_X
    assert size in fit.SCALE  # the largest step of the type scale at which the word fits
    larger = min(step for step in fit.SCALE if step > size)
    assert fit.text_width("kommunehelsetjenesten", larger) > box.width - 2 * fit.INSET_X


def test_sizes_derived_from_others_land_on_the_type_scale() -> None:
    assert fit.snap(31.67) == 28
    assert fit.snap(43.8) == 40
    assert fit.snap(38) == 36
    assert fit.scaled(60, 0.79, 18) == 44
    assert fit.fitted_size((para("ord"),), Box(0, 0, 3, 3), 38, 16) == 38  # the theme's own


def test_a_text_block_fitted_before_keeps_each_callers_sources_and_language() -> None:
    """Fitted text is remembered by its inputs; what a paragraph's equality leaves out (where
    its words were written) and the deck's language (hyphenation) are inputs too, so a contact
    named alike in two municipalities' files points at each file's own line."""
    theme = load_theme(REPO, "helseplattformen")
    box = Box(0, 0, 2.2, 1)
    here, there = (Origin(f"content/municipalities/{s}.yaml", 9) for s in ("skaun", "volda"))
    first = layout.text(box, [para("Kari Nordmann", source=here)], theme, source=here)
    again = layout.text(box, [para("Kari Nordmann", source=here)], theme, source=here)
    other = layout.text(box, [para("Kari Nordmann", source=there)], theme, source=here)
    assert again is first  # measured once
    assert other.paragraphs[0].source == there
    word = [para("Kommunehelsetjenestesamarbeidsutvalget")]
    plain = layout.text(box, word, theme, min_size=28)
    token = hyphenation.language.set("nb")
    try:
        broken = layout.text(box, word, theme, min_size=28)
    finally:
        hyphenation.language.reset(token)
    assert plain.long_words and not broken.long_words
    assert plain.paragraphs[0].runs[0].text == "Kommunehelsetjenestesamarbeidsutvalget"
    assert broken.paragraphs[0].runs[0].text.startswith("Kommune-")  # broken at syllables


def test_a_municipality_with_a_60_character_name_and_a_120_word_quote_lints_clean(
    project: Path,
) -> None:
    fonts_or_skip("Calibri")
    name = "Nordre Fjellvidda og Østre Havbukta interkommunale kommune x"
    # In Ørland's place, so the registry still holds the 66 and 7 in use that status.yaml says,
    # and in the list of those in use and the go-live event that name Ørland.
    (project / "content" / "municipalities" / "orland.yaml").unlink()
    for part in ("status", "go-live"):
        path = project / "content" / "2022-12" / f"{part}.yaml"
        path.write_text(path.read_text("utf-8").replace("Ørland", name), "utf-8")
    (project / "content" / "municipalities" / "lengdevik.yaml").write_text(
        f"name: {name}\nlanguage: nb\nstage: in-use\nwent_live: 2022-11-12\n"
        f"quotes:\n  - text: {words(120)}\n    speaker: Kari Nordmann\n"
        f"    role: Kommunalsjef helse og omsorg i {name}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main,
        ["check", str(project / "decks" / "council-meeting.yaml"), "-m", "lengdevik", "--strict"],
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith(
        f"{project / 'decks' / 'council-meeting.yaml'} -m lengdevik: ok ("
    )


def _short_name(project: Path, short: str) -> None:
    file = project / "content" / "municipalities" / "vanylven.yaml"
    text = file.read_text(encoding="utf-8").replace("short_name: Vanylven", f"short_name: {short}")
    file.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("theme", ["corporate", "high-contrast"])
def test_a_long_short_name_fits_the_map_legend_row_that_names_the_own_municipality(
    project: Path, theme: str
) -> None:
    """The legend row hpdeck adds for the own municipality wraps onto as many rows as the name
    needs: a long name is not the author's to cut."""
    fonts_or_skip("Calibri")
    _short_name(project, "Nordre Vanylven-Sunndalsøra")
    deck = str(project / "decks" / "council-meeting.yaml")
    result = CliRunner().invoke(main, ["check", deck, "-m", "vanylven", "--theme", theme])
    assert result.exit_code == 0, result.output
    assert "legend" not in result.output


def test_a_name_too_long_for_its_slide_is_refused_at_the_short_name_the_slide_shows(
    project: Path,
) -> None:
    fonts_or_skip("Calibri")
    _short_name(project, " ".join(["Nordre og Søndre Vanylven-Sunndalsøra"] * 3))
    deck = str(project / "decks" / "council-meeting.yaml")
    result = CliRunner().invoke(main, ["check", deck, "-m", "vanylven", "--theme", "high-contrast"])
    assert result.exit_code == 1
    slide4 = [line for line in result.output.splitlines() if ": slide 4 " in line]
    assert slide4 and all(
        line.startswith(f"{Path('content/municipalities/vanylven.yaml')}:4: ") for line in slide4
    ), result.output
    # a name is shortened where it is written, not cut by a count of words
    assert all("shorter short_name" in line and "cut about" not in line for line in slide4)


def test_a_short_name_too_long_for_the_map_title_leaves_the_plain_title(project: Path) -> None:
    """The map slide's title is hpdeck's words round the name: a name that would make it
    overflow gives the plain title (the legend names the municipality), not a refusal."""
    fonts_or_skip("Calibri")
    _short_name(project, "Nordre og Søndre Vanylven-Sunndalsøra og Indre Ytre Fjordbygdene")
    deck = str(project / "decks" / "council-meeting.yaml")
    result = CliRunner().invoke(
        main, ["check", deck, "-m", "vanylven", "--theme", "high-contrast", "--strict"]
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("slug", ["roros", "vanylven"])
def test_a_name_too_long_for_hpdecks_own_titles_leaves_their_plain_words(
    project: Path, slug: str
) -> None:
    """Every title hpdeck words round the municipality's name (its stage on the status slide,
    the map's, its quotes') falls back to its plain words when the name would make it
    overflow: the slide names the municipality elsewhere, and check passes."""
    fonts_or_skip("Calibri")
    file = project / "content" / "municipalities" / f"{slug}.yaml"
    long = "Nordre Vanylven-Sunndalsøra og Ytre Hjelmeland-Kvinnheradsfjorden"
    text = file.read_text(encoding="utf-8")
    file.write_text(re.sub(r"(?m)^short_name: .*$", f"short_name: {long}", text), "utf-8")
    deck = project / "decks" / "council-meeting.yaml"
    out = project / "out"
    result = CliRunner().invoke(
        main, ["build", str(deck), "-m", slug, "--strict", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    slides = Presentation(str(out / f"council-meeting-{slug}.pptx")).slides
    titles = [" ".join(slide.shapes.title.text_frame.text.split()) for slide in slides]
    # The status slide's title names the municipality's stage: here its plain count instead
    # (the side card names the municipality); a title that fits keeps the name.
    assert titles[1].startswith("7 av 66 kommuner har tatt Helseplattformen i bruk"), titles
    assert all(long not in title for title in titles[:2]), titles
