"""Media clippings: screenshots scaled and compressed without distortion, cards without image."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from hpdeck.errors import ContentError
from hpdeck.pipeline.build import build
from hpdeck.plan.typography import glue
from hpdeck.render.decorative import is_decorative

from .conftest import REPO, libreoffice_pdf

# (outlet, size in pixels or None for a clipping without image)
CLIPPINGS = [
    ("Fjordposten", (2400, 1500)),
    ("Dalbladet", (1200, 3600)),
    ("Kystavisa", None),
    ("Radio Nord", (1600, 900)),
    ("Fjelltidende", (900, 1200)),
    ("Byavisa", None),
    ("Nettavisen Vest", (3000, 2000)),
    ("Ukebladet", None),
]


def screenshot(path: Path, size: tuple[int, int], outlet: str) -> None:
    """A fake article screenshot: a masthead, a headline and noisy 'photo' (hard to compress)."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0], size[1] // 10), fill=(20, 60, 110))
    draw.text((20, 20), outlet, fill="white")
    photo = Image.effect_noise((size[0] - 40, size[1] // 3), 80).convert("RGB")
    image.paste(photo, (20, size[1] // 5))
    for y in range(size[1] // 5 + size[1] // 3 + 20, size[1] - 20, 24):
        draw.line((20, y, size[0] - 20, y), fill=(90, 90, 90), width=6)
    image.save(path, format="PNG" if size[0] > size[1] else "JPEG")


def make_project(root: Path, clippings=CLIPPINGS) -> Path:
    shutil.copytree(REPO / "themes", root / "themes")
    (root / "decks").mkdir(parents=True)
    (root / "decks" / "media.yaml").write_text(
        "title: Media\ntheme: helseplattformen\nsections: [media]\n"
    )
    month = root / "content" / "2031-03"
    (root / "content" / "images").mkdir(parents=True)
    month.mkdir(parents=True)
    items = []
    for day, (outlet, size) in enumerate(clippings, start=1):
        item = f"  - outlet: {outlet}\n    date: 2031-03-{day:02d}\n"
        item += f"    headline: Fiktiv sak nummer {day} om journalen\n"
        if size:
            name = f"images/clip{day}.{'png' if size[0] > size[1] else 'jpg'}"
            screenshot(root / "content" / name, size, outlet)
            item += f"    image: content/{name}\n"
        if day % 2:
            item += f"    url: https://example.org/sak/{day}\n"
        items.append(item)
    (month / "media.yaml").write_text("type: media\nclippings:\n" + "".join(items), "utf-8")
    return root


@pytest.fixture
def media_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HPDECK_CACHE_DIR", str(tmp_path / "cache"))
    return make_project(tmp_path / "project")


def test_eight_clippings_on_one_small_slide(media_project: Path, tmp_path: Path) -> None:
    inputs = sum(p.stat().st_size for p in (media_project / "content" / "images").iterdir())
    built = build(media_project / "decks" / "media.yaml", tmp_path / "out")
    size = built.path.stat().st_size
    print(f"8 clippings: screenshots {inputs / 1e6:.1f} MB -> deck {size / 1e6:.2f} MB")
    assert size < 1_500_000 and size < inputs / 3
    prs = Presentation(str(built.path))
    (slide,) = prs.slides
    pictures = [
        s
        for s in slide.shapes
        if s.shape_type == MSO_SHAPE_TYPE.PICTURE and not is_decorative(s._element)
    ]  # not the theme's logo
    assert len(pictures) == 5
    for picture, (outlet, _) in zip(pictures, [c for c in CLIPPINGS if c[1]], strict=True):
        image = Image.open(io.BytesIO(picture.image.blob))
        shown = picture.width / picture.height
        assert abs(shown - image.width / image.height) < 0.02, outlet  # no distortion
        assert picture._element.nvPicPr.cNvPr.get("descr").startswith(f"Faksimile fra {outlet}")
    links = [p.click_action.hyperlink.address for p in pictures]
    assert links == [
        "https://example.org/sak/1",
        None,
        None,
        "https://example.org/sak/5",
        "https://example.org/sak/7",
    ]
    text = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    # outlet and date under the picture, headed as a card without one is
    assert glue("Fjordposten\n1. mars 2031") in text
    assert glue("Kystavisa\n3. mars 2031\n«Fiktiv sak nummer 3 om journalen»") in text


def test_the_media_slide_looks_right(media_project: Path, tmp_path: Path) -> None:
    """Rendered by LibreOffice: every picture lies inside the slide and inside its grid cell."""
    built = build(media_project / "decks" / "media.yaml", tmp_path / "out")
    assert libreoffice_pdf(built.path, tmp_path).stat().st_size > 10_000
    prs = Presentation(str(built.path))
    for shape in prs.slides[0].shapes:
        assert shape.left >= 0 and shape.top >= 0
        assert shape.left + shape.width <= prs.slide_width
        assert shape.top + shape.height <= prs.slide_height


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not an image at all", "not an image file (expected PNG, JPEG or GIF)"),
        (None, "image is too large (9000 × 5000 pixels); images may have at most 40 megapixels"),
    ],
)
def test_broken_or_huge_images_are_clear_errors(tmp_path: Path, content, message) -> None:
    root = make_project(tmp_path / "project", [("Fjordposten", (400, 300))])
    path = root / "content" / "images" / "clip1.png"
    if content is None:
        Image.new("1", (9000, 5000)).save(path)
    else:
        path.write_bytes(content)
    with pytest.raises(ContentError) as caught:
        build(root / "decks" / "media.yaml", tmp_path / "out")
    assert [str(p) for p in caught.value.problems] == [
        f"content/2031-03/media.yaml:6:12: clippings[0].image: content/images/clip1.png: {message}"
    ]


def test_a_truncated_image_is_a_clear_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", [("Fjordposten", (900, 1200))])
    path = root / "content" / "images" / "clip1.jpg"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ContentError) as caught:
        build(root / "decks" / "media.yaml", tmp_path / "out")
    (problem,) = caught.value.problems
    assert str(problem).startswith(
        "content/2031-03/media.yaml:6:12: clippings[0].image: "
        "content/images/clip1.jpg: image file is damaged"
    )
