"""Movement on figure slides: line charts over time and the change since last time."""

from __future__ import annotations

import datetime as dt
import math

from babel import dates

from hpdeck.content.history import Change, Point, change
from hpdeck.plan.charts import ChartSpec, Series
from hpdeck.plan.i18n import Formatter
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
    return ctx.fmt.t("trend.change", delta=delta, since=since_text(moved, ctx.fmt))


def since_text(moved: Change, fmt: Formatter) -> str:
    """'siden forrige måned' when the previous report is last month, else 'siden <date>'."""
    months = (
        (moved.current.year - moved.previous.year) * 12 + moved.current.month - moved.previous.month
    )
    if months == 1:
        return fmt.t("trend.since_last_month")
    return fmt.t("since", date=fmt.date(moved.previous))


def _signed_big(value: float, ctx: Context) -> str:
    """A signed change with millions in words, like the figure it belongs to."""
    if value == 0:
        return ctx.fmt.signed(0)
    return ("+" if value > 0 else "\u2212") + ctx.fmt.big_number(abs(value))
