"""Layouts that adapt to ordinary content: what hpdeck adds must fit without the user's help."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from pptx import Presentation

from hpdeck.commands.cli import main

GOLIVE = ("content", "2022-12", "go-live.yaml")


def _build(project: Path, out: Path, *args: str) -> Presentation:
    deck = project / "decks" / "monthly-briefing.yaml"
    result = CliRunner().invoke(main, ["build", str(deck), "--out", str(out), "--strict", *args])
    assert result.exit_code == 0, result.output
    return Presentation(str(out / "monthly-briefing.pptx"))


def _without_trondheims_quote(project: Path) -> None:
    path = project.joinpath(*GOLIVE)
    text = path.read_text("utf-8")
    start = text.index("    quotes:\n      - text: >-\n          Supert")
    path.write_text(text[:start] + text[text.index("  - date: 2022-11-12") :], "utf-8")


def test_an_event_without_quotes_gives_no_empty_slide(project: Path, tmp_path: Path) -> None:
    _without_trondheims_quote(project)

    prs = _build(project, tmp_path)

    for slide in prs.slides:
        body = [
            s
            for s in slide.shapes
            if s != slide.shapes.title
            and s.name not in ("Footer", "Logo")
            and (not s.has_text_frame or s.text_frame.text.strip())
        ]
        assert body, f"slide {slide.shapes.title.text_frame.text!r} shows only its title"
    titles = [s.shapes.title.text_frame.text for s in prs.slides if s.shapes.title]
    assert not any("Trondheim kommune tok i bruk" in t for t in titles), titles
    timeline = next(s for s in prs.slides if "oppstarter" in s.shapes.title.text_frame.text)
    pictures = [s for s in timeline.shapes if s.shape_type == 13]
    assert "Trondheim kommune" in pictures[0]._element.nvPicPr.cNvPr.get("descr")


def test_a_quote_shorter_than_its_attribution_is_no_small_body_text(
    project: Path, tmp_path: Path
) -> None:
    path = project.joinpath(*GOLIVE)
    text = path.read_text("utf-8")
    start = text.index("      - text: >-\n          I fellesskapet")
    end = text.index("        speaker: Per Olav")
    path.write_text(text[:start] + "      - text: Ja!\n" + text[end:], "utf-8")

    prs = _build(project, tmp_path)  # --strict: any min-size finding would refuse it

    quotes = [
        s.text_frame.text
        for slide in prs.slides
        for s in slide.shapes
        if s.has_text_frame and s.text_frame.text.startswith("«Ja!»")
    ]
    assert quotes and "Per Olav Østbyhaug" in quotes[0]


def _titles_of(slide) -> str:  # type: ignore[no-untyped-def]
    return str(slide.shapes.title.text_frame.text).replace("\u00a0", " ")


def _titles(prs: Presentation) -> list[str]:
    return [_titles_of(s) for s in prs.slides if s.shapes.title]


def _status(project: Path, stages: str) -> None:
    path = project / "content" / "2022-12" / "status.yaml"
    text = path.read_text("utf-8")
    path.write_text(text[: text.index("stages:")] + "stages:\n" + stages, "utf-8")


def test_none_or_all_in_use_is_said_in_words_not_as_66_of_66(project: Path, tmp_path: Path) -> None:
    for name in (project / "content" / "municipalities").glob("*.yaml"):
        text = name.read_text("utf-8")
        name.write_text(
            "\n".join(x for x in text.splitlines() if not x.startswith(("stage:", "went_live:"))),
            "utf-8",
        )
    _status(project, "  - stage: decided\n    count: 30\n  - stage: unscheduled\n    count: 36\n")
    none = _titles(_build(project, tmp_path / "none"))
    _status(project, "  - stage: in-use\n    count: 66\n")
    every = _titles(_build(project, tmp_path / "all"))

    assert "Ingen av de 66 kommunene har tatt Helseplattformen i bruk ennå" in none
    assert "Alle 66 kommuner har tatt Helseplattformen i bruk" in every
    assert not any("av 66" in t for t in none + every), none + every


def _events(project: Path, count: int) -> None:
    """``count`` go-live events a month apart, each with one quote of its own."""
    lines = ["type: go-live", "recent_slides: 2", "events:"]
    for i in range(count):
        lines += [
            f"  - date: {dt.date(2020, 1, 15) + dt.timedelta(days=30 * i)}",
            f"    summary: Kommune {i + 1} tok i bruk Helseplattformen",
            f"    label: Midtre Gauldal og Kommune {i + 1}",
            "    quotes:",
            f"      - text: Vi er godt i gang i kommune nummer {i + 1}.",
        ]
    project.joinpath(*GOLIVE).write_text("\n".join(lines) + "\n", "utf-8")


def test_thirty_events_keep_every_one_on_the_timeline_but_only_recent_slides(
    project: Path, tmp_path: Path
) -> None:
    _events(project, 30)

    prs = _build(project, tmp_path)

    titles = _titles(prs)
    timelines = [t for t in titles if t.startswith("30 oppstarter siden januar 2020")]
    assert timelines == [
        "30 oppstarter siden januar 2020",
        "30 oppstarter siden januar 2020 (2)",
        "30 oppstarter siden januar 2020 (3)",
        "30 oppstarter siden januar 2020 (4)",
    ]
    described = " ".join(
        shape._element.nvPicPr.cNvPr.get("descr")
        for slide in prs.slides
        if slide.shapes.title.text_frame.text.startswith("30 oppstarter")
        for shape in slide.shapes
        if shape.name == "Go-live timeline"
    )
    assert all(f"Kommune {i} tok i bruk" in described for i in range(1, 31)), described
    events = [t for t in titles if "tok i bruk Helseplattformen" in t]
    assert [e.split(": ")[1] for e in events] == [
        "Kommune 29 tok i bruk Helseplattformen",
        "Kommune 30 tok i bruk Helseplattformen",
    ]


def _tiles(slide) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    """(left, top) in inches of each metric tile's figure on a slide."""
    return [
        (round(s.left / 914400, 2), round(s.top / 914400, 2))
        for s in slide.shapes
        if s.name.startswith("Metric") and s.name.count(" ") == 1
    ]


def test_metric_tiles_leave_no_hole_and_more_than_six_continue(
    project: Path, tmp_path: Path
) -> None:
    path = project / "content" / "2022-12" / "metrics.yaml"
    text = path.read_text("utf-8")
    extra = "".join(
        f"  - value: {10**9 * n}\n    label: {{nb: kroner i post {n}, nn: kroner i post {n}, "
        f"en: kroner in item {n}}}\n"
        for n in (1, 2, 3)
    )
    five = _build(project, tmp_path / "five")
    path.write_text(text + extra, "utf-8")
    eight = _build(project, tmp_path / "eight")

    title = "Status per 12. desember 2022: sju kommuner og St. Olavs"
    (slide,) = [s for s in five.slides if _titles_of(s) == title]
    tiles = _tiles(slide)
    assert len(tiles) == 5
    first_row = [x for x, y in tiles if y == tiles[0][1]]
    second_row = [x for x, y in tiles if y != tiles[0][1]]
    assert len(first_row) == 3 and len(second_row) == 2
    # the short row is centred under the full one: the same space left and right
    width = first_row[1] - first_row[0]
    assert abs((second_row[0] - first_row[0]) - (first_row[2] - second_row[1])) < 0.02
    assert abs(second_row[0] - first_row[0] - width / 2) < 0.2
    titles = _titles(eight)
    assert f"{title} (2)" in titles
    parts = [s for s in eight.slides if _titles_of(s).startswith(title)]
    assert [len(_tiles(s)) for s in parts] == [4, 4]
    texts = " ".join(sh.text_frame.text for sh in parts[1].shapes if sh.has_text_frame)
    assert "3 milliarder" in texts.replace("\u00a0", " ")
