"""Sign-off pictures: one PNG per slide and a contact sheet with every slide on it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation

from hpdeck.commands.cli import main
from hpdeck.export.preview import THUMB_WIDTH_PX, contact_sheet, render_decks
from hpdeck.pipeline.build import build
from tests.conftest import soffice_or_skip

DECK = Path("decks") / "monthly-briefing.yaml"


def png(width: int, height: int, color: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


def size_of(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        return image.size


def test_contact_sheet_places_every_slide_in_rows_of_four() -> None:
    slides = [png(1600, 900, color) for color in ("red", "green", "blue", "black", "orange")]
    sheet = Image.open(io.BytesIO(contact_sheet(slides, "Fjordvik kommune")))
    assert sheet.width > 4 * THUMB_WIDTH_PX
    assert sheet.height > 2 * 270  # two rows of 16:9 thumbnails
    top_left = sheet.getpixel((24 + THUMB_WIDTH_PX // 2, 64 + 135))
    second_row = sheet.getpixel((24 + THUMB_WIDTH_PX // 2, sheet.height - 24 - 28 - 135))
    assert top_left == (255, 0, 0)
    assert second_row == (255, 165, 0)


@pytest.mark.libreoffice
def test_preview_writes_one_png_per_slide_and_a_contact_sheet(
    project: Path, tmp_path: Path
) -> None:
    soffice_or_skip()
    out = tmp_path / "preview"
    stale = out / "monthly-briefing" / "slide-99.png"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"from an older, longer deck")
    result = CliRunner().invoke(
        main, ["preview", str(project / DECK), "--out", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    folder = out / "monthly-briefing"
    slides = len(Presentation(str(build(project / DECK, tmp_path / "deck").path)).slides)
    pictures = sorted(folder.glob("slide-*.png"))
    assert [p.name for p in pictures] == [f"slide-{n:02d}.png" for n in range(1, slides + 1)]
    width, height = size_of(pictures[0])
    assert width == 1600
    assert abs(width / height - 16 / 9) < 0.01
    assert size_of(folder / "contact-sheet.png")[0] > 4 * THUMB_WIDTH_PX
    assert result.output == (
        f"wrote {slides} slide pictures to {folder}/ and the contact sheet "
        f"{folder / 'contact-sheet.png'}\n"
    )  # no temporary .pptx named


@pytest.mark.libreoffice
def test_rendered_slides_carry_their_text(project: Path, tmp_path: Path) -> None:
    soffice_or_skip()
    deck = build(project / DECK, tmp_path / "out").path
    from hpdeck.export.office import Office

    with Office() as office:
        (slides,) = render_decks([deck], office)
    assert "7 av 66 kommuner har tatt Helseplattformen i bruk" in slides[1].text
    assert slides[1].png.startswith(b"\x89PNG")


def fictional(project: Path, slugs_and_files: dict[str, str]) -> Path:
    """The sample project with only these municipality files (slug: YAML text)."""
    folder = project / "content" / "municipalities"
    (project / "logos").mkdir(exist_ok=True)
    (project / "logos" / "nordvik.png").write_bytes(png(200, 200, "teal"))
    for old in folder.glob("*.yaml"):
        old.unlink()
    for slug, text in slugs_and_files.items():
        (folder / f"{slug}.yaml").write_text(text, encoding="utf-8")
    # those in use take sample names' places in the status list and the go-live event
    in_use = [
        text.split("name: ", 1)[1].split(" kommune", 1)[0]
        for text in slugs_and_files.values()
        if "stage: in-use" in text
    ]
    for name in ("status", "go-live"):
        path = project / "content" / "2022-12" / f"{name}.yaml"
        text = path.read_text("utf-8")
        for own, sample in zip(in_use, ("Åfjord", "Ørland", "Holtålen"), strict=False):
            text = text.replace(sample, own)
        path.write_text(text, "utf-8")
    return project


FJORDVIK = """name: Fjordvik kommune
short_name: Fjordvik
language: nn
stage: in-use
contact:
  name: Kari Fjeld
"""
NORDVIK = """name: Nordvik kommune
language: nb
stage: decided
planned_go_live: 2024-03-01
meeting_date: 2023-01-10
logo: logos/nordvik.png
contact:
  name: Ola Nord
costs:
  - part: Drift og vedlikehold
    amount: 100_000
"""


def test_missing_facts_are_the_empty_optional_facts_the_deck_shows(project: Path) -> None:
    from hpdeck.content.municipality import load, model_for
    from hpdeck.sections import REGISTRY

    kinds = REGISTRY.shows()
    root = fictional(project, {"fjordvik": FJORDVIK})
    fjordvik = load(root, "fjordvik", model_for(kinds)).municipality
    shown = {"title", "status", "economy", "contact"}
    assert fjordvik.missing_facts(shown, kinds) == ["meeting_date", "logo", "went_live", "costs"]
    assert fjordvik.missing_facts({"status"}, kinds) == ["went_live"]  # no title or cost slide


def test_sign_off_page_lists_missing_data_in_the_deck_language(project: Path) -> None:
    from hpdeck.pipeline.batch import Outcome
    from hpdeck.pipeline.build import Options
    from hpdeck.pipeline.signoff import sign_off_page

    fictional(project, {"fjordvik": FJORDVIK, "nordvik": NORDVIK})
    deck = project / "decks" / "council-meeting.yaml"
    finding = "content/2022-12/status.yaml:3: slide 2: text does not fit [fit]"
    page = sign_off_page(deck, Options(), Outcome("fjordvik", Path("x.pptx"), findings=(finding,)))
    assert page.heading == "Fjordvik kommune"
    assert page.language == "nn"
    assert page.missing == (
        "ingen møtedato (meeting_date): tittellysbiletet viser ingen dato",
        "ingen logo (logo): tittellysbiletet viser ikkje logoen til kommunen",
        "ingen oppstartsdato (went_live): statuslysbiletet seier ikkje når Fjordvik tok "
        "Helseplattformen i bruk",
        "ingen eigne kostnader (costs): kostnadslysbiletet viser berre dei felles tala",
    )
    assert page.warnings == (finding,)
    english = sign_off_page(deck, Options(language="en"), Outcome("fjordvik"))
    assert english.missing[0] == "no meeting date (meeting_date): the title slide shows no date"
    assert sign_off_page(deck, Options(), Outcome("nordvik")).missing == ()


def test_key_slides_are_the_first_the_last_and_those_naming_the_municipality() -> None:
    from hpdeck.export.signoff_pdf import key_slides

    texts = [
        "Helseplattformen i Fjordvik kommune",
        "7 av 66",
        "Trendar",
        "Visjon",
        "Oppstartar",
        "Sitat",
        "Tal",
        "Kostnader for Fjordvik\xa0kommune",
        "Spørsmål?",
    ]
    assert key_slides(texts, ["Fjordvik kommune", "Fjordvik"]) == [0, 1, 2, 3, 7, 8]
    assert key_slides(texts, ["Nordvik"], count=3) == [0, 1, 8]
    assert key_slides(["Fjordvikane", "Fjordvik"], ["Fjordvik"], count=1) == [0]


def test_sign_off_pages_name_their_municipality_in_order(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from hpdeck.export.preview import DeckPreview
    from hpdeck.export.signoff_pdf import SignOffPage, sign_off

    previews = []
    for slug in ("fjordvik", "nordvik"):
        folder = tmp_path / slug
        folder.mkdir()
        slides = []
        for number in range(1, 8):
            path = folder / f"slide-{number:02d}.png"
            path.write_bytes(png(1600, 900, "navy"))
            slides.append(path)
        previews.append(
            DeckPreview(tmp_path / f"council-{slug}.pptx", slides, folder / "contact-sheet.png")
        )
    pages = [
        SignOffPage(
            "Fjordvik kommune",
            ("Fjordvik",),
            "nn",
            ("ingen logo (logo): tittellysbiletet viser ikkje logoen til kommunen",),
            tuple(f"slide {n}: text does not fit" for n in range(40)),
        ),
        SignOffPage("Nordvik kommune", ("Nordvik",), "nb"),
    ]
    target = sign_off(previews, pages, tmp_path / "sign-off.pdf")
    first, second = (page.extract_text() for page in PdfReader(target).pages)
    assert "Fjordvik kommune" in first and "Nordvik" not in first
    assert "tittellysbiletet viser ikkje logoen" in first
    assert "slide 0: text does not fit" in first
    assert "Nordvik kommune" in second and "Fjordvik" not in second


@pytest.mark.libreoffice
def test_all_municipalities_builds_each_deck_once_and_reuses_its_findings(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice_or_skip()
    from pypdf import PdfReader

    import hpdeck.pipeline.batch
    import hpdeck.pipeline.checked

    fictional(project, {"fjordvik": FJORDVIK, "nordvik": NORDVIK})  # two: no worker processes
    built: list[str | None] = []
    real_build = hpdeck.pipeline.batch.build

    def counting_build(*args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(args[2].municipality)
        return real_build(*args, **kwargs)

    def no_check(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("check_deck builds the deck a second time")

    monkeypatch.setattr(hpdeck.pipeline.batch, "build", counting_build)
    monkeypatch.setattr(hpdeck.pipeline.checked, "check_deck", no_check)
    out = tmp_path / "preview"
    result = CliRunner().invoke(
        main,
        [
            "preview",
            str(project / "decks" / "council-meeting.yaml"),
            "--all-municipalities",
            "--out",
            str(out),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert built == ["fjordvik", "nordvik"]
    pages = [page.extract_text() for page in PdfReader(out / "sign-off.pdf").pages]
    assert len(pages) == 2
    assert "Fjordvik kommune" in pages[0] and "Nordvik kommune" in pages[1]


@pytest.mark.libreoffice
def test_one_broken_municipality_leaves_the_others_previews_and_sign_off(
    project: Path, tmp_path: Path
) -> None:
    """The batch reports the broken deck and exits 1, after writing everything else."""
    soffice_or_skip()
    from pypdf import PdfReader

    broken = NORDVIK.replace("name: Nordvik kommune", "name: [Nordvik")  # YAML that won't parse
    fictional(project, {"fjordvik": FJORDVIK, "nordvik": broken})
    out = tmp_path / "preview"
    result = CliRunner().invoke(
        main,
        [
            "preview",
            str(project / "decks" / "council-meeting.yaml"),
            "--all-municipalities",
            "--out",
            str(out),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    # said once as Nordvik's error and once as what Fjordvik's deck loses to it; the summary of
    # the decks built without the map names the file only
    assert sum("content/municipalities/nordvik.yaml:2:9:" in line for line in lines) == 2
    assert any(line.startswith("1 deck built without the status map") for line in lines)
    assert (
        sum(line.startswith("content/municipalities/nordvik.yaml:2:9: warning:") for line in lines)
        == 1
    )
    assert "failed: nordvik" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["council-meeting-fjordvik", "sign-off.pdf"]
    assert (out / "council-meeting-fjordvik" / "slide-01.png").is_file()
    (page,) = PdfReader(out / "sign-off.pdf").pages
    assert "Fjordvik kommune" in page.extract_text()


@pytest.mark.libreoffice
def test_slides_the_decks_share_are_converted_once_and_look_as_when_alone(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice_or_skip()
    from hpdeck.export import office as office_module
    from hpdeck.pipeline.batch import build_all
    from hpdeck.pipeline.build import Options

    outcomes = build_all(
        project / "decks" / "council-meeting.yaml",
        tmp_path / "out",
        ["skaun", "orkland", "volda"],  # two in bokmål, one in nynorsk
        Options(),
        jobs=1,
    )
    decks = [o.path for o in outcomes if o.path]
    sent: list[int] = []
    original = office_module.Office.export_each

    def counting(self, decks):  # type: ignore[no-untyped-def]
        sent.extend(len(Presentation(deck).slides) for deck in decks)
        return original(self, decks)

    monkeypatch.setattr(office_module.Office, "export_each", counting)
    with office_module.Office() as office:
        together = render_decks(decks, office)
        alone = [render_decks([deck], office)[0] for deck in decks]

    skaun, orkland = (len(Presentation(deck).slides) for deck in decks[:2])
    # Skaun's and Orkland's decks (both bokmål) go as one document: Skaun's slides and only
    # those of Orkland's that Skaun's lack; Volda's (nynorsk) goes alone.
    assert skaun < sent[0] < skaun + orkland / 2
    assert sent[1] == len(Presentation(decks[2]).slides)
    for deck, shared, own in zip(decks, together, alone, strict=True):
        assert [s.text for s in shared] == [s.text for s in own], deck.name
        assert [s.png for s in shared] == [s.png for s in own], deck.name


@pytest.mark.libreoffice
def test_each_municipality_gets_its_own_pictures_in_the_region_sign_off(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pictures of shared slides are handed to every deck, and pictures stream in from
    LibreOffice deck by deck: a municipality's own slides must still be its own, in its PNGs
    and on its sign-off page."""
    soffice_or_skip()
    import pikepdf

    names = {"austvik": "Austvik", "fjordvik": "Fjordvik", "nordvik": "Nordvik"}
    names["vestvik"] = "Vestvik"
    austvik = NORDVIK.replace("Nordvik", "Austvik").replace("logo: logos/nordvik.png\n", "")
    # not in use, so no deck's shared slides name another of them (in the list of those in use)
    fjordvik = FJORDVIK.replace("stage: in-use", "stage: preparing")
    vestvik = fjordvik.replace("Fjordvik", "Vestvik")
    files = {"austvik": austvik, "fjordvik": fjordvik, "nordvik": NORDVIK, "vestvik": vestvik}
    fictional(project, files)  # two in nynorsk, two in bokmål
    deck = str(project / "decks" / "council-meeting.yaml")
    out = tmp_path / "preview"
    result = CliRunner().invoke(
        main, ["preview", deck, "--all-municipalities", "--out", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    titles = {
        slug: (out / f"council-meeting-{slug}" / "slide-01.png").read_bytes() for slug in names
    }
    assert len(set(titles.values())) == len(names)  # four title slides, four pictures

    with pikepdf.open(out / "sign-off.pdf") as pdf:
        figures: dict[int, list[str]] = {}
        for element in _elements(pdf.Root.StructTreeRoot.K):
            if element.get("/S") == "/Figure":
                page = [p.objgen for p in pdf.pages].index(element.Pg.objgen)
                figures.setdefault(page, []).append(str(element.Alt))
    for page, slug in enumerate(sorted(names)):
        first = figures[page][0]  # the title slide's description: the text on it
        assert f"Helseplattformen i {names[slug]} kommune" in first, (slug, first)
        others = [name for key, name in names.items() if key != slug]
        assert not any(name in alt for alt in figures[page] for name in others), (slug, page)

    # The last deck's pictures, drawn alone, are the ones the region's sign-off gave it.
    monkeypatch.setenv("HPDECK_CACHE_DIR", str(tmp_path / "other-cache"))
    alone = tmp_path / "alone"
    result = CliRunner().invoke(
        main, ["preview", deck, "-m", "vestvik", "--out", str(alone)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    folder = "council-meeting-vestvik"
    for picture in sorted((alone / folder).glob("slide-*.png")):
        assert picture.read_bytes() == (out / folder / picture.name).read_bytes(), picture.name


def _elements(node: object) -> list[dict]:  # type: ignore[type-arg]
    """Every structure element under ``node`` (a sign-off PDF's structure tree)."""
    import pikepdf

    found = []
    if isinstance(node, pikepdf.Array):
        for kid in node:
            found += _elements(kid)
    elif isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            found.append(node)
        if "/K" in node:
            found += _elements(node.K)
    return found


def test_smaller_pictures_kept_for_a_long_preview_stay_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A live preview left running keeps the thumbnails of its newest pictures, not all."""
    from hpdeck.export import preview

    monkeypatch.setattr(preview, "_SMALLER", {})
    monkeypatch.setattr(preview, "_SMALLER_LIMIT", 3)
    for n in range(5):
        preview._remember_smaller(f"picture {n}".encode(), 480, f"thumb {n}".encode())
    assert list(preview._SMALLER) == [b"picture 2", b"picture 3", b"picture 4"]
    assert preview.smaller_png(b"picture 4", 480) == b"thumb 4"
