"""The status section's movement: stage counts over time, from content/history.yaml."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hpdeck.content.history import Figure, Point, change
from hpdeck.plan import layout
from hpdeck.plan.model import Chart, Slide, para
from hpdeck.sections.base import Context
from hpdeck.sections.trends import line_chart, month_label

if TYPE_CHECKING:
    from hpdeck.sections.status import Stage, Status

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
    moved = change(points)
    assert moved is not None
    fmt = ctx.fmt
    values = {
        "delta": fmt.signed(moved.delta),
        "short": fmt.t(f"stage_short.{stage.stage}"),
        "since": moved.since(fmt),
    }
    if moved.delta == 0:
        return fmt.t("trend.same", **values)
    key = f"trend.up.{stage.stage}" if moved.delta > 0 else "trend.down"
    return fmt.t(key, count=abs(moved.delta), **values)


def slides(section: Status, ctx: Context) -> list[Slide]:
    """The stages over time, when the history has earlier counts; no slide otherwise."""
    from hpdeck.sections.status import STAGES

    fmt, theme = ctx.fmt, ctx.theme
    moving = [(stage, points) for stage, points in stage_series(section, ctx) if len(points) >= 2]
    if not moving:
        return []
    changed = [(stage, points) for stage, points in moving if change(points).delta != 0]
    if changed:
        title = stage_sentence(*changed[0], ctx)
    else:
        title = fmt.t("trend.unchanged", since=change(moving[0][1]).since(fmt))
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
    heading_since = change(moving[0][1]).since(fmt)
    paragraphs = [para(fmt.t("trend.heading", since=heading_since), bold=True)]
    for stage, points in moving:
        moved = change(points)
        line = f"{fmt.signed(moved.delta)}  {fmt.t(f'stage_short.{stage.stage}')}"
        if moved.since(fmt) != heading_since:
            line += f" ({moved.since(fmt)})"
        paragraphs.append(para(line, space_before=8))
    sentences = [stage_sentence(stage, points, ctx) for stage, points in moving]
    return [
        Slide(
            "content",
            title,
            (
                # A picture in every theme: a native chart places its line names itself, on
                # top of each other when lines end close, and edited data would undo any offset.
                Chart(chart_box, chart, name="Stages over time", style="image"),
                layout.card(side, paragraphs, theme, hug=True, name="Change per stage"),
            ),
            notes=". ".join(sentences) + ".",
            footer=ctx.footer_for(section, section.as_of),
        )
    ]
