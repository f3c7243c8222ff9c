"""Branding as data: a theme is a folder with theme.yaml, a matplotlib style and optional assets."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from hpdeck.bundled import available, theme_home
from hpdeck.content.images import check_image
from hpdeck.content.loader import Document, inside_project, load_yaml
from hpdeck.content.model import Color, Model
from hpdeck.content.theme_assets import check_style
from hpdeck.content.validation import problems_from
from hpdeck.errors import ThemeError
from hpdeck.messages import say, shown


class Colors(Model):
    """The theme's palette; every colour on a slide or chart comes from here."""

    background: Color
    """Slide background."""
    text: Color
    """Body text."""
    title: Color
    """Slide titles."""
    accent: Color
    """Highlights: the municipality presenting, big numbers, the current month."""
    muted: Color
    """Secondary text: footers, captions, roles under quotes (must still meet 4.5:1 contrast)."""
    surface: Color
    """Fill of cards and tiles."""
    line: Color
    """Rules, diagram connectors and axes."""
    stages: list[Color] = Field(min_length=5, max_length=5)
    """One colour per rollout stage, in stage order, used on every slide that shows stages."""
    series: list[Color] = Field(min_length=3)
    """Colours for chart categories that have no fixed meaning (cost parts, survey bars)."""


class Fonts(Model):
    """Font families; use ones council PCs have (Calibri, Arial)."""

    heading: str = "Calibri"
    """Titles and big numbers."""
    body: str = "Calibri"
    """Everything else."""


class Sizes(Model):
    """Type sizes in points, chosen to be read from the back of a council room."""

    title: float = 36
    """Slide titles."""
    body: float = 24
    """Body text and bullets."""
    min_body: float = 18
    """Smallest size text may shrink to when fitting its box."""
    caption: float = 16
    """Captions, chart labels, footers of cards."""
    big_number: float = 60
    """Headline figures on metric tiles."""
    quote: float = 26
    """Quotes on go-live slides."""


class Layouts(Model):
    """Which layout of the template each kind of slide is built on, by the layout's name."""

    title: str = "Title Slide"
    """The title slide: a title and a subtitle placeholder."""
    content: str = "Title Only"
    """Every other slide: a title placeholder; hpdeck places the body on its grid."""


class ThemeFile(Model):
    """The contents of themes/<name>/theme.yaml."""

    name: str
    """Human name of the theme."""
    extends: str | None = None
    """Another theme whose values this one starts from."""
    colors: Colors
    """The palette."""
    fonts: Fonts = Fonts()
    """Font families."""
    sizes: Sizes = Sizes()
    """Type sizes."""
    footer: str = ""
    """Text at the left of every slide's footer, e.g. the programme's name."""
    logo: str | None = None
    """A PNG or JPEG in the theme folder shown at the top right of content slides."""
    wordmark: str = ""
    """Text shown where the logo goes when there is no logo file."""
    template: str | None = None
    """A PowerPoint template (.pptx or .potx) in the theme folder whose masters, layouts, logos
    and footers the slides are built on; hpdeck's own plain master when left out."""
    layouts: Layouts = Layouts()
    """Layout names in the template per kind of slide; a missing one falls back with a warning."""
    chart_style: Literal["native", "image"] = "image"
    """Charts as native PowerPoint charts (editable data) or as pictures; a section's own
    ``chart_style`` wins. Timelines are always pictures."""


@dataclass(frozen=True)
class Theme:
    """A loaded theme with its folder, so assets resolve relative to it."""

    slug: str
    folder: Path
    spec: ThemeFile
    mplstyle: Path | None
    logo: Path | None
    template: Path | None = None
    style: str = ""
    """The text of charts.mplstyle, checked (see theme_assets); empty without one."""

    @property
    def colors(self) -> Colors:
        return self.spec.colors

    @property
    def sizes(self) -> Sizes:
        return self.spec.sizes

    @property
    def fonts(self) -> Fonts:
        return self.spec.fonts


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read(root: Path, slug: str, seen: tuple[str, ...]) -> tuple[dict[str, Any], Document]:
    home = theme_home(root, slug)
    path = home / "themes" / slug / "theme.yaml"
    if not path.is_file():
        raise ThemeError(
            say(
                "theme.none",
                theme=shown(slug),
                slug=slug,
                available=", ".join(available(root)) or say("v.show.none"),
            )
        )
    doc = load_yaml(path, root=home)
    if not isinstance(doc.data, dict):
        raise ThemeError(f"{doc.display}: {say('theme.not_mapping')}")
    parent = doc.data.get("extends")
    if parent is None:
        return doc.data, doc
    if parent in (*seen, slug):
        chain = " -> ".join((*seen, slug, parent))
        raise ThemeError(f"{doc.display}: {say('theme.circle', chain=chain)}")
    base, _ = _read(root, str(parent), (*seen, slug))
    return _merge(base, doc.data), doc


def _declared_in(root: Path, slug: str, key: str) -> str:
    """The theme in ``slug``'s extends chain whose own file sets ``key``, so an asset a theme
    inherits is found in the folder of the theme that named it."""
    while True:
        home = theme_home(root, slug)
        data = load_yaml(home / "themes" / slug / "theme.yaml", root=home).data
        parent = data.get("extends") if isinstance(data, dict) else None
        if not isinstance(data, dict) or key in data or parent is None:
            return slug
        slug = str(parent)  # _read already refused a circle


def load_theme(root: Path, slug: str) -> Theme:
    """Load themes/<slug>/ with its parents merged in, checking every asset stays in the project."""
    data, doc = _read(root, slug, ())
    try:
        spec = ThemeFile.model_validate(data)
    except ValidationError as err:
        from hpdeck.errors import ContentError

        raise ContentError(problems_from(err, ThemeFile, doc)) from None
    project = root
    root = theme_home(root, slug)  # a theme that comes with hpdeck keeps its assets there
    folder = root / "themes" / slug
    style = folder / "charts.mplstyle"
    logo = None
    if spec.logo:
        owner = _declared_in(project, slug, "logo")  # an inherited logo is the parent's file
        home = theme_home(project, owner)
        logo = inside_project(
            home / "themes" / owner / spec.logo, home, display=f"themes/{owner}/{spec.logo}"
        )
        if not logo.is_file():
            raise ThemeError(
                f"{doc.display}: " + say("theme.logo_missing", name=shown(spec.logo), owner=owner)
            )
        check_image(logo, f"themes/{owner}/{spec.logo}")
    template = None
    if spec.template:
        template = inside_project(
            folder / spec.template, root, display=f"themes/{slug}/{spec.template}"
        )
        if template.suffix.lower() not in (".pptx", ".potx"):
            raise ThemeError(
                f"{doc.display}: " + say("theme.template_kind", name=shown(spec.template))
            )
        if not template.is_file():
            raise ThemeError(
                f"{doc.display}: "
                + say("theme.template_missing", name=shown(spec.template), slug=slug)
            )
    text = (
        check_style(style, root, f"themes/{slug}/charts.mplstyle") if os.path.lexists(style) else ""
    )
    return Theme(slug, folder, spec, style if text else None, logo, template, text)
