"""A native cost split (one bar, a series a part) names its parts in a legend under the bar.
Placed by the viewer, a legend of four long entries was set in LibreOffice as four entries on
top of each other, and `check` passed it. The writer now places the legend under the bar, tall
enough for its entries one under another, and the linter finds a legend too short for them."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from click.testing import CliRunner
from pptx import Presentation
from pypdf import PdfReader

from hpdeck.check.native_labels import legend_trouble
from hpdeck.commands.cli import main
from hpdeck.content.theme import load_theme
from hpdeck.plan.charts import ChartSpec, Series
from hpdeck.plan.model import Box
from hpdeck.render.charts.style import ChartStyle
from hpdeck.render.native_charts import add_native_chart
from tests.conftest import REPO, libreoffice_pdf

PARTS = ("Specialist health services", "GPs", "Dental health services", "Primary health services")
NOTES = (
    "Helse Midt-Norge RHF",
    "The medical association and the GP offices in the region",
    "Trøndelag county",
    "Trondheim kommune and the other municipalities",
)
SHARES = (62.0, 5.0, 3.0, 30.0)


def _split(box: Box):  # type: ignore[no-untyped-def]
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    style = ChartStyle.from_theme(load_theme(REPO, "corporate"))
    labels = tuple(f"{v:g} %" for v in SHARES)
    spec = ChartSpec(
        "stacked-bar",
        PARTS,
        (Series("Share", SHARES, labels),),
        ("0B3C5D", "2E8B8B", "A86A1C", "6F42C1"),
        "alt",
        category_notes=NOTES,
    )
    return add_native_chart(slide, spec, box, style, name="S", lang="en-GB").chart._chartSpace


def _share(space, part: str, key: str) -> float:  # type: ignore[no-untyped-def]
    return float(space.xpath(f"./c:chart/c:{part}/c:layout/c:manualLayout/c:{key}/@val")[0])


def test_four_long_entries_get_a_legend_under_the_bar_tall_enough_for_them() -> None:
    box = Box(6.0, 1.75, 6.9, 3.0)  # the split beside the figure, no implementation card
    space = _split(box)
    legend_top = _share(space, "legend", "y")
    assert _share(space, "plotArea", "y") + _share(space, "plotArea", "h") < legend_top
    assert legend_trouble(space, box.width, box.height, "Calibri") == (0.0, 0.0)


def test_a_legend_too_tall_for_its_chart_is_a_finding() -> None:
    """In a narrow chart every entry takes two lines: the bar keeps its least height and the
    legend has less than its entries need."""
    box = Box(8.0, 1.75, 4.5, 3.0)
    needed, room = legend_trouble(_split(box), box.width, box.height, "Calibri")
    assert needed > room > 0


def _four_parts(project: Path) -> None:
    """The split as four parts with notes and no implementation card (a 3-inch chart)."""
    economy = project / "content" / "2022-12" / "economy.yaml"
    text = economy.read_text("utf-8")
    text = text.replace(
        "    share: 0.70\n    note: Helse Midt-Norge RHF\n",
        "    share: 0.62\n    note: Helse Midt-Norge RHF\n"
        "  - name: {nb: Fastlegene, nn: Fastlegane, en: GPs}\n    share: 0.05\n"
        "    note: {nb: Legeforeningen og fastlegekontorene i regionen, nn: Legeforeininga og"
        " fastlegekontora i regionen, en: The medical association and the GP offices in the"
        " region}\n"
        "  - name: {nb: Tannhelsetjenesten, nn: Tannhelsetenesta, en: Dental health services}\n"
        "    share: 0.03\n    note: Trøndelag fylkeskommune\n",
    )
    text = re.sub(r"implementation: .*\n", "", text)
    text = re.sub(r"implementation_text:\n(  \w\w: >-\n(    .*\n)+)+", "", text)
    assert "Fastlegene" in text and "implementation" not in text
    economy.write_text(text, "utf-8")


def test_four_parts_legend_entries_stand_one_under_another_in_libreoffice(
    corporate: Path, tmp_path: Path
) -> None:
    _four_parts(corporate)
    deck = corporate / "decks" / "one.yaml"
    deck.write_text("title: Prøve\ntheme: corporate\nlanguage: nb\nsections:\n  - economy\n")
    checked = CliRunner().invoke(main, ["check", str(deck), "--strict", "--lang", "en"])
    assert checked.exit_code == 0, checked.output
    out = tmp_path / "out"
    built = CliRunner().invoke(main, ["build", str(deck), "--out", str(out), "--lang", "en"])
    assert built.exit_code == 0, built.output
    pdf = libreoffice_pdf(next(out.glob("one*.pptx")), tmp_path / "pdf")
    found: list[tuple[str, float]] = []

    def visit(text: str, cm, tm, font, size) -> None:  # type: ignore[no-untyped-def]
        if text.strip():
            found.append((text.strip(), cm[5] + tm[5] * cm[3]))

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    starts = ("Specialist health", "GPs (", "Dental health", "Primary health")
    rows = [next(base for text, base in found if text.startswith(s)) for s in starts]
    assert rows == sorted(rows, reverse=True), found  # in order, top to bottom
    assert all(a - b >= 14 for a, b in itertools.pairwise(rows)), rows  # apart
    bar = next(base for text, base in found if text.startswith("62"))
    assert rows[0] < bar - 20, (bar, rows)  # under the bar's labels
