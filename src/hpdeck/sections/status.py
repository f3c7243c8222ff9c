"""Where the municipalities are in the rollout: counts per stage, in stage order."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, Field

from hpdeck import messages
from hpdeck.content.history import Change, Figure, Group, Point, Tracked, Tracking, change
from hpdeck.content.loader import Document, Origin
from hpdeck.content.municipality import Local, Municipality, Overlay, Shows
from hpdeck.content.provenance import origin
from hpdeck.content.rollout import STAGES, StageKey
from hpdeck.plan import layout
from hpdeck.plan.charts import ChartSpec, Series
from hpdeck.plan.model import Chart, Slide, para
from hpdeck.plan.sources import sourced
from hpdeck.sections import status_checks, status_map, status_region
from hpdeck.sections.base import Context, SectionType, title_origin
from hpdeck.sections.status_model import Highlight, Stage, Status, stage_label
from hpdeck.sections.trends import line_chart, month_label, since_text


def stage_chart(section: Status, ctx: Context, *, highlight: str | None = None) -> ChartSpec:
    """Stage columns in stage order, each in its stage colour on every slide."""
    fmt, colors = ctx.fmt, ctx.theme.colors
    parts = [
        fmt.t("status.alt_part", count=stage.count, stage=stage_label(stage, ctx, stage.count))
        for stage in section.stages
    ]
    own = highlighted_stage(section, highlight)
    # Every stage in stage order, those not given at zero: one stage alone would be one fat
    # bar that says nothing, where a row of stages shows that all are at this one.
    counts = {s.stage: s.count for s in section.stages}
    marked = tuple(i for i, stage in enumerate(STAGES) if stage == own)
    categories = [fmt.t(f"stage_short.{stage}") for stage in STAGES]
    for i in marked:  # a word, not the name, so municipalities at one stage share the image
        categories[i] = fmt.t("status.highlight_category", stage=categories[i])
    alt = fmt.t("status.alt", parts="; ".join(parts), total=fmt.number(section.total))
    if own:
        alt += " " + fmt.t(
            "status.highlight_alt", municipality=highlight, stage=fmt.t(f"stage_short.{own}")
        )
    return ChartSpec(
        kind="columns",
        categories=tuple(categories),
        series=(
            Series(
                fmt.t("municipalities"),
                tuple(counts.get(stage, 0) for stage in STAGES),
                tuple(fmt.number(counts.get(stage, 0)) for stage in STAGES),
            ),
        ),
        colors=tuple(colors.stages[i] for i in range(len(STAGES))),
        alt_text=alt,
        highlight=marked,
    )


def _count_sources(section: Status) -> tuple[tuple[Origin | None, None], ...]:
    """Per column of the stage chart, where its count was written (a finding on its value
    label points there); None for a stage the file does not give."""
    given = {s.stage: i for i, s in enumerate(section.stages)}
    return tuple(
        (origin(section, "stages", given[stage], "count") if stage in given else None, None)
        for stage in STAGES
    )


def highlighted_stage(section: Status, name: str | None) -> StageKey | None:
    """The stage of the highlighted municipality: its own file's word, else the stage lists'."""
    if name is None:
        return None
    if section.highlight and section.highlight.name == name and section.highlight.stage:
        return section.highlight.stage
    return next((s.stage for s in section.stages if name in s.municipalities), None)


def _highlight_lines(section: Status, highlight: Highlight, ctx: Context) -> list[str]:
    """What the deck says about the highlighted municipality: its stage and go-live."""
    fmt = ctx.fmt
    own = highlighted_stage(section, highlight.name)
    lines = []
    stage = next((s for s in section.stages if s.stage == own), None)
    if stage:
        key = "status.municipality_notes"
        lines.append(
            fmt.t(
                key,
                count=stage.count,
                municipality=highlight.name,
                stage=stage_label(stage, ctx, stage.count),
            )
        )
    if highlight.went_live:
        lines.append(
            fmt.t(
                "status.went_live", municipality=highlight.name, date=fmt.date(highlight.went_live)
            )
        )
    elif highlight.planned_go_live:
        lines.append(
            fmt.t(
                "status.planned",
                municipality=highlight.name,
                date=fmt.date(highlight.planned_go_live),
            )
        )
    return lines


def _highlight_card(section: Status, highlight: Highlight, ctx: Context) -> list:
    """The municipality's name, stage and go-live date, first in the side card.

    Nothing when neither its stage nor a date is known: a bare name heading says nothing.
    """
    fmt, theme = ctx.fmt, ctx.theme
    paragraphs = [para(highlight.name, bold=True, color=theme.colors.accent)]
    own = highlighted_stage(section, highlight.name)
    stage = next((s for s in section.stages if s.stage == own), None)
    if stage:
        paragraphs.append(para(stage_label(stage, ctx, 1)))
    if highlight.went_live:
        paragraphs.append(
            para(
                fmt.t("status.went_live_short", date=fmt.date(highlight.went_live)), space_before=6
            )
        )
    elif highlight.planned_go_live:
        paragraphs.append(
            para(
                fmt.t("status.planned_short", date=fmt.date(highlight.planned_go_live)),
                space_before=6,
            )
        )
    return paragraphs if len(paragraphs) > 1 else []


def headline(section: Status, ctx: Context) -> str:
    """The message: how many use it out of how many ("Alle 66" and "Ingen av de 66" said so)."""
    in_use = next((s.count for s in section.stages if s.stage == "in-use"), 0)
    total = ctx.fmt.number(section.total)
    if in_use in (0, section.total):
        return ctx.fmt.t("status.title_none" if in_use == 0 else "status.title_all", total=total)
    return ctx.fmt.t("status.title", count=in_use, total=total)


def plan(section: Status, ctx: Context) -> list[Slide]:
    theme = ctx.theme
    chart_box, side = layout.BODY.split_left(0.64, layout.GAP)
    named = [s for s in section.stages if s.municipalities]
    mark = section.highlight
    paragraphs = _highlight_card(section, mark, ctx) if mark else []
    for stage in named:
        paragraphs.append(
            para(
                f"{stage.count} {stage_label(stage, ctx, stage.count)}",
                bold=True,
                space_before=12 if paragraphs else 0,
            )
        )
        paragraphs.append(para(", ".join(stage.municipalities)))
    blocks: list = [
        Chart(
            chart_box if paragraphs else layout.BODY,  # no names to list: the chart takes the width
            stage_chart(section, ctx, highlight=mark.name if mark else None),
            name="Stages chart",
            source=origin(section, "stages"),
            category_sources=_count_sources(section),
        )
    ]
    if paragraphs:
        card = layout.card(side, paragraphs, theme, hug=True, name="Stage names")
        blocks.append(sourced(card, origin(section, "stages")))  # the names listed per stage
    talk = [
        ctx.fmt.t("status.alt_part", count=s.count, stage=stage_label(s, ctx, s.count))
        for s in section.stages
    ]
    local = _highlight_lines(section, mark, ctx) if mark else []
    title = section.title or headline(section, ctx)
    said = origin(section, "stages")  # the title's counts
    own = highlighted_stage(section, mark.name) if mark else None
    if mark and own and not section.title:
        stage = next(s for s in section.stages if s.stage == own)
        its_own = ctx.fmt.t(
            "status.municipality_title", municipality=mark.name, stage=stage_label(stage, ctx, 1)
        )
        if layout.named_title("content", its_own, title, ctx.theme) == its_own:
            title, said = its_own, origin(section, "highlight")
    return [
        Slide(
            "content",
            title,
            tuple(blocks),
            notes=ctx.notes(
                section,
                *local,
                ctx.fmt.t("status.notes", parts="; ".join(talk), date=ctx.fmt.date(section.as_of)),
            ),
            footer=ctx.footer_for(section, section.as_of),
            source=title_origin(section, said),
        ),
        *trend_slides(section, ctx),
        *status_map.slides(section, ctx),
    ]


# Movement: the stage counts over time, from content/history.yaml.

GROUP = "status"
"""The status section's group in history.yaml: municipalities per stage on each date."""


def stage_series(section: Status, ctx: Context) -> list[tuple[Stage, tuple[Point, ...]]]:
    """Each stage of a status section with its counts over time, in stage order."""
    return [
        (stage, ctx.history.series(Figure(GROUP, stage.stage), section.as_of, stage.count))
        for stage in section.stages
    ]


def stage_sentence(stage: Stage, points: tuple[Point, ...], ctx: Context) -> str:
    """'+4 kommuner har vedtatt å innføre Helseplattformen siden forrige måned', or no change."""
    moved = _moved(points)
    fmt = ctx.fmt
    delta, since = fmt.signed(moved.delta), since_text(moved, fmt)
    short = fmt.t(f"stage_short.{stage.stage}")
    if moved.delta == 0:
        return fmt.t("trend.same", delta=delta, short=short, since=since)
    key = f"trend.up.{stage.stage}" if moved.delta > 0 else "trend.down"
    return fmt.t(key, count=abs(moved.delta), delta=delta, short=short, since=since)


def _moved(points: tuple[Point, ...]) -> Change:
    """The change over a series known to have two points or more."""
    moved = change(points)
    assert moved is not None
    return moved


def trend_slides(section: Status, ctx: Context) -> list[Slide]:
    """The stages over time, when the history has earlier counts; no slide otherwise."""
    fmt, theme = ctx.fmt, ctx.theme
    moving = [(stage, points) for stage, points in stage_series(section, ctx) if len(points) >= 2]
    if not moving:
        return []
    changed = [(stage, points) for stage, points in moving if _moved(points).delta != 0]
    said = origin(section, "stages")
    if changed:
        title = stage_sentence(*changed[0], ctx)
        said = origin(section, "stages", section.stages.index(changed[0][0]), "count")
    else:
        title = fmt.t("trend.unchanged", since=since_text(_moved(moving[0][1]), fmt))
    named = [
        (
            fmt.t(f"stage_short.{stage.stage}"),
            points,
            theme.colors.stages[STAGES.index(stage.stage)],
        )
        for stage, points in moving
    ]
    parts = [
        fmt.t(
            "trend.alt_part",
            name=name,
            values=fmt.join(
                [f"{fmt.number(p.value)} ({month_label(p.as_of, ctx)})" for p in points]
            ),
        )
        for name, points, _ in named
    ]
    chart = line_chart(named, ctx, fmt.t("trend.status_alt", parts="; ".join(parts)))
    chart_box, side = layout.BODY.split_left(0.64, layout.GAP)
    heading_since = since_text(_moved(moving[0][1]), fmt)
    paragraphs = [para(fmt.t("trend.heading", since=heading_since), bold=True)]
    for stage, points in moving:
        moved = _moved(points)
        line = f"{fmt.signed(moved.delta)}  {fmt.t(f'stage_short.{stage.stage}')}"
        if since_text(moved, fmt) != heading_since:
            line += f" ({since_text(moved, fmt)})"
        paragraphs.append(para(line, space_before=8))
    sentences = [stage_sentence(stage, points, ctx) for stage, points in moving]
    return [
        Slide(
            "content",
            title,
            (
                # A picture in every theme: a native chart places its line names itself, on
                # top of each other when lines end close, and edited data would undo any offset.
                Chart(
                    chart_box,
                    chart,
                    name="Stages over time",
                    style="image",
                    source=origin(section, "stages"),
                ),
                sourced(
                    layout.card(side, paragraphs, theme, hug=True, name="Change per stage"),
                    origin(section, "stages"),
                ),
            ),
            notes=". ".join(sentences) + ".",
            footer=ctx.footer_for(section, section.as_of),
            source=said,
        )
    ]


def _known_stages(value: dict[str, int]) -> dict[str, int]:
    """History counts are of known stages and never negative."""
    for stage, count in value.items():
        if stage not in STAGES:
            raise ValueError(
                messages.say(
                    "history.unknown_stage", stage=messages.shown(stage), stages=", ".join(STAGES)
                )
            )
        if count < 0:
            raise ValueError(messages.say("history.negative", stage=stage, count=count))
    return value


def _figures(data: dict[str, Any]) -> list[Tracked]:
    """Each stage's count, by the stage's key in history.yaml."""
    return [
        Tracked(
            f"stages[{i}].count",
            Figure(GROUP, str(item.get("stage"))),
            item.get("count"),
        )
        for i, item in enumerate(data.get("stages") or [])
        if isinstance(item, dict)
    ]


TRACKING = Tracking(
    groups=(
        Group(
            GROUP,
            (
                Annotated[dict[str, int], AfterValidator(_known_stages)],
                Field(
                    default={},
                    description="Municipalities per stage on that date, e.g. {in-use: 7, "
                    "decided: 12}; any may be missing.",
                ),
            ),
        ),
    ),
    figures=_figures,
)


def _overlay(local: Local, base: Document) -> list[Overlay]:
    """The council deck's municipality, marked among the stages with its own stage and dates."""
    m, raw = local.municipality, local.doc.data
    highlight = {
        "name": m.label,
        "stage": raw.get("stage"),
        "planned_go_live": raw.get("planned_go_live"),
        "went_live": raw.get("went_live"),
    }
    anchors = (
        (("highlight", "name"), ("short_name" if m.short_name else "name",)),
        *((("highlight", key), (key,)) for key in ("stage", "planned_go_live", "went_live")),
        ((), ("name",)),
    )
    return [Overlay({"highlight": highlight}, local.doc, anchors)]


def _missing(m: Municipality) -> list[str]:
    """The stage, and a go-live date once the stage says one is expected."""
    blank = {
        "stage": m.stage is None,
        "went_live": m.stage == "in-use" and m.went_live is None,
        "planned_go_live": m.stage in ("decided", "preparing")
        and m.planned_go_live is None
        and m.went_live is None,
    }
    return [fact for fact, empty in blank.items() if empty]


SECTION = SectionType(
    "status",
    Status,
    plan,  # type: ignore[arg-type]
    tracking=TRACKING,
    shows=Shows(missing=_missing, overlay=_overlay, check=status_checks.local_check),
    check=status_checks.check,
    from_region=status_region.from_region,
)
