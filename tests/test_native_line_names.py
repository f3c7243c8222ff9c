"""Several lines in a native chart are named at their latest points instead of a legend: two
stages ending at the same count have their names set apart by the writer, not on each other,
and the linter finds names that stand on each other."""

from __future__ import annotations

from lxml import etree
from pptx import Presentation

from hpdeck.check.native_labels import line_names_touching
from hpdeck.content.theme import load_theme
from hpdeck.plan.charts import ChartSpec, Series
from hpdeck.plan.model import Box
from hpdeck.render.charts.style import ChartStyle
from hpdeck.render.native_charts import add_native_chart, end_names_apart
from tests.conftest import REPO

DAYS = (738_400.0, 738_430.0, 738_461.0, 738_491.0)
BOX = Box(0.6, 1.75, 7.9, 4.95)  # the stage trend beside its changes


def _stages(*ends: tuple[str, tuple[float, ...]]):  # type: ignore[no-untyped-def]
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    style = ChartStyle.from_theme(load_theme(REPO, "corporate"))
    series = tuple(Series(n, v, tuple(f"{x:g}" for x in v)) for n, v in ends)
    colours = ("1B7F5B", "2E6DB4", "A86A1C")[: len(ends)]
    spec = ChartSpec("line", ("a", "b", "c", "d"), series, colours, "alt", x=DAYS)
    return add_native_chart(slide, spec, BOX, style, name="T", lang="nb-NO").chart._chartSpace


TWO_AT_SEVEN = (
    ("I bruk", (1.0, 3.0, 6.0, 7.0)),
    ("Vedtatt", (12.0, 10.0, 8.0, 7.0)),
    ("Forbereder", (20.0, 22.0, 24.0, 26.0)),
)


def test_two_stages_ending_at_the_same_count_have_their_names_apart() -> None:
    space = _stages(*TWO_AT_SEVEN)
    assert line_names_touching(space, BOX.height) == []


def test_names_on_each_other_are_a_finding() -> None:
    """The same chart with the names where their points put them (as written before, or
    dragged back by hand): '7  I bruk' lies on '7  Vedtatt'."""
    space = _stages(*TWO_AT_SEVEN)
    for layout in space.xpath(".//c:dLbl/c:layout"):
        layout.getparent().remove(layout)
    found = line_names_touching(etree.fromstring(etree.tostring(space)), BOX.height)
    assert found == [("7  I bruk", "7  Vedtatt")] or found == [("7  Vedtatt", "7  I bruk")]


def test_names_far_apart_stay_at_their_points() -> None:
    assert end_names_apart([1.0, 2.0, 3.5], 0.4, 4.0) == [1.0, 2.0, 3.5]
    low, high = end_names_apart([1.0, 1.0], 0.4, 4.0)
    assert (round(low, 6), round(high, 6)) == (0.8, 1.2)  # about their point, apart
    assert min(end_names_apart([0.0, 0.0, 0.1], 0.4, 4.0)) >= 0.2  # inside the plot
