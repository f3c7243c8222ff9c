"""Validation: pydantic errors become one located, plain-language line each."""

from __future__ import annotations

import datetime
import enum
import re
from pathlib import Path
from typing import Annotated, Literal

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field, RootModel, field_validator

from hpdeck.content.loader import parse_yaml
from hpdeck.content.validation import format_loc, validate
from hpdeck.errors import ContentError

DISPLAY = "content/x.yaml"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Metric(Strict):
    name: str
    value: float
    patients: int = 0
    live: bool = False


class Colour(enum.Enum):
    RED = "red"
    GREEN = "green"


class Report(Strict):
    title: str
    month: datetime.date
    metrics: list[Metric] = []
    tags: list[str] = []
    totals: dict[str, int] = {}
    layout: Literal["wide", "narrow"] = "wide"
    colour: Colour = Colour.RED
    subtitle: str = Field("", alias="sub-title")
    owner: Metric | None = None

    @field_validator("title")
    @classmethod
    def not_shouting(cls, title: str) -> str:
        if title.isupper():
            raise ValueError("title should not be all capitals")
        return title


class Chart(Strict):
    kind: Literal["chart"]
    series: list[float]


class Quote(Strict):
    kind: Literal["quote"]
    text: str


class Slides(Strict):
    slides: list[Annotated[Chart | Quote, Field(discriminator="kind")]]
    extras: list[Chart | Quote] = []


class Names(RootModel[list[Metric]]):
    pass


HEAD = "title: Status\nmonth: 2022-12-01\n"


def messages(model: type[BaseModel], text: str) -> list[str]:
    """Every problem line a user would see when text does not fit model."""
    with pytest.raises(ContentError) as caught:
        validate(model, parse_yaml(text, display=DISPLAY))
    return [str(problem) for problem in caught.value.problems]


def test_valid_document_gives_the_model() -> None:
    report = validate(Report, parse_yaml(HEAD + "sub-title: Dec\n", display=DISPLAY))
    assert report.title == "Status"
    assert report.subtitle == "Dec"
    assert report.month == datetime.date(2022, 12, 1)


def test_wrong_number_in_nested_list_points_at_the_value() -> None:
    text = HEAD + "metrics:\n  - name: a\n    value: 1\n  - name: b\n    value: mange\n"
    assert messages(Report, text) == [
        "content/x.yaml:7:12: metrics[1].value: expected a number, got 'mange' "
        "(write digits only, e.g. 16000 or 3.76)"
    ]


def test_whole_numbers() -> None:
    assert messages(Report, HEAD + "metrics:\n  - {name: a, value: 1, patients: 3.5}\n") == [
        "content/x.yaml:4:35: metrics[0].patients: expected a whole number, got 3.5"
    ]
    assert messages(Report, HEAD + "totals:\n  jan: 16 000\n") == [
        "content/x.yaml:4:8: totals.jan: expected a whole number, got '16 000' "
        "(write digits only: 16000)"
    ]


def test_misspelt_key_suggests_the_right_one_at_the_key() -> None:
    text = HEAD + "metrics:\n  - name: a\n    vlaue: 1\n"
    assert messages(Report, text) == [
        "content/x.yaml:4:5: metrics[0]: required key 'value' is missing",
        "content/x.yaml:5:5: metrics[0].vlaue: unknown key 'vlaue'; did you mean 'value'?",
    ]


def test_unknown_key_lists_allowed_keys_using_aliases() -> None:
    assert messages(Report, HEAD + "colours: red\nfoo: 1\n") == [
        "content/x.yaml:3:1: colours: unknown key 'colours'; did you mean 'colour'?",
        "content/x.yaml:4:1: foo: unknown key 'foo'; allowed keys: title, month, metrics, tags, "
        "totals, layout, colour, sub-title, owner",
    ]


def test_missing_key_points_at_parent_mapping() -> None:
    assert messages(Report, "title: Status\n") == [
        "content/x.yaml:1:1: required key 'month' is missing"
    ]


def test_wrong_types() -> None:
    text = (
        "title: 12\nmonth: 12.12.2022\ntags: budget\nmetrics:\n  - name: a\n    value: 1\n"
        "    live: kanskje\nowner: [a]\n"
    )
    assert messages(Report, text) == [
        "content/x.yaml:1:8: title: expected text, got 12 (put it in quotes)",
        "content/x.yaml:2:8: month: expected a date like 2022-12-12, got '12.12.2022'",
        "content/x.yaml:3:7: tags: expected a list (lines starting with '- '), got 'budget'",
        "content/x.yaml:7:11: metrics[0].live: expected true or false, got 'kanskje'",
        "content/x.yaml:8:8: owner: expected a mapping of keys (key: value), got a list",
    ]


def test_empty_value_reads_as_nothing() -> None:
    assert messages(Report, "title:\nmonth: 2022-12-01\n") == [
        "content/x.yaml:1:7: title: expected text, got nothing"
    ]


def test_empty_file_is_not_a_mapping() -> None:
    assert messages(Report, "") == [
        "content/x.yaml: expected a mapping of keys (key: value), got nothing"
    ]


def test_literal_and_enum_choices_with_did_you_mean() -> None:
    assert messages(Report, HEAD + "layout: wdie\ncolour: blue\n") == [
        "content/x.yaml:3:9: layout: expected one of 'wide', 'narrow', got 'wdie'; "
        "did you mean 'wide'?",
        "content/x.yaml:4:9: colour: expected one of 'red', 'green', got 'blue'",
    ]


def test_custom_validator_message_without_prefix() -> None:
    assert messages(Report, "title: STATUS\nmonth: 2022-12-01\n") == [
        "content/x.yaml:1:8: title: title should not be all capitals"
    ]


def test_too_long_text_says_how_long_in_plain_words() -> None:
    class Short(Strict):
        code: str = Field(max_length=3)
        name: str = Field("x", min_length=1)

    assert messages(
        Short, "code: ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ\nname: ''\n"
    ) == [
        "content/x.yaml:1:7: code: at most 3 characters, got 52: "
        "'ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJK...'",
        "content/x.yaml:2:7: name: must not be empty",
    ]


def test_other_errors_keep_pydantic_wording_and_value() -> None:
    class Even(Strict):
        count: int = Field(multiple_of=2)

    assert messages(Even, "count: 3\n") == [
        "content/x.yaml:1:8: count: Input should be a multiple of 2, got 3"
    ]


class Settings(Strict):
    type: Literal["settings"] = "settings"
    language: Literal["nb", "nn", "en"] = "nb"
    title: str = ""
    value: float = 0
    count: int = Field(0, ge=0)
    total: int = Field(1, gt=0)
    share: float = Field(0.5, gt=0, le=1)
    metrics: list[int] = Field([], max_length=6)
    stages: list[int] = Field([1], min_length=1)


class Palette(Strict):
    colours: list[str] = Field([], max_length=5)


def test_yaml_booleans_are_explained() -> None:
    assert messages(Settings, "language: no\ntitle: yes\n") == [
        "content/x.yaml:1:11: language: expected one of 'nb', 'nn', 'en', got false "
        "(YAML reads no/yes/on/off as true/false; put it in quotes, or write nb, nn or en)",
        "content/x.yaml:2:8: title: expected text, got true "
        "(YAML reads no/yes/on/off as true/false; put it in quotes)",
    ]


def test_bounds_in_plain_words_and_shares_as_fractions() -> None:
    assert messages(Settings, "count: -5\ntotal: 0\nshare: 70\n") == [
        "content/x.yaml:1:8: count: must be 0 or more, got -5",
        "content/x.yaml:2:8: total: must be more than 0, got 0",
        "content/x.yaml:3:8: share: must be at most 1, got 70 "
        "(shares are fractions: write 0.7 for 70 %)",
    ]
    assert messages(Settings, "share: 250\n") == [
        "content/x.yaml:1:8: share: must be at most 1, got 250"
    ]


def test_list_lengths_in_plain_words() -> None:
    assert messages(Settings, "metrics: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]\nstages: []\n") == [
        "content/x.yaml:1:10: metrics: at most 6 items, got 11; "
        "split them over two sections or drop some",
        "content/x.yaml:2:9: stages: needs at least 1 item, got none",
    ]
    assert messages(Palette, "colours: [a, b, c, d, e, f]\n") == [
        "content/x.yaml:1:10: colours: at most 5 items, got 6; drop 1"
    ]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("3,76 millioner", "write the full number in digits: 3760000"),
        ("3,7 mrd. kroner", "write the full number in digits: 3700000000"),
        ("tusen", "write the full number in digits: 1000"),
        ("70 %", "write a fraction: 0.7 for 70 %"),
        ("3,76", "use a decimal point: 3.76"),
        ("16,000", "write 16000, or 16 if the comma is a decimal comma"),
        ("3,500", "write 3500, or 3.5 if the comma is a decimal comma"),
        ("16 000", "write digits only: 16000"),
        ("12 timer", "write digits only: 12"),
        ("mange", "write digits only, e.g. 16000 or 3.76"),
    ],
)
def test_number_hint_follows_what_was_written(written: str, hint: str) -> None:
    assert messages(Settings, f"value: {written}\n") == [
        f"content/x.yaml:1:8: value: expected a number, got '{written}' ({hint})"
    ]


@pytest.mark.parametrize("written", ["16,000", "3,500", "0,250"])
def test_each_number_a_hint_suggests_is_accepted(written: str) -> None:
    """What the hint says to write instead reads as a number (16.000, once suggested for a
    decimal comma, is refused as a thousands dot)."""
    (problem,) = messages(Settings, f"value: {written}\n")
    suggested = re.findall(r"write (\S+), or (\S+) if", problem)
    assert suggested, problem
    for number in suggested[0]:
        settings = validate(Settings, parse_yaml(f"value: {number}\n", display=DISPLAY))
        assert settings.value == float(number)


def test_a_comma_that_split_a_value_in_braces_is_told_to_quote_it() -> None:
    """'{title: a, b og c}': YAML reads 'b og c' as a key of its own."""
    assert messages(Settings, "{title: a, b og c}\n") == [
        "content/x.yaml:1:12: b og c: unknown key 'b og c' (if a comma inside { } split a value "
        "here, put that value in quotes, e.g. {role: 'advisor, project and operations'})"
    ]


def test_a_misspelt_key_with_a_space_still_gets_the_nearest_key() -> None:
    assert messages(Settings, "titl e:\n") == [
        "content/x.yaml:1:1: titl e: unknown key 'titl e'; did you mean 'title'?"
    ]


def test_whole_number_hints() -> None:
    assert messages(Settings, "count: 2 millioner\ntotal: '3,5'\n") == [
        "content/x.yaml:1:8: count: expected a whole number, got '2 millioner' "
        "(write the full number in digits: 2000000)",
        "content/x.yaml:2:8: total: expected a whole number, got '3,5' "
        "(write digits only, e.g. 16000)",
    ]


def test_discriminated_union_tags() -> None:
    text = (
        "slides:\n  - kind: chrat\n    series: [1]\n  - text: hi\n  - kind: quote\n    txet: hi\n"
    )
    assert messages(Slides, text) == [
        "content/x.yaml:2:11: slides[0].kind: expected one of 'chart', 'quote', got 'chrat'; "
        "did you mean 'chart'?",
        "content/x.yaml:4:5: slides[1]: required key 'kind' is missing",
        "content/x.yaml:5:5: slides[2]: required key 'text' is missing",
        "content/x.yaml:6:5: slides[2].txet: unknown key 'txet'; did you mean 'text'?",
    ]


def test_plain_union_reports_only_the_closest_member() -> None:
    text = "slides: []\nextras:\n  - kind: chart\n    series: [1, x]\n"
    assert messages(Slides, text) == [
        "content/x.yaml:4:17: extras[0].series[1]: expected a number, got 'x' "
        "(write digits only, e.g. 16000 or 3.76)"
    ]


def test_root_model_and_loc_prefix() -> None:
    doc = parse_yaml("deck:\n  people:\n    - name: a\n      value: x\n", display=DISPLAY)
    with pytest.raises(ContentError) as caught:
        validate(Names, doc, loc_prefix=("deck", "people"))
    assert [str(p) for p in caught.value.problems] == [
        "content/x.yaml:4:14: deck.people[0].value: expected a number, got 'x' "
        "(write digits only, e.g. 16000 or 3.76)"
    ]
    with pytest.raises(ContentError) as caught:
        validate(Names, doc, data=doc.data["deck"]["people"], loc_prefix=("deck", "people"))
    assert caught.value.problems[0].where == "deck.people[0].value"


def test_format_loc_is_exported() -> None:
    assert format_loc(("metrics", 0, "value")) == "metrics[0].value"


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50) | st.dates(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "title",
                    "month",
                    "metrics",
                    "name",
                    "value",
                    "vlaue",
                    "slides",
                    "kind",
                    "series",
                    "text",
                    "extras",
                    "x",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(JSONISH, st.sampled_from([Report, Slides, Names]))
def test_validate_never_crashes(data: object, model: type[BaseModel]) -> None:
    try:
        validate(model, parse_yaml(yaml.safe_dump(data), display=DISPLAY))
    except ContentError as exc:
        assert all(problem.message for problem in exc.problems)


def test_hpdeck_check_shows_the_plain_messages(project: Path) -> None:
    """What a new user sees from `hpdeck check` after the usual slips in the sample project."""
    from click.testing import CliRunner

    from hpdeck.commands.cli import main

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), "utf-8")

    month = project / "content" / "2022-12"
    edit(project / "decks" / "monthly-briefing.yaml", "language: nb", "language: no")
    edit(month / "economy.yaml", "share: 0.70", "share: 70")
    edit(month / "metrics.yaml", "value: 3760000", "value: 3,76 millioner")
    result = CliRunner().invoke(
        main, ["check", str(project / "decks" / "monthly-briefing.yaml")], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert (
        "decks/monthly-briefing.yaml:4:11: language: expected one of 'nb', 'nn', 'en', "
        "got false (YAML reads no/yes/on/off as true/false; put it in quotes, "
        "or write nb, nn or en)"
    ) in result.output.splitlines()
    assert "Traceback" not in result.output

    edit(project / "decks" / "monthly-briefing.yaml", "language: no", "language: nn")
    result = CliRunner().invoke(
        main, ["check", str(project / "decks" / "monthly-briefing.yaml")], catch_exceptions=False
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert (
        "content/2022-12/economy.yaml:7:12: split[0].share: must be at most 1, got 70 "
        "(shares are fractions: write 0.7 for 70 %)"
    ) in lines
    assert (
        "content/2022-12/metrics.yaml:7:12: metrics[1].value: expected a number, "
        "got '3,76 millioner' (write the full number in digits: 3760000)"
    ) in lines


class Picture(Strict):
    path: str
    alt_text: str = ""
    decorative: bool = False


def test_a_word_of_a_longer_key_suggests_that_key() -> None:
    """'alt' is no close spelling of 'alt_text' by letters, but its first word."""
    assert messages(Picture, "path: a.png\nalt: Kart over regionen\n") == [
        "content/x.yaml:2:1: alt: unknown key 'alt'; did you mean 'alt_text'?"
    ]
