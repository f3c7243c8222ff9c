"""Decks built on a corporate template: its layouts by name, its master, fallbacks with warnings."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from click.testing import CliRunner
from pptx import Presentation

from hpdeck.commands.cli import main
from hpdeck.pipeline.build import Options, build


def _set_theme(project: Path, old: str, new: str) -> None:
    path = project / "themes" / "corporate" / "theme.yaml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def test_monthly_deck_is_built_on_the_templates_named_layouts(
    corporate: Path, tmp_path: Path
) -> None:
    built = build(
        corporate / "decks" / "monthly-briefing.yaml", tmp_path, Options(theme="corporate")
    )
    prs = Presentation(str(built.path))
    layouts = [slide.slide_layout.name for slide in prs.slides]
    assert layouts[0] == "Forside"
    assert set(layouts[1:]) == {"Innhold"}
    assert built.warnings == ()
    # The template's master brings the logo; hpdeck draws no second one on the slides.
    master_shapes = [shape.name for shape in prs.slide_master.shapes]
    assert "Logo" in master_shapes and "Brand band" in master_shapes
    slide_shapes = {shape.name for slide in prs.slides for shape in slide.shapes}
    assert "Logo" not in slide_shapes and "Accent bar" not in slide_shapes
    # Titles sit in the layout's title placeholder, so "Reset slide" keeps them in place.
    second = prs.slides[1]
    assert second.shapes.title.text == "7 av 66 kommuner har tatt Helseplattformen i bruk"
    assert second.shapes.title.is_placeholder


def test_a_missing_layout_falls_back_with_a_warning_naming_it(
    corporate: Path, tmp_path: Path
) -> None:
    _set_theme(corporate, "content: Innhold", "content: Innhold bred")
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(corporate / "decks" / "monthly-briefing.yaml"),
            "--theme",
            "corporate",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (
        "warning: themes/corporate/template.pptx has no layout 'Innhold bred' for content "
        "slides; using 'Innhold'"
    ) in result.output
    prs = Presentation(str(tmp_path / "monthly-briefing-corporate.pptx"))
    assert prs.slides[1].slide_layout.name == "Innhold"


def test_check_theme_lists_layouts_and_placeholders(corporate: Path) -> None:
    result = CliRunner().invoke(main, ["check-theme", "corporate", "--project", str(corporate)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  title slides -> 'Forside': found; placeholders: title, subtitle" in lines
    assert "  content slides -> 'Innhold': found; placeholders: title" in lines
    assert "  other layouts (unused): Tittel og innhold, Bilde med tekst" in lines
    assert lines[-1] == "ok: every layout and placeholder found"


def test_check_theme_reports_what_is_missing_and_exits_1(corporate: Path) -> None:
    _set_theme(corporate, "title: Forside", "title: Tittelside")
    result = CliRunner().invoke(main, ["check-theme", "corporate", "--project", str(corporate)])
    assert result.exit_code == 1
    assert (
        "missing: themes/corporate/template.pptx has no layout 'Tittelside' for title "
        "slides; using 'Forside'"
    ) in result.output.splitlines()


def test_a_potx_template_works_like_a_pptx(corporate: Path, tmp_path: Path) -> None:
    folder = corporate / "themes" / "corporate"
    source = zipfile.ZipFile(folder / "template.pptx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"presentationml.presentation.main+xml", b"presentationml.template.main+xml"
                )
            target.writestr(item, data)
    (folder / "template.potx").write_bytes(out.getvalue())
    _set_theme(corporate, "template: template.pptx", "template: template.potx")
    built = build(
        corporate / "decks" / "monthly-briefing.yaml", tmp_path, Options(theme="corporate")
    )
    assert Presentation(str(built.path)).slides[0].slide_layout.name == "Forside"


def test_a_theme_naming_a_missing_template_is_an_error(project: Path) -> None:
    (project / "themes" / "corporate" / "template.pptx").unlink(missing_ok=True)
    result = CliRunner().invoke(main, ["check-theme", "corporate", "--project", str(project)])
    assert result.exit_code == 1
    assert (
        "themes/corporate/theme.yaml: template file 'template.pptx' not found in themes/corporate/"
    ) in result.output


def test_council_deck_is_built_on_the_templates_named_layouts(
    corporate: Path, tmp_path: Path
) -> None:
    slug = sorted((corporate / "content" / "municipalities").glob("*.yaml"))[0].stem
    built = build(
        corporate / "decks" / "council-meeting.yaml",
        tmp_path,
        Options(theme="corporate", municipality=slug),
    )
    prs = Presentation(str(built.path))
    layouts = [slide.slide_layout.name for slide in prs.slides]
    assert layouts[0] == "Forside" and set(layouts[1:]) == {"Innhold"}
    assert any(shape.has_chart for slide in prs.slides for shape in slide.shapes)
