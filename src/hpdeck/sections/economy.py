"""The money: total investment, how it is split between owners, and what it costs a municipality."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from hpdeck.content.loader import Document, Loc, format_loc
from hpdeck.content.localized import Localized, spellings
from hpdeck.content.model import Model
from hpdeck.content.municipality import Local, Municipality, Overlay, Shows, facts_of
from hpdeck.content.provenance import origin
from hpdeck.content.registry_columns import AMOUNT, Columns, ListColumns
from hpdeck.errors import ContentError, Problem
from hpdeck.messages import number, say, shown
from hpdeck.plan import layout
from hpdeck.plan.charts import ChartSpec, Series
from hpdeck.plan.model import Chart, Paragraph, Slide, para
from hpdeck.plan.sources import sourced
from hpdeck.sections.base import Context, Section, SectionType


class CostShare(Model):
    """One owner's share of the investment."""

    name: Localized
    """Who pays, e.g. 'Helse Midt-Norge RHF'."""
    share: float = Field(gt=0, le=1)
    """Their share, from 0 to 1 (0.7 for 70 %)."""
    note: Localized | None = None
    """Who the share covers, e.g. 'Trondheim kommune og kommunene ellers'."""


class CostPart(Model):
    """One part of the cost overview."""

    id: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$")
    """A language-neutral key municipality files name the part by, e.g. 'shared-rollout', so
    its name can be given per language and a nynorsk file never spells the bokmål one."""
    name: Localized
    """What the money is for, e.g. 'Felles innføringsprosjekt' or {nb: …, nn: …, en: …}."""
    amount: float | None = Field(default=None, ge=0)
    """Amount in kroner (write 385_000_000 or 385000000); leave out when not known."""
    period: Localized | None = None
    """When it is spent, e.g. 'fram til 2023'."""
    price_basis: Localized | None = None
    """How the price is set, e.g. 'fastpris', '7 % usikkerhet', 'årlig prisjustering'."""


class OwnCost(Model):
    """A municipality's own cost for one part of the overview."""

    part: str
    """The part of the cost overview: its ``id`` (e.g. 'shared-rollout'), or its name in any
    language it is given in."""
    amount: float = Field(ge=0)
    """Amount in kroner."""


class CostFacts(Model):
    """What a municipality file says for the economy section."""

    costs: list[OwnCost] = []
    """Its own costs, one per part of the economy section's cost overview."""


class OwnCosts(Model):
    """What one municipality pays, part by part."""

    municipality: str
    """The municipality, e.g. 'Skaun kommune'."""
    costs: list[OwnCost] = Field(min_length=1)
    """Its cost for each part of the overview."""


class CostOverview(Model):
    """The cost overview for the municipalities that joined by option."""

    heading: Localized
    """What the overview covers, e.g. 'Total kostnadsoversikt for opsjonskommunene'."""
    total: float | None = Field(default=None, ge=0)
    """The total in kroner."""
    parts: list[CostPart] = Field(min_length=1)
    """The parts of the total."""


class Economy(Section):
    """Investment and costs."""

    type: Literal["economy"]
    """Always 'economy' for this kind of section."""
    investment: float = Field(gt=0)
    """The total investment in the shared project, in kroner (ca. 3_700_000_000)."""
    investment_text: Localized | None = None
    """One or two sentences about the investment."""
    split: list[CostShare] = []
    """How the investment is shared between owners; shares add up to 1."""
    implementation: float | None = Field(default=None, gt=0)
    """Cost of introducing the system in the municipalities, on top of the investment."""
    implementation_text: Localized | None = None
    """One sentence about the implementation cost."""
    overview: CostOverview | None = None
    """The cost overview for the option municipalities."""
    own_costs: OwnCosts | None = None
    """One municipality's own costs against the overview's parts."""

    @model_validator(mode="after")
    def _consistent(self) -> Economy:
        if self.split and abs(sum(s.share for s in self.split) - 1) > 0.001:
            total = sum(s.share for s in self.split)
            raise ValueError(say("economy.split", total=f"{total:g}"))
        if self.own_costs and not self.overview:
            raise ValueError(say("economy.no_overview"))
        return self  # own costs against the overview's parts: check_parts, at each cost


def part_keys(part: CostPart) -> list[str]:
    """What an own cost may call a part by: its id, then its name in every language given."""
    return [*([part.id] if part.id else []), *sorted(spellings(part.name))]


def find_part(key: str, overview: CostOverview) -> CostPart | None:
    """The overview part an own cost names by id or by any spelling of its name."""
    return next((p for p in overview.parts if key in part_keys(p)), None)


def split_chart(section: Economy, ctx: Context) -> ChartSpec:
    """The owners' shares as one stacked bar, each part labelled with name and percentage."""
    fmt = ctx.fmt
    parts = "; ".join(f"{s.name} {fmt.percent(s.share)}" for s in section.split)
    return ChartSpec(
        kind="stacked-bar",
        categories=tuple(s.name for s in section.split),
        series=(
            Series(
                fmt.t("economy.share"),
                tuple(s.share * 100 for s in section.split),
                tuple(fmt.percent(s.share) for s in section.split),
            ),
        ),
        colors=tuple(
            ctx.theme.colors.series[i % len(ctx.theme.colors.series)]
            for i in range(len(section.split))
        ),
        category_notes=tuple(s.note or "" for s in section.split),
        alt_text=fmt.t("economy.split_alt", amount=fmt.money(section.investment), parts=parts),
    )


def overview_chart(overview: CostOverview, ctx: Context) -> ChartSpec:
    """The parts with a known amount as horizontal bars, period and price basis under each."""
    fmt = ctx.fmt
    known = [p for p in overview.parts if p.amount is not None]
    alt = "; ".join(f"{p.name}: {fmt.money(p.amount or 0)}" for p in known)
    return ChartSpec(
        kind="hbar",
        categories=tuple(p.name for p in known),
        series=(
            Series(
                fmt.t("economy.amount"),
                tuple(p.amount or 0 for p in known),
                tuple(fmt.money(p.amount or 0) for p in known),
            ),
        ),
        colors=tuple(ctx.theme.colors.series[0] for _ in known),
        # period and price basis as one line under the name: a label never runs past two lines
        category_notes=tuple(" · ".join(x for x in (p.period, p.price_basis) if x) for p in known),
        alt_text=fmt.t(
            "economy.overview_alt",
            heading=overview.heading,
            parts=alt,
            total=fmt.money(overview.total) if overview.total else "–",
        ),
    )


def _investment_slide(section: Economy, ctx: Context) -> Slide:
    """The investment as the big figure, its split as a bar beside it, and the implementation
    cost on a card across the foot of the slide: every part of the slide has its content."""
    fmt, theme = ctx.fmt, ctx.theme
    body = layout.BODY
    implementation = None
    if section.implementation:
        # a figure of its own on a card: not a paragraph floating in the space left over
        words = [
            para(
                fmt.money(section.implementation),
                bold=True,
                color=theme.colors.accent,
                size=theme.sizes.title,
            )
        ]
        if section.implementation_text:
            words.append(para(section.implementation_text, space_before=4))
        key = "implementation_text" if section.implementation_text else "implementation"
        implementation = (words, origin(section, key))
    if implementation and section.split:  # figure and split above, the card across the foot
        body, foot = body.split_top(body.height * 0.58, layout.GAP)
    left, right = body.split_left(0.42, layout.GAP)
    alone = not (implementation or section.split)
    if alone:  # the figure alone: it is the slide, centred
        left = body.inset(1.5, 0.9)
    amount = fmt.money(section.investment)
    paragraphs = [
        para(
            amount,
            bold=True,
            color=theme.colors.accent,
            size=layout.one_line_size(amount, left.width, theme.sizes.big_number, theme),
        )
    ]
    if section.investment_text:
        paragraphs.append(para(section.investment_text, space_before=6))
    # The words are the text's when there is one, else the figure's.
    said = origin(section, "investment_text" if section.investment_text else "investment")
    # Over the card the figure starts where the chart does; otherwise it is on the middle line.
    anchor = "top" if implementation and section.split else "middle"
    blocks: list = [
        layout.text(
            left,
            paragraphs,
            theme,
            anchor=anchor,
            align="center" if alone else "left",
            name="Investment",
            source=said,
        )
    ]
    if section.split:
        # a bar and its legend need about three inches: beside the figure alone, centred
        chart_box = right if implementation else right.inset(0, max(0.0, right.height / 2 - 1.5))
        shares = origin(section, "split")
        blocks.append(
            Chart(chart_box, split_chart(section, ctx), name="Cost split chart", source=shares)
        )
    if implementation:
        words, source = implementation
        if section.split:
            card = layout.card(foot, words, theme, top=True, name="Implementation")
        else:  # beside the figure, both on the middle line
            hugging = layout.card(right, words, theme, hug=True, name="Implementation")
            card = layout.centred(hugging, right)
        blocks.append(sourced(card, source))
    split = ", ".join(f"{s.name} {fmt.percent(s.share)}" for s in section.split)
    return Slide(
        "content",
        section.title or fmt.t("economy.title"),  # the amount is the big figure: said once
        tuple(blocks),
        notes=ctx.notes(section, split),
        footer=ctx.footer_for(section),
    )


def _own_costs_card(own: OwnCosts, overview: CostOverview, ctx: Context) -> list[Paragraph]:
    fmt, theme = ctx.fmt, ctx.theme
    amounts = {id(find_part(c.part, overview)): c.amount for c in own.costs}
    total_amount = sum(c.amount for c in own.costs)
    # one number style on the card: every amount in millions once one of them is
    shown = fmt.money_column([*amounts.values(), total_amount])
    texts = dict(zip(amounts, shown, strict=False))
    paragraphs = [para(own.municipality, bold=True, color=theme.colors.accent)]
    for part in overview.parts:
        if id(part) in amounts:
            paragraphs.append(para(texts[id(part)], bold=True, space_before=10))
            paragraphs.append(para(part.name, color=theme.colors.muted, size=theme.sizes.caption))
    if len(own.costs) > 1:
        total = shown[-1]
        paragraphs.append(
            para(fmt.t("economy.own_total", amount=total), bold=True, space_before=14)
        )
    return paragraphs


def _own_cost_talk(cost: OwnCost, overview: CostOverview, ctx: Context) -> str:
    """One own cost for the notes, with its share of the part's total where that is known."""
    fmt = ctx.fmt
    part = find_part(cost.part, overview)
    assert part is not None  # the model refuses own costs for unknown parts
    if not part.amount:
        return fmt.t("economy.own_part", part=part.name, amount=fmt.money(cost.amount))
    return fmt.t(
        "economy.own_share",
        part=part.name,
        amount=fmt.money(cost.amount),
        total=fmt.money(part.amount),
        share=fmt.percent(cost.amount / part.amount),
    )


def _overview_slide(section: Economy, overview: CostOverview, ctx: Context) -> Slide:
    fmt, theme = ctx.fmt, ctx.theme
    body = layout.BODY
    blocks: list = []
    if section.own_costs:
        body, side = body.split_left(0.66, layout.GAP)
        card = layout.card(
            side,
            _own_costs_card(section.own_costs, overview, ctx),
            theme,
            size=theme.sizes.body,
            name="Own costs",
        )
        blocks.append(sourced(card, origin(section.own_costs, "costs")))
    unknown_parts = [p for p in overview.parts if p.amount is None]
    unknown = [p.name for p in unknown_parts]
    if unknown:
        body, caption = body.split_top(body.height - 0.5, 0.1)
        blocks.append(
            layout.text(
                caption,
                [para(fmt.t("economy.no_amount", parts=fmt.join(unknown)))],
                theme,
                size=theme.sizes.caption,
                color=theme.colors.muted,
                name="Parts without amount",
                source=origin(overview, "parts", overview.parts.index(unknown_parts[0])),
            )
        )
    chart = Chart(
        body,
        overview_chart(overview, ctx),
        name="Cost overview chart",
        source=origin(overview, "parts"),
        category_sources=tuple(
            (origin(p, "name"), origin(p, "period") or origin(p, "price_basis"))
            for p in overview.parts
            if p.amount is not None  # the bars: overview_chart's parts
        ),
    )
    blocks.insert(0, chart)
    talk = [
        fmt.t("economy.total", heading=overview.heading, total=fmt.money(overview.total))
        if overview.total
        else overview.heading
    ]
    if unknown:
        talk.append(fmt.t("economy.no_amount", parts=fmt.join(unknown)))
    if section.own_costs:
        own = "; ".join(_own_cost_talk(c, overview, ctx) for c in section.own_costs.costs)
        talk.append(
            fmt.t("economy.own_notes", municipality=section.own_costs.municipality, costs=own)
        )
    title = (
        fmt.t("economy.overview_title", heading=overview.heading, total=fmt.money(overview.total))
        if overview.total
        else overview.heading
    )
    return Slide(
        "content",
        title,
        tuple(blocks),
        notes=" ".join(talk),
        footer=ctx.footer_for(section),
        source=origin(overview, "heading"),
    )


def plan(section: Economy, ctx: Context) -> list[Slide]:
    slides = [_investment_slide(section, ctx)]
    if section.overview:
        slides.append(_overview_slide(section, section.overview, ctx))
    return slides


def check_parts(section: Economy, doc: Document) -> list[Problem]:
    """Each own cost names a part of the cost overview (by id or any spelling of its name),
    once, with no more than the part's total: a problem at each cost that does not (with the
    nearest part, the first entry for the same part, or the total it exceeds). A part given
    twice would show one amount on the card but add both to its sum; an amount over the
    part's total is a share above 100 % in the notes, most often a zero too many."""
    if not (section.own_costs and section.overview):
        return []
    overview = section.overview
    names = [key for p in overview.parts for key in part_keys(p)]
    problems = []
    first: dict[int, int] = {}  # each part's place in the overview -> its first own cost
    for index, cost in enumerate(section.own_costs.costs):
        part = find_part(cost.part, overview)
        if part is None:
            close = difflib.get_close_matches(cost.part, names, n=1)
            hint = (
                say("economy.did_you_mean", part=shown(close[0]))
                if close
                else say("economy.parts", parts=", ".join(names))
            )
            message = say("economy.unknown_part", part=shown(cost.part), hint=hint)
            problems.append(doc.problem(("own_costs", "costs", index, "part"), message))
            continue
        place = overview.parts.index(part)
        if place in first:
            earlier = ("own_costs", "costs", first[place])
            message = say(
                "economy.part_twice",
                part=shown(cost.part),
                first=format_loc(doc.written(earlier)[1]),
                named=shown(section.own_costs.costs[first[place]].part),
                at=_at(doc, earlier),
            )
            problems.append(doc.problem(("own_costs", "costs", index, "part"), message))
            continue
        first[place] = index
        if part.amount is not None and cost.amount > part.amount:
            message = say(
                "economy.over_part",
                amount=number(cost.amount),
                part=shown(cost.part),
                total=number(part.amount),
                at=_at(doc, ("overview", "parts", place, "amount")),
            )
            problems.append(doc.problem(("own_costs", "costs", index, "amount"), message))
    return problems


def _at(doc: Document, loc: Loc) -> str:
    """'file:line' of a value in the file it was written in (a municipality file's own cost,
    the shared economy file's part), for naming the other side of a contradiction."""
    found = doc.problem(loc, "")
    return f"{found.file}:{found.line}" if found.line else found.file


def _overlay(local: Local, base: Document) -> list[Overlay]:
    """The municipality's own costs beside the shared cost overview."""
    m, raw = local.municipality, local.doc.data
    own = {"municipality": m.name, "costs": raw["costs"]} if facts_of(m, CostFacts).costs else None
    anchors = ((("own_costs", "costs"), ("costs",)), ((), ("name",)))
    return [Overlay({"own_costs": own}, local.doc, anchors)]


def _missing(m: Municipality) -> list[str]:
    return [] if facts_of(m, CostFacts).costs else ["costs"]


def _economy_files(root: Path) -> list[dict[str, Any]]:
    """The latest month's files of ``type: economy``, whatever they are named (okonomi.yaml)."""
    from hpdeck.content.loader import load_yaml
    from hpdeck.content.project import Project
    from hpdeck.content.reading import is_litter

    folder = root / "content" / Project(root).month(None)
    found = []
    for path in sorted(folder.glob("*.yaml")):
        if is_litter(path):
            continue
        try:
            data = load_yaml(path, root=root).data
        except ContentError:
            continue  # a broken file is reported by the build that reads it
        if isinstance(data, dict) and data.get("type") == "economy":
            found.append(data)
    return found


def _cost_columns(root: Path) -> list[tuple[str, frozenset[str]]]:
    """One workbook column per part of the latest month's cost overview: its bokmål name, with
    every word an own cost may name it by (its id, its names in other languages)."""
    parts: list[tuple[str, frozenset[str]]] = []
    try:
        overviews = [data.get("overview") for data in _economy_files(root)]
        every = [part for overview in overviews for part in (overview or {}).get("parts", [])]
        for part in every:
            if not isinstance(part, dict) or "name" not in part:
                continue
            name = part["name"]
            names = {str(v) for v in name.values()} if isinstance(name, dict) else {str(name)}
            heading = (
                str(name.get("nb") or next(iter(name.values())))
                if isinstance(name, dict)
                else str(name)
            )
            keys = frozenset(names | ({str(part["id"])} if part.get("id") else set()))
            if (heading, keys) not in parts:  # the same part in two economy files: one column
                parts.append((heading, keys))
    except (ContentError, OSError, AttributeError, StopIteration):
        return []
    return parts


COLUMNS = Columns(
    lists=(ListColumns("Kostnad:", "costs", "part", "amount", AMOUNT, _cost_columns),)
)
"""Own costs in the registry workbook: a 'Kostnad: <part>' column per part, holding the
amount."""


SECTION = SectionType(
    "economy",
    Economy,
    plan,  # type: ignore[arg-type]
    shows=Shows(facts=CostFacts, columns=COLUMNS, missing=_missing, overlay=_overlay),
    check=check_parts,
)
