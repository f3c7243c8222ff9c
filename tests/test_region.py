"""The whole region: the registry of 66, counts derived and checked, and the status map."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.util import Pt

from hpdeck.check.lint import lint_pptx
from hpdeck.commands.cli import main
from hpdeck.content.municipality import load as load_municipality
from hpdeck.content.municipality import model_for
from hpdeck.content.region import load_region
from hpdeck.content.theme import load_theme
from hpdeck.plan.colour import contrast, neutral
from hpdeck.sections import REGISTRY
from tests.conftest import build_monthly

REPO = Path(__file__).resolve().parent.parent
STAGE_WORDS = {
    "in-use": "I bruk",
    "decided": "Vedtatt",
    "preparing": "Forbereder",
    "deciding": "Planlegger vedtak",
    "unscheduled": "Ikke tidfestet",
}

MODEL = model_for(REGISTRY.shows())


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def slides(path: Path) -> list[tuple[str, str, str]]:
    """(title, all text on the slide, speaker notes) per slide."""
    result = []
    for slide in Presentation(str(path)).slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title else ""
        text = "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        result.append(tuple(part.replace("\xa0", " ") for part in (title, text, notes)))
    return result


def map_slide(path: Path):  # type: ignore[no-untyped-def]
    """The slide holding the status map picture, and that picture's alt text."""
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.name == "Status map":
                return slide, shape._element.xpath("./p:nvPicPr/p:cNvPr")[0].get("descr")
    raise AssertionError("no status map in the deck")


# --- the registry ---------------------------------------------------------------------------


def test_the_sample_registry_holds_the_66_on_2020_borders() -> None:
    region, problems = load_region(REPO, MODEL)
    assert problems == []
    municipalities = [m.municipality for m in region.members]
    assert len(municipalities) == 66
    numbers = [m.number for m in municipalities]
    assert len(set(numbers)) == 66
    assert Counter(m.county for m in municipalities) == {
        "Trøndelag": 38,
        "Møre og Romsdal": 26,
        "Innlandet": 1,
        "Nordland": 1,
    }
    assert all(
        n.startswith("50")
        for m, n in zip(municipalities, numbers, strict=True)
        if m.county == "Trøndelag"
    )
    assert all(
        n.startswith("15")
        for m, n in zip(municipalities, numbers, strict=True)
        if m.county == "Møre og Romsdal"
    )
    by_number = {m.number: m.label for m in municipalities}
    assert by_number["3430"] == "Os" and by_number["1811"] == "Bindal"
    assert by_number["5029"] == "Skaun" and by_number["5001"] == "Trondheim"


def test_names_and_numbers_agree_with_kartverkets_borders() -> None:
    from hpdeck.content.region_map import geometry

    places = geometry()["municipalities"]
    region, _ = load_region(REPO, MODEL)
    assert {m.municipality.number: m.municipality.label for m in region.members} == {
        number: place["name"] for number, place in places.items()
    }


def test_the_seed_facts_are_kept_and_nobody_elses_are_invented() -> None:
    region, _ = load_region(REPO, MODEL)
    in_use = sorted(m.municipality.label for m in region.at_stage("in-use"))
    assert in_use == sorted(
        ["Trondheim", "Røros", "Os", "Holtålen", "Indre Fosen", "Ørland", "Åfjord"]
    )
    assert [m.slug for m in region.members if m.municipality.costs] == ["skaun"]
    steinkjer = load_municipality(REPO, "steinkjer", MODEL).municipality
    assert (steinkjer.stage, steinkjer.language, steinkjer.contact) == (None, None, None)
    shown = {"title", "status", "economy", "contact"}
    assert steinkjer.missing_facts(shown, REGISTRY.shows())[:3] == [
        "language",
        "meeting_date",
        "logo",
    ]


def test_a_municipality_number_has_four_digits(project: Path) -> None:
    path = project / "content" / "municipalities" / "steinkjer.yaml"
    path.write_text(path.read_text("utf-8").replace('"5006"', "50066"), "utf-8")
    result = run("check", str(project / "decks" / "monthly-briefing.yaml"))
    assert result.exit_code == 1
    assert (
        "content/municipalities/steinkjer.yaml:5:9: number: a municipality number has four "
        "digits, like 5029; got '50066'"
    ) in result.output


def test_two_files_with_one_number_name_the_one_the_map_knows_it_for(project: Path) -> None:
    path = project / "content" / "municipalities" / "steinkjer.yaml"
    path.write_text(path.read_text("utf-8").replace('"5006"', '"5007"'), "utf-8")
    result = run("check", str(project / "decks" / "monthly-briefing.yaml"))
    assert result.exit_code == 1
    assert (
        "content/municipalities/steinkjer.yaml:5:9: number: 5007 is Namsos's number in the map "
        "data (and content/municipalities/namsos.yaml gives it too), so the map would colour "
        'Namsos as Steinkjer; Steinkjer\'s is 5006: write number: "5006"'
    ) in result.output
    assert "content/municipalities/namsos.yaml:" not in result.output  # Namsos's is right


@pytest.mark.parametrize(
    ("number", "said"),
    [
        ('"5066"', "'5066' is not the number of a municipality the status map can draw"),
        ("5096", "write its four-digit number (did you mean '5006'?)"),
    ],
)
def test_a_number_the_map_cannot_draw_is_refused_at_its_line(
    project: Path, tmp_path: Path, number: str, said: str
) -> None:
    path = project / "content" / "municipalities" / "steinkjer.yaml"
    path.write_text(path.read_text("utf-8").replace('"5006"', number), "utf-8")
    result = run("check", str(project / "decks" / "monthly-briefing.yaml"))
    assert result.exit_code == 1
    assert "content/municipalities/steinkjer.yaml:5:9: number: " in result.output
    assert said in result.output
    status = project / "content" / "2022-12" / "status.yaml"
    status.write_text(status.read_text("utf-8") + "map: false\n", "utf-8")  # nothing left blank
    assert run("check", str(project / "decks" / "monthly-briefing.yaml")).exit_code == 0


def test_a_municipality_without_a_number_is_said_to_be_off_the_map(
    project: Path, tmp_path: Path
) -> None:
    path = project / "content" / "municipalities" / "steinkjer.yaml"
    path.write_text(path.read_text("utf-8").replace('number: "5006"\n', ""), "utf-8")
    result = run(
        "build",
        str(project / "decks" / "council-meeting.yaml"),
        "-m",
        "roros",
        "--out",
        str(tmp_path),
    )
    assert result.exit_code == 0, result.output
    title, text, notes = next(
        s for s in slides(tmp_path / "council-meeting-roros.pptx") if "kart" in s[1].lower()
    )
    assert title == "Røros blant de 66 kommunene i innføringen"  # the region, not those drawn
    assert "Steinkjer: uten kommunenummer, ikke på kartet" in text
    assert "Ikke på kartet (mangler kommunenummer eller grense): Steinkjer." in notes


def test_a_shared_mistake_fails_every_council_deck_but_is_said_once(
    project: Path, tmp_path: Path
) -> None:
    path = project / "content" / "municipalities" / "steinkjer.yaml"
    path.write_text(path.read_text("utf-8").replace('"5006"', '"5096"'), "utf-8")
    result = run(
        "build",
        str(project / "decks" / "council-meeting.yaml"),
        "--all-municipalities",
        "--out",
        str(tmp_path),
    )
    assert result.exit_code == 1
    assert result.output.count("'5096' is not the number of a municipality the status map") == 1
    assert result.output.count("(the same as above)") == 65
    assert not list(tmp_path.glob("*.pptx"))


# --- counts derived from and checked against the registry -----------------------------------


def _stage_everyone(project: Path, stage: str = "preparing") -> None:
    """Give every municipality file without a stage the stage ``stage``."""
    for path in (project / "content" / "municipalities").glob("*.yaml"):
        text = path.read_text("utf-8")
        if "\nstage:" not in text:
            path.write_text(text + f"stage: {stage}\n", "utf-8")


def test_counts_are_derived_when_the_registry_knows_every_stage(
    project: Path, tmp_path: Path
) -> None:
    _stage_everyone(project)
    (project / "content" / "2022-12" / "status.yaml").write_text(
        "type: status\nas_of: 2022-11-12\n", "utf-8"
    )
    result = build_monthly(project, tmp_path / "out")
    assert result.exit_code == 0, result.output
    deck = slides(tmp_path / "out" / "monthly-briefing.pptx")
    assert deck[1][0] == "7 av 66 kommuner har tatt Helseplattformen i bruk"
    assert "59 kommuner har begynt med forberedende aktiviteter" in deck[1][2]
    _, alt = map_slide(tmp_path / "out" / "monthly-briefing.pptx")
    assert "Forbereder (59):" in alt
    assert "uten registrert fase" not in alt


def test_without_counts_or_a_full_registry_the_error_says_what_to_write(project: Path) -> None:
    (project / "content" / "2022-12" / "status.yaml").write_text(
        "type: status\nas_of: 2022-11-12\n", "utf-8"
    )
    result = run("check", str(project / "decks" / "monthly-briefing.yaml"))
    assert result.exit_code == 1
    assert (
        "content/2022-12/status.yaml:1:7: stages: no stage counts given, and 59 of the 66 "
        "municipality files have no stage ("
    ) in result.output


def test_a_count_that_disagrees_with_a_full_registry_is_an_error_at_both(project: Path) -> None:
    _stage_everyone(project)  # 7 in use, 59 preparing; status.yaml says 12 decided and more
    result = run("check", str(project / "decks" / "monthly-briefing.yaml"))
    assert result.exit_code == 1
    assert (
        "content/2022-12/status.yaml:11:12: stages[2].count: count is 26, but 59 "
        "municipality files say stage 'preparing' ("
    ) in result.output
    assert re.search(
        r"content/municipalities: 59 files say stage 'preparing' \(.*\), but the "
        r"count in content/2022-12/status.yaml:11 is 26",
        result.output,
    )


def test_a_stage_list_that_disagrees_with_a_file_is_an_error_at_both_lines(
    project: Path, tmp_path: Path
) -> None:
    path = project / "content" / "municipalities" / "roros.yaml"
    path.write_text(path.read_text("utf-8").replace("stage: in-use", "stage: decided"), "utf-8")
    result = build_monthly(project, tmp_path / "out")
    assert result.exit_code == 1
    assert (
        "content/2022-12/status.yaml:7:33: stages[0].municipalities[1]: Røros is listed "
        "under stage 'in-use', but its file content/municipalities/roros.yaml says "
        "'decided'; correct one of them"
    ) in result.output
    assert (
        "content/municipalities/roros.yaml:7:8: stage: stage is 'decided', but "
        "content/2022-12/status.yaml:7 lists Røros under 'in-use'; correct one of them"
    ) in result.output
    assert not (tmp_path / "out").exists()
    said = CliRunner(env={"HPDECK_LANG": "nb"}).invoke(
        main, ["check", str(project / "decks" / "monthly-briefing.yaml")]
    )
    assert (
        "content/2022-12/status.yaml:7:33: stages[0].municipalities[1]: Røros står under "
        "fasen 'in-use', men filen content/municipalities/roros.yaml sier 'decided'; rett en "
        "av dem"
    ) in said.output


def test_more_files_than_the_total_is_an_error(project: Path) -> None:
    (project / "content" / "municipalities" / "haram.yaml").write_text(
        'name: Haram kommune\nnumber: "1580"\ncounty: Møre og Romsdal\n', "utf-8"
    )
    result = run("check", str(project / "decks" / "monthly-briefing.yaml"))
    assert result.exit_code == 1
    assert (
        "content/2022-12/status.yaml:3:8: total: total is 66, but content/municipalities "
        "holds 67 municipality files; correct the total, or add or remove files"
    ) in result.output


def test_a_deck_records_the_registry_in_its_content_hash(project: Path, tmp_path: Path) -> None:
    deck = project / "decks" / "monthly-briefing.yaml"
    assert run("build", str(deck), "--out", str(tmp_path / "a")).exit_code == 0
    path = project / "content" / "municipalities" / "steinkjer.yaml"
    path.write_text(path.read_text("utf-8") + "stage: deciding\n", "utf-8")
    assert run("build", str(deck), "--out", str(tmp_path / "b")).exit_code == 0
    ids = [
        Presentation(str(tmp_path / d / "monthly-briefing.pptx")).core_properties.identifier
        for d in ("a", "b")
    ]
    assert ids[0] != ids[1]


# --- the map slide ----------------------------------------------------------------------------


def test_the_map_slide_counts_each_colour_and_lists_every_municipality(
    project: Path, tmp_path: Path
) -> None:
    result = build_monthly(project, tmp_path / "out")
    assert result.exit_code == 0, result.output
    slide, alt = map_slide(tmp_path / "out" / "monthly-briefing.pptx")
    text = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert "7  I bruk" in text
    assert "59 uten registrert fase" in text
    assert "Kart: © Kartverket" in text
    assert alt.startswith(
        "Kart over de 66 kommunene, farget etter fase. I bruk (7): Holtålen, "
        "Indre Fosen, Os, Røros, Trondheim, Ørland og Åfjord."
    )
    assert "uten registrert fase (59): Aukra, Aure, Averøy, Bindal," in alt
    notes = slide.notes_slide.notes_text_frame.text
    assert "© Kartverket (CC BY 4.0)" in notes
    assert "har tatt Helseplattformen i bruk (7): Holtålen" in notes


def test_a_council_deck_outlines_and_names_its_own_municipality(
    project: Path, tmp_path: Path
) -> None:
    result = run(
        "build",
        str(project / "decks" / "council-meeting.yaml"),
        "-m",
        "skaun",
        "--out",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 0, result.output
    slide, alt = map_slide(tmp_path / "out" / "council-meeting-skaun.pptx")
    assert slide.shapes.title.text_frame.text == "Skaun blant de 66 kommunene i innføringen"
    assert "Skaun (vår kommune)" in [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    assert alt.endswith("Skaun er markert med ramme.")


def legend_findings(path: Path, project: Path) -> dict[str, str]:
    """Each legend row's words and where a finding on it points: the row's text made too big
    for its box, one row at a time, and the deck linted as `hpdeck check` lints it."""
    theme = load_theme(project, "helseplattformen")
    found = {}
    for index in range(len(legend_rows(Presentation(str(path))))):
        prs = Presentation(str(path))
        row = legend_rows(prs)[index]
        for paragraph in row.text_frame.paragraphs:
            for text_run in paragraph.runs:
                text_run.font.size = Pt(66)
        data = io.BytesIO()
        prs.save(data)
        findings = [f for f in lint_pptx(data.getvalue(), theme) if f.check == "fit"]
        assert len(findings) == 1, findings
        found[row.text_frame.text.replace("\xa0", " ")] = findings[0].source
    return found


def legend_rows(prs):  # type: ignore[no-untyped-def]
    for slide in prs.slides:
        names = [shape.name for shape in slide.shapes]
        if "Status map" in names:
            return [shape for shape in slide.shapes if shape.name == "Legend"]
    raise AssertionError("no status map in the deck")


def at(path: Path, start: str) -> str:
    """'content/…/file.yaml:N', the place of ``path``'s line that starts with ``start``, as a
    finding names it."""
    lines = path.read_text("utf-8").splitlines()
    number = next(number for number, line in enumerate(lines, 1) if line.startswith(start))
    return f"{path.parent.parent.name}/{path.parent.name}/{path.name}:{number}"


def test_a_finding_on_a_legend_row_points_where_its_fact_was_written(
    project: Path, tmp_path: Path
) -> None:
    """A stage's row at the status file's count of it, or, where the map counts fewer than the
    file (the registry knows only some), at the first such municipality's stage; the row of
    those without a stage at the first of them; the own municipality's at the name it shows
    (its short_name); the row of those off the map at the first one's file."""
    municipalities = project / "content" / "municipalities"
    aure = municipalities / "aure.yaml"
    aure.write_text(aure.read_text("utf-8") + "stage: preparing\n", "utf-8")
    steinkjer = municipalities / "steinkjer.yaml"
    steinkjer.write_text(steinkjer.read_text("utf-8").replace('number: "5006"\n', ""), "utf-8")
    deck = project / "decks" / "council-meeting.yaml"
    assert run("build", str(deck), "-m", "skaun", "--out", str(tmp_path)).exit_code == 0
    status = project / "content" / "2022-12" / "status.yaml"
    assert legend_findings(tmp_path / "council-meeting-skaun.pptx", project) == {
        "Skaun (vår kommune)": at(municipalities / "skaun.yaml", "short_name:"),
        "7  I bruk": at(status, "    count: 7"),
        "26  Forbereder (1 på kartet)": at(aure, "stage:"),
        "57 uten registrert fase": at(municipalities / "aukra.yaml", "name:"),
        "Steinkjer: uten kommunenummer, ikke på kartet": at(steinkjer, "name:"),
    }


def test_a_legend_row_of_counts_derived_from_the_registry_points_at_a_municipality(
    project: Path, tmp_path: Path
) -> None:
    """Without stages in the status file, the counts are the registry's: a row points at the
    first municipality of its stage, not at the status file's type line, where hpdeck put
    what it derived."""
    municipalities = project / "content" / "municipalities"
    for path in municipalities.glob("*.yaml"):
        if "stage:" not in path.read_text("utf-8"):
            path.write_text(path.read_text("utf-8") + "stage: unscheduled\n", "utf-8")
    status = project / "content" / "2022-12" / "status.yaml"
    data = status.read_text("utf-8")
    status.write_text(data[: data.index("stages:")], "utf-8")
    assert build_monthly(project, tmp_path).exit_code == 0
    assert legend_findings(tmp_path / "monthly-briefing.pptx", project) == {
        "7  I bruk": at(municipalities / "holtalen.yaml", "stage:"),
        "59  Ikke tidfestet": at(municipalities / "aukra.yaml", "stage:"),
    }


def test_a_nynorsk_council_deck_says_the_map_in_nynorsk(project: Path, tmp_path: Path) -> None:
    path = project / "content" / "municipalities" / "tydal.yaml"
    path.write_text(path.read_text("utf-8") + "language: nn\n", "utf-8")
    assert (
        run(
            "build",
            str(project / "decks" / "council-meeting.yaml"),
            "-m",
            "tydal",
            "--out",
            str(tmp_path / "out"),
        ).exit_code
        == 0
    )
    slide, alt = map_slide(tmp_path / "out" / "council-meeting-tydal.pptx")
    assert slide.shapes.title.text_frame.text == "Tydal blant dei 66 kommunane i innføringa"
    assert "utan registrert fase" in alt


def test_map_false_leaves_the_map_out(project: Path, tmp_path: Path) -> None:
    path = project / "content" / "2022-12" / "status.yaml"
    path.write_text(path.read_text("utf-8") + "map: false\n", "utf-8")
    assert build_monthly(project, tmp_path / "out").exit_code == 0
    with pytest.raises(AssertionError, match="no status map"):
        map_slide(tmp_path / "out" / "monthly-briefing.pptx")


@pytest.mark.parametrize("theme", ["helseplattformen", "high-contrast"])
def test_every_stage_colour_stands_out_from_the_unknown_tint_and_the_background(theme: str) -> None:
    colors = load_theme(REPO, theme).colors
    tint = neutral(colors.background, colors.line)
    for stage in colors.stages:
        assert contrast(stage, tint) >= 3, (stage, tint)
        assert contrast(stage, colors.background) >= 3, (stage, colors.background)
    assert contrast(colors.accent, colors.background) >= 3


# --- the map picture --------------------------------------------------------------------------


def _drawn_map(own: str | None, theme: str = "helseplattformen"):  # type: ignore[no-untyped-def]
    """The map of the sample registry drawn on a matplotlib figure, as the chart cache would."""
    import matplotlib.pyplot as plt

    from hpdeck.pipeline.build import Options, load_deck, plan_deck
    from hpdeck.render.charts.map import draw_map
    from hpdeck.render.charts.style import ChartStyle

    deck = REPO / "decks" / ("council-meeting.yaml" if own else "monthly-briefing.yaml")
    loaded = load_deck(deck, Options(theme=theme, municipality=own))
    chart = next(
        block
        for page in plan_deck(loaded)
        for block in page.slide.blocks
        if getattr(block, "name", "") == "Status map"
    )
    fig, ax = plt.subplots(figsize=(chart.box.width, chart.box.height), dpi=100)
    style = ChartStyle.from_theme(loaded.theme)
    draw_map(ax, chart.spec, style, chart.box.width)
    fig.canvas.draw()
    return fig, ax, chart.spec, loaded.theme


def _hex(rgba) -> str:  # type: ignore[no-untyped-def]
    from matplotlib.colors import to_hex

    return to_hex(rgba).lstrip("#").upper()


@pytest.mark.parametrize("theme", ["helseplattformen", "high-contrast"])
def test_the_map_draws_all_66_municipalities_in_their_stage_colours(theme: str) -> None:
    import matplotlib.pyplot as plt

    fig, ax, _, loaded_theme = _drawn_map(None, theme)
    try:
        patches = {
            p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("municipality-")
        }
        assert len(patches) == 66
        colors = loaded_theme.colors
        in_use = {"5001", "5025", "3430", "5026", "5054", "5057", "5058"}
        for number in in_use:
            assert _hex(patches[f"municipality-{number}"].get_facecolor()) == colors.stages[0]
        tint = neutral(colors.background, colors.line)
        others = [
            p for gid, p in patches.items() if gid.removeprefix("municipality-") not in in_use
        ]
        assert len(others) == 59
        assert {_hex(p.get_facecolor()) for p in others} == {tint}
        assert [p for p in ax.patches if p.get_gid() == "own-outline"] == []
        labels = {t.get_text() for t in ax.texts}
        assert {"Os", "Bindal", "Trondheim"} <= labels
        assert labels <= {
            "Trondheim",
            "Røros",
            "Os",
            "Holtålen",
            "Indre Fosen",
            "Ørland",
            "Åfjord",
            "Bindal",
        }
    finally:
        plt.close(fig)


def test_map_labels_never_touch_each_other() -> None:
    import matplotlib.pyplot as plt

    fig, ax, _, _ = _drawn_map("skaun")
    try:
        renderer = fig.canvas.get_renderer()
        boxes = [t.get_window_extent(renderer) for t in ax.texts]
        assert len(boxes) >= 4
        for i, one in enumerate(boxes):
            for other in boxes[i + 1 :]:
                assert not one.overlaps(other)
            assert ax.get_window_extent(renderer).contains(one.x0, one.y0)
    finally:
        plt.close(fig)


def test_the_own_municipality_is_outlined_in_the_accent_colour_and_named() -> None:
    import matplotlib.pyplot as plt

    fig, ax, _, theme = _drawn_map("skaun")
    try:
        outline = [p for p in ax.patches if p.get_gid() == "own-outline"]
        assert len(outline) == 1
        assert _hex(outline[0].get_edgecolor()) == theme.colors.accent
        skaun = next(p for p in ax.patches if p.get_gid() == "municipality-5029")
        assert (outline[0].get_path().vertices == skaun.get_path().vertices).all()
        label = next(t for t in ax.texts if t.get_text() == "Skaun")
        assert _hex(label.get_color()) == theme.colors.accent
    finally:
        plt.close(fig)


def test_the_shipped_borders_are_small() -> None:
    size = (REPO / "src" / "hpdeck" / "data" / "region-map.json").stat().st_size
    assert size < 300_000


def test_a_registry_of_part_of_the_region_draws_no_map(project: Path, tmp_path: Path) -> None:
    for path in (project / "content" / "municipalities").glob("*.yaml"):
        if path.stem not in ("skaun", "trondheim"):
            path.unlink()
    assert build_monthly(project, tmp_path / "out").exit_code == 0
    with pytest.raises(AssertionError, match="no status map"):
        map_slide(tmp_path / "out" / "monthly-briefing.pptx")
