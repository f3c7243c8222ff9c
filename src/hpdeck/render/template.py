"""Corporate templates: open a theme's .pptx/.potx and find the layouts slides are built on."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.exc import InvalidXmlError
from pptx.presentation import Presentation as PptxPresentation
from pptx.slide import SlideLayout

from hpdeck.content.template_gate import admit
from hpdeck.content.theme import Layouts, Theme
from hpdeck.errors import ThemeError
from hpdeck.messages import decimals, say, shown

DEFAULT_LAYOUTS = Layouts()
"""The layout names of python-pptx's built-in template, tried when a template lacks a name."""
_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_TYPE = (
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
# What each kind of slide fills; the rest of a slide is placed by hpdeck on its grid.
NEEDED = {"title": ("title", "subtitle"), "content": ("title",)}
_ROLES = {
    PP_PLACEHOLDER.TITLE: "title",
    PP_PLACEHOLDER.CENTER_TITLE: "title",
    PP_PLACEHOLDER.SUBTITLE: "subtitle",
    PP_PLACEHOLDER.BODY: "body",
    PP_PLACEHOLDER.OBJECT: "body",
    PP_PLACEHOLDER.PICTURE: "picture",
    PP_PLACEHOLDER.CHART: "chart",
    PP_PLACEHOLDER.FOOTER: "footer",
    PP_PLACEHOLDER.SLIDE_NUMBER: "slide number",
    PP_PLACEHOLDER.DATE: "date",
}


def open_presentation(theme: Theme) -> PptxPresentation:
    """The theme's template without its example slides, or python-pptx's plain one."""
    if theme.template is None:
        return Presentation()
    display = f"themes/{theme.slug}/{theme.template.name}"
    data = admit(theme.template, display)
    try:
        prs = Presentation(io.BytesIO(_as_presentation(data)))
        for layout in prs.slide_layouts:  # python-pptx reads parts lazily: read them now
            roles(layout)
    except (
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        AttributeError,
        TypeError,
        etree.XMLSyntaxError,
        InvalidXmlError,
    ) as err:  # what the gate does not foresee
        raise ThemeError(f"{display}: {say('template.not_pptx', why=err)}") from None
    if not len(prs.slide_masters) or not len(prs.slide_layouts):
        raise ThemeError(f"{display}: {say('template.no_master')}")
    _drop_slides(prs)
    return prs


def _as_presentation(data: bytes) -> bytes:
    """A .potx re-labelled as a .pptx, the only main part type python-pptx opens."""
    source = zipfile.ZipFile(io.BytesIO(data))
    types = source.read("[Content_Types].xml")
    if _TEMPLATE_TYPE not in types:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                body = body.replace(_TEMPLATE_TYPE, _PRESENTATION_TYPE)
            target.writestr(item, body)
    return out.getvalue()


def _drop_slides(prs: PptxPresentation) -> None:
    """Remove a template's example slides, so the deck holds only the slides hpdeck makes."""
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def roles(layout: SlideLayout) -> list[str]:
    """What the layout's placeholders are for, in order: title, subtitle, body, picture…"""
    return [
        _ROLES.get(ph.placeholder_format.type, str(ph.placeholder_format.type).lower())
        # python-pptx declares LayoutPlaceholders.__iter__ so that checkers cannot call it
        for ph in layout.placeholders  # type: ignore[misc]
    ]


@dataclass(frozen=True)
class Choice:
    """The layout a kind of slide is built on, and why if it is not the one asked for."""

    kind: str
    wanted: str
    layout: SlideLayout
    warning: str = ""


def choose_layouts(prs: PptxPresentation, theme: Theme) -> dict[str, Choice]:
    """Each slide kind's layout by the name in theme.yaml, falling back with a warning."""
    by_name = {layout.name: layout for layout in prs.slide_layouts}
    where = (
        f"themes/{theme.slug}/{theme.template.name}"
        if theme.template
        else say("template.the_template")
    )
    choices = {}
    for kind in NEEDED:
        wanted = getattr(theme.spec.layouts, kind)
        if wanted in by_name:
            choices[kind] = Choice(kind, wanted, by_name[wanted])
            continue
        fallback = getattr(DEFAULT_LAYOUTS, kind)
        layout = by_name.get(fallback) or _closest(prs, kind)
        choices[kind] = Choice(
            kind,
            wanted,
            layout,
            say(
                "template.no_layout",
                where=where,
                wanted=shown(wanted),
                kind=kind,
                layout=shown(layout.name),
            ),
        )
    return choices


def _closest(prs: PptxPresentation, kind: str) -> SlideLayout:
    """The layout with the placeholders this kind needs and the fewest others."""
    needed = NEEDED[kind]

    def score(layout: SlideLayout) -> tuple[int, int]:
        found = roles(layout)
        return (sum(role not in found for role in needed), len(found))

    return min(prs.slide_layouts, key=score)


def report(theme: Theme) -> tuple[list[str], list[str]]:
    """What ``hpdeck check-theme`` prints: lines about the template, and what is missing."""
    from pptx.util import Emu

    from hpdeck.plan import layout as grid

    lines = [
        say("template.report.theme", slug=theme.slug, name=theme.spec.name),
        say("template.report.charts", style=theme.spec.chart_style),
    ]
    if theme.template is None:
        lines.append(say("template.report.none"))
        return lines, []
    prs = open_presentation(theme)
    width, height = Emu(prs.slide_width or 0).inches, Emu(prs.slide_height or 0).inches
    lines.append(
        say(
            "template.report.file",
            len(prs.slide_layouts),
            file=f"themes/{theme.slug}/{theme.template.name}",
            masters=len(prs.slide_masters),
            **decimals(width=width, height=height),
        )
    )
    missing = []
    if abs(width - grid.SLIDE_WIDTH) > 0.01 or abs(height - grid.SLIDE_HEIGHT) > 0.01:
        missing.append(
            say(
                "template.report.size",
                **decimals(
                    width=width, height=height, wide=grid.SLIDE_WIDTH, high=grid.SLIDE_HEIGHT
                ),
            )
        )
    used = set()
    for kind, choice in choose_layouts(prs, theme).items():
        found = roles(choice.layout)
        used.add(choice.layout.name)
        state = (
            say("template.report.falls_back", layout=shown(choice.layout.name))
            if choice.warning
            else say("template.report.found")
        )
        lines.append(
            say(
                "template.report.kind",
                kind=kind,
                wanted=shown(choice.wanted),
                state=state,
                found=", ".join(found) or say("v.show.none"),
            )
        )
        if choice.warning:
            missing.append(choice.warning)
        for role in NEEDED[kind]:
            if role not in found:
                missing.append(
                    say(
                        "template.report.no_placeholder",
                        layout=shown(choice.layout.name),
                        role=role,
                        kind=kind,
                    )
                )
    others = [layout.name for layout in prs.slide_layouts if layout.name not in used]
    if others:
        lines.append(say("template.report.unused", names=", ".join(others)))
    return lines, missing
