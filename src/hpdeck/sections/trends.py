"""Movement on figure slides: line charts over time and the change since last time."""

from __future__ import annotations

import datetime as dt
import math

from babel import dates

from hpdeck.content.history import Point, change
from hpdeck.content.history import stage as history_stage
from hpdeck.plan import layout
from hpdeck.plan.charts import ChartSpec, Series
from hpdeck.plan.model import Chart, Slide, para
from hpdeck.sections.base import Context


def month_label(day: dt.date, ctx: Context) -> str:
    """A date on a time axis: the month is enough for monthly reports (des. 2022 / Dec 2022)."""
    return dates.format_date(day, format="MMM y", locale=ctx.fmt.locale)


def line_chart(
    named: list[tuple[str, tuple[Point, ...], str]], ctx: Context, alt_text: str
) -> ChartSpec:
    """Lines over one time axis, dates spaced as in time; ``named`` is (name, points, colour).

    A series without a value on some date has a gap there (NaN), which the drawing bridges.
    """
    days = sorted({p.as_of for _, points, _ in named for p in points})
    series = []
    for name, points, _ in named:
        by_day = {p.as_of: p.value for p in points}
        values = tuple(by_day.get(day, math.nan) for day in days)
        labels = tuple(ctx.fmt.number(by_day[day]) if day in by_day else "" for day in days)
        series.append(Series(name, values, labels))
    return ChartSpec(
        kind="line",
        categories=tuple(month_label(day, ctx) for day in days),
        series=tuple(series),
        colors=tuple(color for _, _, color in named),
        alt_text=alt_text,
        x=tuple(float(day.toordinal()) for day in days),
    )


def change_text(points: tuple[Point, ...], ctx: Context, *, big: bool = False) -> str:
    """'+1 200 siden forrige måned'; empty for a single point."""
    moved = change(points)
    if moved is None:
        return ""
    delta = ctx.fmt.signed(moved.delta) if not big else _signed_big(moved.delta, ctx)
    return ctx.fmt.t("trend.change", delta=delta, since=moved.since(ctx.fmt))


def _signed_big(value: float, ctx: Context) -> str:
    """A signed change with millions in words, like the figure it belongs to."""
    if value == 0:
        return ctx.fmt.signed(0)
    return ("+" if value > 0 else "\u2212") + ctx.fmt.big_number(abs(value))


def stage_series(section, ctx: Context) -> list[tuple[object, tuple[Point, ...]]]:  # type: ignore[no-untyped-def]
    """Each stage of a status section with its counts over time, in stage order."""
    return [
        (stage, ctx.history.series(history_stage(stage.stage), section.as_of, stage.count))
        for stage in section.stages
    ]


def stage_sentence(stage, points: tuple[Point, ...], ctx: Context) -> str:  # type: ignore[no-untyped-def]
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


def status_slides(section, ctx: Context) -> list[Slide]:  # type: ignore[no-untyped-def]
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
