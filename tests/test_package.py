"""hpdeck outside its repository: the wheel carries themes, locales and a sample project;
`hpdeck init` makes a project that builds at once, in a folder with spaces and æøå."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from hpdeck.commands.cli import main

from .conftest import REPO, soffice_or_skip

TITLE = "Status for kommunene og Helseplattformen"


def texts(deck: Path) -> list[str]:
    """Every text on every slide, in order."""
    return [
        shape.text_frame.text
        for slide in Presentation(str(deck)).slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]


def test_init_makes_a_project_that_builds_where_the_path_has_spaces_and_aeoeaa(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "Råd og utvalg" / "Møte i Øyer"
    runner = CliRunner()
    made = runner.invoke(main, ["init", str(folder)])
    assert made.exit_code == 0, made.output
    assert f'cd "{folder}"' in made.output
    assert (folder / "LESMEG.md").read_text("utf-8").startswith("# Presentasjoner med hpdeck")
    months = [p.name for p in (folder / "content").iterdir() if p.name != "municipalities"]
    assert len(months) == 1
    settings = json.loads((folder / ".vscode" / "settings.json").read_text("utf-8"))
    for schema, files in settings["yaml.schemas"].items():
        assert (folder / schema).is_file(), schema
        assert files.split("/")[0] in {"content", "decks", "themes"}
    assert "content/2*/*.yaml" in settings["yaml.schemas"].values()
    out = folder / "ut data"
    built = runner.invoke(
        main, ["build", str(folder / "decks" / "monthly-briefing.yaml"), "--out", str(out)]
    )
    assert built.exit_code == 0, built.output
    assert TITLE in texts(out / "monthly-briefing.pptx")
    council = runner.invoke(
        main,
        ["build", str(folder / "decks" / "council-meeting.yaml"), "-m", "skaun", "--out", str(out)],
    )
    assert council.exit_code == 0, council.output
    assert any("Skaun" in text for text in texts(out / "council-meeting-skaun.pptx"))
    again = runner.invoke(main, ["init", str(folder)])
    assert again.exit_code == 1
    assert "not an empty folder" in again.output


def test_a_theme_that_comes_with_hpdeck_gets_its_own_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "prosjekt"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(folder)]).exit_code == 0
    deck = str(folder / "decks" / "monthly-briefing.yaml")
    for theme in (None, "high-contrast", "corporate"):
        extra = ["--theme", theme] if theme else []
        result = runner.invoke(main, ["build", deck, "--out", str(tmp_path / "out"), *extra])
        assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "out").glob("*.pptx"))
    assert names == [
        "monthly-briefing-corporate.pptx",
        "monthly-briefing-high-contrast.pptx",
        "monthly-briefing.pptx",
    ]
    corporate = Presentation(str(tmp_path / "out" / "monthly-briefing-corporate.pptx"))
    assert corporate.slides[0].slide_layout.name == "Forside"


def test_the_committed_corporate_template_is_what_its_script_makes(tmp_path: Path) -> None:
    made = tmp_path / "template.pptx"
    subprocess.run(
        [sys.executable, str(REPO / "themes" / "make_template.py"), str(made)],
        check=True,
        capture_output=True,
    )
    assert made.read_bytes() == (REPO / "themes" / "corporate" / "template.pptx").read_bytes()


def test_shell_completion_offers_municipalities_and_themes(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)

    def complete(*words: str) -> list[str]:
        env = {
            "_HPDECK_COMPLETE": "bash_complete",
            "COMP_WORDS": " ".join(words),
            "COMP_CWORD": str(len(words) - 1),
        }
        result = CliRunner().invoke(main, [], env=env, prog_name="hpdeck")
        return [line.split(",", 1)[1] for line in result.output.splitlines()]

    assert complete("hpdeck", "build", "decks/council-meeting.yaml", "-m", "sk") == ["skaun"]
    assert "trondheim" in complete("hpdeck", "build", "decks/council-meeting.yaml", "-m", "")
    assert complete("hpdeck", "check", "decks/monthly-briefing.yaml", "--theme", "h") == [
        "helseplattformen",
        "high-contrast",
    ]
    assert "corporate" in complete("hpdeck", "preview", "x.yaml", "--theme", "")


def _wheel(tmp_path: Path) -> Path:
    """The wheel, built from a copy of the repository so the checkout stays clean."""
    source = tmp_path / "source"
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy2(REPO / name, source / name if source.exists() else _mkdir(source) / name)
    for folder in ("src", "themes", "decks", "content"):
        shutil.copytree(
            REPO / folder,
            source / folder,
            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
        )
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
    )
    if built.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"pip wheel failed:\n{built.stderr}")
        pytest.skip(f"cannot build the wheel here (no package index?): {built.stderr[-300:]}")
    (wheel,) = (tmp_path / "dist").glob("hpdeck-*.whl")
    return wheel


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


def test_the_wheel_installed_outside_the_repository_inits_builds_checks_and_exports(
    tmp_path: Path,
) -> None:
    wheel = _wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    for part in (
        "hpdeck/locales/nb.yaml",
        "hpdeck/locales/messages/nb.yaml",
        "hpdeck/starter/themes/helseplattformen/theme.yaml",
        "hpdeck/starter/themes/corporate/template.pptx",
        "hpdeck/starter/decks/monthly-briefing.yaml",
        "hpdeck/starter/content/municipalities/skaun.yaml",
    ):
        assert part in names, part
    assert not [n for n in names if n.endswith("make_template.py")]

    venv = tmp_path / "fresh venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
    )
    # hpdeck's dependencies come from this test's environment instead of the network: a path
    # line in a .pth file adds that site-packages after the fresh one, without its .pth files
    # (so not this checkout's editable hpdeck).
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    )
    Path(site.stdout.strip(), "dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", "utf-8"
    )

    work = tmp_path / "Mine møter"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env |= {"HPDECK_LANG": "nb"}

    def hpdeck(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(scripts / "hpdeck"), *args],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    where = subprocess.run(
        [str(python), "-c", "import hpdeck; print(hpdeck.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(venv)
    module = subprocess.run(
        [str(python), "-m", "hpdeck", "--version"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert module.stdout.strip() == "hpdeck, version 0.1.0"  # the README's fallback: py -m hpdeck
    made = hpdeck("init", "Kommunestyret")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("opprettet et nytt prosjekt i Kommunestyret")
    project = work / "Kommunestyret"
    checked = subprocess.run(
        [str(scripts / "hpdeck"), "check", "decks/monthly-briefing.yaml"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.strip().endswith("ok (15 lysbilder)")
    soffice_or_skip()
    built = subprocess.run(
        [str(scripts / "hpdeck"), "build", "decks/monthly-briefing.yaml", "--pdf"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    deck = project / "out" / "monthly-briefing.pptx"
    assert (
        built.stdout.splitlines()[0] == f"skrev {Path('out') / 'monthly-briefing.pptx'} "
        "(15 lysbilder)"
    )
    assert TITLE in texts(deck)
    from pypdf import PdfReader

    pdf = PdfReader(project / "out" / "monthly-briefing.pdf")
    assert len(pdf.pages) == 15
    assert TITLE in " ".join(pdf.pages[0].extract_text().split())
