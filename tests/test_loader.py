"""Loader: every bad file becomes a located ContentError, never a crash or a hang."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from hpdeck.content.loader import Document, format_loc, inside_project, load_yaml, parse_yaml
from hpdeck.errors import ContentError

DISPLAY = "content/x.yaml"


def messages(text: str | bytes) -> list[str]:
    """Every problem line a user would see for text."""
    with pytest.raises(ContentError) as caught:
        parse_yaml(text, display=DISPLAY)
    return [str(problem) for problem in caught.value.problems]


def test_values_are_plain_python_resolved_like_safe_loader() -> None:
    doc = parse_yaml(
        "title: Status\ncount: 16000\nshare: 3.76\nlive: true\nnone: ~\nwhen: 2022-12-12\n"
        "at: 2022-12-12 10:00:00\nquoted: '12'\nequals: =\n",
        display=DISPLAY,
    )
    assert doc.data == {
        "title": "Status",
        "count": 16000,
        "share": 3.76,
        "live": True,
        "none": None,
        "when": datetime.date(2022, 12, 12),
        "at": datetime.datetime(2022, 12, 12, 10, 0),
        "quoted": "12",
        "equals": "=",
    }


def test_positions_of_values_and_keys_in_nested_lists() -> None:
    doc = parse_yaml(
        "metrics:\n  - name: a\n    value: 1\n  - name: b\n    value: 2\n", display=DISPLAY
    )
    assert doc.positions[()] == (1, 1)
    assert doc.positions[("metrics",)] == (2, 3)
    assert doc.positions[("metrics", 1)] == (4, 5)
    assert doc.positions[("metrics", 1, "value")] == (5, 12)
    assert doc.key_positions[("metrics", 1, "value")] == (5, 5)
    assert doc.key_positions[("metrics",)] == (1, 1)


def test_locate_falls_back_to_nearest_ancestor_and_prefers_keys_on_request() -> None:
    doc = parse_yaml("metrics:\n  - name: a\n", display=DISPLAY)
    assert doc.locate(("metrics", 0, "value")) == (2, 5)
    assert doc.locate(("metrics", 0, "name"), key=True) == (2, 5)
    assert doc.locate(("metrics", 0, "name")) == (2, 11)
    assert doc.locate(("nothing", 3)) == (1, 1)
    assert parse_yaml("", display=DISPLAY).locate(("a",)) == (None, None)


def test_empty_file_gives_none() -> None:
    assert parse_yaml("", display=DISPLAY).data is None
    assert parse_yaml("# only a comment\n", display=DISPLAY).data is None


def test_utf8_bom_is_accepted() -> None:
    assert parse_yaml(b"\xef\xbb\xbftitle: bl\xc3\xa5\n", display=DISPLAY).data == {"title": "blå"}


def test_syntax_error_has_line_col_and_hint() -> None:
    assert messages("title: ok\nsubtitle: Status: ok\n") == [
        "content/x.yaml:2:17: YAML syntax error: mapping values are not allowed here "
        "(the value has ': ' in it, which YAML reads as the start of another key; put the value "
        "in quotes: subtitle: 'Status: ok')"
    ]
    # Single quotes: a backslash stays a backslash, a quote inside is doubled, and a comment
    # stays a comment; the advice, pasted in, reads back as the text that was meant.
    (advice,) = messages("title: ok\nnote: K:\\Felles\\HP: Ola's mappe  # sjekk\n")
    fixed = advice.split("put the value in quotes: ", 1)[1].removesuffix(")")
    assert fixed == "note: 'K:\\Felles\\HP: Ola''s mappe'  # sjekk"
    assert yaml.safe_load(fixed) == {"note": "K:\\Felles\\HP: Ola's mappe"}


def test_unclosed_quote_names_where_it_started() -> None:
    assert messages("title: 'Status\nvalue: 2\n") == [
        "content/x.yaml:3:1: YAML syntax error: found unexpected end of stream "
        "(a quoted value starting at line 1 is never closed)"
    ]


def test_tabs_get_a_hint() -> None:
    assert messages("metrics:\n\t- value: 1\n") == [
        "content/x.yaml:2:1: YAML syntax error: found character '\\t' that cannot start any token "
        "(YAML does not allow tabs for indentation; use spaces)"
    ]


def test_duplicate_keys_report_both_lines() -> None:
    assert messages("metrics:\n  - name: a\n    value: 1\n    value: 2\nmetrics: []\n") == [
        "content/x.yaml:4:5: metrics[0]: duplicate key 'value' (first at line 3)",
        "content/x.yaml:5:1: duplicate key 'metrics' (first at line 1)",
    ]


def test_keys_must_be_text() -> None:
    assert messages("2022: x\nyes: y\n[a]: z\n") == [
        "content/x.yaml:1:1: keys must be text, got 2022 (put it in quotes)",
        "content/x.yaml:2:1: keys must be text, got yes (put it in quotes)",
        "content/x.yaml:3:1: keys must be text, not a list or mapping",
    ]


def test_unknown_tags_and_merge_keys_are_refused() -> None:
    assert messages("a: !secret x\nb: !!binary aGk=\nc: &c {x: 1}\nd:\n  <<: *c\n") == [
        "content/x.yaml:1:4: a: unknown tag '!secret'; remove it",
        "content/x.yaml:2:4: b: unknown tag '!!binary'; remove it",
        "content/x.yaml:5:3: d: merge keys ('<<') are not supported; write the keys out in full",
    ]


def test_impossible_date_is_a_problem() -> None:
    assert messages("when: 2022-02-30\n") == [
        "content/x.yaml:1:7: when: '2022-02-30' is not a valid date (day is out of range for month)"
    ]


def test_nul_bytes_mean_binary() -> None:
    assert messages(b"title: a\x00b\n") == [
        "content/x.yaml:1:9: file contains NUL bytes; is it a binary file?"
    ]


def test_non_utf8_names_byte_offset() -> None:
    assert messages("title: ok\nsted: Trøndelag\n".encode("latin-1")) == [
        "content/x.yaml:2:9: file is not valid UTF-8 (byte 0xf8 at byte offset 18); "
        "save it as UTF-8"
    ]


def test_utf16_is_named() -> None:
    assert messages("title: ok\n".encode("utf-16")) == [
        "content/x.yaml: file is saved as UTF-16; save it as UTF-8"
    ]


def test_control_characters_are_located() -> None:
    assert messages("title: a\x07b\n") == [
        "content/x.yaml:1:9: file contains a character YAML does not allow (#x0007); remove it"
    ]


def test_too_large() -> None:
    assert messages(b"#" * (2 * 1024 * 1024 + 1)) == [
        "content/x.yaml: file is larger than 2 MiB; content files are small"
    ]


def test_alias_bomb_is_refused() -> None:
    """Nine levels of nine aliases would expand to 387 million values; the loader stops counting."""
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    found = messages("\n".join(lines) + "\n")
    assert len(found) == 1
    assert found[0].endswith(
        ": too many values (YAML aliases expand to more than 100000); simplify the file"
    )


def test_alias_loop_is_refused() -> None:
    assert messages("a: &x [1, *x]\n") == [
        "content/x.yaml:1:4: a YAML alias refers to a value that contains it; remove the loop"
    ]


def test_nesting_limit() -> None:
    assert parse_yaml("[" * 50 + "]" * 50, display=DISPLAY).data is not None
    too_deep = "content/x.yaml:1:51: values are nested more than 50 levels deep; simplify the file"
    assert messages("[" * 51 + "]" * 51) == [too_deep]
    assert messages("[" * 200_000 + "]" * 200_000) == [too_deep.replace(":51:", ":52:")]


def test_nesting_through_aliases_is_limited() -> None:
    inner = "[" * 30 + "1" + "]" * 30
    found = messages(f"a: &a {inner}\nb: {'[' * 30}*a{']' * 30}\n")
    assert found == [
        "content/x.yaml:1:26: values are nested more than 50 levels deep; simplify the file"
    ]


def test_several_documents_are_refused() -> None:
    assert messages("title: a\n---\ntitle: b\n") == [
        "content/x.yaml:2:1: file holds more than one YAML document; keep one document per file"
    ]


def test_format_loc() -> None:
    assert format_loc(("metrics", 0, "value")) == "metrics[0].value"
    assert format_loc((0, "a", 1, 2)) == "[0].a[1][2]"
    assert format_loc(()) == ""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "content" / "x.yaml").write_text("title: Status\n", encoding="utf-8")
    (tmp_path / "secret.yaml").write_text("password: x\n", encoding="utf-8")
    return root


def test_load_yaml_shows_paths_relative_to_root(project: Path) -> None:
    doc = load_yaml(project / "content" / "x.yaml", root=project)
    assert isinstance(doc, Document)
    assert doc.display == "content/x.yaml"
    assert doc.path == (project / "content" / "x.yaml").resolve()
    assert doc.data == {"title": "Status"}
    assert load_yaml(Path("content/x.yaml"), root=project).display == "content/x.yaml"


def test_load_yaml_missing_file_and_folder(project: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_yaml(Path("content/nope.yaml"), root=project)
    assert str(caught.value) == "content/nope.yaml: file not found"
    with pytest.raises(ContentError) as caught:
        load_yaml(Path("content"), root=project)
    assert str(caught.value) == "content: this is a folder, not a file"


def test_dotdot_leaves_project(project: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_yaml(Path("../secret.yaml"), root=project)
    assert str(caught.value) == "../secret.yaml: path leaves the project folder"
    with pytest.raises(ContentError):
        inside_project(project / "content" / ".." / ".." / "secret.yaml", project, display="x")


def test_absolute_path_outside_leaves_project(project: Path) -> None:
    with pytest.raises(ContentError) as caught:
        inside_project(project.parent / "secret.yaml", project, display="logo")
    assert str(caught.value) == "logo: path leaves the project folder"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_out_of_project_is_refused(project: Path) -> None:
    (project / "content" / "link.yaml").symlink_to(project.parent / "secret.yaml")
    with pytest.raises(ContentError) as caught:
        load_yaml(project / "content" / "link.yaml", root=project)
    assert str(caught.value) == "content/link.yaml: path leaves the project folder"


def test_inside_project_returns_resolved_path(project: Path) -> None:
    found = inside_project(Path("content/../content/x.yaml"), project, display="x")
    assert found == (project / "content" / "x.yaml").resolve()


YAMLISH = st.lists(
    st.sampled_from(
        [
            "a",
            ":",
            " ",
            "\n",
            "  ",
            "- ",
            "[",
            "]",
            "{",
            "}",
            ",",
            "&x ",
            "*x",
            "!t ",
            "'",
            '"',
            "#",
            "---",
            "<<",
            "\t",
            "2022-12-12",
            "1",
            "?",
            "|",
            ">",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.binary(), YAMLISH))
def test_parse_yaml_never_crashes(text: str | bytes) -> None:
    try:
        doc = parse_yaml(text, display=DISPLAY)
    except ContentError as exc:
        assert exc.problems
    else:
        assert isinstance(doc, Document)


def _read_both_ways(text: str | bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """What a user gets from ``text`` with libyaml's parser and with PyYAML's own."""
    from hpdeck.content import loader

    def outcome() -> object:
        try:
            doc = parse_yaml(text, display=DISPLAY)
        except ContentError as exc:
            return [str(p) for p in exc.problems]
        return doc.data, doc.positions, doc.key_positions

    fast = outcome()
    with monkeypatch.context() as patch:
        patch.setattr(loader, "_FastLoader", None)
        slow = outcome()
    return fast, slow


def test_the_sample_content_reads_the_same_with_and_without_libyaml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hpdeck.content import loader

    if loader._FastLoader is None:
        pytest.skip("PyYAML was built without libyaml")
    root = Path(__file__).resolve().parents[1]
    files = sorted((root / "content").rglob("*.yaml"))
    assert len(files) > 60
    for path in files:
        fast, slow = _read_both_ways(path.read_bytes(), monkeypatch)
        assert fast == slow, path


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        YAMLISH,
        st.tuples(YAMLISH, YAMLISH).map(lambda p: f"title: {p[0]}\nitems:\n  - {p[1]}\n"),
        st.tuples(YAMLISH, YAMLISH).map(lambda p: f"text: {{nb: {p[0]}, nn: {p[1]}}}\n"),
    )
)
def test_mistakes_read_the_same_with_and_without_libyaml(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow = _read_both_ways(text, monkeypatch)
    assert fast == slow
