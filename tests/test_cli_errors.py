"""What a new user meets when a command goes wrong: one clear line, the right exit code."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from hpdeck.commands.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def deck(project: Path, name: str = "monthly-briefing") -> str:
    return str(project / "decks" / f"{name}.yaml")


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def one_error_line(result) -> str:  # type: ignore[no-untyped-def]
    assert "Traceback" not in result.output
    (line,) = [line for line in result.output.splitlines() if line.strip()]
    return line


# Writing output


def failing_for(suffix: str, code: int, real):  # type: ignore[no-untyped-def]
    """``real`` (os.replace or os.open), failing with ``code`` for paths ending in ``suffix``."""

    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        target = str(args[-1] if real is os.replace else args[0])
        if target.endswith(suffix) or f"{suffix}." in target:
            raise OSError(code, os.strerror(code), target)
        return real(*args, **kwargs)

    return wrapper


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_out_where_no_folder_can_be_made_is_one_line(project: Path) -> None:
    result = run("build", deck(project), "--out", "/proc/hpdeck-out")
    assert result.exit_code == 1
    assert one_error_line(result) == (
        "error: cannot write /proc/hpdeck-out/monthly-briefing.pptx: no such folder, and it "
        "cannot be created there; choose a folder you can write to with --out"
    )


def test_out_inside_a_file_names_the_file_problem(project: Path) -> None:
    target = project / "decks" / "monthly-briefing.yaml" / "x"
    result = run("build", deck(project), "--out", str(target))
    assert result.exit_code == 1
    assert one_error_line(result) == (
        f"error: cannot write {target}: a part of the path is a file, not a folder; "
        "choose a folder you can write to with --out"
    )


@pytest.mark.parametrize("where", ["open", "replace"])  # the temporary file, the rename
def test_permission_denied_while_writing_keeps_the_old_deck(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    out = tmp_path / "out"
    assert run("build", deck(project), "--out", str(out)).exit_code == 0
    before = (out / "monthly-briefing.pptx").read_bytes()

    monkeypatch.setattr(os, where, failing_for(".pptx", errno.EACCES, getattr(os, where)))
    result = run("build", deck(project), "--out", str(out))

    assert result.exit_code == 1
    assert one_error_line(result) == (
        f"error: cannot write {out / 'monthly-briefing.pptx'}: permission denied; "
        "choose a folder you can write to with --out"
    )
    assert (out / "monthly-briefing.pptx").read_bytes() == before
    assert os.listdir(out) == ["monthly-briefing.pptx"]


def test_a_full_disk_in_a_batch_is_reported_per_deck(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "replace", failing_for(".pptx", errno.ENOSPC, os.replace))
    result = run(
        "build", deck(project, "council-meeting"), "-m", "skaun", "--out", str(tmp_path / "out")
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        f"cannot write {tmp_path / 'out' / 'council-meeting-skaun.pptx'}: the disk is full"
        in result.output
    )


def test_new_month_in_a_folder_it_cannot_write(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hpdeck.content.newmonth

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(hpdeck.content.newmonth.tempfile, "mkdtemp", denied)
    result = run("new-month", "2023-01", "--project", str(project))
    assert result.exit_code == 1
    assert one_error_line(result) == (
        "error: cannot write content/2023-01: permission denied; check that you may write in "
        "the project's content/ folder"
    )
    assert not (project / "content" / "2023-01").exists()


def test_preview_pictures_in_a_folder_it_cannot_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hpdeck.export.preview
    from hpdeck.errors import RenderError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(
        hpdeck.export.preview,
        "render_decks",
        lambda decks, office, kept=None, ready=None, smaller=(): [
            [hpdeck.export.preview.RenderedSlide(b"", "")]
        ],
    )
    with pytest.raises(RenderError) as caught:
        hpdeck.export.preview.write_previews([tmp_path / "deck.pptx"], blocker, office=object())
    assert caught.value.format_message() == (
        f"cannot write {blocker / 'deck'}: a part of the path is a file, not a folder; "
        "choose a folder you can write to with --out"
    )


# preview names what the user gets


@pytest.mark.libreoffice
def test_preview_of_a_municipality_names_pictures_not_temporary_decks(
    project: Path, tmp_path: Path
) -> None:
    from tests.conftest import soffice_or_skip

    soffice_or_skip()
    out = tmp_path / "preview"
    result = run("preview", deck(project, "council-meeting"), "-m", "skaun", "--out", str(out))
    assert result.exit_code == 0, result.output
    folder = out / "council-meeting-skaun"
    slides = len(list(folder.glob("slide-*.png")))
    assert slides > 5
    assert result.output.splitlines() == [
        f"wrote {slides} slide pictures to {folder}/ and the contact sheet "
        f"{folder / 'contact-sheet.png'}"
    ]


# Images and logos at their YAML line


def test_missing_and_folder_images_are_reported_at_their_lines_all_at_once(
    project: Path, tmp_path: Path
) -> None:
    media = project / "content" / "2022-12" / "media.yaml"
    replace_in(
        media,
        "    headline: E-meldinger\n",
        "    headline: E-meldinger\n    image: media/nrk.png\n",
    )
    replace_in(
        media,
        "  - outlet: TV2.no\n    date: 2022-12-07\n",
        "  - outlet: TV2.no\n    date: 2022-12-07\n    image: content\n",
    )
    replace_in(project / "content" / "2022-12" / "metrics.yaml", "value: 16000", "value: mange")

    result = run("build", deck(project), "--out", str(tmp_path / "out"))

    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert (
        "content/2022-12/media.yaml:8:12: clippings[1].image: image file not found: "
        "media/nrk.png (paths are read from the project folder)"
    ) in lines
    assert (
        "content/2022-12/media.yaml:11:12: clippings[2].image: content is a folder, "
        "not an image file"
    ) in lines
    assert any(line.startswith("content/2022-12/metrics.yaml:5:12:") for line in lines)
    assert lines[-1] == "3 problems found; nothing was built."


def test_a_municipality_logo_is_reported_in_the_municipality_file(
    project: Path, tmp_path: Path
) -> None:
    skaun = project / "content" / "municipalities" / "skaun.yaml"
    replace_in(skaun, "short_name: Skaun\n", "short_name: Skaun\nlogo: logos/skaun.png\n")

    result = run("check", deck(project, "council-meeting"), "-m", "skaun")

    assert result.exit_code == 1
    assert (
        "content/municipalities/skaun.yaml:5:7: logo: image file not found: "
        "logos/skaun.png (paths are read from the project folder)"
    ) in result.output


# Usage errors: exit 2, locations and suggestions


def test_unknown_theme_in_the_deck_file_is_located_with_a_suggestion(project: Path) -> None:
    replace_in(
        project / "decks" / "monthly-briefing.yaml",
        "theme: helseplattformen",
        "theme: helseplanttformen",
    )
    result = run("check", deck(project))
    assert result.exit_code == 1
    assert (
        "decks/monthly-briefing.yaml:3:8: theme: no theme 'helseplanttformen' in themes/; "
        "did you mean 'helseplattformen'?"
    ) in result.output


@pytest.mark.parametrize("command", ["build", "check", "preview"])
def test_unknown_theme_option_is_a_usage_error(project: Path, command: str) -> None:
    result = run(command, deck(project), "--theme", "hc")
    assert result.exit_code == 2
    assert (
        "invalid value for '--theme': no theme 'hc' in themes/; did you mean 'high-contrast'?"
    ) in result.output


@pytest.mark.parametrize("month", ["2022-13", "desember", "12.2022"])
@pytest.mark.parametrize("command", ["build", "check", "preview"])
def test_malformed_month_is_a_usage_error(project: Path, command: str, month: str) -> None:
    result = run(command, deck(project), "--month", month)
    assert result.exit_code == 2
    assert f"expected a month like 2023-01, got '{month}'" in result.output


@pytest.mark.parametrize("command", ["build", "check", "preview"])
def test_a_month_without_content_is_a_usage_error_that_lists_the_months(
    project: Path, command: str
) -> None:
    """The option names a month the project has no folder for: the command line was asked
    wrongly (exit 2, as for an unknown theme), and a month after the latest is one to start."""
    past = run(command, deck(project), "--month", "2021-01")
    assert past.exit_code == 2
    assert "no content for month '2021-01'; available: 2022-12" in past.output
    assert "new-month" not in past.output

    coming = run(command, deck(project), "--month", "2023-01")
    assert coming.exit_code == 2
    assert "(to start it: hpdeck new-month 2023-01)" in coming.output


@pytest.mark.parametrize("command", ["build", "check", "preview"])
def test_a_deck_that_does_not_exist_is_a_usage_error(tmp_path: Path, command: str) -> None:
    result = run(command, str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "invalid value for 'DECK'" in result.output
    assert "does not exist" in result.output


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_content_file_given_as_the_deck_is_a_usage_error(project: Path, command: str) -> None:
    result = run(command, str(project / "content" / "2022-12" / "status.yaml"))
    assert result.exit_code == 2
    assert "invalid value for 'DECK'" in result.output
    assert "status.yaml' is not a deck: a deck file is in the decks/ folder" in result.output


def test_usage_errors_speak_the_ui_language(project: Path, tmp_path: Path) -> None:
    missing = run("build", "--ui-lang", "nb", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2
    # the argument by the name the usage line above it gives it
    assert "Bruk: main build [VALG] PRESENTASJON" in missing.output
    assert "feil: ugyldig verdi for 'PRESENTASJON':" in missing.output
    assert "nope.yaml' finnes ikke" in missing.output
    folder = run("check", "--ui-lang", "nn", str(project / "decks"))
    assert folder.exit_code == 2
    assert "decks' er ei mappe; gje ei fil" in folder.output
    earlier = run("new-month", "--ui-lang", "nb", "--project", str(project), "2021-01")
    assert earlier.exit_code == 1
    assert "2021-01 er før den siste måneden 2022-12" in earlier.output


def test_a_misspelt_command_is_refused_in_the_ui_language_with_the_nearest(
    project: Path,
) -> None:
    result = CliRunner().invoke(main, ["biuld"], env={"HPDECK_LANG": "nb"})
    assert result.exit_code == 2
    assert result.output.splitlines()[0].startswith("Bruk: ")
    assert "feil: ingen kommando heter 'biuld'; mente du build?" in result.output


def test_check_theme_of_an_unknown_theme_is_a_usage_error(project: Path) -> None:
    result = run("check-theme", "--project", str(project), "hc")
    assert result.exit_code == 2
    assert "invalid value for 'THEME': no theme 'hc' in themes/; did you mean 'high-contrast'?" in (
        result.output
    )


@pytest.mark.parametrize(
    ("given", "slug"),
    [
        ("Volda", "volda"),
        ("Midtre Gauldal", "midtre-gauldal"),
        ("Ørsta kommune", "orsta"),  # as its file's name: writes it
        ("Midtre Gauldal kommune", "midtre-gauldal"),
    ],
)
def test_a_municipality_may_be_named_as_people_write_it(
    project: Path, tmp_path: Path, given: str, slug: str
) -> None:
    result = run(
        "build", deck(project, "council-meeting"), "-m", given, "--out", str(tmp_path), "-q"
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.glob("*.pptx")] == [f"council-meeting-{slug}.pptx"]


def test_a_misspelt_municipality_name_gets_the_nearest_one(project: Path) -> None:
    result = run("check", deck(project, "council-meeting"), "-m", "Ørsta kommun")
    assert result.exit_code == 2
    assert "no municipality 'Ørsta kommun'" in result.output
    assert "did you mean 'orsta'?" in result.output  # not all 66 listed


def test_a_section_listed_twice_is_refused_at_its_line(project: Path) -> None:
    replace_in(
        project / "decks" / "monthly-briefing.yaml", "  - vision\n", "  - vision\n  - vision\n"
    )
    result = run("check", deck(project))
    assert result.exit_code == 1
    assert (
        "decks/monthly-briefing.yaml:6:3: sections: 'vision' listed more than once; each section "
        "is shown once, so remove the extra line"
    ) in result.output
    assert result.output.splitlines()[-1] == f"{deck(project)}: 1 problem found"


def test_a_negative_count_is_refused(project: Path) -> None:
    replace_in(project / "content" / "2022-12" / "metrics.yaml", "value: 16000", "value: -16000")
    result = run("check", deck(project))
    assert result.exit_code == 1
    assert "metrics.yaml:5:12: metrics[0].value:" in result.output
    assert "got -16000" in result.output


# --lang in the file name


def test_lang_other_than_the_decks_own_is_in_the_file_name(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", deck(project), "--out", str(out), "--lang", "en").exit_code == 0
    assert run("build", deck(project), "--out", str(out), "--lang", "nb").exit_code == 0
    result = run(
        "build", deck(project, "council-meeting"), "-m", "skaun", "--lang", "en", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "council-meeting-skaun-en.pptx",
        "monthly-briefing-en.pptx",
        "monthly-briefing.pptx",
    ]


def test_lang_of_the_municipality_keeps_the_plain_name(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(
        "build", deck(project, "council-meeting"), "-m", "skaun", "--lang", "nb", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["council-meeting-skaun.pptx"]


# Schemas for every kind of file


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("deck", "sections"),
        ("municipality", "overrides"),
        ("theme", "colors"),
        ("history", None),
        ("section", None),
    ],
)
def test_schema_for_each_kind_of_file_describes_every_field(kind: str, key: str | None) -> None:
    result = run("schema", "--kind", kind)
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"].endswith("2020-12/schema")
    if key:
        assert key in schema["properties"]
    if kind == "history":
        assert schema["type"] == "array"
    undocumented = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                if "description" not in prop:
                    undocumented.append(f"{where}.{name}")
            for name, value in node.items():
                walk(value, f"{where}.{name}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    walk(schema, "")
    assert not undocumented


def test_schema_rejects_an_unknown_kind() -> None:
    assert run("schema", "--kind", "slide").exit_code == 2


@pytest.mark.parametrize(
    ("language", "jobs", "lang"),
    [
        ("en", "'0' is less than 1, the least it can be", "'xx' is not one of nb, nn, en"),
        ("nb", "'0' er mindre enn 1, det minste det kan være", "'xx' er ikke en av nb, nn, en"),
        ("nn", "'0' er mindre enn 1, det minste det kan vere", "'xx' er ikkje ein av nb, nn, en"),
    ],
)
def test_a_value_out_of_its_range_or_choices_is_refused_in_the_users_language(
    project: Path, monkeypatch: pytest.MonkeyPatch, language: str, jobs: str, lang: str
) -> None:
    monkeypatch.setenv("HPDECK_LANG", language)

    for args, said in ((["-j", "0"], jobs), (["--lang", "xx"], lang)):
        result = CliRunner().invoke(main, ["build", deck(project), *args])
        assert result.exit_code == 2
        assert result.output.splitlines()[-1].endswith(said), result.output


def test_ctrl_c_exits_130_as_an_interrupted_command_does(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scripts tell an interrupted build (128 + SIGINT) from a content error (1)."""
    from hpdeck.pipeline import build

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "build", interrupted)
    result = run("build", deck(project))
    assert result.exit_code == 130
    assert "aborted" in result.output


def test_a_language_named_in_words_gets_its_code(project: Path) -> None:
    """'nynorsk' where hpdeck asks for a language code: the code to write, on the command
    line and in a municipality file alike."""
    result = run("build", deck(project), "--lang", "nynorsk")
    assert result.exit_code == 2
    assert "'nynorsk' is not one of nb, nn, en; did you mean 'nn'?" in result.output

    replace_in(
        project / "content" / "municipalities" / "volda.yaml", "language: nn", "language: Nynorsk"
    )
    checked = run("check", deck(project, "council-meeting"), "-m", "volda")
    assert checked.exit_code == 1
    assert "language: expected one of 'nb', 'nn', got 'Nynorsk'; did you mean 'nn'?" in (
        checked.output
    )
