"""Facts checked against each other: each problem at the line stating it, naming the other side."""

from __future__ import annotations

import textwrap
from pathlib import Path

from click.testing import CliRunner

from hpdeck.commands.cli import main
from tests.conftest import edit, line_of

MONTH = "content/2022-12"


def _check(project: Path, *args: str) -> tuple[int, list[str]]:
    deck = "council-meeting" if args else "monthly-briefing"
    result = CliRunner().invoke(main, ["check", str(project / "decks" / f"{deck}.yaml"), *args])
    return result.exit_code, result.output.splitlines()


def test_a_thousands_dot_is_refused_never_shown_as_a_decimal(project: Path) -> None:
    edit(project, f"{MONTH}/metrics.yaml", "value: 98200", "value: 98.200")
    edit(project, f"{MONTH}/helsami.yaml", "downloads: 60000", "downloads: 60.000")

    code, lines = _check(project)

    assert code == 1
    line = line_of(project, f"{MONTH}/metrics.yaml", "98.200")
    assert any(
        x.startswith(f"{MONTH}/metrics.yaml:{line}:")
        and "98.200 reads as 98.2, not 98200" in x
        and "write 98200" in x
        for x in lines
    ), lines
    assert any(x.startswith(f"{MONTH}/helsami.yaml:") and "write 60000" in x for x in lines)


def test_a_figure_with_a_word_gets_the_whole_number_as_advice(project: Path) -> None:
    edit(project, f"{MONTH}/helsami.yaml", "downloads: 60000", "downloads: 60.000 stk")

    code, lines = _check(project)

    assert code == 1
    assert any("write digits only: 60000)" in x for x in lines), lines


def test_stage_counts_names_and_total_are_checked_at_their_lines(project: Path) -> None:
    status = f"{MONTH}/status.yaml"
    edit(
        project,
        status,
        "count: 7\n    municipalities: [Trondheim, Røros, Os, Holtålen, "
        "Indre Fosen, Ørland, Åfjord]",
        "count: 7\n    municipalities: [Trondheim, Trondheim]",
    )
    edit(
        project, status, "  - stage: preparing\n    count: 26", "  - stage: decided\n    count: 27"
    )

    code, lines = _check(project)

    assert code == 1
    names = line_of(project, status, "municipalities: [Trondheim")
    assert any(
        x.startswith(f"{status}:{names}:")
        and f"2 names listed, but count is 7 ({status}:{names - 1})" in x
        for x in lines
    ), lines
    assert any(
        x.startswith(f"{status}:{names}:") and "'Trondheim' is listed twice" in x for x in lines
    ), lines
    second = line_of(project, status, "stage: decided", 2)
    assert any(
        x.startswith(f"{status}:{second}:")
        and "stage 'decided' is listed twice (first "
        f"at {status}:{line_of(project, status, 'stage: decided')})"
        in x
        for x in lines
    )
    total = line_of(project, status, "total:")
    assert any(x.startswith(f"{status}:{total}:") and "add up to 67" in x for x in lines), lines
    assert not any(x.startswith(f"{status}:1:") for x in lines), lines


def test_a_municipality_contradicting_the_status_names_both_lines(project: Path) -> None:
    own = "content/municipalities/trondheim.yaml"
    edit(
        project,
        own,
        "stage: in-use\nwent_live: 2022-05-07",
        "stage: decided\nplanned_go_live: 2022-03-01",
    )

    code, lines = _check(project, "-m", "trondheim")

    assert code == 1
    stage = line_of(project, own, "stage:")
    status_line = line_of(project, f"{MONTH}/status.yaml", "municipalities: [Trondheim")
    assert any(
        x.startswith(f"{own}:{stage}:")
        and f"{MONTH}/status.yaml:{status_line}" in x
        and "Trondheim" in x
        for x in lines
    ), lines
    assert any(
        x.startswith(f"{own}:{stage}:")
        and f"{MONTH}/go-live.yaml:" in x
        and "says Trondheim kommune went live on 2022-05-07" in x
        for x in lines
    ), lines
    planned = line_of(project, own, "planned_go_live:")
    assert any(
        x.startswith(f"{own}:{planned}:")
        and "the planned go-live 2022-03-01 is before the month the deck reports on (2022-12)" in x
        for x in lines
    ), lines


def test_a_planned_go_live_before_the_status_date_names_the_status_line(project: Path) -> None:
    own = "content/municipalities/skaun.yaml"
    path = project / own
    path.write_text(
        path.read_text("utf-8") + "stage: decided\nplanned_go_live: 2022-10-01\n", "utf-8"
    )

    code, lines = _check(project, "-m", "skaun")

    assert code == 1
    planned = line_of(project, own, "planned_go_live:")
    as_of = line_of(project, f"{MONTH}/status.yaml", "as_of:")
    assert any(
        x.startswith(f"{own}:{planned}:")
        and "the planned go-live 2022-10-01 is before the status date 2022-11-12 "
        f"({MONTH}/status.yaml:{as_of}) while stage is 'decided'"
        in x
        for x in lines
    ), lines


def test_a_quote_in_the_municipality_file_and_the_month_names_both_places(
    project: Path,
) -> None:
    golive = (project / MONTH / "go-live.yaml").read_text("utf-8")
    start = golive.index("      - text: >-\n          Med dette")
    quote = golive[start : golive.index("      - text:", start + 10)]
    own = project / "content" / "municipalities" / "roros.yaml"
    moved = textwrap.indent(textwrap.dedent(quote), "  ")
    own.write_text(own.read_text("utf-8") + "quotes:\n" + moved, "utf-8")

    code, lines = _check(project, "-m", "roros")

    assert code == 1
    mine = line_of(project, "content/municipalities/roros.yaml", "- text:")
    theirs = line_of(project, f"{MONTH}/go-live.yaml", "Med dette") - 1
    assert any(
        x.startswith(f"content/municipalities/roros.yaml:{mine}:")
        and f"the same quote is in {MONTH}/go-live.yaml:{theirs}" in x
        for x in lines
    ), lines


def test_dates_after_the_month_are_refused(project: Path) -> None:
    edit(project, f"{MONTH}/go-live.yaml", "date: 2022-11-12", "date: 2023-11-12")
    edit(project, "content/history.yaml", "as_of: 2022-12-12", "as_of: 2032-12-12")

    code, lines = _check(project)

    assert code == 1
    event = line_of(project, f"{MONTH}/go-live.yaml", "2023-11-12")
    assert any(
        x.startswith(f"{MONTH}/go-live.yaml:{event}:")
        and "2023-11-12 is after the end of the month this content is for (2022-12" in x
        for x in lines
    ), lines
    entry = line_of(project, "content/history.yaml", "2032-12-12")
    assert any(
        x.startswith(f"content/history.yaml:{entry}:") and "after the latest content month" in x
        for x in lines
    ), lines


def test_the_same_quote_or_clipping_twice_and_blank_text_are_refused(project: Path) -> None:
    edit(
        project,
        f"{MONTH}/media.yaml",
        "  - outlet: Kommunal Rapport\n    date: 2022-11-15\n",
        "  - outlet: Kommunal Rapport\n    date: 2022-11-15\n"
        "  - outlet: Kommunal Rapport\n    date: 2022-11-15\n",
    )
    roros = project / "content" / "municipalities" / "roros.yaml"
    quote = "  - text: Vi er godt i gang.\n    speaker: Ola Nordmann\n"
    roros.write_text(
        roros.read_text("utf-8") + "quotes:\n" + quote + quote + 'contact: {name: ""}\n', "utf-8"
    )
    edit(project, f"{MONTH}/contact.yaml", "message:\n", 'title: "   "\nmessage:\n')

    code, lines = _check(project, "-m", "roros")
    _code, monthly = _check(project)

    assert code == 1
    assert any(
        x.startswith(f"{MONTH}/media.yaml:5:")
        and f"the same clipping is given twice (first at {MONTH}/media.yaml:3)" in x
        for x in monthly
    ), monthly
    second = line_of(project, "content/municipalities/roros.yaml", "- text:", 2)
    assert any(
        x.startswith(f"content/municipalities/roros.yaml:{second}:") and "the same quote" in x
        for x in lines
    ), lines
    assert any(
        x.startswith("content/municipalities/roros.yaml:")
        and "contact.name: this text is empty" in x
        for x in lines
    ), lines
    assert any(x.startswith(f"{MONTH}/contact.yaml:3:") and "empty" in x for x in lines), lines


def test_a_bad_municipality_value_does_not_hide_other_problems(project: Path) -> None:
    edit(project, "content/municipalities/skaun.yaml", "language: nb", "language: sv")
    edit(project, f"{MONTH}/metrics.yaml", "value: 16000", "value: mange")

    code, lines = _check(project, "-m", "skaun")

    assert code == 1
    assert any(x.startswith("content/municipalities/skaun.yaml:") for x in lines), lines
    assert any(x.startswith(f"{MONTH}/metrics.yaml:") for x in lines), lines


def test_new_month_refuses_a_month_far_in_the_future(project: Path) -> None:
    result = CliRunner().invoke(main, ["new-month", "2032-01", "--project", str(project)])

    assert result.exit_code == 1
    assert "2032-01 is 109 months after the latest month 2022-12" in result.output
    assert "The next month is 2023-01" in result.output
    assert not (project / "content" / "2032-01").exists()


def test_go_live_event_slides_follow_the_dates_not_the_file(project: Path, tmp_path: Path) -> None:
    from pptx import Presentation

    path = project / MONTH / "go-live.yaml"
    text = path.read_text("utf-8")
    second = text.index("  - date: 2022-11-12")
    first = text.index("  - date: 2022-05-07")
    path.write_text(text[:first] + text[second:] + text[first:second], "utf-8")

    result = CliRunner().invoke(
        main, ["build", str(project / "decks" / "monthly-briefing.yaml"), "--out", str(tmp_path)]
    )

    assert result.exit_code == 0, result.output
    titles = [
        s.shapes.title.text_frame.text
        for s in Presentation(str(tmp_path / "monthly-briefing.pptx")).slides
        if s.shapes.title
    ]
    dated = [t for t in titles if t.startswith(("7.", "12."))]
    assert dated[0].replace("\u00a0", " ").startswith("7. mai 2022"), titles
    assert "november" in dated[1], titles


def test_an_impossible_date_does_not_hide_the_other_errors(project: Path) -> None:
    path = project / MONTH / "metrics.yaml"
    text = path.read_text("utf-8").replace("as_of: 2022-12-12", "as_of: 2022-02-30")
    text = text.replace("value: 16000", "value: mange").replace("value: 218", "value: ingen")
    path.write_text(text + "colour: blue\n", "utf-8")

    code, lines = _check(project)

    assert code == 1
    file = f"{MONTH}/metrics.yaml"
    located = sorted(int(x.split(":")[1]) for x in lines if x.startswith(f"{file}:"))
    assert len(located) == 4, lines
    assert any("'2022-02-30' is not a valid date" in x for x in lines), lines
    assert any("unknown key 'colour'" in x or "colour" in x for x in lines), lines


def test_indentation_mistakes_are_said_in_plain_words(project: Path) -> None:
    path = project / MONTH / "metrics.yaml"
    text = path.read_text("utf-8").replace("    since: 2022-11-12", "   since: 2022-11-12", 1)
    path.write_text(text, "utf-8")

    code, lines = _check(project)

    assert code == 1
    line = line_of(project, f"{MONTH}/metrics.yaml", "   since: 2022-11-12")
    assert any(
        x.startswith(f"{MONTH}/metrics.yaml:{line}:")
        and f"YAML indentation: line {line} "
        f"is indented 3 spaces, unlike line {line - 1} above it (4 spaces)"
        in x
        for x in lines
    ), lines
    assert not any("<block end>" in x or "'?'" in x for x in lines), lines


def test_a_colon_inside_a_value_is_told_to_be_quoted_not_to_be_unindented(project: Path) -> None:
    """'message:' opens a block, so the line under it is meant to be indented: a second ': ' in
    its text is the mistake, and the advice is the line with its value quoted (unindenting it
    as the indentation advice said would break the file)."""
    path = project / MONTH / "helsami.yaml"
    text = path.read_text("utf-8")
    said = "  nb: Stadig flere bruker den nye innbyggerportalen."
    assert said in text
    path.write_text(text.replace(said, "  nb: Stadig flere: bruker den nye innbyggerportalen."))

    code, lines = _check(project)

    assert code == 1
    line = line_of(project, f"{MONTH}/helsami.yaml", "  nb: Stadig flere: bruker")
    (problem,) = [x for x in lines if x.startswith(f"{MONTH}/helsami.yaml:{line}:")]
    assert "put the value in quotes: nb: 'Stadig flere: bruker den nye innbyggerportalen.'" in (
        problem
    )
    assert "indentation" not in problem


def test_facts_and_indentation_are_said_in_the_users_language(project: Path) -> None:
    path = project / MONTH / "metrics.yaml"
    text = path.read_text("utf-8").replace("    since: 2022-11-12", "   since: 2022-11-12", 1)
    path.write_text(text, "utf-8")
    own = project / "content" / "municipalities" / "skaun.yaml"
    own.write_text(own.read_text("utf-8") + 'contact: {name: " "}\n', "utf-8")

    for language, indent, blank in (
        ("nb", "YAML-innrykk: linje {line} har innrykk på 3 mellomrom", "denne teksten er tom"),
        ("nn", "YAML-innrykk: linje {line} har innrykk på 3 mellomrom", "skriv han"),
        ("en", "YAML indentation: line {line} is indented 3 spaces", "this text is empty"),
    ):
        result = CliRunner(env={"HPDECK_LANG": language}).invoke(
            main, ["check", str(project / "decks" / "council-meeting.yaml"), "-m", "skaun"]
        )
        lines = result.output.splitlines()
        line = line_of(project, f"{MONTH}/metrics.yaml", "   since: 2022-11-12")
        assert any(
            x.startswith(f"{MONTH}/metrics.yaml:{line}:") and indent.format(line=line) in x
            for x in lines
        ), lines
        assert any(
            x.startswith("content/municipalities/skaun.yaml:") and blank in x for x in lines
        ), lines
