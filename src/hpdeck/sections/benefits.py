"""Benefits: what counts as a benefit, what time is lost today, and what staff told a survey."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from pydantic import Field, model_validator

from hpdeck.content.localized import Localized
from hpdeck.content.model import Model
from hpdeck.content.provenance import origin
from hpdeck.plan import layout
from hpdeck.plan.bar_rows import BarRow, bar_rows
from hpdeck.plan.model import Slide, para
from hpdeck.plan.sources import sourced
from hpdeck.sections.base import Context, Section, SectionType, title_origin


class Definition(Model):
    """What the programme means by a benefit, and the areas it expects them in."""

    question: Localized | None = None
    """The slide's question, e.g. 'Hva definerer vi som en gevinst?'."""
    text: Localized
    """The definition, e.g. 'Gevinster er ønskede målbare forbedringer'."""
    areas: list[Localized] = Field(default=[], max_length=6)
    """The benefit areas, one short line each."""


class TimeUse(Model):
    """A local measurement of time spent on work a shared record removes."""

    place: Localized
    """Who measured, e.g. 'Åfjord kommune'."""
    hours_per_day: float = Field(gt=0)
    """Hours spent every day, all staff together."""
    finding: Localized
    """The finding in words, e.g. 'Ansatte i Åfjord benytter daglig over 82 timer på ...'."""
    activities: list[Localized] = Field(default=[], max_length=6)
    """What the time goes to."""
    prefix: Localized | None = None
    """A word before the figure, e.g. 'Over'."""


class SurveyResult(Model):
    """Statements that the same share of respondents agreed with."""

    share: float = Field(ge=0, le=1)
    """The share who agreed, from 0 to 1 (0.6 for 60 %)."""
    statements: list[Localized] = Field(min_length=1)
    """The statements, as asked."""


class Survey(Model):
    """A staff survey and what it found."""

    name: Localized
    """What survey it was, e.g. 'Spørreundersøkelse i Trondheim før oppstart'."""
    asked: int = Field(gt=0)
    """How many were asked."""
    answered: int = Field(gt=0)
    """How many answered."""
    answered_prefix: Localized | None = None
    """A word before the number who answered, e.g. 'over'."""
    results: list[SurveyResult] = Field(min_length=1)
    """Results, one group per share."""

    @model_validator(mode="after")
    def _answered_not_more_than_asked(self) -> Survey:
        if self.answered > self.asked:
            from hpdeck.messages import say

            raise ValueError(say("benefits.answered", answered=self.answered, asked=self.asked))
        return self


class Benefits(Section):
    """Benefit work: up to three slides, one for each part that is given."""

    type: Literal["benefits"]
    """Always 'benefits' for this kind of section."""
    definition: Definition | None = None
    """What a benefit is, and the benefit areas."""
    time_use: TimeUse | None = None
    """A local time-use finding."""
    survey: Survey | None = None
    """A staff survey."""


def _definition_slide(section: Benefits, d: Definition, ctx: Context) -> Slide:
    theme = ctx.theme
    left, right = layout.BODY.split_left(0.42, layout.GAP)
    card = layout.card(
        left,
        [para(d.text, bold=True, color=theme.colors.title)],
        theme,
        size=32,
        name="Definition",
    )
    blocks: list = [sourced(card, origin(d, "text"))]
    if d.areas:
        areas = layout.bullets(
            right,
            d.areas,
            theme,
            name="Benefit areas",
            size=theme.sizes.body + 4,
            anchor="middle",
        )
        blocks.append(sourced(areas, origin(d, "areas")))
    return Slide(
        "content",
        section.title or d.question or ctx.fmt.t("benefits.title"),
        tuple(blocks),
        footer=ctx.footer_for(section),
        source=title_origin(section, origin(d, "question")),
    )


def _time_use_slide(section: Benefits, t: TimeUse, ctx: Context) -> Slide:
    fmt, theme = ctx.fmt, ctx.theme
    left, right = layout.BODY.split_left(0.4, layout.GAP)
    hours = fmt.t("hours", count=t.hours_per_day)
    figure = f"{t.prefix} {hours}" if t.prefix else hours
    hours_block = layout.big_number(
        left, figure, fmt.t("benefits.per_day"), theme, detail=t.place, name="Hours per day"
    )
    blocks: list = [sourced(hours_block, origin(t, "hours_per_day"))]
    paragraphs = [para(t.finding, bold=True)]
    paragraphs += [para(a, bullet=True, space_before=8) for a in t.activities]
    finding = layout.text(right, paragraphs, theme, name="Finding")
    blocks.append(sourced(finding, origin(t, "finding")))
    return Slide(
        "content",
        fmt.t("benefits.time_title", place=t.place, hours=figure),
        tuple(blocks),
        notes=t.finding,
        footer=ctx.footer_for(section),
        source=origin(t, "place"),  # the title: the place and its hours
    )


def survey_rows(s: Survey, ctx: Context) -> list[BarRow]:
    """One row per share, largest first, with every statement that share agreed with: four
    statements at 60 % are one finding beside one bar, not four bars that look like four."""
    fmt = ctx.fmt
    results = sorted(s.results, key=lambda r: -r.share)
    return [
        BarRow(
            r.share * 100,
            fmt.percent(r.share),
            tuple(fmt.quoted(st) for st in r.statements),
            origin(r, "statements"),
        )
        for r in results
    ]


def _survey_slide(section: Benefits, s: Survey, ctx: Context) -> Slide:
    fmt = ctx.fmt
    answered = fmt.number(s.answered)
    if s.answered_prefix:
        answered = f"{s.answered_prefix} {answered}"
    title = fmt.t("benefits.survey_title", asked=fmt.number(s.asked), answered=answered)
    rows = survey_rows(s, ctx)
    results = "; ".join(f"{row.label}: {', '.join(row.texts)}" for row in rows)
    blocks = bar_rows(
        layout.BODY,
        rows,
        ctx.theme,
        scale_end=100,
        color=ctx.theme.colors.series[0],
        name="Survey",
    )
    return Slide(
        "content",
        title,
        tuple(blocks),
        notes=f"{fmt.t('benefits.survey_notes', name=s.name)} {results}.",
        footer=ctx.footer_for(section) or s.name,
        source=origin(s, "answered"),  # the title: how many were asked and answered
    )


def plan(section: Benefits, ctx: Context) -> list[Slide]:
    slides = []
    if section.definition:
        slides.append(_definition_slide(section, section.definition, ctx))
    if section.time_use:
        slides.append(_time_use_slide(section, section.time_use, ctx))
    if section.survey:
        slides.append(_survey_slide(section, section.survey, ctx))
    if slides:  # the author's notes lead on whichever slide the section starts with
        slides[0] = replace(slides[0], notes=ctx.notes(section, slides[0].notes))
    return slides


SECTION = SectionType("benefits", Benefits, plan)  # type: ignore[arg-type]
