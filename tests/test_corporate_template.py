"""The sample corporate template is one a careful designer would ship: its wordmark stays on one
line and no two shapes on a master or layout share an id."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from pptx import Presentation
from pptx.util import Emu

from hpdeck.plan.fit import text_width

TEMPLATE = Path(__file__).resolve().parent.parent / "themes" / "corporate" / "template.pptx"


def test_no_two_shapes_on_a_master_or_layout_share_an_id() -> None:
    with zipfile.ZipFile(TEMPLATE) as package:
        for name in package.namelist():
            if re.search(r"slide(Master|Layout)\d+\.xml$", name):
                ids = re.findall(r'<p:cNvPr id="(\d+)"', package.read(name).decode())
                assert len(ids) == len(set(ids)), (name, ids)


def test_the_wordmarks_fit_on_one_line() -> None:
    prs = Presentation(str(TEMPLATE))
    shapes = [
        *prs.slide_master.shapes,
        *(shape for layout in prs.slide_layouts for shape in layout.shapes),
    ]
    marks = [s for s in shapes if s.name in ("Logo", "Cover logo")]
    assert len(marks) == 2
    for shape in marks:
        frame = shape.text_frame
        run = frame.paragraphs[0].runs[0]
        room = Emu(shape.width - frame.margin_left - frame.margin_right).inches
        width = text_width(run.text, run.font.size.pt, bold=True, family=run.font.name)
        assert run.text == "Helseplattformen"
        assert width <= room * 0.95, (shape.name, width, room)
